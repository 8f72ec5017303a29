"""Talon, consommation hors horaires (jour de classe, internat, vacances, changements d'heure),
vacances comparées et comparaison des lycées ; attendus calculés à la main.

Jeu : un compteur principal, un relevé par heure ; 1 kWh par heure du 28 février au 31 mars 2026
et du 10 octobre au 3 novembre 2026, 2 kWh par heure du 17 octobre au 4 novembre 2025.
Zone B : Toussaint du 18 octobre au 2 novembre 2025 et du 17 octobre au 1er novembre 2026.
"""

from datetime import date, datetime

import pytest

from noyau.calculs.analyse import analyser, talon
from noyau.calculs.comparaison import comparer_lycees
from noyau.calculs.horaires import en_json, enregistrer_horaires, horaires_du_lycee
from noyau.calculs.lecture import Point
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve, Site
from noyau.domaine.temps import PARIS

UAI, AUTRE = "0350028R", "0290009C"


def _instant(*morceaux) -> datetime:
    return datetime(*morceaux, tzinfo=PARIS)


@pytest.fixture
def lycee(stockage):
    stockage.enregistrer_registre(
        [Site(UAI, "Lycée Chateaubriand", "Rennes", 21000.0), Site(AUTRE, "Lycée de Kerichen", "Brest", 15500.0)],
        [Compteur(UAI, "principal", Energie.ELECTRICITE, True, "général")],
    )
    releves, index = [], 0.0
    for debut, fin, kwh in (((2025, 10, 17), (2025, 11, 4), 2.0), ((2026, 2, 28), (2026, 3, 31), 1.0),
                            ((2026, 10, 10), (2026, 11, 3), 1.0)):
        ts = _instant(*debut).timestamp()
        while ts <= _instant(*fin).timestamp():
            releves.append(Releve(UAI, "principal", Grandeur.INDEX_KWH, ts, index))
            index, ts = index + kwh, ts + 3600
        index += 1000  # rien n'est lu entre deux morceaux
    stockage.ecrire(releves)
    return stockage


def test_talon_mediane_des_nuits():
    def heure(jour, h, kwh, complet=True):
        debut = _instant(2026, 3, jour, h).timestamp()
        return Point(debut, debut + 3600, kwh, complet)

    points = [heure(3, h, 2.0) for h in (1, 2, 3)] + [heure(4, h, v) for h, v in ((1, 3.0), (2, 3.0), (3, 6.0))]
    points += [heure(5, h, 10.0) for h in (1, 2, 3)] + [heure(5, 4, 50.0), heure(6, 1, 0.1, complet=False)]
    resultat = talon(points)
    assert resultat.nuits == {date(2026, 3, 3): 2.0, date(2026, 3, 4): 4.0, date(2026, 3, 5): 10.0}
    assert resultat.valeur == 4.0  # médiane de 2, 4 et 10 kW ; la nuit anormale ne compte pas plus


def test_jour_de_classe_sans_puis_avec_internat(lycee):
    talon_, repartition, vacances = analyser(lycee, UAI, Energie.ELECTRICITE, _instant(2026, 3, 4), _instant(2026, 3, 5))
    assert talon_.valeur == 1.0 and vacances == []
    assert repartition.categories == pytest.approx(
        {"ouverture": 11.0, "nuit_internat": 0.0, "soir_et_nuit": 13.0, "week_end": 0.0, "vacances": 0.0}
    )  # 7 h 30 - 18 h 30 : les heures de 7 h et de 18 h comptent pour moitié
    assert repartition.hors_horaires == pytest.approx(13.0)
    enregistrer_horaires(lycee, UAI, {**en_json(horaires_du_lycee(lycee, UAI)), "internat": True})
    _, repartition, _ = analyser(lycee, UAI, Energie.ELECTRICITE, _instant(2026, 3, 4), _instant(2026, 3, 5))
    # internat : 0 h - 7 h 30 (7,5 h) et 19 h - 24 h (5 h) ; 18 h 30 - 19 h reste « soir et nuit »
    assert repartition.categories["nuit_internat"] == pytest.approx(12.5)
    assert repartition.categories["soir_et_nuit"] == pytest.approx(0.5)


def test_changements_d_heure_dimanche_et_vacances(lycee):
    talon_, repartition, _ = analyser(lycee, UAI, Energie.ELECTRICITE, _instant(2026, 3, 29), _instant(2026, 3, 30))
    assert repartition.heures == 23 and repartition.categories["week_end"] == pytest.approx(23.0)
    assert talon_.nuits == {date(2026, 3, 29): 1.0}  # 1 h et 3 h : 2 h n'existe pas ce jour-là
    _, repartition, _ = analyser(lycee, UAI, Energie.ELECTRICITE, _instant(2026, 10, 25), _instant(2026, 10, 26))
    assert repartition.heures == 25 and repartition.categories["vacances"] == pytest.approx(25.0)  # Toussaint


def test_vacances_contre_les_memes_vacances_un_an_avant(lycee):
    _, repartition, vacances = analyser(lycee, UAI, Energie.ELECTRICITE, _instant(2026, 10, 19), _instant(2026, 10, 27))
    assert repartition.categories["vacances"] == pytest.approx(193.0)  # 8 jours dont un de 25 heures
    (toussaint,) = vacances
    assert toussaint.nom == "Vacances de la Toussaint"
    assert (toussaint.cette_annee.debut, toussaint.cette_annee.fin, toussaint.cette_annee.complet) == (date(2026, 10, 19), date(2026, 10, 27), True)
    assert toussaint.cette_annee.valeur == pytest.approx(193.0)
    avant = toussaint.annee_precedente  # 18 octobre - 2 novembre 2025 : 16 jours, 385 heures à 2 kWh
    assert (avant.debut, avant.fin, avant.complet, avant.valeur) == (date(2025, 10, 18), date(2025, 11, 3), True, pytest.approx(770.0))
    # par jour de 24 heures : 24 kWh contre 48, -50 % (jour à jour, 193 / 8 contre 770 / 16 : -49,9 %)
    assert (toussaint.cette_annee.par_jour, avant.par_jour) == (pytest.approx(24.0), pytest.approx(48.0))
    assert toussaint.evolution_pct == pytest.approx(-50.0)


def test_comparaison_des_lycees(lycee):
    premier, second = comparer_lycees(lycee, Energie.ELECTRICITE, _instant(2026, 10, 19), _instant(2026, 10, 27))
    assert (premier.uai, premier.consommation, premier.complet) == (UAI, pytest.approx(193.0), True)
    assert premier.par_m2 == pytest.approx(193 / 21000)
    assert premier.annee_precedente == pytest.approx(386.0) and premier.evolution_pct == pytest.approx(-50.0)
    assert (second.uai, second.consommation, second.par_m2, second.evolution_pct) == (AUTRE, None, None, None)


def test_horaires_refuses(lycee):
    with pytest.raises(DonneeInvalide, match="la fin doit suivre le début"):
        enregistrer_horaires(lycee, UAI, {"jours": {"lundi": [["18:00", "08:00"]]}})
    with pytest.raises(DonneeInvalide, match="jours attendus"):
        enregistrer_horaires(lycee, UAI, {"jours": {"funday": []}})
    with pytest.raises(DonneeInvalide, match="académie inconnue pour 0750654D"):
        horaires_du_lycee(lycee, "0750654D")
