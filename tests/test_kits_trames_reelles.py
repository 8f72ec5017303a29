"""Deux trames réelles des kits du commerce, par un vrai Mosquitto jusqu'à la consommation de l'API
(issue 25) : les trames partielles de Tasmota-teleinfo en mode `Changed`, et la trame datée de 1970
que publie Tasmota au redémarrage, avant que son horloge soit réglée.

Les trames suivent le code de Tasmota-teleinfo (arendst/Tasmota, xnrg_15_teleinfo.ino) : la trame
brute `{"TIC":{...}}`, sans `Time`, porte toutes les étiquettes (`EnergyConfig Full`) ou seulement
celles qui ont changé (`EnergyConfig Changed`), les nombres en nombres ; la télémétrie de chaque
TelePeriod (`Time`, `ENERGY`, `TIC` complet) reste entière dans les deux modes.
"""

from datetime import datetime, timedelta

import orjson
import pytest
from fastapi.testclient import TestClient

from api.app import creer_app
from collecteur import Collecteur
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur
from noyau.domaine.temps import PARIS, maintenant
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from noyau.mesures.aiguillage import Aiguillage
from noyau.mesures.correspondances import lire_correspondances
from tests.conftest import LYCEE_A, attendre

UAI = LYCEE_A.uai
HCHC, HCHP_AVANT, HCHP_APRES = 920_749, 2_275_561, 2_275_574  # Wh : le Linky avance de 13 Wh


def correspondances(tmp_path, format_: str, sujet: str):
    fichier = tmp_path / "correspondances.toml"
    fichier.write_text(f'[[liaison]]\nsujet = "{sujet}"\nformat = "{format_}"\nuai = "{UAI}"\ncompteur = "general"\n')
    return Aiguillage(lire_correspondances(fichier))


@pytest.fixture
def collecte(stockage, courtier, kit, tmp_path):
    """collecte(format, sujet, trames) : chaque trame publiée (QoS 1) puis traitée par le collecteur."""
    stockage.enregistrer_registre([LYCEE_A], [Compteur(UAI, "general", Energie.ELECTRICITE, True)])

    def publier(format_: str, sujet: str, trames: list[dict]) -> None:
        service = Collecteur(stockage, lire_adresse_mqtt(courtier), tmp_path / "spool.db", "trames",
                             aiguillage=correspondances(tmp_path, format_, sujet))
        service.demarrer()
        try:
            attendre(lambda: service.client.connecte, "connexion")
            for rang, trame in enumerate(trames, 1):  # une à une, comme l'appareil, à des secondes d'écart :
                kit(sujet, orjson.dumps(trame))  # chaque trame sans date a son propre instant de réception
                attendre(lambda rang=rang: service.ecrivain.compteurs.recus == rang, f"trame n°{rang} traitée")
        finally:
            service.arreter()

    return publier


def heure_tasmota(ts: float) -> str:
    """`Time` de Tasmota : l'heure locale de l'appareil, sans décalage."""
    return datetime.fromtimestamp(ts, PARIS).strftime("%Y-%m-%dT%H:%M:%S")


def etiquettes(hchp: int, papp: int) -> dict:
    return {"ADCO": "031762123456", "OPTARIF": "HC..", "ISOUSC": 45, "HCHC": HCHC, "HCHP": hchp, "PTEC": "HP..",
            "IINST": 32, "IMAX": 90, "PAPP": papp, "HHPHC": "A", "MOTDETAT": 0}


def telemetrie(ts: float, hchp: int) -> dict:
    total = (HCHC + hchp) / 1000
    return {"Time": heure_tasmota(ts), "ENERGY": {"Total": total, "Power": 7400}, "TIC": etiquettes(hchp, 7400)}


def trames_linky(mode: str) -> list[dict]:
    """Une TelePeriod d'un Linky en heures creuses/pleines : télémétrie, trames brutes, télémétrie.
    La télémétrie est datée par l'appareil (une minute avant et après) ; les trames brutes, sans
    `Time`, le sont à leur réception."""
    debut = maintenant()
    if mode == "Full":
        brutes = [{"TIC": etiquettes(hchp, papp)} for hchp, papp in ((2_275_565, 7400), (2_275_570, 7380))]
    else:  # Changed : seulement ce qui a changé depuis la trame précédente
        brutes = [{"TIC": {"HCHP": 2_275_565}}, {"TIC": {"PAPP": 7380}}, {"TIC": {"HCHP": 2_275_570, "PAPP": 7400}},
                  {"TIC": {"IINST": 31}}, {"TIC": {"ADPS": 1}}]
    return [telemetrie(debut - 60, HCHP_AVANT), *brutes, telemetrie(debut + 60, HCHP_APRES)]


def consommation(stockage) -> float:
    aujourd_hui = datetime.now(PARIS).date()
    debut, fin = (aujourd_hui - timedelta(days=1)).isoformat(), (aujourd_hui + timedelta(days=2)).isoformat()
    reponse = TestClient(creer_app(stockage)).get(
        f"/api/v1/sites/{UAI}/consommation", params={"energie": "electricite", "debut": debut, "fin": fin, "pas": "jour"})
    assert reponse.status_code == 200, reponse.text
    return reponse.json()["total"]


@pytest.mark.parametrize("mode", ["Full", "Changed"])
def test_linky_par_tasmota_teleinfo_la_consommation_est_l_avance_du_compteur(collecte, stockage, mode):
    collecte("tic", "tele/linky/SENSOR", trames_linky(mode))
    assert consommation(stockage) == pytest.approx((HCHP_APRES - HCHP_AVANT) / 1000)
    index = stockage.lire_releves(UAI, "general", Grandeur.INDEX_KWH, 0, 4e9).valeurs
    assert min(index) == pytest.approx((HCHC + HCHP_AVANT) / 1000)  # jamais la somme d'une partie des index
    puissances = stockage.lire_releves(UAI, "general", Grandeur.PUISSANCE_APPARENTE_VA, 0, 4e9).valeurs
    assert set(puissances) == {7400.0, 7380.0}  # PAPP seul : une puissance apparente, jamais un index
    assert stockage.motifs_rejet() == []  # une trame partielle n'est pas une faute


def test_trame_de_tasmota_datee_de_1970_en_quarantaine(collecte, stockage):
    """Au redémarrage, avant NTP, Tasmota publie `Time` en 1970 avec son `Total` gardé."""
    debut = maintenant()
    collecte("tasmota", "tele/prise-cdi/SENSOR", [
        {"Time": heure_tasmota(debut - 60), "ENERGY": {"Total": 1843.120, "Power": 640}},
        {"Time": "1970-01-01T00:00:17", "ENERGY": {"TotalStartTime": "2026-09-01T08:12:40", "Total": 1843.125,
                                                   "Yesterday": 0.0, "Today": 0.0, "Power": 650}},
        {"Time": heure_tasmota(debut + 60), "ENERGY": {"Total": 1843.130, "Power": 660}},
    ])
    assert consommation(stockage) == pytest.approx(0.010)
    assert min(stockage.lire_releves(UAI, "general", Grandeur.PUISSANCE_W, 0, 4e9).ts) > debut - 61  # rien de 1970
    assert [(m.motif, m.nombre) for m in stockage.motifs_rejet()] == [
        ("tasmota : Time avant 2000 : horloge du kit pas encore à l'heure", 1)]
