"""Un vrai InfluxDB 1.x à nous seuls : installé depuis Debian s'il manque, démarré sur des ports
libres de la boucle locale avec son propre dossier et sa configuration, arrêté à la fin.

Servi aux tests (fixture de session) et au banc d'essai `bench/stockage.py`.
"""

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
    donnees = f"q=CREATE DATABASE {base}".encode()
    urllib.request.urlopen(f"http://{adresse}/query", data=donnees, timeout=10).close()


def supprimer_base(adresse: str, base: str) -> None:
    donnees = f"q=DROP DATABASE {base}".encode()
    urllib.request.urlopen(f"http://{adresse}/query", data=donnees, timeout=10).close()
