"""Banc du chemin de lecture (pas un test) : l'API telle que déployée par défaut face à un point
de base naïf, puis les écrans du hall et la Région sur le tableau de bord.

    .venv/bin/python bench/lecture_api.py [--dossier /tmp/banc-lecture] [--tours 3] [--duree 10]

Il faut wrk (`apt-get install wrk`) et, pour le scénario du hall, Chromium et chromedriver.

1. Les données de la démonstration (une fois, gardées dans le dossier) : `enerlycee demo --mois 13`
   (24 lycées, historique, communauté), arrêtée dès qu'elle est prête.
2. Deux serveurs sur ces données : `enerlycee api` tel que déployé par défaut (un processus par
   cœur) et un point de base naïf (FastAPI, un processus uvicorn, sqlite3 et json.dumps sur les
   mêmes agrégats journaliers des compteurs principaux).
3. GET /api/v1/sites/{uai}/consommation, un an au pas jour (un lycée différent à chaque requête),
   sous 50 connexions (wrk, un fil : il partage les cœurs avec les serveurs), les deux serveurs
   entrelacés `--tours` fois : req/s, p50, p99, et leur rapport à la base.
4. Scénario du hall : les rappels qu'une vue de `/eleves?uai=…&kiosque=1` et de `/` font (relevés
   une fois dans Chromium), rejoués par un client asyncio (httpx2) : 115 écrans (les 24 lycées tour
   à tour), chacun toute sa vue toutes les 15 s (`--periode-hall 600` : le calendrier réel de l'écran,
   un rafraîchissement toutes les 10 minutes), et 20 personnes de la Région, chacune la vue
   régionale toutes les 15 s ; une première vue de chacun (caches vides, p95 à part), puis
   `--duree-hall` s avec le direct de la démonstration (chaque minute, un relevé de chaque série de
   chaque lycée, écrit par un autre processus : les caches se recalculent) : p95 de chaque rappel ;
   mémoire totale (PSS) de tous les processus de l'API, au plus haut.
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from charge_http import mesurer  # bench/ est le dossier du script

PARIS = ZoneInfo("Europe/Paris")
RACINE = Path(__file__).resolve().parents[1]
UAI_CAPTURE = "0350028R"  # le premier lycée de la démonstration : celui des vues relevées dans Chromium


# --- 1. les données ---
def donnees_de_la_demo(dossier: Path) -> Path:
    base = dossier / "demo" / "enerlycee.db"
    if base.exists():
        return base
    print("1. Données de la démonstration (enerlycee demo --mois 13), une fois", flush=True)
    demo = subprocess.Popen([sys.executable, "-m", "enerlycee", "demo", "--donnees", str(base.parent), "--port", "0", "--mois", "13"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_environnement())
    for ligne in demo.stdout:
        if "Enerlycée est prêt" in ligne:
            break
    demo.send_signal(signal.SIGINT)
    demo.wait(120)
    demo.stdout.close()
    return base


# --- 2. les serveurs ---
def _environnement() -> dict:
    return {**os.environ, "PYTHONPATH": str(RACINE)}


def port_libre() -> int:
    with socket.socket() as essai:
        essai.bind(("127.0.0.1", 0))
        return essai.getsockname()[1]


def attendre(port: int, chemin: str = "/sante") -> None:
    limite = time.monotonic() + 120
    while time.monotonic() < limite:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{chemin}", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"le serveur du port {port} n'a pas démarré")


def demarrer(commande: list[str], port: int, chemin: str) -> subprocess.Popen:
    serveur = subprocess.Popen(commande, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_environnement(), cwd=RACINE)
    attendre(port, chemin)
    return serveur


def app_de_base(chemin: str):
    """Le point de base naïf : les agrégats journaliers des compteurs principaux, lus par sqlite3
    (une connexion par requête), leurs écarts en points, json.dumps."""
    from fastapi import FastAPI, Response

    app = FastAPI()

    @app.get("/api/v1/sites/{uai}/consommation")
    def consommation(uai: str, energie: str, debut: str, fin: str, pas: str = "jour") -> Response:
        a, b = (datetime.fromisoformat(t).replace(tzinfo=PARIS).timestamp() for t in (debut, fin))
        with sqlite3.connect(chemin) as connexion:
            lignes = connexion.execute(
                "SELECT j.heure, j.v_premier, j.v_dernier, j.interne, j.nombre FROM jours j JOIN series s ON s.id = j.serie"
                " JOIN compteurs c ON c.id = s.compteur_id WHERE c.uai = ? AND c.energie = ? AND c.principal = 1"
                " AND s.grandeur = 'index_kwh' AND j.heure >= ? AND j.heure < ? ORDER BY j.heure",
                (uai, energie, int(a // 3600), int(b // 3600)),
            ).fetchall()
        points = []
        for heure, v_premier, v_dernier, _interne, nombre in lignes:
            jour = datetime.fromtimestamp(heure * 3600, PARIS)
            points.append({"debut": jour.isoformat(), "fin": (jour + timedelta(days=1)).isoformat(),
                           "valeur": round(v_dernier - v_premier, 3), "complet": nombre >= 24})
        corps = {"uai": uai, "energie": energie, "unite": "kWh", "pas": pas, "points": points,
                 "total": round(sum(p["valeur"] for p in points), 3), "resolution": "jour"}
        return Response(json.dumps(corps), media_type="application/json")

    return app


# --- 3. la consommation sous 50 connexions ---
def lycees(base: Path) -> list[str]:
    with sqlite3.connect(base) as connexion:
        return [uai for (uai,) in connexion.execute("SELECT uai FROM sites ORDER BY uai")]


def consommation(ports: dict[str, int], uais: list[str], dossier: Path, tours: int, duree: int, connexions: int) -> None:
    fin = date.today()
    debut = fin.replace(year=fin.year - 1)
    chemins = [f"/api/v1/sites/{u}/consommation?energie=electricite&debut={debut}&fin={fin}&pas=jour" for u in uais]
    print(f"3. GET /api/v1/sites/{{uai}}/consommation, {debut} → {fin}, pas jour, {len(uais)} lycées tour à tour ; "
          f"{connexions} connexions, {duree} s par mesure, {tours} tours entrelacés", flush=True)
    mesures: dict[str, list[dict]] = {nom: [] for nom in ports}
    for port in ports.values():  # un passage d'échauffement (imports, caches)
        mesurer(port, chemins, dossier, 2, connexions)
    for tour in range(tours):
        for nom, port in ports.items():
            m = mesurer(port, chemins, dossier, duree, connexions)
            mesures[nom].append(m)
            print(f"   tour {tour + 1} {nom:<9} : {m['req_s']:7.0f} req/s  p50 {m['p50']:7.1f} ms  p99 {m['p99']:7.1f} ms"
                  f"  erreurs {m['erreurs']}", flush=True)
    medianes = {nom: {k: statistics.median(m[k] for m in liste) for k in ("req_s", "p50", "p99")} for nom, liste in mesures.items()}
    api, base = medianes["enerlycee"], medianes["base"]
    for nom, m in medianes.items():
        print(f"   médiane {nom:<9} : {m['req_s']:7.0f} req/s  p50 {m['p50']:7.1f} ms  p99 {m['p99']:7.1f} ms")
    print(f"   rapport enerlycee / base : débit × {api['req_s'] / base['req_s']:.2f}, p50 × {api['p50'] / base['p50']:.2f},"
          f" p99 × {api['p99'] / base['p99']:.2f}")


# --- 4. le hall et la Région ---
def vue_relevee(adresse: str, chemin: str, attente_s: float) -> list[list[dict]]:
    """Les rappels qu'une vue de `chemin` fait, relevés dans Chromium : par vagues (la première,
    celle du contenu de la page ; la suivante, ce qu'elle déclenche), chacun (adresse, corps)."""
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for drapeau in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    f"--user-data-dir={tempfile.mkdtemp(prefix='banc-lecture-')}", "--window-size=1280,1000"):
        options.add_argument(drapeau)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    pilote = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"))
    pilote.set_page_load_timeout(300)
    try:
        pilote.get(adresse + chemin)
        time.sleep(attente_s)
        rappels = []
        for entree in pilote.get_log("performance"):
            message = json.loads(entree["message"])["message"]
            requete = message.get("params", {}).get("request", {})
            if message["method"] == "Network.requestWillBeSent" and "_dash-update-component" in requete.get("url", ""):
                rappel = {"chemin": requete["url"].removeprefix(adresse), "corps": requete["postData"]}
                if nom_du_rappel(rappel) not in {nom_du_rappel(r) for r in rappels}:  # une vue : chaque rappel une fois
                    rappels.append(rappel)
    finally:
        pilote.quit()
    if not rappels:
        print(f"   {chemin} : aucun rappel relevé en {attente_s:.0f} s (page pas chargée ?)")
    contenu = [r for r in rappels if "_pages_content" in r["corps"]]
    return [contenu, [r for r in rappels if r not in contenu]]


