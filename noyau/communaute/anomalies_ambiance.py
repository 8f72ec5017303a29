"""Ce qui cloche dans l'air et la chaleur des salles d'un lycée : de quoi lever les alertes
`surchauffe`, `co2` et `chauffage-inoccupe` (noyau.communaute.alertes).

Des moyennes et minimums horaires des sondes de salle (noyau.calculs.confort) et de l'occupation
heure par heure (noyau.calculs.occupation), sur les `jours` qui précèdent aujourd'hui :

- **surchauffe**, par semaine finie (du lundi au dimanche) de la saison de chauffe : les salles dont
  la température moyenne pendant les cours des jours de chauffe (moins de 12 °C dehors,
  noyau.calculs.confort) dépasse `surchauffe_c` (21 °C par défaut : 2 °C de plus que les 19 °C de
  l'art. R241-26 du code de l'énergie), sur au moins `HEURES_MIN` heures de cours ;
- **co2**, par semaine finie : les salles restées au-dessus de 1 500 ppm pendant une heure de cours
  entière (le plus bas relevé de l'heure au-dessus : plus d'une heure d'affilée, à l'heure près) ;
- **chauffage-inoccupe**, par fermeture (lycée vide sans interruption, week-end ou vacances, dans la
  saison de chauffe) : les salles dont la température moyenne, passé 24 h d'inoccupation, dépasse
  16 °C (art. R241-27 : 16 °C de 24 à 48 h, 8 °C au-delà) et la température extérieure de 6 °C
  au moins (noyau.calculs.confort.chauffee : la douceur de l'automne tient seule une salle vide
  au-dessus de 16 °C), jugée dès `HEURES_MIN` heures au-delà des 24 premières.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from noyau.calculs.ambiance import nom_de_salle, salles_du_lycee
from noyau.calculs.confort import CO2_ACTION_PPM, CONSIGNE_MAX_C, LIMITE_24H_C, chauffee, exterieur_par_heure, jour_de_chauffe
from noyau.calculs.horaires import horaires_du_lycee
from noyau.calculs.occupation import Occupation, aligner, occupation
from noyau.communaute.regles import Regle
from noyau.domaine.modele import Compteur, Grandeur
from noyau.domaine.temps import PARIS, a_paris
from noyau.stockage import Stockage

HEURES_MIN = 12
SURCHAUFFE_C = CONSIGNE_MAX_C + 2.0


@dataclass(frozen=True)
class SalleEnCause:
    salle: str
    valeur: float  # °C moyen (surchauffe, chauffage-inoccupe), ou heures au-dessus de 1 500 ppm (co2)
    jours: tuple[date, ...] = ()  # co2 : les jours concernés


@dataclass(frozen=True)
class ConstatAmbiance:
    regle: Regle  # surchauffe, co2, chauffage-inoccupe
    jour: date  # le lundi de la semaine, ou le premier jour de la fermeture
    salles: tuple[SalleEnCause, ...]
    depuis: float | None = None  # chauffage-inoccupe : la fin de la dernière heure occupée


@dataclass(frozen=True)
class _Salle:
    nom: str
    temperature: np.ndarray  # moyenne horaire, NaN sans relevé
    co2_minimum: np.ndarray


def constats_ambiance(stockage: Stockage, uai: str, aujourd_hui: date, jours: int, surchauffe_c: float = SURCHAUFFE_C) -> list[ConstatAmbiance]:
    """Les surchauffes, manques d'air et salles chauffées lycée vide des `jours` avant `aujourd_hui`."""
    sondes = salles_du_lycee(stockage, uai)
    if not sondes:
        return []
    debut, fin = _minuit(aujourd_hui - timedelta(days=jours)), _minuit(aujourd_hui)
    occupees = occupation(horaires_du_lycee(stockage, uai), debut, fin)
    salles = [_lire(stockage, sonde, occupees, debut, fin) for sonde in sondes]
    semaines = _semaines(occupees, aujourd_hui - timedelta(days=jours), aujourd_hui)
    exterieur = exterieur_par_heure(stockage, uai, occupees)
    return [*_surchauffes(occupees, salles, semaines, surchauffe_c, exterieur), *_manques_d_air(occupees, salles, semaines),
            *_chauffages_inoccupes(occupees, salles, exterieur)]


