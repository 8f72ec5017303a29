"""Plusieurs processus `enerlycee collecteur` sur un vrai courtier : même ligne de commande sur un
hôte, port des métriques occupé, membres d'un abonnement partagé arrêtés ou tués en pleine rafale."""

import ast
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np

from api.routes.sante import lire_sante
from noyau.domaine.agregats import resumer_par_heure, resumer_par_jour
from noyau.domaine.modele import Grandeur
from tests.collecteur.test_collecteur import nombre_releves
from tests.collecteur.test_fiabilite import publier_rafale, valeurs_exactes
from tests.conftest import LYCEE_A, attendre, port_libre


class Processus:
    """Un `enerlycee collecteur` lancé à part, son journal dans un fichier."""

    def __init__(self, commande: list[str], dossier: Path, nom: str):
        self.journal = dossier / f"{nom}.log"
        with self.journal.open("w") as sortie:
            racine = str(Path(__file__).resolve().parents[2])
            environnement = os.environ | {"PYTHONPATH": os.environ.get("PYTHONPATH", racine)}
            self.processus = subprocess.Popen(commande, stderr=sortie, cwd=dossier, env=environnement)

    def texte(self) -> str:
        return self.journal.read_text()

    def abonne(self) -> bool:
        return "abonné à" in self.texte()

    def arreter(self) -> int:
        self.processus.send_signal(signal.SIGTERM)
        return self.processus.wait(timeout=60)

    def etat_final(self) -> dict:
        """L'état que le collecteur écrit au journal en s'arrêtant."""
        return ast.literal_eval(re.search(r"collecteur arrêté : (\{.*\})", self.texte()).group(1))


def commande_collecteur(courtier: str, url_stockage: str, *options: str) -> list[str]:
    return [sys.executable, "-m", "enerlycee.cli", "--journal", "info", "collecteur", "--mqtt", courtier,
            "--stockage", url_stockage, *options]


def test_meme_ligne_de_commande_et_port_des_metriques_occupe(registre, courtier, tmp_path):
    """Le port des métriques est pris par un autre programme, et deux collecteurs sont lancés avec
    la même ligne de commande : tous deux collectent, chacun sous sa place (identifiant, spool), et
    chacun dit une fois que ses métriques sont indisponibles, avec le port et l'option."""
    occupant = socket.socket()
    occupant.bind(("127.0.0.1", port_libre()))
    occupant.listen()
    port = occupant.getsockname()[1]
    commande = commande_collecteur(courtier, f"sqlite:///{registre.chemin}", "--groupe", "enerlycee", "--spool", "spool.db",
                                   "--metriques-port", str(port))
    collecteurs = [Processus(commande, tmp_path, f"collecteur-{n}") for n in (1, 2)]
    try:
        for collecteur in collecteurs:
            attendre(lambda c=collecteur: c.abonne() or c.processus.poll() is not None, "collecteur abonné", delai=30)
            assert collecteur.processus.poll() is None, collecteur.texte()
        total = publier_rafale(courtier, 0, tableaux=10, unitaires=1000)
        attendre(lambda: valeurs_exactes(registre, total), "tous les relevés, une fois chacun", delai=60)
        # /sante : un état par collecteur, chacun relié, aux métriques indisponibles.
        attendre(lambda: [(c.identifiant, c.etat, (c.metriques or "").startswith(f"indisponibles : port {port} "))
                          for c in lire_sante(registre).collecteurs]
                 == [("enerlycee-collecteur", "connecte", True), ("enerlycee-collecteur-2", "connecte", True)],
                 "l'état noté de chaque collecteur", delai=30)
        assert lire_sante(registre).etat == "ok"
    finally:
        codes = [c.arreter() for c in collecteurs]
        occupant.close()
    assert codes == [0, 0]
    etats = [c.etat_final() for c in collecteurs]
    assert {e["identifiant"] for e in etats} == {"enerlycee-collecteur", "enerlycee-collecteur-2"}
    assert all(e["recus"] > 0 for e in etats)  # tous deux ont collecté
    assert (tmp_path / "spool.db").exists() and (tmp_path / "spool-2.db").exists()
    for collecteur in collecteurs:
        texte = collecteur.texte()
        assert texte.count("métriques indisponibles") == 1 and "--metriques-port" in texte


def agregats_egaux_au_recalcul(stockage, compteur: str = "principal") -> None:
    """Les agrégats horaires et journaliers rangés sont ceux qu'on recalcule des relevés bruts."""
    cle = (LYCEE_A.uai, compteur, Grandeur.INDEX_KWH)
    brut = stockage.lire_releves(*cle, 0, 4e9)
    for ranges, recalcules in (
        (stockage.lire_heures(*cle, 0, 4e9), heures := resumer_par_heure(Grandeur.INDEX_KWH.nature, brut.ts, brut.valeurs)),
        (stockage.lire_jours(*cle, 0, 4e9), resumer_par_jour(Grandeur.INDEX_KWH.nature, heures)),
    ):
        assert ranges.heure.tolist() == recalcules.heure.tolist() and ranges.nombre.tolist() == recalcules.nombre.tolist()
        for champ in ("t_premier", "v_premier", "t_dernier", "v_dernier", "interne"):
            assert np.allclose(getattr(ranges, champ), getattr(recalcules, champ)), champ


