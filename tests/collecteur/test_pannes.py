"""Pannes sur les vrais composants, avec un groupe de N collecteurs (abonnement partagé), sur SQLite
et sur InfluxDB : le courtier redémarré en pleine rafale, et le vidage de tout un parc de kits
après leur panne. Rien de perdu, rien de doublé, agrégats horaires et journaliers égaux à leur
recalcul depuis les relevés bruts ; et InfluxDB en panne 60 s sous un groupe (SQLite en panne 60 s : sous un
collecteur seul, test_fiabilite.py). (Le kill -9 d'un membre : tests/collecteur/test_plusieurs*.py.)"""

import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import paho.mqtt.client as mqtt
import pytest

from collecteur import Collecteur
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from noyau.mesures.protocole import encoder, sujet
from noyau.stockage import ouvrir_stockage
from tests.collecteur.test_fiabilite import TS, publier_rafale, valeurs_exactes
from tests.collecteur.test_plusieurs import agregats_egaux_au_recalcul
from tests.collecteur.test_plusieurs_influxdb import url_de
from tests.conftest import LYCEE_A, LYCEE_B, attendre, compteurs_du_jeu, lancer_mosquitto, port_libre
from tests.influxdb_local import creer_base, influxdb_local, pid_influxd

KITS = 40
RELEVES_PAR_KIT = 600  # dix heures de relevés à la minute, sur deux jours de Paris
RETARD_S = 2 * 86_400 + 5 * 3600  # les kits étaient en panne depuis deux jours


@pytest.fixture
def parc(request, tmp_path):
    """Le registre du jeu plus KITS compteurs au lycée A, dans le moteur demandé (paramètre indirect)."""
    if request.param == "sqlite":
        stockage = ouvrir_stockage(f"sqlite:///{tmp_path}/enerlycee.db")
        url = f"sqlite:///{tmp_path}/enerlycee.db"
    else:
        stockage = request.getfixturevalue("stockage_influxdb")
        url = url_de(stockage)
    kits = [Compteur(LYCEE_A.uai, f"kit-{k:02d}", Energie.ELECTRICITE, True) for k in range(KITS)]
    stockage.enregistrer_registre([LYCEE_A, LYCEE_B], [*compteurs_du_jeu(), *kits])
    yield stockage, url
    if request.param == "sqlite":
        stockage.fermer()


class Courtier:
    """Un Mosquitto à nous, persistant (sessions et messages gardés sur disque), qu'on arrête et
    relance sur le même port."""

    def __init__(self, dossier: Path):
        self.port = port_libre()
        self.url = f"mqtt://127.0.0.1:{self.port}"
        limites = Path(__file__).resolve().parents[2] / "deploy" / "mosquitto" / "conf.d"
        self.configuration = dossier / "mosquitto-persistant.conf"
        self.configuration.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {dossier}/\nautosave_interval 1\ninclude_dir {limites}\n"
            + ("user root\n" if os.geteuid() == 0 else "")  # lancé en root, il écrirait sous le compte mosquitto
        )
        self.processus = lancer_mosquitto(self.configuration, self.port)

    def redemarrer(self) -> None:
        self.processus.send_signal(signal.SIGTERM)  # arrêt propre : il écrit tout ce qu'il garde
        self.processus.wait(timeout=30)
        self.processus = lancer_mosquitto(self.configuration, self.port, delai_s=30)

    def arreter(self) -> None:
        self.processus.terminate()
        self.processus.wait(timeout=30)


@pytest.fixture
def courtier_persistant(tmp_path):
    courtier = Courtier(tmp_path)
    yield courtier
    courtier.arreter()


class Groupe:
    """N collecteurs d'un abonnement partagé, chacun avec son propre stockage (comme N processus)."""

    def __init__(self, n: int, url_stockage: str, url_courtier: str, dossier: Path):
        self.stockages = [ouvrir_stockage(url_stockage) for _ in range(n)]
        adresse = lire_adresse_mqtt(url_courtier)
        self.membres = [Collecteur(s, adresse, dossier / f"spool-{k}.db", f"membre-{k}", groupe="enerlycee")
                        for k, s in enumerate(self.stockages)]
        for membre in self.membres:
            membre.demarrer()
        for membre in self.membres:
            attendre(lambda m=membre: m.client.connecte, "membre connecté", delai=30)

    def arreter(self) -> None:
        for membre in self.membres:
            membre.arreter()
        for stockage in self.stockages:
            stockage.fermer()


