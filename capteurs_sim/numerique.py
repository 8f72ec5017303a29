"""Les équipements numériques simulés : quelques lycées ont des sous-compteurs numériques.

Trois lycées (`EQUIPES`) ont, derrière leur compteur `principal`, des sous-compteurs d'usage
`numerique-…` (contrat, section 4). Puissances en kW pour 10 000 m², à l'échelle de la surface,
avec le bruit horaire des autres profils :

- `serveurs` (salle de serveurs et sa climatisation) : 3 kW en continu ; leur extinction est
  programmée les jours sans classe (week-ends, vacances, jours fériés) : 1,2 kW, les serveurs
  indispensables seuls ;
- `reseau` (commutateurs, bornes Wi-Fi) : 0,8 kW en continu, 0,3 de plus pendant l'ouverture ;
- `informatique` (postes des salles informatiques) : 0,2 kW en veille, 4 kW pendant l'ouverture
  d'un jour de classe ;
- `recharge` (chariots d'ordinateurs portables) : 0,06 kW en veille, 1,6 kW de 17 h à 21 h les
  jours de classe (la charge d'après les cours) ;
- `affichage` (écrans interactifs) : 0,3 kW en veille, 2,4 kW pendant l'ouverture.

Un oubli planté (`ServeursAllumes`, placé par `capteurs_sim.pannes`) : l'extinction programmée de
la salle de serveurs de `OUBLI` n'a pas joué pendant les dernières vacances finies une semaine
avant la référence ; les vacances d'avant, elle avait joué. L'alerte `numerique-hors-occupation`
le voit dès le premier jour ouvré de ces vacances.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from capteurs_sim import hasard
from capteurs_sim.contexte import Contexte
from noyau.domaine.calendrier import ZONE_BRETAGNE, est_vacances
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Site
from noyau.domaine.temps import PARIS

NOMS = {"numerique-serveurs": "serveurs", "numerique-reseau": "reseau", "numerique-salle": "informatique",
        "numerique-recharge": "recharge", "numerique-affichage": "affichage"}
EQUIPES = {
    "0350028R": tuple(NOMS),  # Bréquigny, Rennes : tout
    "0290008B": ("numerique-serveurs", "numerique-reseau", "numerique-salle"),  # Amiral Ronarc'h, Brest
    "0560025Y": ("numerique-serveurs", "numerique-salle", "numerique-recharge", "numerique-affichage"),  # Dupuy de Lôme
}
OUBLI = "0290008B"
BRUIT = 0.07


@dataclass(frozen=True)
class ServeursAllumes:
    """L'extinction programmée des serveurs d'un lycée n'a pas joué sur [debut, fin)."""

    uai: str
    debut: float
    fin: float


def compteurs(site: Site) -> list[Compteur]:
    """Les sous-compteurs numériques du lycée (aucun s'il n'est pas équipé)."""
    return [Compteur(site.uai, NOMS[usage], Energie.ELECTRICITE, False, usage) for usage in EQUIPES.get(site.uai, ())]


def energies(site: Site, c: Contexte, heures: np.ndarray, graine: int, allumes: np.ndarray) -> dict[str, np.ndarray]:
    """L'énergie (kWh) de chaque heure de chaque sous-compteur numérique du lycée ; `allumes`
    marque les heures où l'extinction programmée des serveurs n'a pas joué."""
    echelle = site.surface_m2 / 10_000
    ouvert, h = c.ouvert.astype(float), c.heure
    profils = {
        "numerique-serveurs": np.where(c.classe | allumes, 3.0, 1.2),
        "numerique-reseau": 0.8 + 0.3 * ouvert,
        "numerique-salle": 0.2 + 3.8 * ouvert,
        "numerique-recharge": 0.06 + 1.54 * (c.classe & (h >= 17.0) & (h < 21.0)),
        "numerique-affichage": 0.3 + 2.1 * ouvert,
    }
    resultat = {}
    for usage in EQUIPES.get(site.uai, ()):
        bruit = hasard.normale(hasard.cle(graine, site.uai, usage), heures)
        resultat[NOMS[usage]] = profils[usage] * echelle * np.clip(1.0 + BRUIT * bruit, 0.6, 1.4)
    return resultat


def planifier_oubli(uais: list[str], reference: date) -> tuple[ServeursAllumes, ...]:
    """L'oubli des serveurs de `OUBLI` (s'il est simulé) pendant les dernières vacances finies
    une semaine avant `reference`, de leur premier à leur dernier jour (heure de Paris)."""
    if OUBLI not in uais:
        return ()
    jour = reference - timedelta(days=7)
    while est_vacances(jour, ZONE_BRETAGNE):
        jour -= timedelta(days=1)
    while not est_vacances(jour, ZONE_BRETAGNE):
        jour -= timedelta(days=1)
    fin = jour + timedelta(days=1)
    while est_vacances(jour - timedelta(days=1), ZONE_BRETAGNE):
        jour -= timedelta(days=1)
    return (ServeursAllumes(OUBLI, _minuit(jour), _minuit(fin)),)


def serveurs_allumes(oublis: tuple[ServeursAllumes, ...], uai: str, instants: np.ndarray) -> np.ndarray:
    masque = np.zeros(len(instants), dtype=bool)
    for oubli in oublis:
        if oubli.uai == uai:
            masque |= (instants >= oubli.debut) & (instants < oubli.fin)
    return masque


def _minuit(jour: date) -> float:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS).timestamp()
