"""Les agrégats horaires donnent exactement les mêmes nombres que les relevés bruts."""

from datetime import datetime

import numpy as np
import pytest

from noyau.domaine.agregats import (
    alignees_sur_le_jour,
    points_et_segments,
    prolonger_par_heure_series,
    resumer_par_heure,
    resumer_par_heure_series,
    resumer_par_jour,
)
from noyau.domaine.consommation import energies
from noyau.domaine.modele import Nature
from noyau.domaine.temps import PARIS

DEBUT = 1_780_000_000 // 3600 * 3600


def releves_aleatoires(graine: int, nature: Nature) -> tuple[np.ndarray, np.ndarray]:
    hasard = np.random.default_rng(graine)
    ecarts = hasard.choice([7.0, 60.0, 600.0, 1000.0, 3599.0, 3600.0, 5400.0, 20000.0], size=600)
    ts = DEBUT + 123.0 + np.cumsum(ecarts)
    if nature is Nature.INDEX:
        valeurs = np.cumsum(hasard.uniform(0, 3, len(ts)))
        valeurs[300:] -= valeurs[299] - 1.5  # une remise à zéro
    else:
        valeurs = hasard.uniform(0, 5000, len(ts))
    return ts, valeurs


@pytest.mark.parametrize("graine", range(6))
@pytest.mark.parametrize("nature", [Nature.INDEX, Nature.PUISSANCE])
def test_memes_nombres_par_les_agregats_et_par_les_releves(graine, nature):
    ts, valeurs = releves_aleatoires(graine, nature)
    hasard = np.random.default_rng(100 + graine)
    bornes = np.unique(DEBUT + 3600.0 * hasard.integers(-5, 1500, size=40))
    bruts = energies(nature, ts, valeurs, bornes)
    points, valeurs_points, segments, ecarts = points_et_segments(nature, resumer_par_heure(nature, ts, valeurs))
    agreges = energies(nature, points, valeurs_points, bornes, segments, ecarts)
    np.testing.assert_allclose(agreges.valeurs, bruts.valeurs, rtol=1e-9, atol=1e-9)
    assert agreges.presentes.tolist() == bruts.presentes.tolist()
    assert agreges.completes.tolist() == bruts.completes.tolist()


@pytest.mark.parametrize("graine", range(4))
@pytest.mark.parametrize("nature", [Nature.INDEX, Nature.PUISSANCE])
def test_memes_nombres_par_les_agregats_journaliers(graine, nature):
    ts, valeurs = releves_aleatoires(graine, nature)
    ts = ts - DEBUT + 1_774_000_000  # autour du passage à l'heure d'été 2026
    minuits = np.array([datetime(2026, 3, 18, tzinfo=PARIS).timestamp() + 86400 * k for k in range(0, 80, 3)])
    minuits = np.array([datetime.fromtimestamp(m, PARIS).replace(hour=0).timestamp() for m in minuits])
    assert alignees_sur_le_jour(minuits) and not alignees_sur_le_jour(minuits + 3600)
    bruts = energies(nature, ts, valeurs, minuits)
    jours = resumer_par_jour(nature, resumer_par_heure(nature, ts, valeurs))
    points, valeurs_points, segments, ecarts = points_et_segments(nature, jours)
    agreges = energies(nature, points, valeurs_points, minuits, segments, ecarts)
    np.testing.assert_allclose(agreges.valeurs, bruts.valeurs, rtol=1e-9, atol=1e-9)
    assert agreges.presentes.tolist() == bruts.presentes.tolist()
    assert agreges.completes.tolist() == bruts.completes.tolist()
    assert jours.nombre.sum() == len(ts)


@pytest.mark.parametrize("graine", range(4))
def test_prolonger_des_heures_donne_les_agregats_de_tous_leurs_releves_a_l_identique(graine):
    """Deux séries (index, puissance) ; dans chaque heure, les premiers relevés déjà agrégés, les
    suivants prolongent leur agrégat : les mêmes nombres, bit pour bit, que l'agrégat de tous."""
    hasard = np.random.default_rng(graine)
    series, ts, valeurs = [], [], []
    for rang, nature in enumerate((Nature.INDEX, Nature.PUISSANCE)):
        t, v = releves_aleatoires(graine + 10 * rang, nature)
        series.append(np.full(len(t), rang))
        ts.append(t)
        valeurs.append(v)
    series, ts, valeurs = np.concatenate(series), np.concatenate(ts), np.concatenate(valeurs)
    index = series == 0
    tous = resumer_par_heure_series(series, index, ts, valeurs)
    # Dans chaque (série, heure), les relevés jusqu'à un rang tiré au hasard sont déjà agrégés.
    groupe = np.unique(np.column_stack((series, ts // 3600)), axis=0, return_inverse=True)[1].reshape(-1)
    coupure = hasard.integers(0, 4, size=groupe.max() + 1)
    rang_dans_groupe = np.arange(len(ts)) - np.searchsorted(groupe, groupe)
    anciens = rang_dans_groupe < coupure[groupe]
    anciennes_series, anciennes = resumer_par_heure_series(series[anciens], index[anciens], ts[anciens], valeurs[anciens])
    nouveaux = ~anciens
    prolongees = prolonger_par_heure_series(anciennes, anciennes_series, anciennes_series == 0, series[nouveaux],
                                            index[nouveaux], ts[nouveaux], valeurs[nouveaux])
    assert prolongees[0].tolist() == tous[0].tolist()
    for champ in ("heure", "nombre", "t_premier", "v_premier", "t_dernier", "v_dernier", "interne"):
        assert getattr(prolongees[1], champ).tolist() == getattr(tous[1], champ).tolist(), champ
    assert anciens.any() and nouveaux.any() and (coupure[groupe][nouveaux] > 0).any()
