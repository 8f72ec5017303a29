"""Les agrégats horaires d'une série d'énergie : assez pour calculer exactement, sans les
relevés bruts, la consommation de toute période alignée sur l'heure.

Pour chaque heure non vide : le premier et le dernier relevé (instant, valeur), leur nombre,
et l'énergie des écarts internes à l'heure (`interne`). Une borne de période tombant
toujours sur une heure pleine (Paris a un décalage d'heures entières), elle ne coupe jamais
un écart interne ; les écarts entre deux heures se recalculent du dernier relevé de l'une
et du premier de la suivante. Un relevé en retard ne change que l'agrégat de son heure.

Les agrégats journaliers (jours de Paris, 23 à 25 heures) se déduisent de ceux des heures,
de la même façon : ils servent les périodes dont toutes les bornes sont des minuits de Paris
(pas jour, semaine, mois, année), 24 fois moins de lignes à lire.
"""

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from noyau.domaine.consommation import energie_des_segments
from noyau.domaine.modele import Nature
from noyau.domaine.temps import PARIS

SECONDES_PAR_HEURE = 3600


@dataclass(frozen=True)
class Heures:
    """Une ligne par heure non vide, triées ; instants en secondes Unix."""

    heure: np.ndarray  # instant de début de l'heure (ou du jour) // 3600
    nombre: np.ndarray
    t_premier: np.ndarray
    v_premier: np.ndarray
    t_dernier: np.ndarray
    v_dernier: np.ndarray
    interne: np.ndarray
    # Jours seulement : le plus long écart entre points internes au jour, exact au-delà d'une
    # heure (un trou). Dans une heure, aucun écart ne dépasse l'heure : pas besoin de le garder.
    ecart_max: np.ndarray | None = None


def resumer_par_heure(nature: Nature, ts: np.ndarray, valeurs: np.ndarray) -> Heures:
    """Les agrégats des heures couvertes par ces relevés (tous les relevés de chaque heure)."""
    return resumer_par_heure_series(np.zeros(len(ts), np.int64), np.full(len(ts), nature is Nature.INDEX), ts, valeurs)[1]