def _lire(stockage: Stockage, sonde: Compteur, occupees: Occupation, debut: float, fin: float) -> _Salle:
    temperatures = stockage.lire_heures_ambiance(sonde.uai, sonde.compteur, Grandeur.TEMPERATURE_C, debut, fin)
    co2 = stockage.lire_heures_ambiance(sonde.uai, sonde.compteur, Grandeur.CO2_PPM, debut, fin)
    return _Salle(nom_de_salle(sonde.compteur, sonde.usage), aligner(occupees, temperatures.heure, temperatures.moyenne),
                  aligner(occupees, co2.heure, co2.minimum))


def _semaines(occupees: Occupation, premier: date, aujourd_hui: date) -> dict[date, np.ndarray]:
    """Le lundi de chaque semaine finie de la fenêtre, et ses heures (masque)."""
    jours = np.array([a_paris(h * 3600).date() for h in occupees.heures.tolist()])
    lundis = np.array([j - timedelta(days=j.weekday()) for j in jours])
    return {lundi: lundis == lundi for lundi in sorted(set(lundis.tolist()))
            if lundi >= premier and lundi + timedelta(days=7) <= aujourd_hui}


def _surchauffes(occupees: Occupation, salles: list[_Salle], semaines: dict, seuil: float,
                 exterieur: np.ndarray) -> list[ConstatAmbiance]:
    constats = []
    for lundi, dans in semaines.items():
        en_cause = []
        for salle in salles:
            comptees = dans & occupees.saison & np.isfinite(salle.temperature) & jour_de_chauffe(exterieur)
            poids = np.where(comptees, np.nan_to_num(occupees.ouverture), 0.0)
            if poids.sum() >= HEURES_MIN:
                moyenne = float((poids * np.nan_to_num(salle.temperature)).sum() / poids.sum())
                en_cause += [SalleEnCause(salle.nom, moyenne)] if moyenne > seuil else []
        if en_cause:
            constats.append(ConstatAmbiance(Regle.SURCHAUFFE, lundi, tuple(sorted(en_cause, key=lambda s: -s.valeur))))
    return constats


def _manques_d_air(occupees: Occupation, salles: list[_Salle], semaines: dict) -> list[ConstatAmbiance]:
    constats = []
    for lundi, dans in semaines.items():
        en_cause = []
        for salle in salles:
            confinees = dans & (np.nan_to_num(occupees.ouverture) > 0) & (np.nan_to_num(salle.co2_minimum) > CO2_ACTION_PPM)
            if confinees.any():
                jours = sorted({a_paris(h * 3600).date() for h in occupees.heures[confinees].tolist()})
                en_cause.append(SalleEnCause(salle.nom, float(confinees.sum()), tuple(jours)))
        if en_cause:
            constats.append(ConstatAmbiance(Regle.CO2, lundi, tuple(sorted(en_cause, key=lambda s: -s.valeur))))
    return constats


def _chauffages_inoccupes(occupees: Occupation, salles: list[_Salle], exterieur: np.ndarray) -> list[ConstatAmbiance]:
    """Chaque fermeture est reconnue à sa dernière heure occupée (heure − temps écoulé)."""
    vide = occupees.saison & (occupees.vide_depuis >= 24) & np.isfinite(occupees.vide_depuis)
    debuts = (occupees.heures - occupees.vide_depuis)[vide]
    constats = []
    for depuis in sorted(set(debuts.tolist())):
        dans = np.zeros(len(vide), bool)
        dans[np.flatnonzero(vide)[debuts == depuis]] = True
        en_cause = []
        for salle in salles:
            mesurees = dans & np.isfinite(salle.temperature) & np.isfinite(exterieur)
            if mesurees.sum() < HEURES_MIN:
                continue
            moyenne, dehors = float(salle.temperature[mesurees].mean()), exterieur[mesurees].mean()
            en_cause += [SalleEnCause(salle.nom, moyenne)] if moyenne > LIMITE_24H_C and chauffee(moyenne, dehors) else []
        if en_cause:
            debut = float(depuis) * 3600
            constats.append(ConstatAmbiance(Regle.CHAUFFAGE_INOCCUPE, a_paris(debut).date(), tuple(sorted(en_cause, key=lambda s: -s.valeur)), debut))
    return constats


def _minuit(jour: date) -> float:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS).timestamp()
