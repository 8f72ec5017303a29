"""Plusieurs processus `enerlycee collecteur` sur un vrai courtier : même ligne de commande sur un
hôte, port des métriques occupé, membres d'un abonnement partagé arrêtés ou tués en pleine rafale."""

import ast
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

from api.routes.sante import lire_sante
from tests.collecteur.test_fiabilite import publier_rafale, valeurs_exactes
from tests.conftest import attendre, port_libre


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


def commande_collecteur(courtier: str, stockage, *options: str) -> list[str]:
    return [sys.executable, "-m", "enerlycee.cli", "--journal", "info", "collecteur", "--mqtt", courtier,
            "--stockage", f"sqlite:///{stockage.chemin}", *options]


def test_meme_ligne_de_commande_et_port_des_metriques_occupe(registre, courtier, tmp_path):
    """Le port des métriques est pris par un autre programme, et deux collecteurs sont lancés avec
    la même ligne de commande : tous deux collectent, chacun sous sa place (identifiant, spool), et
    chacun dit une fois que ses métriques sont indisponibles, avec le port et l'option."""
    occupant = socket.socket()
    occupant.bind(("127.0.0.1", port_libre()))
    occupant.listen()
    port = occupant.getsockname()[1]
    commande = commande_collecteur(courtier, registre, "--groupe", "enerlycee", "--spool", "spool.db",
                                   "--metriques-port", str(port))
    collecteurs = [Processus(commande, tmp_path, f"collecteur-{n}") for n in (1, 2)]
    try:
        for collecteur in collecteurs:
            attendre(lambda c=collecteur: c.abonne() or c.processus.poll() is not None, "collecteur abonné", delai=30)
            assert collecteur.processus.poll() is None, collecteur.texte()
        total = publier_rafale(courtier, 0, tableaux=10, unitaires=1000)
        attendre(lambda: valeurs_exactes(registre, total), "tous les relevés, une fois chacun", delai=60)
        sante = lire_sante(registre).courtier
        assert sante.etat == "connecte" and sante.metriques.startswith(f"indisponibles : port {port} ")
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
