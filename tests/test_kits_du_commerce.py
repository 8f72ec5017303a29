"""De bout en bout, kits du commerce : chaque appareil publie ses propres charges dans un vrai
Mosquitto, le collecteur les relie aux compteurs par le fichier de correspondances, et l'API
rend pour chaque compteur la consommation calculée à la main.
"""

import sqlite3
import time
from datetime import datetime, timedelta

import orjson
import pytest
from fastapi.testclient import TestClient

from api.app import creer_app
from collecteur import Collecteur
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Source
from noyau.domaine.temps import PARIS
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from noyau.mesures.aiguillage import Aiguillage
from noyau.mesures.correspondances import lire_correspondances
from tests.conftest import LYCEE_A, attendre

UAI = LYCEE_A.uai
JOUR = "2026-11-26"  # un jeudi, heure d'hiver (UTC+1)
MINUIT, LENDEMAIN = (datetime(2026, 11, d, tzinfo=PARIS).timestamp() for d in (26, 27))
COMPTEURS = ["cdi", "cantine-four", "cantine-froid", "labo", "linky", "ateliers"]
CORRESPONDANCES = f"""
[[liaison]]
sujet = "tele/prise-cdi/SENSOR"
format = "tasmota"
uai = "{UAI}"
compteur = "cdi"

[[liaison]]
sujet = "shellyproem50-cantine/events/rpc"
format = "shelly"
uai = "{UAI}"
compteur = "cantine-four"
canal = 0

[[liaison]]
sujet = "shellyproem50-cantine/events/rpc"
format = "shelly"
uai = "{UAI}"
compteur = "cantine-froid"
canal = 1

[[liaison]]
sujet = "zigbee2mqtt/+"
format = "zigbee2mqtt"
uai = "{UAI}"
compteur = "labo"

[[liaison]]
sujet = "tele/linky/SENSOR"
format = "tic"
uai = "{UAI}"
compteur = "linky"

[[liaison]]
sujet = "emon/emontx4"
format = "emonhub"
uai = "{UAI}"
compteur = "ateliers"
cles = {{ P1 = "W", E1 = "Wh" }}
"""


def notify_status(ts: float, canal: int, wh: float) -> dict:
    return {"src": "shellyproem50-cantine", "dst": "shellyproem50-cantine/events", "method": "NotifyStatus",
            "params": {"ts": ts, f"em1data:{canal}": {"id": canal, "total_act_energy": wh}}}


def teleinfo(heure: str, hchc: str, hchp: str) -> dict:
    return {"Time": heure, "TIC": {"ADCO": "031762123456", "OPTARIF": "HC..", "HCHC": hchc, "HCHP": hchp,
                                   "PTEC": "HP..", "PAPP": "02780"}}


# (sujet, charge) dans l'ordre de publication ; les charges suivent la documentation de chaque appareil.
MESSAGES = [
    # Tasmota : heure locale sans décalage ; 100 → 110 → 134 kWh.
    ("tele/prise-cdi/SENSOR", {"Time": "2026-11-25T23:00:00", "ENERGY": {"Total": 100.0, "Power": 800}}),
    ("tele/prise-cdi/SENSOR", {"Time": "2026-11-26T12:00:00", "ENERGY": {"Total": 110.0, "Power": 2400}}),
    ("tele/prise-cdi/SENSOR", {"Time": "2026-11-27T00:00:00", "ENERGY": {"Total": 134.0, "Power": 900}}),
    ("tele/prise-cdi/SENSOR", {"Time": "2026-11-27T00:10:00", "ENERGY": {"Total": "134.2"}}),  # fautif
    # Shelly Pro EM-50 : deux voies, énergies en Wh, datées par params.ts.
    ("shellyproem50-cantine/events/rpc", notify_status(MINUIT, 0, 1_000_000.0)),
    ("shellyproem50-cantine/events/rpc", notify_status(LENDEMAIN, 0, 1_250_000.0)),
    ("shellyproem50-cantine/events/rpc", notify_status(MINUIT, 1, 500_000.0)),
    ("shellyproem50-cantine/events/rpc", notify_status(LENDEMAIN, 1, 530_000.0)),
    # Linky par Tasmota-teleinfo, heures creuses : index HCHC + HCHP en Wh, texte complété de zéros.
    ("tele/linky/SENSOR", teleinfo("2026-11-26T00:00:00", "012000000", "020000000")),
    ("tele/linky/SENSOR", teleinfo("2026-11-27T00:00:00", "012100500", "020250000")),
    # emonhub : nœud en JSON daté par time, E1 en Wh.
    ("emon/emontx4", {"time": MINUIT, "P1": 3000, "E1": 5_000_000, "Vrms": 231.4}),
    ("emon/emontx4", {"time": LENDEMAIN, "P1": 3100, "E1": 5_075_000, "Vrms": 230.9}),
]
ATTENDU_KWH = {
    "cdi": 134 - (100 + 10 / 13),  # 00:00 est 1 h après 23:00, sur 13 h pour 10 kWh
    "cantine-four": 250.0,
    "cantine-froid": 30.0,
    "linky": (12_100.5 + 20_250) - (12_000 + 20_000),
    "ateliers": 75.0,
}