def resumer_par_heure_series(
    series: np.ndarray, index: np.ndarray, ts: np.ndarray, valeurs: np.ndarray
) -> tuple[np.ndarray, Heures]:
    """Comme `resumer_par_heure`, pour plusieurs séries d'un coup (celles d'un lot écrit), aux
    mêmes nombres : points triés par série puis par instant ; `series` : la série de chaque
    point (un entier), `index` : vrai pour un point d'une série d'index (sinon de puissance).
    Renvoie la série de chaque agrégat, et les agrégats."""
    heure = (ts // SECONDES_PAR_HEURE).astype(np.int64)
    return _resumer(series, heure, ts, valeurs, _segments(index, ts, valeurs), np.ones(len(ts), np.int64), False)


def prolonger_par_heure_series(
    anciennes: Heures, anciennes_series: np.ndarray, anciennes_index: np.ndarray,
    series: np.ndarray, index: np.ndarray, ts: np.ndarray, valeurs: np.ndarray,
) -> tuple[np.ndarray, Heures]:
    """Comme `resumer_par_heure_series` sur ces relevés (`series`, `index`, `ts`, `valeurs`), quand
    certaines de leurs heures ont déjà un agrégat (`anciennes`, de la série `anciennes_series` et
    de nature `anciennes_index` chacune) dont ils suivent tous les relevés : les agrégats de tous,
    sans relire les anciens relevés. À l'identique : chaque ancien agrégat est repris comme ses deux
    relevés extrêmes, son énergie interne pour l'écart entre eux, et les sommes se font dans l'ordre
    où `resumer_par_heure_series` les ferait sur tous les relevés."""
    ts_a, valeurs_a, segments_a, _, rang = _points_et_segments(anciennes_index, anciennes)
    premiers_a = np.concatenate(([True], rang[1:] != rang[:-1]))
    ouvre_un_ecart = np.concatenate((rang[:-1] == rang[1:], [False]))  # le point suivant est le dernier du même agrégat
    tous = (
        np.concatenate((anciennes_series[rang], series)), np.concatenate((ts_a, ts)), np.concatenate((valeurs_a, valeurs)),
        np.concatenate((anciennes_index[rang], index)),
        np.concatenate((np.where(premiers_a, anciennes.nombre[rang], 0), np.ones(len(ts), np.int64))),
        np.concatenate((ouvre_un_ecart, np.zeros(len(ts), bool))),
        np.concatenate((np.append(segments_a, 0.0)[: len(ts_a)], np.zeros(len(ts)))),
    )
    ordre = np.lexsort((tous[1], tous[0]))
    series, ts, valeurs, index, nombre, ecart_ancien, interne_ancien = (colonne[ordre] for colonne in tous)
    segments = _segments(index, ts, valeurs)
    remplaces = ecart_ancien[:-1]
    segments[remplaces] = interne_ancien[:-1][remplaces]
    heure = (ts // SECONDES_PAR_HEURE).astype(np.int64)
    return _resumer(series, heure, ts, valeurs, segments, nombre, False)


def resumer_par_jour(nature: Nature, heures: Heures) -> Heures:
    """Les agrégats des jours de Paris, de toutes les heures de chacun ; `heure` y est l'heure
    de son minuit. Un jour est un agrégat comme un autre : premier et dernier relevé, nombre,
    énergie des écarts internes (les écarts entre ses heures compris)."""
    nombre = len(heures.heure)
    return resumer_par_jour_series(np.zeros(nombre, np.int64), np.full(nombre, nature is Nature.INDEX), heures)[1]


def resumer_par_jour_series(series: np.ndarray, index: np.ndarray, heures: Heures) -> tuple[np.ndarray, Heures]:
    """Comme `resumer_par_jour`, pour les agrégats horaires de plusieurs séries (triés par série
    puis par heure ; `series` et `index` : ceux de chaque agrégat)."""
    ts, valeurs, segments, _, rang = _points_et_segments(index, heures)
    plusieurs = heures.nombre > 1
    nombre = np.column_stack((heures.nombre, np.zeros(len(plusieurs), np.int64))).ravel()
    garder = np.column_stack((np.ones(len(plusieurs), bool), plusieurs)).ravel()
    jour = np.repeat(minuits_de_paris(heures.heure), 1 + plusieurs)
    return _resumer(series[rang], jour, ts, valeurs, segments, nombre[garder], True)


def minuits_de_paris(heures: np.ndarray) -> np.ndarray:
    """Pour chaque heure (instant // 3600), l'heure du minuit de Paris qui ouvre son jour."""
    uniques, rangs = np.unique(heures, return_inverse=True)
    minuits = [
        int(datetime.fromtimestamp(h * SECONDES_PAR_HEURE, PARIS).replace(hour=0).timestamp()) // SECONDES_PAR_HEURE
        for h in uniques.tolist()
    ]
    return np.array(minuits, dtype=np.int64).reshape(-1)[rangs.reshape(-1)]


def jours_touches(heures: list[int]) -> list[tuple[int, int]]:
    """Les plages [heure, heure) des jours de Paris entiers que ces heures touchent, les jours
    contigus fusionnés (un jour dure 23 à 25 heures : le suivant commence avant la 26e)."""
    debuts = np.unique(minuits_de_paris(np.array(heures, dtype=np.int64)))
    fins = minuits_de_paris(debuts + 25)
    plages: list[tuple[int, int]] = []
    for debut, fin in zip(debuts.tolist(), fins.tolist()):
        if plages and plages[-1][1] == debut:
            plages[-1] = (plages[-1][0], fin)
        else:
            plages.append((debut, fin))
    return plages


def _resumer(
    series: np.ndarray, periode: np.ndarray, ts: np.ndarray, valeurs: np.ndarray, segments: np.ndarray,
    nombre: np.ndarray, avec_ecart: bool,
) -> tuple[np.ndarray, Heures]:
    """Regroupe des points triés par (série, période) ; `segments` : l'énergie de chaque écart
    entre points. Renvoie la série de chaque groupe, et les agrégats."""
    nouvelle = np.concatenate(([True], (np.diff(periode) != 0) | (np.diff(series) != 0)))
    premiers = np.flatnonzero(nouvelle)
    derniers = np.concatenate((premiers[1:], [len(ts)])) - 1
    # Somme par période, de zéro : le même agrégat quelle que soit la plage relue autour (lots, moteurs).
    internes = np.where(nouvelle[1:], 0.0, segments)
    rang = np.cumsum(nouvelle) - 1
    return series[premiers], Heures(
        heure=periode[premiers],
        nombre=np.add.reduceat(nombre, premiers) if len(ts) else np.zeros(0, np.int64),
        t_premier=ts[premiers],
        v_premier=valeurs[premiers],
        t_dernier=ts[derniers],
        v_dernier=valeurs[derniers],
        interne=np.bincount(rang[:-1], weights=internes, minlength=len(premiers)).astype(np.float64),
        ecart_max=_ecarts_max(rang, nouvelle, ts, len(premiers)) if avec_ecart else None,
    )


def _segments(index: np.ndarray, ts: np.ndarray, valeurs: np.ndarray) -> np.ndarray:
    """L'énergie de chaque écart entre points, selon la nature de la série du point d'arrivée
    (`index` : vrai pour un point d'index, sinon de puissance)."""
    if index.all():
        return energie_des_segments(Nature.INDEX, ts, valeurs)
    if not index.any():
        return energie_des_segments(Nature.PUISSANCE, ts, valeurs)
    return np.where(index[1:], energie_des_segments(Nature.INDEX, ts, valeurs), energie_des_segments(Nature.PUISSANCE, ts, valeurs))


def _ecarts_max(rang: np.ndarray, nouvelle: np.ndarray, ts: np.ndarray, nombre_periodes: int) -> np.ndarray:
    ecarts = np.zeros(nombre_periodes)
    internes = ~nouvelle[1:]
    np.maximum.at(ecarts, rang[:-1][internes], np.diff(ts)[internes])
    return ecarts


def points_et_segments(nature: Nature, heures: Heures) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Les points (premier et dernier relevé de chaque agrégat), l'énergie de chaque écart entre
    points consécutifs et sa durée au sens des trous, prêts pour `noyau.domaine.consommation.energies`."""
    return _points_et_segments(np.full(len(heures.heure), nature is Nature.INDEX), heures)[:4]


def _points_et_segments(index: np.ndarray, heures: Heures) -> tuple[np.ndarray, ...]:
    """`points_et_segments`, `index` donné par agrégat ; plus le rang de l'agrégat de chaque point."""
    plusieurs = heures.nombre > 1
    garder = np.column_stack((np.ones(len(plusieurs), bool), plusieurs)).ravel()
    ts = np.column_stack((heures.t_premier, heures.t_dernier)).ravel()[garder]
    valeurs = np.column_stack((heures.v_premier, heures.v_dernier)).ravel()[garder]
    rang_heure = np.repeat(np.arange(len(plusieurs)), 1 + plusieurs)
    segments = _segments(index[rang_heure], ts, valeurs)
    internes = rang_heure[:-1] == rang_heure[1:]
    segments[internes] = heures.interne[rang_heure[:-1][internes]]
    ecarts = np.diff(ts)
    if heures.ecart_max is not None:
        ecarts[internes] = heures.ecart_max[rang_heure[:-1][internes]]
    return ts, valeurs, segments, ecarts, rang_heure


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


def alignees_sur_le_jour(bornes: np.ndarray) -> bool:
    """Vrai si chaque borne est un minuit de Paris (UTC+1 ou UTC+2)."""
    if not np.all(((bornes + 3600) % 86400 == 0) | ((bornes + 7200) % 86400 == 0)):
        return False
    heures = (bornes // SECONDES_PAR_HEURE).astype(np.int64)
    return bool(np.all(minuits_de_paris(heures) == heures))
