"""Fixtures partagées : un vrai fichier SQLite dans tmp_path, vide ou rempli d'un petit jeu."""

import shutil
import socket
import subprocess
import time
import uuid
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve, Site
from noyau.domaine.temps import PARIS, lire_borne
from noyau.stockage import ouvrir_stockage
from tests.influxdb_local import creer_base, influxdb_local, supprimer_base

LYCEE_A = Site("0350028R", "Lycée Chateaubriand", "Rennes", 21000.0, 48.1209, -1.6559)
LYCEE_B = Site("0290009C", "Lycée de Kerichen", "Brest", 15500.0, 48.4120, -4.4730)
DEBUT_JEU = "2026-03-02"  # un lundi ; le jeu couvre le passage à l'heure d'été (29 mars)
JOURS_JEU = 35


def compteurs_du_jeu() -> list[Compteur]:
    compteurs = []
    for site in (LYCEE_A, LYCEE_B):
        compteurs += [
            Compteur(site.uai, "principal", Energie.ELECTRICITE, True, "général"),
            Compteur(site.uai, "cantine", Energie.ELECTRICITE, False, "cantine"),
            Compteur(site.uai, "chaufferie", Energie.GAZ, True, "chauffage", 10.8),
            Compteur(site.uai, "sonde-exterieure", None, False, "température extérieure"),
        ]
    return compteurs


def releves_du_jeu() -> list[Releve]:
    """10 minutes de pas ; électricité 10 kWh par pas au lycée A, 5 au lycée B ; gaz 1 m³ par pas."""
    debut = lire_borne(DEBUT_JEU).timestamp()
    instants = debut + 600.0 * np.arange(JOURS_JEU * 144 + 1)
    releves = []
    for site, pas_kwh in ((LYCEE_A, 10.0), (LYCEE_B, 5.0)):
        for k, ts in enumerate(instants):
            releves.append(Releve(site.uai, "principal", Grandeur.INDEX_KWH, float(ts), 1000.0 + pas_kwh * k))
            releves.append(Releve(site.uai, "cantine", Grandeur.INDEX_KWH, float(ts), 2.0 * k))
            releves.append(Releve(site.uai, "chaufferie", Grandeur.INDEX_M3, float(ts), 50.0 + k))
            releves.append(Releve(site.uai, "sonde-exterieure", Grandeur.TEMPERATURE_C, float(ts), 8.0))
    return releves


def compteurs_numeriques(uai: str = LYCEE_A.uai) -> list[Compteur]:
    return [Compteur(uai, "serveurs", Energie.ELECTRICITE, False, "numerique-serveurs"),
            Compteur(uai, "salle-info", Energie.ELECTRICITE, False, "numerique-salle")]


def puissance_numerique(compteur: str, local: datetime) -> float:
    """kW pendant l'heure qui commence à `local` (heure de Paris) : `serveurs` 2 kW en continu ;
    `salle-info` 4 kW de 8 h à 18 h du lundi au vendredi, 0,5 kW sinon."""
    if compteur == "serveurs":
        return 2.0
    return 4.0 if local.weekday() < 5 and 8 <= local.hour < 18 else 0.5


def releves_numeriques(debut: str = DEBUT_JEU, fin: str = "2026-04-06", uai: str = LYCEE_A.uai) -> list[Releve]:
    """Les index des compteurs numériques, un relevé par heure pleine de [debut, fin]."""
    releves = []
    for compteur in ("serveurs", "salle-info"):
        index, ts = 100.0, lire_borne(debut).timestamp()
        while ts <= lire_borne(fin).timestamp():
            releves.append(Releve(uai, compteur, Grandeur.INDEX_KWH, ts, index))
            index += puissance_numerique(compteur, datetime.fromtimestamp(ts, PARIS))
            ts += 3600
    return releves


def releves_bruites(stockage) -> None:
    """Un lycée au quart d'heure toute l'année 2025, des index à trois décimales : leurs
    différences portent le bruit des nombres à virgule flottante (9.574000000000524)."""
    stockage.enregistrer_registre([LYCEE_A],
                                  [Compteur(LYCEE_A.uai, "principal", Energie.ELECTRICITE, True, "général")])
    debut = datetime(2025, 1, 1, tzinfo=PARIS).timestamp()
    stockage.ecrire([Releve(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, debut + 900 * k, 12345.678 + 0.1 * k + (k % 7) * 0.013)
                     for k in range(96 * 366)])


