"""Les écarts au profil d'un lycée : ce qui change ses courbes à partir d'un jour.

Une action de la communauté qui économise (veilles coupées le week-end, consigne de chauffage
abaissée, ventilation programmée la nuit), un incident qui surconsomme (ateliers allumés toute
une nuit, fuite d'eau) : un facteur sur l'énergie horaire d'un usage du lycée, sur [debut, fin),
à certains moments de la semaine. L'électricité est touchée d'un bloc (compteur principal et
sous-compteurs, qui restent ainsi cohérents), sauf les sous-compteurs numériques, qui suivent leur
propre simulation (capteurs_sim.numerique) ; le chauffage et l'eau chacun à part.
"""

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from capteurs_sim.contexte import Contexte
from capteurs_sim.lycees import Genre

DEBUT_NUIT = 20.0  # heures locales
FIN_NUIT = 6.0


class Usage(StrEnum):
    ELECTRICITE = "electricite"
    CHAUFFAGE = "chauffage"
    EAU = "eau"


class Moments(StrEnum):
    TOUJOURS = "toujours"
    NUIT = "nuit"  # de 20 h à 6 h
    JOURNEE = "journee"  # de 6 h à 20 h
    WEEK_END = "week-end"
    OUVERTURE = "ouverture"  # jour de classe, dans les horaires
    HORS_OUVERTURE = "hors-ouverture"


GENRES = {
    Usage.ELECTRICITE: (Genre.ELECTRICITE, Genre.CANTINE, Genre.ATELIERS, Genre.INTERNAT),
    Usage.CHAUFFAGE: (Genre.CHAUFFAGE,),
    Usage.EAU: (Genre.EAU,),
}


@dataclass(frozen=True)
class Ecart:
    uai: str
    usage: Usage
    facteur: float  # 0,8 : 20 % de moins ; 2 : le double
    debut: float  # secondes Unix
    fin: float = math.inf
    moments: Moments = Moments.TOUJOURS


def facteurs(ecarts: tuple[Ecart, ...], uai: str, genre: Genre, instants: np.ndarray, c: Contexte) -> np.ndarray:
    """Le facteur de chaque instant pour ce capteur du lycée (1 hors de tout écart) ; `c` est le
    contexte scolaire des mêmes instants."""
    facteur = np.ones(len(instants))
    for ecart in ecarts:
        if ecart.uai == uai and genre in GENRES[ecart.usage]:
            touches = (instants >= ecart.debut) & (instants < ecart.fin) & _moments(ecart.moments, c)
            facteur[touches] *= ecart.facteur
    return facteur


def _moments(moments: Moments, c: Contexte) -> np.ndarray | bool:
    if moments is Moments.NUIT:
        return (c.heure >= DEBUT_NUIT) | (c.heure < FIN_NUIT)
    if moments is Moments.JOURNEE:
        return (c.heure >= FIN_NUIT) & (c.heure < DEBUT_NUIT)
    if moments is Moments.WEEK_END:
        return c.jour_semaine >= 5
    if moments is Moments.OUVERTURE:
        return c.ouvert
    if moments is Moments.HORS_OUVERTURE:
        return ~c.ouvert
    return True
