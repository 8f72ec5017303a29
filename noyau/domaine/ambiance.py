"""Les statistiques horaires d'une mesure sans énergie (température, CO2, humidité d'une sonde) :
assez pour donner, sans les relevés bruts, la moyenne, le minimum et le maximum de toute période
alignée sur l'heure.

Pour chaque heure non vide : le nombre de relevés, leur somme, le plus petit et le plus grand.
Une période faite d'heures entières (les pas `heure` et `jour` de Paris, dont le décalage est
d'heures entières) réunit ses heures : nombre et somme s'ajoutent, la moyenne est la somme sur
le nombre (moyenne arithmétique des relevés, pas des heures), le minimum est le plus petit des
minimums. Les mêmes nombres avant et après la purge des relevés bruts : ils viennent toujours de
ces agrégats.
"""

from dataclasses import dataclass

import numpy as np

SECONDES_PAR_HEURE = 3600


@dataclass(frozen=True)
class HeuresAmbiance:
    """Une ligne par heure non vide, triées par heure."""

    heure: np.ndarray  # instant de début de l'heure // 3600
    nombre: np.ndarray
    somme: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray

    @property
    def moyenne(self) -> np.ndarray:
        return self.somme / self.nombre


def aucune_heure() -> HeuresAmbiance:
    vide = np.zeros(0)
    return HeuresAmbiance(np.zeros(0, np.int64), np.zeros(0, np.int64), vide, vide, vide)


@dataclass(frozen=True)
class Statistique:
    """Les relevés d'une grandeur sur une période : moyenne arithmétique, extrêmes, nombre."""

    moyenne: float
    minimum: float
    maximum: float
    releves: int


def resumer_ambiance(ts: np.ndarray, valeurs: np.ndarray) -> HeuresAmbiance:
    """Les statistiques des heures couvertes par ces relevés (tous les relevés de chaque heure)."""
    return resumer_ambiance_series(np.zeros(len(ts), np.int64), ts, valeurs)[1]


def resumer_ambiance_series(series: np.ndarray, ts: np.ndarray, valeurs: np.ndarray) -> tuple[np.ndarray, HeuresAmbiance]:
    """Comme `resumer_ambiance`, pour plusieurs séries d'un coup (celles d'un lot écrit) : points
    triés par série puis par instant ; `series` : la série de chaque point (un entier). Renvoie la
    série de chaque agrégat, et les agrégats."""
    if not len(ts):
        return np.zeros(0, np.int64), aucune_heure()
    heure = (np.asarray(ts) // SECONDES_PAR_HEURE).astype(np.int64)
    nouvelle = np.concatenate(([True], (np.diff(heure) != 0) | (np.diff(series) != 0)))
    debuts = np.flatnonzero(nouvelle)
    return series[debuts], HeuresAmbiance(
        heure=heure[debuts],
        nombre=np.diff(np.append(debuts, len(ts))).astype(np.int64),
        somme=np.add.reduceat(valeurs, debuts).astype(np.float64),
        minimum=np.minimum.reduceat(valeurs, debuts).astype(np.float64),
        maximum=np.maximum.reduceat(valeurs, debuts).astype(np.float64),
    )


def par_periode(heures: HeuresAmbiance, limites: np.ndarray) -> list[Statistique | None]:
    """La statistique de chaque période [limites[k], limites[k + 1]) (bornes à l'heure pleine,
    secondes Unix) ; None pour une période sans relevé."""
    debuts = heures.heure * SECONDES_PAR_HEURE
    rangs = np.searchsorted(limites, debuts, side="right") - 1  # la période de chaque heure
    dedans = (rangs >= 0) & (rangs < len(limites) - 1)
    resultat: list[Statistique | None] = [None] * (len(limites) - 1)
    rangs = rangs[dedans]
    if not len(rangs):
        return resultat
    premiers = np.flatnonzero(np.concatenate(([True], np.diff(rangs) != 0)))
    nombre = np.add.reduceat(heures.nombre[dedans], premiers)
    somme = np.add.reduceat(heures.somme[dedans], premiers)
    minimum = np.minimum.reduceat(heures.minimum[dedans], premiers)
    maximum = np.maximum.reduceat(heures.maximum[dedans], premiers)
    for k, rang in enumerate(rangs[premiers].tolist()):
        resultat[rang] = Statistique(float(somme[k] / nombre[k]), float(minimum[k]), float(maximum[k]), int(nombre[k]))
    return resultat
