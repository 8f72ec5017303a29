"""La section 3 du contrat, sur des cas calculés à la main."""

import numpy as np
import pytest

from noyau.domaine.consommation import energies
from noyau.domaine.modele import Nature

H = 3600.0


def calcul(nature, ts, valeurs, bornes):
    return energies(nature, np.array(ts, float), np.array(valeurs, float), np.array(bornes, float))


def test_index_interpole_aux_bornes():
    # 10 kWh entre 0 h et 2 h : la borne de 1 h tombe au milieu, 5 kWh de chaque côté.
    resultat = calcul(Nature.INDEX, [0, 2 * H], [100, 110], [0, H, 2 * H])
    assert resultat.valeurs.tolist() == [5.0, 5.0]
    assert resultat.completes.tolist() == [False, False]  # un écart de 2 h les touche


def test_index_releves_irreguliers():
    resultat = calcul(Nature.INDEX, [0, 600, 1500, 3600, 3700], [0, 1, 4, 10, 11], [300, 3650])
    # 300 → 0,5 ; 3650 → 10,5 : avance de 10
    assert resultat.valeurs.tolist() == pytest.approx([10.0])
    assert resultat.completes.tolist() == [True]


def test_index_remis_a_zero():
    # 100 → 105 puis remise à zéro : 2 au relevé suivant ; l'avance de l'écart vaut 2.
    resultat = calcul(Nature.INDEX, [0, 600, 1200], [100, 105, 2], [0, 1200])
    assert resultat.valeurs.tolist() == [7.0]


def test_puissance_trapezes_et_ecart_de_plus_de_15_minutes():
    # 1 kW puis 3 kW pendant 10 min : (1+3)/2 kW x 1/6 h ; puis un écart de 20 min qui ne compte pas.
    resultat = calcul(Nature.PUISSANCE, [0, 600, 1800], [1000, 3000, 3000], [0, 1800])
    assert resultat.valeurs.tolist() == pytest.approx([2 / 6])


def test_puissance_coupee_exactement_a_la_borne():
    # rampe de 0 à 2 kW sur 10 min, borne à 5 min : 1/2 x 1 kW x 1/12 h avant, le reste après.
    resultat = calcul(Nature.PUISSANCE, [0, 600], [0, 2000], [0, 300, 600])
    assert resultat.valeurs.tolist() == pytest.approx([1 / 24, 3 / 24])


def test_periodes_absentes_partielles_et_completes():
    ts = np.arange(0, 3 * H + 1, 600)
    resultat = calcul(Nature.INDEX, ts, ts / 600, [-2 * H, -H, 0, H, 2 * H, 4 * H, 5 * H])
    assert resultat.presentes.tolist() == [False, False, True, True, True, False]
    assert resultat.completes.tolist() == [False, False, True, True, False, False]
    assert resultat.valeurs.tolist() == [0, 0, 6, 6, 6, 0]


def test_un_seul_releve_ne_fait_aucune_periode():
    resultat = calcul(Nature.INDEX, [0], [5], [-H, H])
    assert resultat.presentes.tolist() == [False]


def test_ecart_de_plus_d_une_heure_rend_incomplete_chaque_periode_touchee():
    ts = [0, 600, 600 + 2 * H, 600 + 2 * H + 600]
    resultat = calcul(Nature.INDEX, ts, [0, 1, 2, 3], [0, H, 2 * H, 3 * H])
    assert resultat.completes.tolist() == [False, False, False]
    assert resultat.valeurs.sum() == pytest.approx(3.0)
