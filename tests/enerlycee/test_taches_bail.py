"""Deux `enerlycee taches` sur le même stockage, lancés ensemble comme deux services : un seul tient
le bail des tâches et envoie ; l'autre attend (il le dit une fois au journal). Le titulaire tué
(kill -9), l'autre prend le relais et envoie l'alerte suivante. `taches --une-fois` (un cron) prend le
même bail : rien fait pendant qu'un service le tient. Un abonnement webhook vers un vrai récepteur
HTTP local compte les messages. Sur SQLite et sur un vrai InfluxDB."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from noyau.communaute.abonnements import creer_abonnement
from noyau.communaute.jetons import creer_jeton, empreinte
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import maintenant
from noyau.stockage import ouvrir_stockage
from tests.conftest import attendre
from tests.noyau.jeu_journalier import SITES, UAI, UAI_B, compteurs
from tests.relais_locaux import recepteur_webhook

BAIL_S = 6
ATTEND = "tenu par un autre processus"


def planter_un_silence(stockage, uai: str) -> None:
    """Deux jours d'un relevé par heure, sauf 8 heures manquantes : un kit silencieux."""
    debut = maintenant() // 3600 * 3600 - 48 * 3600
    stockage.ecrire([Releve(uai, "principal", Grandeur.INDEX_KWH, debut + 3600 * h, float(h)) for h in range(40) if not 10 <= h < 18])


def commande_taches(url: str, *options: str) -> tuple[list[str], dict]:
    """`enerlycee taches` sur ce stockage (webhooks locaux permis, bail court, sans purge) et son environnement."""
    environnement = {**os.environ, "PYTHONPATH": os.getcwd(), "ENERLYCEE_STOCKAGE": url}
    return [sys.executable, "-m", "enerlycee", "taches", "--webhooks-prives", "--bail-secondes", str(BAIL_S),
            "--retention-brute-jours", "0", *options], environnement


def lancer_taches(url: str, journal: Path) -> subprocess.Popen:
    """`enerlycee taches`, son journal dans ce fichier."""
    commande, environnement = commande_taches(url)
    with journal.open("wb") as sortie:
        return subprocess.Popen(commande, stdout=subprocess.DEVNULL, stderr=sortie, env=environnement)


def une_fois(url: str) -> subprocess.CompletedProcess:
    commande, environnement = commande_taches(url, "--une-fois")
    return subprocess.run(commande, capture_output=True, text=True, env=environnement, timeout=120, check=False)


def stockage_abonne(url: str, adresse_webhook: str):
    """Le stockage de deux lycées, la Région abonnée par webhook à toutes les alertes, et le kit du
    premier lycée silencieux (une alerte à envoyer)."""
    stockage = ouvrir_stockage(url)
    stockage.enregistrer_registre(SITES, compteurs(UAI) + compteurs(UAI_B))
    region = stockage.jeton(empreinte(creer_jeton(stockage, "region", None)))
    creer_abonnement(stockage, region, "webhook", adresse_webhook, None, [], "immediat")
    planter_un_silence(stockage, UAI)
    return stockage


@pytest.fixture
def crochet():
    with recepteur_webhook() as recepteur:
        yield recepteur


def test_un_seul_processus_de_taches_envoie_et_l_autre_prend_le_relais(url_stockage, tmp_path, crochet):
    stockage = stockage_abonne(url_stockage, crochet.adresse)
    journaux = [tmp_path / "taches-1.log", tmp_path / "taches-2.log"]
    processus = [lancer_taches(url_stockage, journal) for journal in journaux]
    try:
        attendre(lambda: len(crochet.recus) >= 1, "le premier message d'alerte", 30)
        attendre(lambda: any(ATTEND in j.read_text() for j in journaux), "l'un des deux dit qu'il attend", 10)
        [attente] = [k for k, j in enumerate(journaux) if ATTEND in j.read_text()]
        titulaire = 1 - attente
        time.sleep(BAIL_S / 2)  # deux renouvellements : l'autre attend toujours
        assert len(crochet.recus) == 1 and UAI.encode() in crochet.recus[0][1]
        assert journaux[attente].read_text().count(ATTEND) == 1

        planter_un_silence(stockage, UAI_B)
        processus[titulaire].send_signal(signal.SIGKILL)
        processus[titulaire].wait(10)
        attendre(lambda: len(crochet.recus) >= 2, "le message suivant, envoyé par l'autre processus", 30)
        time.sleep(1)
        assert len(crochet.recus) == 2 and UAI_B.encode() in crochet.recus[1][1] and UAI.encode() not in crochet.recus[1][1]
        assert "pris par" in journaux[attente].read_text()
    finally:
        for lance in processus:
            if lance.poll() is None:
                lance.terminate()
                lance.wait(30)
        stockage.fermer()


def test_une_fois_ne_fait_rien_pendant_qu_un_service_tient_le_bail(url_stockage, tmp_path, crochet):
    stockage = stockage_abonne(url_stockage, crochet.adresse)
    service = lancer_taches(url_stockage, tmp_path / "taches.log")
    try:
        attendre(lambda: len(crochet.recus) >= 1, "le message du service", 30)
        planter_un_silence(stockage, UAI_B)  # le service ne l'examinera qu'à son passage de l'heure suivante
        pendant = une_fois(url_stockage)
        assert pendant.returncode == 0 and "Rien fait : un autre processus de tâches tient le bail" in pendant.stdout, pendant
        assert "alerte(s) nouvelle(s)" not in pendant.stdout and len(crochet.recus) == 1
    finally:
        service.terminate()  # arrêté proprement : il rend le bail
        service.wait(30)
    apres = une_fois(url_stockage)
    assert apres.returncode == 0 and "1 alerte(s) nouvelle(s)." in apres.stdout and "1 message(s) d'alerte envoyé(s)." in apres.stdout, apres
    assert len(crochet.recus) == 2 and UAI_B.encode() in crochet.recus[1][1] and UAI.encode() not in crochet.recus[1][1]
    assert "Rien fait" not in une_fois(url_stockage).stdout  # le bail rendu par le passage d'avant
    stockage.fermer()
