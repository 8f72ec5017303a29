"""Le calendrier scolaire mis en tableaux : pour chaque instant, l'heure locale et l'occupation.

Les drapeaux de chaque jour viennent de `noyau.domaine.calendrier` (jours fériés, vacances de la zone,
fermetures de l'établissement, horaires d'ouverture) : calculés une fois par date distincte, puis étalés sur les instants.
L'heure locale est celle de Paris, changements d'heure compris.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd

from noyau.domaine.calendrier import CalendrierScolaire, Fermeture, est_ferie, est_jour_de_classe
from noyau.domaine.temps import PARIS

DEBUT_NUIT_INTERNAT = 17.0  # les internes rentrent en fin d'après-midi
FIN_NUIT_INTERNAT = 8.0


@dataclass(frozen=True)
class Contexte:
    """Des tableaux alignés sur les instants demandés."""

    heure: np.ndarray  # heure locale décimale, de 0 à 24
    jour_semaine: np.ndarray  # 0 = lundi
    mois: np.ndarray  # 1 à 12
    classe: np.ndarray  # jour de classe
    ouvre: np.ndarray  # du lundi au vendredi, hors jour férié (le personnel est là)
    ouvert: np.ndarray  # jour de classe et dans les horaires d'ouverture
    internat: np.ndarray  # internes présents (soirée avant un jour de classe, matin d'un jour de classe)


def contexte(instants: np.ndarray, calendrier: CalendrierScolaire) -> Contexte:
    """Le contexte scolaire aux instants (secondes Unix) pour ce calendrier."""
    locaux = pd.to_datetime(np.asarray(instants, dtype=np.float64), unit="s", utc=True).tz_convert(PARIS)
    heure = np.asarray(locaux.hour + locaux.minute / 60.0 + locaux.second / 3600.0, dtype=np.float64)
    jour_semaine = np.asarray(locaux.day_of_week, dtype=np.int64)
    rangs, dates = pd.factorize(locaux.date)
    drapeaux = np.array([_drapeaux_du_jour(j, calendrier.zone, calendrier.fermetures) for j in dates], dtype=bool).reshape(-1, 3)
    classe, ouvre, classe_du_lendemain = drapeaux[rangs].T
    internat = (heure >= DEBUT_NUIT_INTERNAT) & classe_du_lendemain | (heure < FIN_NUIT_INTERNAT) & classe
    return Contexte(
        heure=heure,
        jour_semaine=jour_semaine,
        mois=np.asarray(locaux.month, dtype=np.int64),
        classe=classe,
        ouvre=ouvre,
        ouvert=classe & _dans_les_horaires(calendrier, jour_semaine, heure),
        internat=internat,
    )


@lru_cache(maxsize=8192)
def _drapeaux_du_jour(jour: date, zone: str, fermetures: tuple[Fermeture, ...]) -> tuple[bool, bool, bool]:
    """(jour de classe, jour ouvré, lendemain jour de classe) ; un jour de fermeture est ouvré (le
    personnel peut être là), sans classe, comme un jour de vacances."""
    ouvre = jour.weekday() < 5 and not est_ferie(jour)
    return est_jour_de_classe(jour, zone, fermetures), ouvre, est_jour_de_classe(jour + timedelta(days=1), zone, fermetures)


def _dans_les_horaires(calendrier: CalendrierScolaire, jour_semaine: np.ndarray, heure: np.ndarray) -> np.ndarray:
    ouvert = np.zeros(len(heure), dtype=bool)
    for jour in range(7):
        for plage in calendrier.horaires.du_jour(jour):
            debut = plage.debut.hour + plage.debut.minute / 60.0
            fin = plage.fin.hour + plage.fin.minute / 60.0
            ouvert |= (jour_semaine == jour) & (heure >= debut) & (heure < fin)
    return ouvert
