"""Température extérieure par jour et DJU : sonde du lycée, station importée, jours manquants."""

from datetime import date, datetime

import pytest

from noyau.calculs.meteo import (
    COLLECTION_TEMPERATURES,
    archiver_temperatures,
    dju_du_jour,
    dju_journaliers,
    temperatures_journalieres,
)
from noyau.domaine.modele import Compteur, Grandeur, Releve, Site
from noyau.domaine.temps import PARIS
from noyau.stockage import Document

UAI = "0350028R"


def _registre(stockage, avec_sonde=True):
    compteurs = [Compteur(UAI, "sonde-exterieure", None, False, "température extérieure")] if avec_sonde else []
    stockage.enregistrer_registre([Site(UAI, "Lycée Chateaubriand", "Rennes", 21000.0)], compteurs)


def _sonde(stockage, jour: date, heures: int, temperature) -> None:
    """Un relevé par quart d'heure sur les `heures` premières heures du jour ; `temperature(h)` par heure."""
    debut = datetime(jour.year, jour.month, jour.day, tzinfo=PARIS).timestamp()
    stockage.ecrire([
        Releve(UAI, "sonde-exterieure", Grandeur.TEMPERATURE_C, debut + 900 * q, temperature(q // 4))
        for q in range(4 * heures)
    ])


def test_dju_methode_moyenne():
    assert dju_du_jour(7.5) == 10.5
    assert dju_du_jour(18.0) == 0.0
    assert dju_du_jour(21.3) == 0.0
    assert dju_du_jour(-2.0) == 20.0
    assert dju_du_jour(10.0, base_c=15.0) == 5.0


def test_sonde_moyenne_des_heures_et_jour_incomplet_absent(stockage):
    _registre(stockage)
    _sonde(stockage, date(2026, 1, 12), 24, lambda h: 2.0 if h < 12 else 10.0)  # moyenne 6 °C
    _sonde(stockage, date(2026, 1, 13), 10, lambda h: 4.0)  # 10 heures sur 24 : jour écarté
    temperatures = temperatures_journalieres(stockage, UAI, date(2026, 1, 12), date(2026, 1, 15))
    assert temperatures == {date(2026, 1, 12): 6.0}
    assert dju_journaliers(stockage, UAI, date(2026, 1, 12), date(2026, 1, 15)) == {date(2026, 1, 12): 12.0}


def test_jour_d_hiver_a_ete_23_heures(stockage):
    """Le 29 mars 2026 dure 23 heures à Paris : ses 23 heures de relevés font un jour complet."""
    _registre(stockage)
    debut = datetime(2026, 3, 29, tzinfo=PARIS).timestamp()
    stockage.ecrire([Releve(UAI, "sonde-exterieure", Grandeur.TEMPERATURE_C, debut + 3600 * h, float(h)) for h in range(23)])
    assert temperatures_journalieres(stockage, UAI, date(2026, 3, 29), date(2026, 3, 30)) == {date(2026, 3, 29): 11.0}


def test_station_importee_comble_les_jours_sans_sonde(stockage):
    _registre(stockage)
    _sonde(stockage, date(2026, 1, 12), 24, lambda h: 6.0)
    jours = {"2026-01-11": 3.5, "2026-01-12": 99.0, "2026-01-20": 1.0}
    stockage.enregistrer_document(Document(COLLECTION_TEMPERATURES, f"{UAI}-2026", UAI, {"annee": 2026, "jours": jours}, 0.0))
    temperatures = temperatures_journalieres(stockage, UAI, date(2026, 1, 10), date(2026, 1, 20))
    assert temperatures == {date(2026, 1, 11): 3.5, date(2026, 1, 12): 6.0}  # la sonde prime ; le 20 est exclu


@pytest.mark.parametrize("avec_sonde", [True, False])
def test_sans_donnee_rien_plutot_que_zero(stockage, avec_sonde):
    _registre(stockage, avec_sonde)
    assert dju_journaliers(stockage, UAI, date(2026, 1, 1), date(2026, 2, 1)) == {}


def test_temperatures_de_la_sonde_rangees_avant_la_purge(stockage):
    _registre(stockage)
    for jour, temperature in ((12, 6.0), (13, 4.0), (14, 2.0)):
        _sonde(stockage, date(2026, 1, jour), 24, lambda h, t=temperature: t)
    limite = datetime(2026, 1, 13, 12, tzinfo=PARIS).timestamp()
    assert archiver_temperatures(stockage, limite) == 2  # jusqu'au jour de la limite compris
    stockage.purger(limite)  # le 12 et le matin du 13 n'ont plus de relevés bruts
    assert temperatures_journalieres(stockage, UAI, date(2026, 1, 12), date(2026, 1, 15)) == {
        date(2026, 1, 12): 6.0, date(2026, 1, 13): 4.0, date(2026, 1, 14): 2.0,
    }
    assert archiver_temperatures(stockage, datetime(2026, 1, 14, 12, tzinfo=PARIS).timestamp()) == 1  # reprend au 14