class Kit:
    """Un kit MQTT 5 qui publie en QoS 1 et republie après une coupure (comme les kits d'Enerlycée) :
    `attendre_accuses` rend quand le courtier a acquitté chaque message."""

    def __init__(self, url: str, ouvert: threading.Event | None = None):
        """`ouvert` : le kit ne publie que quand il est levé (et qu'il est connecté)."""
        self.ouvert = ouvert
        adresse = lire_adresse_mqtt(url)
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        self.client.reconnect_delay_set(0.1, 0.5)
        self.acquittes: set[int] = set()
        self.envoyes: set[int] = set()
        self.client.on_publish = lambda client, donnees, mid, code, proprietes: self.acquittes.add(mid)
        self.client.connect(adresse.hote, adresse.port)
        self.client.loop_start()
        attendre(self.client.is_connected, "kit connecté")

    def publier(self, topic: str, donnees) -> None:
        while not self.client.is_connected() or (self.ouvert and not self.ouvert.is_set()):  # le kit garde ses relevés
            time.sleep(0.01)
        self.envoyes.add(self.client.publish(topic, encoder(donnees), qos=1).mid)  # renvoyé à la reconnexion s'il le faut

    def fermer(self) -> None:
        attendre(lambda: self.envoyes <= self.acquittes, "chaque message acquitté par le courtier", delai=60)
        self.client.disconnect()
        self.client.loop_stop()


def rafale(kit: Kit, fin: threading.Event, total: list[int]) -> None:
    """Des tableaux de 100 relevés et des relevés seuls du compteur principal, jusqu'à `fin`."""
    k = 0
    while not fin.is_set() or k < 6000:
        if k % 1000 < 500:
            kit.publier(sujet(LYCEE_A.uai, "principal"), [{"ts": TS + 60 * (k + i), "index_kwh": float(k + i)} for i in range(100)])
            k += 100
        else:
            kit.publier(sujet(LYCEE_A.uai, "principal"), {"ts": TS + 60 * k, "index_kwh": float(k)})
            k += 1
            if k % 50 == 0:
                time.sleep(0.01)
    kit.fermer()
    total[0] = k


@pytest.mark.parametrize(("n", "parc"), [(2, "sqlite"), (3, "influxdb")], indirect=["parc"], ids=["2-sqlite", "3-influxdb"])
def test_courtier_redemarre_en_pleine_rafale(n, parc, courtier_persistant, tmp_path):
    """Le courtier est arrêté puis relancé sur le même port pendant qu'un kit publie : les
    collecteurs se reconnectent à leurs sessions (aucun ne reprend celle d'un autre, que les
    testaments rendus par le courtier disent hors ligne), le kit republie ce qui n'était pas
    acquitté. Le kit s'arrête de publier juste avant (ses messages acquittés) et reprend une fois les
    collecteurs reconnectés : ce qu'il publierait, ou republierait, avant leur retour serait perdu
    (test suivant)."""
    stockage, url = parc
    groupe = Groupe(n, url, courtier_persistant.url, tmp_path)
    ouvert, fin, total = threading.Event(), threading.Event(), [0]
    ouvert.set()
    kit = Kit(courtier_persistant.url, ouvert)
    emetteur = threading.Thread(target=rafale, args=(kit, fin, total))
    try:
        emetteur.start()
        attendre(lambda: len(stockage.lire_releves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, 0, 4e9).ts) > 1500,
                 "rafale commencée", delai=30)
        ouvert.clear()
        attendre(lambda: kit.envoyes <= kit.acquittes, "les messages du kit acquittés")
        courtier_persistant.redemarrer()
        attendre(lambda: all(m.client.connecte for m in groupe.membres), "membres reconnectés", delai=30)
        time.sleep(0.5)  # abonnés
        ouvert.set()
        fin.set()
        emetteur.join(timeout=90)
        assert total[0] >= 6000
        attendre(lambda: valeurs_exactes(stockage, total[0]), "toute la rafale, une fois chaque relevé", delai=60)
        assert all(m.ecrivain.compteurs.recus > 0 for m in groupe.membres)
    finally:
        fin.set()
        groupe.arreter()
    agregats_egaux_au_recalcul(stockage)


@pytest.mark.parametrize("parc", ["sqlite"], indirect=True)
def test_courtier_redemarre_pendant_l_arret_du_groupe(parc, courtier_persistant, tmp_path):
    """Le groupe arrêté (le premier membre le quitte, le dernier garde sa session, abonnée hors du
    groupe : deploy/README.md), le courtier redémarré, un kit publie, puis le groupe revient : tout
    est rangé. Mosquitto 2.0.11 n'écrit pas les abonnements partagés ($share) dans mosquitto.db :
    une session restée abonnée au groupe n'aurait plus d'abonnement après le redémarrage."""
    stockage, url = parc
    Groupe(2, url, courtier_persistant.url, tmp_path).arreter()
    courtier_persistant.redemarrer()
    kit = Kit(courtier_persistant.url)
    for k in range(200):
        kit.publier(sujet(LYCEE_A.uai, "principal"), {"ts": TS + 60 * k, "index_kwh": float(k)})
    kit.fermer()
    groupe = Groupe(2, url, courtier_persistant.url, tmp_path)
    try:
        attendre(lambda: valeurs_exactes(stockage, 200), "ce que le kit a publié pendant l'arrêt", delai=10)
    finally:
        groupe.arreter()


