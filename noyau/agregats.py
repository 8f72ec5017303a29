"""Les agrégats horaires d'une série d'énergie : assez pour calculer exactement, sans les
relevés bruts, la consommation de toute période alignée sur l'heure.

Pour chaque heure non vide : le premier et le dernier relevé (instant, valeur), leur nombre,
et l'énergie des écarts internes à l'heure (`interne`). Une borne de période tombant
toujours sur une heure pleine (Paris a un décalage d'heures entières), elle ne coupe jamais
un écart interne ; les écarts entre deux heures se recalculent du dernier relevé de l'une
et du premier de la suivante. Un relevé en retard ne change que l'agrégat de son heure.
"""

from dataclasses import dataclass

import numpy as np

from noyau.consommation import energie_des_segments
from noyau.domaine import Nature

SECONDES_PAR_HEURE = 3600


@dataclass(frozen=True)
class Heures:
    """Une ligne par heure non vide, triées ; instants en secondes Unix."""

    heure: np.ndarray  # instant de début de l'heure // 3600
    nombre: np.ndarray
    t_premier: np.ndarray
    v_premier: np.ndarray
    t_dernier: np.ndarray
    v_dernier: np.ndarray
    interne: np.ndarray


def resumer_par_heure(nature: Nature, ts: np.ndarray, valeurs: np.ndarray) -> Heures:
    """Les agrégats des heures couvertes par ces relevés (toutes les relevés de chaque heure)."""
    heure = (ts // SECONDES_PAR_HEURE).astype(np.int64)
    nouvelle = np.concatenate(([True], np.diff(heure) != 0))
    premiers = np.flatnonzero(nouvelle)
    derniers = np.concatenate((premiers[1:], [len(ts)])) - 1
    # Somme par heure, de zéro : le même agrégat quelle que soit la plage relue autour (lots, moteurs).
    internes = np.where(nouvelle[1:], 0.0, energie_des_segments(nature, ts, valeurs))
    rang = np.cumsum(nouvelle) - 1
    return Heures(
        heure=heure[premiers],
        nombre=derniers - premiers + 1,
        t_premier=ts[premiers],
        v_premier=valeurs[premiers],
        t_dernier=ts[derniers],
        v_dernier=valeurs[derniers],
        interne=np.bincount(rang[:-1], weights=internes, minlength=len(premiers)).astype(np.float64),
    )


def points_et_segments(nature: Nature, heures: Heures) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Les points (premier et dernier relevé de chaque heure) et l'énergie de chaque écart
    entre points consécutifs, prêts pour `noyau.consommation.energies`."""
    plusieurs = heures.nombre > 1
    garder = np.column_stack((np.ones(len(plusieurs), bool), plusieurs)).ravel()
    ts = np.column_stack((heures.t_premier, heures.t_dernier)).ravel()[garder]
    valeurs = np.column_stack((heures.v_premier, heures.v_dernier)).ravel()[garder]
    rang_heure = np.repeat(np.arange(len(plusieurs)), 1 + plusieurs)
    segments = energie_des_segments(nature, ts, valeurs)
    internes = rang_heure[:-1] == rang_heure[1:]
    segments[internes] = heures.interne[rang_heure[:-1][internes]]
    return ts, valeurs, segments


def plages_contigues(heures: list[int]) -> list[tuple[int, int]]:
    """[3, 4, 5, 9] → [(3, 5), (9, 9)]"""
    plages = []
    for heure in heures:
        if plages and heure == plages[-1][1] + 1:
            plages[-1] = (plages[-1][0], heure)
        else:
            plages.append((heure, heure))
    return plages


def alignees_sur_l_heure(bornes: np.ndarray) -> bool:
    return bool(np.all(bornes % SECONDES_PAR_HEURE == 0))
