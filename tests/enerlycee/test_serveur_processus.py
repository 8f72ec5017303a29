"""`enerlycee api` en plusieurs processus, lancé comme en production : la limite d'écritures d'un
jeton tient à travers eux (comptée dans le stockage, SQLite comme InfluxDB), un relevé écrit par un
autre processus se lit aussitôt dans chacun, malgré leurs lectures en cache."""

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx2 as httpx
import pytest

from noyau.communaute.jetons import creer_jeton
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import lire_borne
from noyau.stockage import ouvrir_stockage
from tests.influxdb_local import creer_base, supprimer_base

NOUVEAU = "0290044R"
CORPS_SITE = {"nom": "Lycée de l'essai", "commune": "Quimper"}
LIMITE = 10


@contextmanager
def api_en_processus(url: str, dossier, processus: int = 2) -> Iterator[tuple[str, list[str]]]:
    """`enerlycee api --processus N` sur ce stockage, lancé dans `dossier` ; rend (adresse, pids des processus)."""
    environnement = {**os.environ, "PYTHONPATH": os.getcwd()}
    lance = subprocess.Popen(
        [sys.executable, "-m", "enerlycee", "api", "--stockage", url, "--port", "0", "--processus", str(processus),
         "--ecritures-par-minute", str(LIMITE)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environnement, cwd=dossier,
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


@pytest.fixture
def serveur(stockage_rempli, tmp_path):
    with api_en_processus(f"sqlite:///{stockage_rempli.chemin}", tmp_path) as lance:
        yield lance


def ecrire_en_parallele(adresses: list[str], jeton: str, nombre: int) -> list[int]:
    """`nombre` écritures d'un même jeton par 8 clients à la fois, à tour de rôle sur ces serveurs ; leurs statuts."""
    def ecrire(rang: int) -> int:  # une connexion neuve à chaque fois : le noyau la donne à l'un ou l'autre processus
        with httpx.Client(base_url=adresses[rang % len(adresses)], timeout=30) as client:
            return client.put(f"/api/v1/sites/{NOUVEAU}", json=CORPS_SITE, headers={"Authorization": f"Bearer {jeton}"}).status_code

    with ThreadPoolExecutor(8) as clients:
        return list(clients.map(ecrire, range(nombre)))


def test_la_limite_d_ecritures_tient_a_travers_les_processus(serveur, stockage_rempli):
    adresse, enfants = serveur
    assert len(enfants) >= 2  # le superviseur d'uvicorn et ses deux processus (plus son outil de ressources)
    statuts = ecrire_en_parallele([adresse], creer_jeton(stockage_rempli, "region", None), 4 * LIMITE)
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


def test_la_limite_d_ecritures_tient_a_travers_les_machines_sur_influxdb(serveur_influxdb, tmp_path):  # noqa: F811
    """Deux serveurs de l'API lancés chacun dans son dossier (deux machines) sur le même InfluxDB :
    jamais plus que la limite, même à 8 clients à la fois répartis sur les deux ; un peu moins peut
    passer sous concurrence (InfluxDB n'a pas de transaction : compter, puis relire ; deux serveurs
    qui comptent ensemble la dernière place se refusent tous les deux). Un client à la fois :
    exactement la limite, où qu'il écrive."""
    base = f"essai_{uuid.uuid4().hex[:12]}"
    creer_base(serveur_influxdb, base)
    url = f"influxdb://{serveur_influxdb}/{base}"
    stockage = ouvrir_stockage(url)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    try:
        with api_en_processus(url, tmp_path / "a", 1) as (a, _), api_en_processus(url, tmp_path / "b", 1) as (b, _):
            statuts = ecrire_en_parallele([a, b], creer_jeton(stockage, "region", None), 4 * LIMITE)
            assert set(statuts) <= {200, 201, 429} and 1 <= sum(s != 429 for s in statuts) <= LIMITE
            entete = {"Authorization": f"Bearer {creer_jeton(stockage, 'region', None)}"}
            statuts = [httpx.put(f"{(a, b)[k % 2]}/api/v1/sites/{NOUVEAU}", json=CORPS_SITE, headers=entete, timeout=30).status_code
                       for k in range(LIMITE + 3)]
            assert statuts == [200] * LIMITE + [429] * 3
    finally:
        stockage.fermer()
        supprimer_base(serveur_influxdb, base)
