"""`enerlycee api` en plusieurs processus, lancé comme en production : la limite d'écritures d'un
jeton tient à travers eux (comptée dans un fichier qu'ils partagent), un relevé écrit par un autre
processus se lit aussitôt dans chacun, malgré leurs lectures en cache."""

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx2 as httpx
import pytest

from noyau.communaute.jetons import creer_jeton
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import lire_borne

NOUVEAU = "0290044R"
CORPS_SITE = {"nom": "Lycée de l'essai", "commune": "Quimper"}
LIMITE = 10


@pytest.fixture
def serveur(stockage_rempli, tmp_path):
    """`enerlycee api --processus 2` sur le fichier de `stockage_rempli` ; rend (adresse, pids des processus)."""
    url = f"sqlite:///{stockage_rempli.chemin}"
    environnement = {**os.environ, "PYTHONPATH": os.getcwd()}
    lance = subprocess.Popen(
        [sys.executable, "-m", "enerlycee", "api", "--stockage", url, "--port", "0", "--processus", "2",
         "--ecritures-par-minute", str(LIMITE)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environnement, cwd=tmp_path,
    )
    sortie: list[str] = []
    annonce = threading.Event()

    def lire() -> None:
        for ligne in lance.stdout:
            sortie.append(ligne)
            if "Enerlycée sur http://" in ligne:
                annonce.set()

    lecteur = threading.Thread(target=lire, daemon=True)
    lecteur.start()
    try:
        assert annonce.wait(120), "".join(sortie)
        adresse = next(l for l in sortie if "Enerlycée sur http://" in l).split()[2].rstrip("/")
        enfants = subprocess.run(["pgrep", "-P", str(lance.pid)], capture_output=True, text=True).stdout.split()
        yield adresse, enfants
    finally:
        lance.terminate()
        lance.wait(30)
        lecteur.join(10)
        lance.stdout.close()


def test_la_limite_d_ecritures_tient_a_travers_les_processus(serveur, stockage_rempli):
    adresse, enfants = serveur
    assert len(enfants) >= 2  # le superviseur d'uvicorn et ses deux processus (plus son outil de ressources)
    entete = {"Authorization": f"Bearer {creer_jeton(stockage_rempli, 'region', None)}"}

    def ecrire(_rang: int) -> int:  # une connexion neuve à chaque fois : le noyau la donne à l'un ou l'autre processus
        with httpx.Client(base_url=adresse, timeout=30) as client:
            return client.put(f"/api/v1/sites/{NOUVEAU}", json=CORPS_SITE, headers=entete).status_code

    with ThreadPoolExecutor(8) as clients:
        statuts = list(clients.map(ecrire, range(4 * LIMITE)))
    assert sorted(set(statuts)) == [200, 201, 429] or sorted(set(statuts)) == [201, 429]
    assert sum(s != 429 for s in statuts) == LIMITE


def test_un_releve_ecrit_ailleurs_se_lit_dans_chaque_processus(serveur, stockage_rempli):
    """Chaque processus garde la consommation lue ; le relevé du collecteur (un autre processus)
    l'invalide dans tous."""
    adresse, _ = serveur
    chemin = "/api/v1/sites/0350028R/consommation?energie=electricite&debut=2026-04-01&fin=2026-04-09"

    def totaux() -> set[float]:
        def total(_rang: int) -> float:
            with httpx.Client(base_url=adresse, timeout=30) as client:
                return client.get(chemin).json()["total"]

        with ThreadPoolExecutor(8) as clients:
            return set(clients.map(total, range(24)))

    (avant,) = totaux()  # le même dans chaque processus
    stockage_rempli.ecrire([Releve("0350028R", "principal", Grandeur.INDEX_KWH, lire_borne("2026-04-08").timestamp(), 51400.0 + 480.0)])
    assert totaux() == {avant + 480.0}  # le dernier relevé du jeu était à 51 400 kWh
