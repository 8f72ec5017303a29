"""Trois collecteurs d'un groupe écrivent la même base d'un vrai InfluxDB : les mêmes heures des
mêmes séries, en même temps. Aucun relevé perdu, et aucun perdu dans un agrégat (ni dans les
statistiques horaires d'une mesure d'ambiance)."""

import threading

import numpy as np
import paho.mqtt.client as mqtt
import pytest

from collecteur import Collecteur
from noyau.domaine.ambiance import resumer_ambiance
from noyau.domaine.modele import Grandeur
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from noyau.mesures.protocole import encoder, sujet
from noyau.stockage import ouvrir_stockage
from tests.collecteur.test_fiabilite import TS, publier_rafale, valeurs_exactes
from tests.collecteur.test_plusieurs import agregats_egaux_au_recalcul, membres_arrete_puis_tue
from tests.conftest import LYCEE_A, LYCEE_B, attendre, compteurs_du_jeu


@pytest.fixture
def registre_influxdb(stockage_influxdb):  # noqa: F811
    stockage_influxdb.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
    return stockage_influxdb


def url_de(stockage) -> str:
    return f"influxdb://{stockage.adresse.racine.split('://')[1]}/{stockage.adresse.base}"


def test_membres_d_un_groupe_arrete_puis_tue_en_pleine_rafale_influxdb(registre_influxdb, courtier, tmp_path):
    """Le même parcours que sur SQLite (tests/collecteur/test_plusieurs.py), trois processus sur InfluxDB."""
    membres_arrete_puis_tue(registre_influxdb, url_de(registre_influxdb), courtier, tmp_path)


def test_trois_collecteurs_d_un_groupe_sur_une_base_influxdb(registre_influxdb, courtier, tmp_path):
    adresse = lire_adresse_mqtt(courtier)
    url = url_de(registre_influxdb)
    stockages = [ouvrir_stockage(url) for _ in range(3)]  # un par collecteur, comme trois processus
    collecteurs = [Collecteur(s, adresse, tmp_path / f"spool-{n}.db", f"influx-{n}", groupe="enerlycee")
                   for n, s in enumerate(stockages)]
    for collecteur in collecteurs:
        collecteur.demarrer()
    try:
        for collecteur in collecteurs:
            attendre(lambda c=collecteur: c.client.connecte, "connexion")
        ambiance = threading.Thread(target=publier_temperatures, args=(courtier, 2000))
        ambiance.start()
        total = publier_rafale(courtier, 0, tableaux=10, unitaires=3000)
        ambiance.join(timeout=60)
        attendre(lambda: valeurs_exactes(registre_influxdb, total), "tous les relevés, une fois chacun", delai=60)
        attendre(lambda: len(temperatures(registre_influxdb).ts) == 2000, "toutes les températures", delai=60)
        assert all(c.ecrivain.compteurs.recus > 0 for c in collecteurs)
    finally:
        for collecteur in collecteurs:
            collecteur.arreter()
        for stockage in stockages:
            stockage.fermer()
    agregats_egaux_au_recalcul(registre_influxdb)
    brut = temperatures(registre_influxdb)
    recalculees = resumer_ambiance(brut.ts, brut.valeurs)
    rangees = registre_influxdb.lire_heures_ambiance(LYCEE_A.uai, "sonde-exterieure", Grandeur.TEMPERATURE_C, 0, 4e9)
    assert rangees.heure.tolist() == recalculees.heure.tolist() and rangees.nombre.tolist() == recalculees.nombre.tolist()
    assert np.allclose(rangees.somme, recalculees.somme)


def publier_temperatures(url: str, nombre: int) -> None:
    """`nombre` températures d'une minute l'une de l'autre, un message chacune, QoS 1."""
    adresse = lire_adresse_mqtt(url)
    kit = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    kit.connect(adresse.hote, adresse.port)
    kit.loop_start()
    envois = [kit.publish(sujet(LYCEE_A.uai, "sonde-exterieure"), encoder({"ts": TS + 60 * k, "temperature_c": 15.0 + k % 7}), qos=1)
              for k in range(nombre)]
    for envoi in envois:
        envoi.wait_for_publish(60)
    kit.disconnect()
    kit.loop_stop()


def temperatures(stockage):
    return stockage.lire_releves(LYCEE_A.uai, "sonde-exterieure", Grandeur.TEMPERATURE_C, 0, 4e9)