def nombre_de_releves(stockage) -> int:
    with sqlite3.connect(stockage.chemin) as base:
        return base.execute("SELECT count(*) FROM releves").fetchone()[0]


def sources_par_compteur(stockage) -> dict[str, set[Source]]:
    with sqlite3.connect(stockage.chemin) as base:
        lignes = base.execute("SELECT c.compteur, r.source FROM releves r JOIN series s ON s.id = r.serie"
                              " JOIN compteurs c ON c.id = s.compteur_id").fetchall()
    sources = list(Source)
    resultat: dict[str, set[Source]] = {}
    for compteur, code in lignes:
        resultat.setdefault(compteur, set()).add(sources[code])
    return resultat


def test_un_appareil_de_chaque_sorte_jusqu_a_la_consommation_de_l_api(stockage, courtier, kit, tmp_path):
    stockage.enregistrer_registre([LYCEE_A], [Compteur(UAI, c, Energie.ELECTRICITE, True) for c in COMPTEURS])
    fichier = tmp_path / "correspondances.toml"
    fichier.write_text(CORRESPONDANCES, encoding="utf-8")
    aiguillage = Aiguillage(lire_correspondances(fichier))
    collecteur = Collecteur(stockage, lire_adresse_mqtt(courtier), tmp_path / "spool.db", "kits", aiguillage=aiguillage)
    aujourd_hui = datetime.now(PARIS).date()
    collecteur.demarrer()
    try:
        attendre(lambda: collecteur.client.connecte, "connexion")
        for topic, charge in MESSAGES:
            kit(topic, orjson.dumps(charge))
        # Zigbee2MQTT ne date pas ses messages : ils le sont à la réception.
        kit("zigbee2mqtt/prise-labo", b'{"state":"ON","power":1205.3,"energy":10.0,"linkquality":116}')
        time.sleep(0.05)
        kit("zigbee2mqtt/prise-labo", b'{"state":"ON","power":1190.0,"energy":12.5,"linkquality":112}')
        # 3 Tasmota × 2 + 4 Shelly + 2 Linky × 2 (index, VA) + 2 emonhub × 2 + 2 Zigbee2MQTT × 2
        attendre(lambda: nombre_de_releves(stockage) == 22, "les 22 relevés des kits stockés")
        attendre(lambda: stockage.motifs_rejet(), "le message fautif en quarantaine")
    finally:
        collecteur.arreter()

    client = TestClient(creer_app(stockage))
    for compteur, kwh in ATTENDU_KWH.items():
        assert consommation(client, compteur, JOUR, "2026-11-27") == pytest.approx(kwh, abs=5e-4), compteur  # publiée au millième
    debut, fin = aujourd_hui.isoformat(), (aujourd_hui + timedelta(days=2)).isoformat()
    assert consommation(client, "labo", debut, fin) == pytest.approx(2.5)
    assert {m.motif for m in stockage.motifs_rejet()} == {"tasmota : ENERGY.Total non numérique"}
    assert sources_par_compteur(stockage) == {
        "cdi": {Source.TASMOTA}, "cantine-four": {Source.SHELLY}, "cantine-froid": {Source.SHELLY},
        "labo": {Source.ZIGBEE2MQTT}, "linky": {Source.TIC}, "ateliers": {Source.EMONHUB}}


def consommation(client, compteur: str, debut: str, fin: str) -> float:
    reponse = client.get(f"/api/v1/sites/{UAI}/consommation",
                         params={"energie": "electricite", "debut": debut, "fin": fin, "pas": "jour", "compteur": compteur})
    assert reponse.status_code == 200, reponse.text
    return reponse.json()["total"]
