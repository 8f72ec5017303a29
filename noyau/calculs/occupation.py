"""L'occupation d'un lycée heure par heure, pour juger l'air et la chaleur de ses salles :
la part de chaque heure pendant les horaires d'ouverture d'un jour de classe (noyau.calculs.horaires,
au prorata quand une borne d'horaire la coupe), la saison de chauffe (noyau.domaine.calendrier),
et depuis combien d'heures le lycée est vide.

Le temps d'inoccupation d'une heure est compté de la fin de la dernière heure occupée (même en
partie) au début de cette heure, en heures écoulées : un dimanche du changement d'heure compte
23 ou 25 heures. Il est cherché jusqu'à `RECUL_H` heures en arrière (au-delà : infini) ; une heure
dont le calendrier des vacances ne connaît pas le jour n'est pas classée (part d'ouverture NaN) et
ne compte pas comme vide.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from noyau.calculs.horaires import Horaires, repartir_heure
from noyau.domaine.calendrier import est_saison_de_chauffe
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import a_paris

RECUL_H = 21 * 24  # trois semaines : les vacances de Noël et les week-ends qui les bordent


@dataclass(frozen=True)
class Occupation:
    """Des tableaux alignés sur les heures [debut, fin) (instant de début // 3600)."""

    heures: np.ndarray
    ouverture: np.ndarray  # part de l'heure pendant les cours, de 0 à 1 ; NaN : jour inconnu du calendrier
    saison: np.ndarray  # dans la saison de chauffe (1er octobre - 20 mai)
    vide_depuis: np.ndarray  # heures écoulées depuis la fin de la dernière heure occupée (inf : plus de RECUL_H)

    def rang(self, heure: int) -> int:
        return heure - int(self.heures[0])


def occupation(horaires: Horaires, debut: float, fin: float) -> Occupation:
    """L'occupation des heures de [debut, fin) (bornes à l'heure pleine, secondes Unix)."""
    return _occupation(horaires, int(debut // 3600), int(-(-fin // 3600)))


@lru_cache(maxsize=64)
def _occupation(horaires: Horaires, premiere: int, fin: int) -> Occupation:
    heures = np.arange(premiere - RECUL_H, fin, dtype=np.int64)
    ouverture = np.array([_part_d_ouverture(horaires, h) for h in heures.tolist()])
    vide_depuis = np.full(len(heures), np.inf)
    fin_occupee = None
    for k, (heure, part) in enumerate(zip(heures.tolist(), ouverture.tolist())):
        if fin_occupee is not None:
            vide_depuis[k] = heure - fin_occupee
        if part > 0 or np.isnan(part):  # un jour inconnu n'est pas compté comme vide
            fin_occupee = heure + 1
    saison = np.array([est_saison_de_chauffe(a_paris(h * 3600).date()) for h in heures[RECUL_H:].tolist()], dtype=bool)
    return Occupation(heures[RECUL_H:], ouverture[RECUL_H:], saison, vide_depuis[RECUL_H:])


def _part_d_ouverture(horaires: Horaires, heure: int) -> float:
    try:
        return repartir_heure(horaires, heure * 3600, heure * 3600 + 3600).get("ouverture", 0.0)
    except DonneeInvalide:  # au-delà des années du calendrier des vacances
        return np.nan


def aligner(occupees: Occupation, heures: np.ndarray, valeurs: np.ndarray) -> np.ndarray:
    """Des valeurs horaires (`heures` : instant // 3600) sur les heures de l'occupation ; NaN pour
    une heure sans valeur."""
    alignees = np.full(len(occupees.heures), np.nan)
    rangs = heures - (occupees.heures[0] if len(occupees.heures) else 0)
    dedans = (rangs >= 0) & (rangs < len(alignees))
    alignees[rangs[dedans]] = valeurs[dedans]
    return alignees
