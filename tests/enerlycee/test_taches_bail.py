"""Deux `enerlycee taches` sur le même stockage, lancés ensemble comme deux services : un seul tient
le bail des tâches et envoie ; l'autre attend (il le dit une fois au journal). Le titulaire tué
(kill -9), l'autre prend le relais et envoie l'alerte suivante. Un abonnement webhook vers un vrai
récepteur HTTP local compte les messages. Sur SQLite et sur un vrai InfluxDB."""

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


def lancer_taches(url: str, journal: Path) -> subprocess.Popen:
    """`enerlycee taches`, son journal dans ce fichier."""
    environnement = {**os.environ, "PYTHONPATH": os.getcwd(), "ENERLYCEE_STOCKAGE": url}
    with journal.open("wb") as sortie:
        return subprocess.Popen(
            [sys.executable, "-m", "enerlycee", "taches", "--webhooks-prives", "--bail-secondes", str(BAIL_S),
             "--retention-brute-jours", "0"],
            stdout=subprocess.DEVNULL, stderr=sortie, env=environnement,
        )


@pytest.fixture
def crochet():
    with recepteur_webhook() as recepteur:
        yield recepteur


def test_un_seul_processus_de_taches_envoie_et_l_autre_prend_le_relais(url_stockage, tmp_path, crochet):
    stockage = ouvrir_stockage(url_stockage)
    stockage.enregistrer_registre(SITES, compteurs(UAI) + compteurs(UAI_B))
    region = stockage.jeton(empreinte(creer_jeton(stockage, "region", None)))
    creer_abonnement(stockage, region, "webhook", crochet.adresse, None, [], "immediat")
    planter_un_silence(stockage, UAI)
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
