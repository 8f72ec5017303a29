"""Les statistiques horaires d'une mesure d'ambiance et leur réunion par période, calculées à la main."""

import numpy as np

from noyau.domaine.ambiance import Statistique, par_periode, resumer_ambiance, resumer_ambiance_series

H = 3600.0
T0 = 1_774_000_800.0  # une heure pleine


def test_une_heure_par_ligne_nombre_somme_extremes():
    heures = resumer_ambiance(np.array([T0, T0 + 600, T0 + 3599, T0 + 2 * H + 5]), np.array([20.0, 22.0, 21.0, 18.5]))
    assert (heures.heure * H).tolist() == [T0, T0 + 2 * H]
    assert heures.nombre.tolist() == [3, 1] and heures.somme.tolist() == [63.0, 18.5]
    assert heures.minimum.tolist() == [20.0, 18.5] and heures.maximum.tolist() == [22.0, 18.5]
    assert heures.moyenne.tolist() == [21.0, 18.5]


def test_plusieurs_series_d_un_coup():
    series, heures = resumer_ambiance_series(np.array([0, 0, 1]), np.array([T0, T0 + 1, T0 + 1]), np.array([1.0, 3.0, 5.0]))
    assert series.tolist() == [0, 1] and heures.somme.tolist() == [4.0, 5.0] and heures.nombre.tolist() == [2, 1]
    assert resumer_ambiance_series(np.zeros(0, np.int64), np.zeros(0), np.zeros(0))[1].nombre.tolist() == []


def test_periodes_moyenne_des_releves_et_non_des_heures():
    # 1re heure : 3 relevés de moyenne 21 ; 2e : 1 relevé, 25 ; 4e : rien ; 5e : 2 relevés, 10 et 12
    ts = np.array([T0, T0 + 600, T0 + 1200, T0 + H, T0 + 4 * H, T0 + 4 * H + 60])
    heures = resumer_ambiance(ts, np.array([20.0, 21.0, 22.0, 25.0, 10.0, 12.0]))
    limites = np.array([T0, T0 + 2 * H, T0 + 4 * H, T0 + 6 * H])
    assert par_periode(heures, limites) == [Statistique(22.0, 20.0, 25.0, 4), None, Statistique(11.0, 10.0, 12.0, 2)]
    assert par_periode(heures, np.array([T0 + 5 * H, T0 + 6 * H])) == [None]
    assert par_periode(heures, np.array([T0 + H, T0 + 5 * H])) == [Statistique(47.0 / 3, 10.0, 25.0, 3)]
