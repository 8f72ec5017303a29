"""`enerlycee kits ecouter` : le rapport et les liaisons proposées, puis l'écoute d'un vrai Mosquitto."""

import threading
import time

import paho.mqtt.client as mqtt

from collecteur.ecoute import Observation, ecouter, forme, proposer, rapport
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from tests.noyau.mesures.formats.conftest import ECHANTILLONS


def echantillon(nom: str) -> bytes:
    return (ECHANTILLONS / nom).read_bytes()


def test_formes_des_charges():
    assert forme(b'{"Time":"x","ENERGY":{"Total":1,"Power":2}}') == "JSON {Time, ENERGY{Total,Power}}"
    assert forme(b"1520.5") == "valeur seule (nombre)"
    assert forme(b"Online") == "texte de 6 octet(s)"


def test_propositions_par_format():
    def en_bref(sujet, charge):
        return [(p.sujet, p.format, p.compteur, p.canal, p.cles) for p in proposer(sujet, charge)]

    assert en_bref("tele/prise-cdi/SENSOR", echantillon("tasmota_pow.json")) == [
        ("tele/prise-cdi/SENSOR", "tasmota", "prise-cdi", None, ())]
    assert [p[3] for p in en_bref("tele/dual/SENSOR", echantillon("tasmota_dual_r3.json"))] == ["1", "2"]
    assert en_bref("tele/linky/SENSOR", echantillon("tic_tasmota_historique_hchp.json")) == [
        ("tele/linky/SENSOR", "tic", "linky", None, ())]
    assert en_bref("shellyproem50-cantine/status/em1:1", echantillon("shelly_em1_1.json")) == [
        ("shellyproem50-cantine/status/+", "shelly", "shellyproem50-cantine-1", "1", ())]
    assert en_bref("zigbee2mqtt/Prise Labo", echantillon("zigbee2mqtt_prise.json")) == [
        ("zigbee2mqtt/Prise Labo", "zigbee2mqtt", "prise-labo", None, ())]
    assert en_bref("emon/emontx4", echantillon("emonhub_emontx4.json"))[0][4] == (
        ("P1", "W"), ("P2", "W"), ("P3", "W"), ("E1", "Wh"), ("E2", "Wh"), ("E3", "Wh"), ("T1", "°C"))
    assert en_bref("lycees/0350028R/principal", b'{"ts": 1, "index_kwh": 2}') == []
    assert en_bref("shellyplus1pm-x/status/sys", b'{"uptime": 12}') == []


def test_rapport_fusionne_les_cles_emonhub_d_un_noeud():
    observations = {"emon/tx/P1": Observation(3, b"120"), "emon/tx/E1": Observation(3, b"45210"),
                    "emon/tx/Vrms": Observation(3, b"231")}
    texte = rapport(observations, 60)
    assert texte.startswith("9 message(s) sur 3 sujet(s) en 60 s.")
    assert texte.count("[[liaison]]") == 1
    assert 'sujet = "emon/tx/+"' in texte and 'cles = { E1 = "Wh", P1 = "W" }' in texte


def test_ecoute_d_un_vrai_courtier_bornee_dans_le_temps(courtier):
    adresse = lire_adresse_mqtt(courtier)
    resultat = {}
    ecoute = threading.Thread(target=lambda: resultat.setdefault("texte", ecouter(adresse, 1.5)))
    ecoute.start()
    time.sleep(0.5)
    kit = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    kit.connect(adresse.hote, adresse.port)
    kit.loop_start()
    kit.publish("zigbee2mqtt/prise-labo", echantillon("zigbee2mqtt_prise.json"), qos=1).wait_for_publish(5)
    kit.disconnect()
    kit.loop_stop()
    ecoute.join(timeout=10)
    assert not ecoute.is_alive()
    assert "zigbee2mqtt/prise-labo  (1 message(s))" in resultat["texte"]
    assert 'format = "zigbee2mqtt"' in resultat["texte"] and 'uai = "À COMPLÉTER"' in resultat["texte"]
