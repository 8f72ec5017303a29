"""Fixtures du déploiement : l'AC de test (deploy/mosquitto/creer_ac.sh) et un vrai Mosquitto
lancé avec la configuration de production (deploy/mosquitto/enerlycee.conf)."""

import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from click.testing import CliRunner

from enerlycee.cli import main
from enerlycee.comptes_mqtt import COMPTE_COLLECTEUR
from noyau.mesures.adresse_mqtt import AdresseMqtt, lire_adresse_mqtt
from tests.conftest import LYCEE_A, LYCEE_B, attendre, lancer_mosquitto, port_libre

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DELAI_S = 10.0


@pytest.fixture(scope="session")
def ac(tmp_path_factory):
    """Une AC privée et le certificat d'un courtier « localhost » / 127.0.0.1, faits par le script livré."""
    dossier = tmp_path_factory.mktemp("ac")
    subprocess.run(["sh", str(DEPLOY / "mosquitto" / "creer_ac.sh"), str(dossier), "localhost", "127.0.0.1"],
                   check=True, capture_output=True, timeout=30)
    return dossier


def configuration_production(dossier: Path, port: int, port_collecteurs: int) -> str:
    """deploy/mosquitto/enerlycee.conf et les limites de conf.d ; seuls changent le dossier des
    fichiers du site (/etc/mosquitto/enerlycee/ → `dossier`) et les écouteurs (8883 → `port`
    sur la boucle locale, 1884 → `port_collecteurs`). La persistance de Debian (mosquitto.conf)
    est écrite dans `dossier`. Aussi pour bench/charge_deploiement.py."""
    production = (DEPLOY / "mosquitto" / "enerlycee.conf").read_text()
    for attendu in ("\nlistener 8883\n", "\nlistener 1884 127.0.0.1\n", "/etc/mosquitto/enerlycee/"):
        assert attendu in production
    configuration = production.replace("/etc/mosquitto/enerlycee/", f"{dossier}/").replace(
        "\nlistener 8883\n", f"\nlistener {port} 127.0.0.1\n").replace(
        "\nlistener 1884 127.0.0.1\n", f"\nlistener {port_collecteurs} 127.0.0.1\n")
    # Lancé par root, Mosquitto passerait sous le compte « mosquitto », qui ne lit pas tmp_path (0700).
    return configuration + (f"\ninclude_dir {DEPLOY / 'mosquitto' / 'conf.d'}\nuser root\n"
                            f"persistence true\npersistence_location {dossier}/\n"
                            f"log_dest file {dossier / 'mosquitto.log'}\n")


@dataclass
class CourtierProduction:
    port: int
    port_collecteurs: int
    dossier: Path
    processus: subprocess.Popen
    stockage_url: str
    secrets: dict[str, str] = field(default_factory=dict)  # compte → mot de passe

    @property
    def ca(self) -> Path:
        return self.dossier / "certs" / "ac.crt"

    def adresse(self, compte: str | None = None, protocole: str = "5") -> AdresseMqtt:
        """L'écouteur ouvert au réseau (8883 en production) : TLS."""
        return AdresseMqtt("127.0.0.1", self.port, compte, self.secrets.get(compte), protocole, True, str(self.ca))

    def adresse_collecteurs(self, compte: str) -> AdresseMqtt:
        """L'écouteur des collecteurs (1884 en production) : la boucle locale, sans TLS."""
        return AdresseMqtt("127.0.0.1", self.port_collecteurs, compte, self.secrets.get(compte))

    def ajouter_collecteur(self, nom: str, environnement: Path) -> str:
        """Par la commande livrée, puis rechargement ; renvoie le compte (son mot de passe est dans `secrets`)."""
        resultat = CliRunner().invoke(main, [
            "courtier", "ajouter-collecteur", "--nom", nom, "--dossier-mosquitto", str(self.dossier),
            "--adresse", f"mqtt://127.0.0.1:{self.port_collecteurs}", "--fichier", str(environnement)])
        assert resultat.exit_code == 0, resultat.output
        url = next(ligne.split("=", 1)[1] for ligne in environnement.read_text().splitlines() if ligne.startswith("ENERLYCEE_MQTT="))
        adresse = lire_adresse_mqtt(url)
        self.secrets[adresse.utilisateur] = adresse.mot_de_passe
        self.recharger()
        return adresse.utilisateur

    def arreter_brutalement_et_relancer(self) -> None:
        """kill -9 (panne de courant, OOM), puis le même Mosquitto sur les mêmes ports et la même persistance."""
        self.processus.kill()
        self.processus.wait(timeout=10)
        self.processus = lancer_mosquitto(self.dossier.parent / "mosquitto.conf", self.port, DELAI_S)

    def creer_kit(self, uai: str, nom: str, *compteurs: str) -> str:
        """Par la commande livrée ; renvoie le compte (son mot de passe est dans `secrets`)."""
        options = [opt for c in compteurs or ("principal",) for opt in ("--compteur", c)]
        resultat = CliRunner().invoke(main, [
            "kits", "creer", "--uai", uai, "--nom", nom, *options, "--dossier-mosquitto", str(self.dossier),
            "--courtier", f"mqtts://localhost:{self.port}", "--stockage", self.stockage_url])
        assert resultat.exit_code == 0, resultat.output
        lignes = dict(ligne.split(" : ", 1) for ligne in resultat.stdout.splitlines() if " : " in ligne)
        compte = lignes["Identifiant "].strip()
        self.secrets[compte] = lignes["Mot de passe"].strip()
        return compte

    def revoquer_kit(self, uai: str, nom: str) -> None:
        resultat = CliRunner().invoke(main, ["kits", "revoquer", "--uai", uai, "--nom", nom, "--dossier-mosquitto", str(self.dossier)])
        assert resultat.exit_code == 0, resultat.output

    def recharger(self) -> None:
        """systemctl reload mosquitto : SIGHUP."""
        self.processus.send_signal(signal.SIGHUP)


