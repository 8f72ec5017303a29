"""Banc d'essai de l'API ouverte (pas un test) : l'export d'un million de lignes et la latence de
la consommation sous charge, sur le vrai serveur (`enerlycee api --processus 1`, uvicorn) dans un autre processus.

    .venv/bin/python bench/export_api.py [--dossier /tmp/banc-export] [--lycees 115] [--formats csv,parquet]

Il faut wrk (`apt-get install wrk`).

1. Remplissage (une fois, gardé dans le dossier) : les lycées du registre de bench/socle.py, leur
   compteur principal d'électricité relevé toutes les heures pendant l'année 2025 : 115 lycées x
   8 760 heures = 1 007 400 lignes d'export au pas horaire.
2. Export de tous les lycées au pas `heure` sur 2025 : temps jusqu'au premier octet, temps total,
   lignes et octets reçus, mémoire résidente (RSS) du processus de l'API relevée toutes les 20 ms
   par psutil : avant, au plus haut pendant l'export.
3. GET /api/v1/sites/{uai}/consommation (pas jour sur 2025, un lycée différent à chaque requête)
   sous 50 connexions simultanées pendant 20 s (wrk, 2 fils) : débit, p50, p95, p99.
"""

import argparse
import http.client
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psutil
from charge_http import mesurer  # bench/ est le dossier du script
from socle import registre, uai  # le registre de banc partagé

from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import lire_borne
from noyau.stockage import ouvrir_stockage

ANNEE = ("2025-01-01", "2026-01-01")


def remplir(chemin: Path, lycees: int):
    stockage = ouvrir_stockage(f"sqlite:///{chemin}")
    if len(stockage.sites()) == lycees:
        return stockage
    sites, compteurs = registre(lycees)
    stockage.enregistrer_registre(sites, compteurs)
    debut, fin = (lire_borne(b).timestamp() for b in ANNEE)
    instants = np.arange(debut, fin + 1, 3600.0)
    hasard = np.random.default_rng(7)
    depart = time.perf_counter()
    for n, site in enumerate(sites):
        valeurs = np.cumsum(hasard.uniform(5, 40, len(instants)))
        stockage.ecrire([Releve(site.uai, "principal", Grandeur.INDEX_KWH, float(t), float(v)) for t, v in zip(instants, valeurs)])
        if n % 10 == 0:
            print(f"  remplissage : {n + 1}/{len(sites)} lycées ({time.perf_counter() - depart:.0f} s)", flush=True)
    print(f"  remplissage : {milliers(len(sites) * len(instants))} relevés en {time.perf_counter() - depart:.0f} s")
    return stockage


def milliers(nombre: int) -> str:
    return f"{nombre:,}".replace(",", " ")


def port_libre() -> int:
    with socket.socket() as essai:
        essai.bind(("127.0.0.1", 0))
        return essai.getsockname()[1]


def demarrer_api(chemin: Path, port: int) -> subprocess.Popen:
    commande = [sys.executable, "-m", "enerlycee.cli", "api", "--stockage", f"sqlite:///{chemin}", "--port", str(port), "--processus", "1"]
    serveur = subprocess.Popen(commande, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return serveur
        except OSError:
            time.sleep(0.1)
    serveur.kill()
    sys.exit("l'API n'a pas démarré")


class Memoire:
    """La RSS d'un processus, relevée toutes les 20 ms dans un fil."""

    def __init__(self, pid: int) -> None:
        self.processus = psutil.Process(pid)
        self.pic = 0
        self._arret = threading.Event()
        self._fil = threading.Thread(target=self._relever, daemon=True)

    def _relever(self) -> None:
        while not self._arret.is_set():
            self.pic = max(self.pic, self.processus.memory_info().rss)
            time.sleep(0.02)

    def __enter__(self):
        self._fil.start()
        return self

    def __exit__(self, *_):
        self._arret.set()
        self._fil.join()


def exporter(port: int, forme: str, pid: int) -> None:
    chemin = f"/api/v1/export?energie=electricite&debut={ANNEE[0]}&fin={ANNEE[1]}&pas=heure&format={forme}"
    avant = psutil.Process(pid).memory_info().rss
    connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    with Memoire(pid) as memoire:
        depart = time.perf_counter()
        connexion.request("GET", chemin)
        reponse = connexion.getresponse()
        premier = reponse.read1(65536)
        premier_octet = time.perf_counter() - depart
        octets, lignes = len(premier), premier.count(b"\n")
        while morceau := reponse.read1(1 << 20):
            octets += len(morceau)
            lignes += morceau.count(b"\n")
        total = time.perf_counter() - depart
    connexion.close()
    assert reponse.status == 200, reponse.status
    compte = f"{milliers(lignes - 1)} lignes, " if forme == "csv" else ""
    print(f"   {forme:<8} : premier octet {premier_octet * 1000:7.0f} ms, total {total:6.1f} s, {compte}"
          f"{octets / 1e6:.0f} Mo ; RSS de l'API {avant / 1e6:.0f} Mo avant, {memoire.pic / 1e6:.0f} Mo au plus haut")


def charger(port: int, lycees: int, dossier: Path, duree: int) -> None:
    chemins = [f"/api/v1/sites/{uai(100 + n)}/consommation?energie=electricite&debut={ANNEE[0]}&fin={ANNEE[1]}&pas=jour"
               for n in range(lycees)]
    m = mesurer(port, chemins, dossier, duree, connexions=50, fils=2)
    print(f"   {m['requetes']} requêtes en {m['secondes']:.0f} s ({m['req_s']:.0f}/s), {m['erreurs_statut']} statuts d'erreur, "
          f"{m['erreurs_socket']} erreurs de connexion")
    print(f"   latence p50 {m['p50']:.0f} ms, p95 {m['p95']:.0f} ms, p99 {m['p99']:.0f} ms")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--dossier", type=Path, default=Path(tempfile.gettempdir()) / "banc-export")
    arguments.add_argument("--lycees", type=int, default=115)
    arguments.add_argument("--formats", default="csv,parquet", help="formats exportés, parmi csv, json, xlsx, parquet")
    arguments.add_argument("--duree", type=int, default=20, help="secondes de charge (wrk)")
    options = arguments.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk manque : apt-get install wrk")
    options.dossier.mkdir(parents=True, exist_ok=True)
    chemin = options.dossier / f"export-{options.lycees}.db"

    print(f"1. {options.lycees} lycées, un compteur relevé toutes les heures en 2025 "
          f"({milliers(options.lycees * 8760)} lignes d'export au pas horaire)")
    remplir(chemin, options.lycees).fermer()
    port = port_libre()
    serveur = demarrer_api(chemin, port)
    try:
        print("2. Export de tous les lycées, pas heure, 2025")
        for forme in options.formats.split(","):
            exporter(port, forme, serveur.pid)
        print("3. Consommation d'un lycée (pas jour sur 2025) sous 50 connexions (wrk)")
        charger(port, options.lycees, options.dossier, options.duree)
    finally:
        serveur.terminate()
        serveur.wait(timeout=30)


if __name__ == "__main__":
    main()