def nom_du_rappel(rappel: dict) -> str:
    return json.loads(rappel["corps"])["output"].strip(".").split(".")[0]


class Memoire:
    """La mémoire (PSS : pages partagées comptées une fois) de tous les processus de l'API,
    relevée chaque seconde ; `pic` : le total au plus haut."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.racine, self.pic, self._arret = psutil.Process(pid), 0, threading.Event()
        self._fil = threading.Thread(target=self._relever, daemon=True)

    def _relever(self) -> None:
        while not self._arret.is_set():
            total = 0
            for processus in [self.racine, *self.racine.children(recursive=True)]:
                try:
                    total += processus.memory_full_info().pss
                except Exception:  # un processus fini entre-temps
                    pass
            self.pic = max(self.pic, total)
            self._arret.wait(1)

    def __enter__(self):
        self._fil.start()
        return self

    def __exit__(self, *_):
        self._arret.set()
        self._fil.join()


async def rejouer(port: int, vues: dict[str, list[list[dict]]], ecrans: list[str], regionaux: int, duree_s: float,
                  periode_hall_s: float, periode_region_s: float) -> dict[str, list[float]]:
    import httpx2

    latences: dict[str, list[float]] = {}
    erreurs: dict[str, int] = {}
    fin = time.monotonic() + duree_s
    limites = httpx2.Limits(max_connections=None, max_keepalive_connections=None)  # un navigateur ouvre ce qu'il faut
    async with httpx2.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limites, timeout=120) as client:

        async def appeler(rappel: dict, uai: str, prefixe: str) -> None:
            corps = rappel["corps"].replace(UAI_CAPTURE, uai)
            nom = f"{prefixe} {nom_du_rappel(rappel)}"
            depart = time.perf_counter()
            try:
                reponse = await client.post(rappel["chemin"], content=corps, headers={"Content-Type": "application/json"})
                await reponse.aread()
                statut = reponse.status_code
            except httpx2.HTTPError as erreur:
                statut = type(erreur).__name__
            latences.setdefault(nom, []).append((time.perf_counter() - depart) * 1000)
            if statut not in (200, 204):
                erreurs[nom] = erreurs.get(nom, 0) + 1

        async def personne(vue: list[list[dict]], uai: str, prefixe: str, periode_s: float) -> None:
            await asyncio.sleep(random.uniform(0, min(periode_s, duree_s)))
            while time.monotonic() < fin:
                depart = time.monotonic()
                for vague in vue:
                    await asyncio.gather(*(appeler(r, uai, prefixe) for r in vague))
                await asyncio.sleep(max(0.0, min(periode_s - (time.monotonic() - depart), fin - time.monotonic())))

        await asyncio.gather(*(personne(vues["hall"], uai, "hall", periode_hall_s) for uai in ecrans),
                             *(personne(vues["region"], UAI_CAPTURE, "région", periode_region_s) for _ in range(regionaux)))
    if erreurs:
        print(f"   statuts d'erreur : {erreurs}")
    return latences


class Direct:
    """Le direct de la démonstration, sans courtier : chaque minute, un relevé nouveau de chaque série
    de chaque lycée (index avancé d'un peu, température redite), écrit dans le stockage par un autre
    processus que l'API, comme le collecteur : les générations changent, les caches se recalculent."""

    def __init__(self, base: Path) -> None:
        sys.path.insert(0, str(RACINE))
        from noyau.stockage import ouvrir_stockage

        self.stockage, self.ecritures, self._arret = ouvrir_stockage(f"sqlite:///{base}"), 0, threading.Event()
        self.valeurs = {}
        for serie in self.stockage.series():
            lue = self.stockage.lire_releves(serie.uai, serie.compteur, serie.grandeur, serie.dernier, serie.dernier)
            if len(lue.valeurs):
                self.valeurs[(serie.uai, serie.compteur, serie.grandeur)] = (serie.dernier, float(lue.valeurs[-1]))
        self._fil = threading.Thread(target=self._ecrire, daemon=True)

    def _ecrire(self) -> None:
        from noyau.domaine.modele import Nature, Releve

        while not self._arret.wait(60 - time.time() % 60):  # à chaque minute pleine
            maintenant, releves = time.time(), []
            for (uai, compteur, grandeur), (dernier, valeur) in self.valeurs.items():
                avance = (maintenant - dernier) / 3600 * 5.0 if grandeur.nature is Nature.INDEX else 0.0  # 5 unités par heure
                self.valeurs[(uai, compteur, grandeur)] = (maintenant, valeur + avance)
                releves.append(Releve(uai, compteur, grandeur, maintenant, valeur + avance))
            self.stockage.ecrire(releves)
            self.ecritures += 1

    def __enter__(self):
        self._fil.start()
        return self

    def __exit__(self, *_):
        self._arret.set()
        self._fil.join()
        self.stockage.fermer()


def _p95(valeurs: list[float]) -> float:
    return statistics.quantiles(valeurs, n=20)[18] if len(valeurs) > 1 else valeurs[0]


def hall(port: int, pid: int, uais: list[str], options) -> None:
    adresse = f"http://127.0.0.1:{port}"
    print(f"4. Hall et Région : {options.ecrans} écrans (/eleves?uai=…&kiosque=1) et {options.regionaux} personnes de la Région (/),"
          f" une vue toutes les {options.periode_hall:g} s par écran, toutes les 15 s par personne, {options.duree_hall} s", flush=True)
    vues = {"hall": vue_relevee(adresse, f"/eleves?uai={UAI_CAPTURE}&kiosque=1", 30), "region": vue_relevee(adresse, "/", 30)}
    (options.dossier / "vues.json").write_text(json.dumps(vues, ensure_ascii=False, indent=1))  # pour les rejouer à la main
    for nom, vue in vues.items():
        print(f"   vue {nom} : {' puis '.join(' + '.join(nom_du_rappel(r) for r in vague) for vague in vue if vague)}")
    ecrans = [uais[k % len(uais)] for k in range(options.ecrans)]
    with Memoire(pid) as memoire, Direct(options.base_demo) as direct:
        froides = asyncio.run(rejouer(port, vues, ecrans, options.regionaux, 15.0, 15.0, 15.0))  # une vue de chacun : les caches se remplissent
        print("   première vue de chacun (caches vides) : p95 " + ", ".join(f"{nom} {_p95(v):.0f} ms" for nom, v in sorted(froides.items())))
        latences = asyncio.run(rejouer(port, vues, ecrans, options.regionaux, options.duree_hall, options.periode_hall, 15.0))
    print(f"   ensuite, pendant {options.duree_hall} s, avec le direct ({direct.ecritures} écritures d'un relevé par série, une par minute) :")
    for nom, valeurs in sorted(latences.items()):
        print(f"   {nom:<40} {len(valeurs):5d} appels  p50 {statistics.median(valeurs):7.1f} ms  p95 {_p95(valeurs):7.1f} ms")
    print(f"   mémoire de tous les processus de l'API (PSS) au plus haut : {memoire.pic / 1e6:.0f} Mo")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--dossier", type=Path, default=Path(tempfile.gettempdir()) / "banc-lecture")
    arguments.add_argument("--tours", type=int, default=3, help="mesures entrelacées de chaque serveur (0 : le hall seul)")
    arguments.add_argument("--duree", type=int, default=10, help="secondes de chaque mesure (wrk)")
    arguments.add_argument("--connexions", type=int, default=50)
    arguments.add_argument("--ecrans", type=int, default=115)
    arguments.add_argument("--regionaux", type=int, default=20)
    arguments.add_argument("--duree-hall", type=int, default=60, help="secondes du scénario du hall")
    arguments.add_argument("--periode-hall", type=float, default=15.0,
                           help="secondes entre deux vues d'un écran du hall (600 : son rafraîchissement par défaut)")
    arguments.add_argument("--base", help=argparse.SUPPRESS)  # ce script sert lui-même le point de base
    arguments.add_argument("--port", type=int, help=argparse.SUPPRESS)
    options = arguments.parse_args()
    if options.base:
        import uvicorn

        uvicorn.run(app_de_base(options.base), host="127.0.0.1", port=options.port, log_level="warning")
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk manque : apt-get install wrk")
    options.dossier.mkdir(parents=True, exist_ok=True)
    base = options.base_demo = donnees_de_la_demo(options.dossier)
    uais = lycees(base)
    charge = os.getloadavg()
    print(f"   {len(uais)} lycées ; {os.cpu_count()} cœurs ; charge de la machine {charge[0]:.1f} {charge[1]:.1f} {charge[2]:.1f}")
    ports = {"enerlycee": port_libre(), "base": port_libre()}
    print("2. Serveurs : enerlycee api (par défaut) et le point de base (un processus)", flush=True)
    api = demarrer([sys.executable, "-m", "enerlycee", "api", "--stockage", f"sqlite:///{base}", "--port", str(ports["enerlycee"])],
                   ports["enerlycee"], "/sante")
    naif = demarrer([sys.executable, __file__, "--base", str(base), "--port", str(ports["base"])], ports["base"], "/docs")
    try:
        if options.tours:
            consommation(ports, uais, options.dossier, options.tours, options.duree, options.connexions)
        hall(ports["enerlycee"], api.pid, uais, options)
    finally:
        for serveur in (api, naif):
            serveur.terminate()
            serveur.wait(60)
    charge = os.getloadavg()
    print(f"   charge de la machine à la fin : {charge[0]:.1f} {charge[1]:.1f} {charge[2]:.1f}")


if __name__ == "__main__":
    main()