def test_membres_d_un_groupe_arrete_puis_tue_en_pleine_rafale(registre, courtier, tmp_path):
    membres_arrete_puis_tue(registre, f"sqlite:///{registre.chemin}", courtier, tmp_path)


def membres_arrete_puis_tue(registre, url_stockage: str, courtier: str, tmp_path: Path) -> None:
    """Deux collecteurs sur l'abonnement partagé ; l'un est arrêté (SIGTERM) en pleine rafale :
    l'autre range toute la suite sans qu'il revienne. Un troisième arrive, puis le deuxième est tué
    (kill -9) en pleine rafale : le troisième reprend sa session et range tout. Aucun relevé perdu
    ni doublé, agrégats égaux à leur recalcul depuis les relevés bruts."""

    def membre(n: int) -> Processus:
        commande = commande_collecteur(courtier, url_stockage, "--groupe", "enerlycee", "--identifiant", f"membre-{n}",
                                       "--spool", f"spool-{n}.db", "--metriques-port", "0")
        processus = Processus(commande, tmp_path, f"membre-{n}")
        attendre(processus.abonne, f"membre {n} abonné", delai=30)
        return processus

    def rafale_interrompue(debut: int, interrompre) -> int:
        """Une rafale de 4 000 relevés qui dure environ 1,5 s, interrompue quand 1 500 sont rangés."""
        total = [0]
        emetteur = threading.Thread(
            target=lambda: total.__setitem__(0, publier_rafale(courtier, debut, tableaux=10, unitaires=3000, pause_s=0.05))
        )
        emetteur.start()
        attendre(lambda: nombre_releves(registre) > debut + 1500, "rafale commencée", delai=30)
        interrompre()
        ranges = nombre_releves(registre)
        emetteur.join(timeout=60)
        assert ranges < debut + total[0]  # interrompue en pleine rafale
        return debut + total[0]

    premier, deuxieme = membre(1), membre(2)
    troisieme = None
    try:
        total = rafale_interrompue(0, lambda: premier.processus.send_signal(signal.SIGTERM))
        assert premier.processus.wait(timeout=60) == 0
        assert etats_dans_la_sante(registre) == {"membre-1": "arrete", "membre-2": "connecte"}
        attendre(lambda: valeurs_exactes(registre, total), "la rafale rangée sans le membre arrêté", delai=30)
        troisieme = membre(3)
        total = rafale_interrompue(total, deuxieme.processus.kill)
        deuxieme.processus.wait(timeout=10)
        # Tué : noté hors ligne par le membre qui reprend sa session, sans attendre son silence.
        attendre(lambda: etats_dans_la_sante(registre) == {"membre-1": "arrete", "membre-2": "hors-ligne", "membre-3": "connecte"},
                 "le membre tué hors ligne dans /sante", delai=30)
        attendre(lambda: valeurs_exactes(registre, total), "la rafale rangée sans le membre tué", delai=30)
        assert nombre_releves(registre) == total == 8000
        agregats_egaux_au_recalcul(registre)
        attendre(lambda: "session de membre-2 reprise" in troisieme.texte(), "session du membre tué vidée puis supprimée", delai=30)
        assert troisieme.arreter() == 0  # le dernier en ligne : il garde sa session
    finally:
        for processus in (premier, deuxieme, troisieme):
            if processus and processus.processus.poll() is None:
                processus.processus.kill()
                processus.processus.wait()
    assert "groupe quitté" in premier.texte() and "dernier membre du groupe en ligne" in troisieme.texte()


def etats_dans_la_sante(stockage) -> dict[str, str]:
    return {c.identifiant: c.etat for c in lire_sante(stockage).collecteurs}


def test_groupe_arrete_ensemble_puis_un_seul_revient(registre, courtier, tmp_path, monkeypatch):
    """Deux membres arrêtés ensemble : le premier garde les messages du groupe (sa session, abonnée
    hors du groupe), l'autre quitte le groupe ; les kits publient ; seul le second revient : il
    reprend la session du premier (resté `arrete`) et range tout, une fois (deux sessions gardées
    lui auraient donné chaque message deux fois)."""
    from collecteur import Collecteur, groupe
    from noyau.mesures.adresse_mqtt import lire_adresse_mqtt

    monkeypatch.setattr(groupe, "DELAI_ARRETE_S", 0.5)
    adresse = lire_adresse_mqtt(courtier)

    def membre(nom: str) -> Collecteur:
        service = Collecteur(registre, adresse, tmp_path / f"spool-{nom}.db", nom, groupe="enerlycee")
        service.demarrer()
        attendre(lambda: service.client.connecte, f"{nom} connecté")
        return service

    membres = [membre("a"), membre("b")]
    arrets = [threading.Thread(target=m.arreter) for m in membres]
    for arret in arrets:
        arret.start()
    for arret in arrets:
        arret.join(timeout=30)
    total = publier_rafale(courtier, 0, tableaux=0, unitaires=2000)
    revenu = membre("b")
    try:
        attendre(lambda: valeurs_exactes(registre, total), "tout rangé", delai=30)
        assert revenu.ecrivain.compteurs.recus == total  # la session gardée par « a », reprise
    finally:
        revenu.arreter()
