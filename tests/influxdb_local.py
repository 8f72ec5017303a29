"""Un vrai InfluxDB 1.x à nous seuls : installé depuis Debian s'il manque, démarré sur des ports
libres de la boucle locale avec son propre dossier et sa configuration, arrêté à la fin.

Servi aux tests (fixture de session) et au banc d'essai `bench/stockage.py`. Une façade HTTP
2.x devant lui (`facade_influxdb2`) fait passer les écritures par l'API d'écriture
d'influxdb-client et la purge par son API de suppression, comme face à un InfluxDB 2.x.
"""

import gzip
import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

INFLUXD = "/usr/bin/influxd"

_CONFIGURATION = """\
reporting-disabled = true
bind-address = "127.0.0.1:{port_rpc}"
[meta]
  dir = "{dossier}/meta"
[data]
  dir = "{dossier}/data"
  wal-dir = "{dossier}/wal"
  query-log-enabled = false
  cache-snapshot-write-cold-duration = "10s"
  compact-full-write-cold-duration = "30s"
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:{port}"
  log-enabled = false
[continuous_queries]
  enabled = false
[subscriber]
  enabled = false
"""


def installer_influxdb() -> None:
    """`apt-get install influxdb` (1.6.7 sur Debian 12) s'il n'est pas déjà là."""
    if Path(INFLUXD).exists():
        return
    if shutil.which("apt-get") is None:
        raise RuntimeError("influxd absent et apt-get introuvable : installer InfluxDB 1.x")
    environnement = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=environnement, stdout=subprocess.DEVNULL)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "influxdb"],
        check=True, env=environnement, stdout=subprocess.DEVNULL,
    )


def port_libre() -> int:
    with socket.socket() as essai:
        essai.bind(("127.0.0.1", 0))
        return essai.getsockname()[1]


@contextmanager
def influxdb_local(dossier: Path) -> Iterator[str]:
    """Démarre influxd dans `dossier` ; donne son adresse `127.0.0.1:port` ; l'arrête à la fin."""
    installer_influxdb()
    port = port_libre()
    configuration = dossier / "influxdb.conf"
    configuration.write_text(_CONFIGURATION.format(dossier=dossier, port=port, port_rpc=port_libre()))
    journal = (dossier / "influxd.log").open("wb")
    processus = subprocess.Popen([INFLUXD, "-config", str(configuration)], stdout=journal, stderr=subprocess.STDOUT)
    try:
        _attendre(port, processus)
        yield f"127.0.0.1:{port}"
    finally:
        processus.terminate()
        processus.wait(timeout=30)
        journal.close()


def pid_influxd(dossier: Path) -> int:
    """Le processus influxd démarré par `influxdb_local(dossier)` (pour l'arrêter par SIGSTOP)."""
    for processus in Path("/proc").iterdir():
        try:
            if str(dossier / "influxdb.conf").encode() in (processus / "cmdline").read_bytes():
                return int(processus.name)
        except (OSError, ValueError):
            continue
    raise LookupError(f"aucun influxd pour {dossier}")


def _attendre(port: int, processus: subprocess.Popen) -> None:
    limite = time.monotonic() + 30
    while time.monotonic() < limite and processus.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"influxd n'a pas démarré sur le port {port}")


def creer_base(adresse: str, base: str) -> None:
    """Crée la base et attend qu'elle soit listée (un serveur tout juste démarré peut tarder)."""
    donnees = f"q=CREATE DATABASE {base}".encode()
    urllib.request.urlopen(f"http://{adresse}/query", data=donnees, timeout=10).close()
    limite = time.monotonic() + 10
    while base not in urllib.request.urlopen(f"http://{adresse}/query?q=SHOW+DATABASES", timeout=10).read().decode():
        if time.monotonic() > limite:
            raise TimeoutError(f"base {base} jamais listée par InfluxDB")
        time.sleep(0.1)


def supprimer_base(adresse: str, base: str) -> None:
    donnees = f"q=DROP DATABASE {base}".encode()
    urllib.request.urlopen(f"http://{adresse}/query", data=donnees, timeout=10).close()


class _Facade2(BaseHTTPRequestHandler):
    """Traduit l'API HTTP d'InfluxDB 2.x vers le 1.x : /ping (version 2), /api/v2/write,
    /api/v2/delete ; /query passe tel quel (la compatibilité v1 du 2.x)."""

    cible = ""
    ecritures: list[str] = []

    def log_message(self, *_):
        pass

    def do_GET(self):
        self.send_response(204)
        self.send_header("X-Influxdb-Version", "v2.7.11")
        self.end_headers()

    def do_POST(self):
        corps = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            corps = gzip.decompress(corps)
        chemin = urlsplit(self.path)
        parametres = {cle: valeurs[0] for cle, valeurs in parse_qs(chemin.query).items()}
        if chemin.path == "/api/v2/write":
            self.ecritures.append(self.headers.get("Authorization", ""))
            vers = f"/write?db={parametres['bucket']}&precision={parametres.get('precision', 'ns')}"
        elif chemin.path == "/api/v2/delete":
            demande = json.loads(corps)
            termes = dict(re.fullmatch(r'(\w+)="([^"]*)"', terme).groups() for terme in demande["predicate"].split(" AND "))
            etiquettes = "".join(f" AND {cle} = '{valeur}'" for cle, valeur in termes.items() if cle != "_measurement")
            instruction = (f"DELETE FROM {termes['_measurement']} WHERE time >= '{demande['start']}'"
                           f" AND time < '{demande['stop']}'{etiquettes}")
            vers, corps = f"/query?db={parametres['bucket']}", urlencode({"q": instruction}).encode()
        else:
            vers = self.path
        requete = urllib.request.Request(f"http://{self.cible}{vers}", data=corps, method="POST")
        if not vers.startswith("/write"):
            requete.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(requete, timeout=60) as reponse:
                statut, donnees = reponse.status, reponse.read()
        except urllib.error.HTTPError as erreur:
            statut, donnees = erreur.code, erreur.read()
        self.send_response(204 if statut == 204 or (statut == 200 and vers.startswith("/query?db=")) else statut)
        self.send_header("Content-Length", str(len(donnees)))
        self.end_headers()
        self.wfile.write(donnees)


@contextmanager
def facade_influxdb2(adresse_1x: str) -> Iterator[tuple[str, list[str]]]:
    """Une façade HTTP 2.x devant un InfluxDB 1.x : l'adresse et les en-têtes Authorization des écritures."""
    classe = type("Facade", (_Facade2,), {"cible": adresse_1x, "ecritures": []})
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), classe)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"127.0.0.1:{serveur.server_address[1]}", classe.ecritures
    finally:
        serveur.shutdown()
        serveur.server_close()