@pytest.fixture
def courtier_production(registre, ac, tmp_path):
    """Mosquitto avec deploy/mosquitto/enerlycee.conf et les limites de conf.d, sur un port libre
    de la boucle locale ; seuls changent le dossier des fichiers du site (/etc/mosquitto/enerlycee)
    et l'écouteur (8883). Comptes : le collecteur, un kit par lycée du registre. Arrêté à la fin."""
    dossier = tmp_path / "mosquitto"
    (dossier / "certs").mkdir(parents=True)
    for nom in ("ac.crt", "serveur.crt", "serveur.key"):
        shutil.copy(ac / nom, dossier / "certs" / nom)
    port, port_collecteurs = port_libre(), port_libre()
    (tmp_path / "mosquitto.conf").write_text(configuration_production(dossier, port, port_collecteurs))

    courtier = CourtierProduction(port, port_collecteurs, dossier, None, f"sqlite:///{registre.chemin}")
    courtier.secrets[COMPTE_COLLECTEUR] = "secret-du-collecteur"
    subprocess.run(["mosquitto_passwd", "-c", "-b", str(dossier / "passwd"), COMPTE_COLLECTEUR, "secret-du-collecteur"],
                   check=True, timeout=10)
    courtier.creer_kit(LYCEE_A.uai, "a", "principal", "cantine")
    courtier.creer_kit(LYCEE_B.uai, "b", "principal", "cantine")
    courtier.processus = lancer_mosquitto(tmp_path / "mosquitto.conf", port, DELAI_S)
    yield courtier
    courtier.processus.terminate()
    courtier.processus.wait(timeout=10)


class Kit:
    """Un client MQTT de test relié en TLS : `refus` est le code de CONNACK (None : accepté) ;
    `identifiant` : l'identifiant client qu'il annonce (MQTT 5, avec « clean start »)."""

    def __init__(self, adresse: AdresseMqtt, identifiant: str = ""):
        version = mqtt.MQTTv5 if adresse.protocole == "5" else mqtt.MQTTv311
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, identifiant, protocol=version)
        if adresse.utilisateur:
            self.client.username_pw_set(adresse.utilisateur, adresse.mot_de_passe)
        if adresse.tls:
            self.client.tls_set(ca_certs=adresse.ca)
        self.connexions: list = []  # codes de CONNACK reçus
        self.deconnexions: list = []
        self.recus: list[str] = []  # sujets des messages reçus
        self.client.on_connect = lambda _c, _d, _f, code, _p: self.connexions.append(code)
        self.client.on_disconnect = lambda _c, _d, _f, code, _p: self.deconnexions.append(code)
        self.client.on_message = lambda _c, _d, message: self.recus.append(message.topic)
        self.client.connect(adresse.hote, adresse.port)
        self.client.loop_start()
        attendre(lambda: self.connexions or self.deconnexions, "réponse du courtier à la connexion")

    @property
    def accepte(self) -> bool:
        return bool(self.connexions) and not self.connexions[-1].is_failure and not self.deconnexions

    def publier(self, topic: str, charge: bytes) -> int:
        """Publie en QoS 1 ; renvoie le code de l'accusé (MQTT 5 : 0 accepté, 135 refusé)."""
        codes = []
        self.client.on_publish = lambda _c, _d, _mid, code, _p: codes.append(code)
        self.client.publish(topic, charge, qos=1).wait_for_publish(DELAI_S)
        attendre(lambda: codes, "accusé de publication")
        return codes[0].value

    def abonner(self, filtre: str) -> int:
        codes = []
        self.client.on_subscribe = lambda _c, _d, _mid, liste, _p: codes.extend(liste)
        self.client.subscribe(filtre, qos=1)
        attendre(lambda: codes, "accusé d'abonnement")
        return codes[0].value

    def fermer(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
