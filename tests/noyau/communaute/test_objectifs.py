"""Objectifs propres : mois par mois contre le même mois un an plus tôt, mois incomplets signalés."""

from datetime import date, datetime

import pytest

from noyau.communaute.objectifs import creer_objectif, objectif, objectifs, suivre
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve, Site
from noyau.domaine.temps import PARIS

UAI = "0350028R"


def _releves_horaires(debut: datetime, fin: datetime, kwh_par_heure: float, index: float, trou: datetime | None = None):
    releves, ts = [], debut.timestamp()
    while ts <= fin.timestamp():
        if trou is None or not trou.timestamp() < ts < trou.timestamp() + 4 * 3600:  # 4 heures sans relevé
            releves.append(Releve(UAI, "principal", Grandeur.INDEX_KWH, ts, index))
        index += kwh_par_heure
        ts += 3600
    return releves, index


@pytest.fixture
def lycee(stockage):
    """10 kWh/h de janvier à mars 2025 (trou de 4 h le 10 février) ; 9 kWh/h en janvier 2026, 8 en février."""
    stockage.enregistrer_registre([Site(UAI, "Lycée Chateaubriand", "Rennes", 21000.0)],
                                  [Compteur(UAI, "principal", Energie.ELECTRICITE, True, "général")])
    a, index = _releves_horaires(datetime(2025, 1, 1, tzinfo=PARIS), datetime(2025, 4, 1, tzinfo=PARIS), 10.0, 0.0,
                                 datetime(2025, 2, 10, 8, tzinfo=PARIS))
    b, index = _releves_horaires(datetime(2026, 1, 1, tzinfo=PARIS), datetime(2026, 2, 1, tzinfo=PARIS), 9.0, index + 5000)
    c, _ = _releves_horaires(datetime(2026, 2, 1, 1, tzinfo=PARIS), datetime(2026, 3, 1, tzinfo=PARIS), 8.0, index - 1)
    stockage.ecrire(a + b + c)
    return stockage


def test_suivi_mois_par_mois(lycee):
    cree = creer_objectif(lycee, UAI, "electricite", 10, date(2026, 1, 1), date(2026, 4, 1), "-10 % au 1er trimestre")
    assert objectifs(lycee, UAI) == [cree] and objectif(lycee, UAI, cree.identifiant) == cree
    janvier, fevrier, mars = suivre(lycee, cree).mois
    # janvier : 744 h × 9 = 6696 kWh ; un an plus tôt 744 h × 10 = 7440, × 0,9 = 6696 : tout juste atteint
    assert (janvier.consommation, janvier.annee_precedente) == pytest.approx((6696.0, 7440.0))
    assert janvier.objectif == pytest.approx(6696.0) and janvier.complet and janvier.statut == "atteint"
    # février : 672 h × 8 = 5376 kWh, mais février 2025 a un trou de 4 heures : pas d'objectif inventé
    assert fevrier.consommation == pytest.approx(5376.0) and fevrier.objectif is None
    assert (fevrier.complet, fevrier.manquant, fevrier.statut) == (False, ["annee_precedente"], "incomplet")
    # mars : rien en 2026 ; mars 2025 a 743 heures (heure d'été le 30) : objectif 6687 kWh
    assert mars.consommation is None and mars.objectif == pytest.approx(6687.0)
    assert (mars.complet, mars.manquant) == (False, ["consommation"])


def test_cumul_des_seuls_mois_complets(lycee):
    suivi = suivre(lycee, creer_objectif(lycee, UAI, "electricite", 10, date(2026, 1, 1), date(2026, 4, 1)))
    assert suivi.cumul == pytest.approx({"mois_comptes": 1, "consommation": 6696.0, "objectif": 6696.0, "reduction_pct": 10.0})


def test_objectifs_refuses(lycee):
    with pytest.raises(DonneeInvalide, match="entre 0 et 100"):
        creer_objectif(lycee, UAI, "electricite", 120, date(2026, 1, 1), date(2026, 4, 1))
    with pytest.raises(DonneeInvalide, match="mois entiers"):
        creer_objectif(lycee, UAI, "electricite", 10, date(2026, 1, 15), date(2026, 4, 1))
    with pytest.raises(DonneeInvalide, match="24 mois au plus"):
        creer_objectif(lycee, UAI, "electricite", 10, date(2026, 1, 1), date(2029, 1, 1))
    with pytest.raises(DonneeInvalide, match="énergie inconnue"):
        creer_objectif(lycee, UAI, "vapeur", 10, date(2026, 1, 1), date(2026, 4, 1))
    with pytest.raises(Introuvable, match="objectif inconnu"):
        objectif(lycee, UAI, "abc")
