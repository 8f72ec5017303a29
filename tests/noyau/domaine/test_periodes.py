from datetime import datetime

import numpy as np
import pytest

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.periodes import Pas, bornes
from noyau.domaine.temps import PARIS, lire_borne


def heures(limites):
    return (np.diff(limites) / 3600).tolist()


def test_jour_du_passage_a_l_heure_d_ete_dure_23_heures():
    assert heures(bornes(lire_borne("2026-03-28"), lire_borne("2026-03-31"), Pas.JOUR)) == [24, 23, 24]


def test_jour_du_retour_a_l_heure_d_hiver_dure_25_heures():
    assert heures(bornes(lire_borne("2026-10-24"), lire_borne("2026-10-27"), Pas.JOUR)) == [24, 25, 24]


def test_heures_du_jour_d_automne():
    assert len(bornes(lire_borne("2026-10-25"), lire_borne("2026-10-26"), Pas.HEURE)) - 1 == 25


def test_semaines_iso_commencent_le_lundi_et_les_bords_sont_rognes():
    limites = bornes(lire_borne("2026-11-04"), lire_borne("2026-11-20"), Pas.SEMAINE)
    debuts = [datetime.fromtimestamp(t, PARIS).strftime("%a %d") for t in limites]
    assert debuts == ["Wed 04", "Mon 09", "Mon 16", "Fri 20"]


def test_mois_et_annees():
    mois = bornes(lire_borne("2025-12-15"), lire_borne("2026-03-01"), Pas.MOIS)
    assert [datetime.fromtimestamp(t, PARIS).date().isoformat() for t in mois] == [
        "2025-12-15", "2026-01-01", "2026-02-01", "2026-03-01"]
    annees = bornes(lire_borne("2024-06-01"), lire_borne("2026-01-01"), Pas.ANNEE)
    assert len(annees) == 3


def test_fin_avant_debut_refusee():
    with pytest.raises(DonneeInvalide, match="postérieure"):
        bornes(lire_borne("2026-01-02"), lire_borne("2026-01-01"), Pas.JOUR)