@pytest.fixture
def stockage(tmp_path):
    """Un stockage SQLite vide, dans un vrai fichier."""
    ouvert = ouvrir_stockage(f"sqlite:///{tmp_path}/enerlycee.db")
    yield ouvert
    ouvert.fermer()


@pytest.fixture(scope="session")
def serveur_influxdb(tmp_path_factory):
    """Un vrai InfluxDB 1.x, démarré une fois pour toute la session (une base neuve par test)."""
    with influxdb_local(tmp_path_factory.mktemp("influxdb")) as adresse:
        yield adresse


@pytest.fixture
def stockage_influxdb(serveur_influxdb):
    """Un stockage InfluxDB vide : une base neuve du serveur de la session."""
    base = f"essai_{uuid.uuid4().hex[:12]}"
    creer_base(serveur_influxdb, base)
    ouvert = ouvrir_stockage(f"influxdb://{serveur_influxdb}/{base}")
    yield ouvert
    ouvert.fermer()
    supprimer_base(serveur_influxdb, base)


@pytest.fixture(params=["sqlite", "influxdb"])
def url_stockage(request, tmp_path):
    """L'adresse d'un stockage vide, sur chaque moteur à son tour (pour ce qui l'ouvre lui-même :
    plusieurs objets, d'autres processus)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/enerlycee.db"
        return
    serveur, base = request.getfixturevalue("serveur_influxdb"), f"essai_{uuid.uuid4().hex[:12]}"
    creer_base(serveur, base)
    yield f"influxdb://{serveur}/{base}"
    supprimer_base(serveur, base)


@pytest.fixture
def registre(stockage):
    """Le stockage avec les deux lycées et les compteurs du jeu, sans relevé."""
    stockage.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
    return stockage


def attendre(condition, quoi: str, delai: float = 15.0) -> None:
    """Attend que `condition()` soit vraie, au plus `delai` secondes ; sinon le test échoue."""
    limite = time.monotonic() + delai
    while not condition():
        if time.monotonic() > limite:
            pytest.fail(f"délai dépassé : {quoi}")
        time.sleep(0.02)


@pytest.fixture
def stockage_rempli(stockage):
    """Deux lycées, cinq semaines de relevés toutes les 10 minutes (voir releves_du_jeu)."""
    stockage.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
    stockage.ecrire(releves_du_jeu())
    return stockage


def port_libre() -> int:
    with socket.socket() as essai:
        essai.bind(("127.0.0.1", 0))
        return essai.getsockname()[1]


def lancer_mosquitto(configuration: Path, port: int, delai_s: float = 10) -> subprocess.Popen:
    """Un vrai Mosquitto sur cette configuration, rendu quand il accepte les connexions sur `port`."""
    executable = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    processus = subprocess.Popen([executable, "-c", str(configuration)], stderr=subprocess.DEVNULL)
    limite = time.monotonic() + delai_s
    while time.monotonic() < limite:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return processus
        except OSError:
            time.sleep(0.05)
    processus.kill()
    pytest.fail("Mosquitto n'a pas démarré")


@pytest.fixture
def courtier(tmp_path):
    """Un vrai Mosquitto, à nous seuls, sur un port libre de la boucle locale, avec les limites
    de production (deploy/mosquitto) ; arrêté à la fin."""
    port = port_libre()
    configuration = tmp_path / "mosquitto.conf"
    limites = Path(__file__).resolve().parents[1] / "deploy" / "mosquitto" / "conf.d"
    configuration.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\ninclude_dir {limites}\n"
    )
    processus = lancer_mosquitto(configuration, port)
    yield f"mqtt://127.0.0.1:{port}"
    processus.terminate()
    processus.wait(timeout=10)


@pytest.fixture
def kit(courtier):
    """Un kit MQTT 5 relié au courtier de test : kit(sujet, charge) publie en QoS 1 et attend l'accusé."""
    import paho.mqtt.client as mqtt

    from noyau.mesures.adresse_mqtt import lire_adresse_mqtt

    adresse = lire_adresse_mqtt(courtier)
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.connect(adresse.hote, adresse.port)
    client.loop_start()
    yield lambda topic, charge: client.publish(topic, charge, qos=1).wait_for_publish(10)
    client.disconnect()
    client.loop_stop()