@pytest.mark.parametrize(("n", "parc"), [(3, "sqlite"), (2, "influxdb")], indirect=["parc"], ids=["3-sqlite", "2-influxdb"])
def test_vidage_du_parc_apres_une_panne_des_kits(n, parc, courtier, tmp_path):
    """KITS kits reviennent ensemble après deux jours de panne et vident chacun ce qu'ils gardaient,
    en tableaux de 100 relevés, tous en même temps, pendant que leur relevé du moment arrive seul."""
    stockage, url = parc
    groupe = Groupe(n, url, courtier, tmp_path)
    debut = TS - RETARD_S

    def vider(k: int) -> None:
        kit, topic = Kit(courtier), sujet(LYCEE_A.uai, f"kit-{k:02d}")
        releves = [{"ts": debut + 60 * i, "index_kwh": 1000.0 * k + i} for i in range(RELEVES_PAR_KIT)]
        kit.publier(topic, {"ts": TS, "index_kwh": 1000.0 * k + RELEVES_PAR_KIT})  # le direct, avant le retard
        for premier in range(0, RELEVES_PAR_KIT, 100):
            kit.publier(topic, releves[premier:premier + 100])
        kit.fermer()

    kits = [threading.Thread(target=vider, args=(k,)) for k in range(KITS)]
    try:
        for kit in kits:
            kit.start()
        for kit in kits:
            kit.join(timeout=90)
        attendre(lambda: sum(m.ecrivain.compteurs.stockes for m in groupe.membres) >= KITS * (RELEVES_PAR_KIT + 1),
                 "le parc vidé", delai=60)
        assert sum(m.ecrivain.compteurs.rejetes for m in groupe.membres) == 0
        assert all(m.ecrivain.compteurs.recus > 0 for m in groupe.membres)
    finally:
        groupe.arreter()
    for k in range(KITS):
        serie = stockage.lire_releves(LYCEE_A.uai, f"kit-{k:02d}", Grandeur.INDEX_KWH, 0, 4e9)
        attendus = np.append(debut + 60 * np.arange(RELEVES_PAR_KIT), TS)
        assert serie.ts.tolist() == attendus.tolist()  # une fois chacun, rien de perdu
        assert (serie.valeurs == 1000.0 * k + (np.append(np.arange(RELEVES_PAR_KIT), RELEVES_PAR_KIT))).all()
        agregats_egaux_au_recalcul(stockage, f"kit-{k:02d}")


PANNE_S = 60


@contextmanager
def influxdb_en_panne(dossier: Path, monkeypatch):
    """Un InfluxDB à nous, rendu avec de quoi le mettre en panne : figé par SIGSTOP. (Le même
    scénario sur SQLite, verrouillé par une autre connexion, est celui d'un collecteur seul :
    tests/collecteur/test_fiabilite.py ; le spool et sa reprise ne dépendent pas du moteur.)"""
    monkeypatch.setattr("noyau.stockage.influxdb_http.DELAI_ECRITURE_S", 1.0)
    monkeypatch.setattr("noyau.stockage.influxdb_http.DELAI_LECTURE_S", 2.0)
    (dossier / "influxdb").mkdir()
    with influxdb_local(dossier / "influxdb") as adresse:
        creer_base(adresse, "enerlycee")
        url = f"influxdb://{adresse}/enerlycee?version=1"
        stockage = ouvrir_stockage(url)
        pid = pid_influxd(dossier / "influxdb")
        yield stockage, url, lambda: os.kill(pid, signal.SIGSTOP), lambda: os.kill(pid, signal.SIGCONT)
        stockage.fermer()


def test_influxdb_en_panne_60_s_sous_un_groupe(courtier, tmp_path, monkeypatch):
    """Deux membres d'un groupe, InfluxDB en panne 60 s pendant une rafale : chacun range sa part
    au spool puis la rejoue ; rien de perdu ni doublé, agrégats égaux à leur recalcul."""
    with influxdb_en_panne(tmp_path, monkeypatch) as (stockage, url, couper, retablir):
        stockage.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
        groupe = Groupe(2, url, courtier, tmp_path)
        try:
            total = publier_rafale(courtier, 0, tableaux=5, unitaires=500)
            attendre(lambda: valeurs_exactes(stockage, total), "avant la panne")
            couper()
            debut = time.monotonic()
            try:
                total += publier_rafale(courtier, total, tableaux=20, unitaires=1000)
                attendre(lambda: all(m.ecrivain.spool.nombre > 0 for m in groupe.membres), "chacun range au spool", delai=50)
                total += publier_rafale(courtier, total, tableaux=5, unitaires=500)
                time.sleep(max(0.0, PANNE_S - (time.monotonic() - debut)))
            finally:
                retablir()
            attendre(lambda: valeurs_exactes(stockage, total), "tous les relevés, une fois chacun", delai=60)
            attendre(lambda: all(m.ecrivain.spool.nombre == 0 for m in groupe.membres), "spools vidés", delai=30)
            assert all(m.ecrivain.compteurs.rejoues > 0 for m in groupe.membres)
        finally:
            groupe.arreter()
        agregats_egaux_au_recalcul(stockage)
