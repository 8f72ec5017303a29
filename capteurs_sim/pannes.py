"""Les incidents plantés dans la simulation, et une économie : de quoi nourrir la qualité et les défis.

Tout est tiré de la graine et placé par rapport à une date de `reference` (par défaut le
1er du mois courant, pour que les incidents tombent dans les 13 derniers mois) :

- `Coupure` perdue : le kit d'un lycée est hors ligne 30 heures, ses relevés sont perdus
  (périodes incomplètes côté collecteur), environ 40 jours avant la référence ;
- `Coupure` rattrapée : un autre kit est hors ligne 52 heures mais garde ses relevés et les
  envoie d'un coup en tableaux à son retour (en historique : à la fin, donc en retard et dans
  le désordre), environ 20 jours avant la référence ;
- `RemiseAZero` : le compteur `principal` d'un lycée repart de zéro une fois (compteur
  remplacé), environ 150 jours avant la référence ;
- `ChauffageOublie` : un lycée laisse son chauffage en confort tout un week-end (du vendredi
  18 h au lundi 6 h), le dernier week-end de novembre à mars au moins 30 jours avant ;
- une économie : un lycée réduit de 30 % sa consommation électrique de nuit (20 h - 6 h) à
  partir d'une date, 90 jours avant la référence, et s'y tient (un `Ecart`, capteurs_sim.ecarts) ;
- `ServeursAllumes` : les serveurs d'un lycée équipé restent allumés pendant ses dernières
  vacances (capteurs_sim.numerique).

Les lycées concernés sont distincts tant qu'il y en a assez. La démonstration y ajoute la vie
d'un parc réel (capteurs_sim.scenario) : `Pannes` porte aussi ses écarts, ses messages fautifs
et les alertes que ses surconsommations doivent lever.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np

from capteurs_sim.ecarts import Ecart, Moments, Usage
from capteurs_sim.lycees import Lycee
from capteurs_sim.numerique import ServeursAllumes, planifier_oubli
from noyau.domaine.temps import PARIS


@dataclass(frozen=True)
class Coupure:
    uai: str
    debut: float
    fin: float
    rattrapage: bool  # vrai : relevés gardés puis envoyés au retour ; faux : perdus
    compteur: str | None = None  # None : tout le kit du lycée ; sinon ce seul compteur

    def touche(self, uai: str, compteur: str) -> bool:
        return self.uai == uai and self.compteur in (None, compteur)


@dataclass(frozen=True)
class RemiseAZero:
    uai: str
    compteur: str
    instant: float


@dataclass(frozen=True)
class ChauffageOublie:
    uai: str
    debut: float
    fin: float


@dataclass(frozen=True)
class MessageFautif:
    """Un message qu'un kit déréglé envoie et que le collecteur doit mettre en quarantaine."""

    envoye_le: float
    sujet: str
    charge: bytes
    motif: str  # le motif de quarantaine attendu
    releves: int = 1  # objets relevés du message (1 s'il est illisible)


@dataclass(frozen=True)
class Surconsommation:
    """Un écart qui surconsomme, et l'alerte qu'il doit lever (règle, jour)."""

    ecart: Ecart
    regle: str
    jour: date


@dataclass(frozen=True)
class Pannes:
    coupures: tuple[Coupure, ...] = ()
    remises: tuple[RemiseAZero, ...] = ()
    chauffages: tuple[ChauffageOublie, ...] = ()
    ecarts: tuple[Ecart, ...] = ()  # économies et surconsommations : des facteurs sur l'énergie
    numeriques: tuple[ServeursAllumes, ...] = ()
    fautifs: tuple[MessageFautif, ...] = ()
    surconsommations: tuple[Surconsommation, ...] = ()

    def hors_ligne(self, uai: str, compteur: str, instants: np.ndarray, rattrapage: bool) -> np.ndarray:
        """Les instants où ce compteur du lycée est coupé (coupures rattrapées ou perdues)."""
        masque = np.zeros(len(instants), dtype=bool)
        for c in self.coupures:
            if c.touche(uai, compteur) and c.rattrapage == rattrapage:
                masque |= (instants >= c.debut) & (instants < c.fin)
        return masque

    def rattrapees(self, uai: str, compteur: str, apres: float, jusqu_a: float) -> list[Coupure]:
        """Les coupures rattrapées de ce compteur qui finissent dans ]apres, jusqu_a] : le kit
        envoie alors d'un coup ce qu'il a gardé."""
        return [c for c in self.coupures if c.rattrapage and c.touche(uai, compteur) and apres < c.fin <= jusqu_a]

    def remise(self, uai: str, compteur: str) -> float | None:
        return next((r.instant for r in self.remises if (r.uai, r.compteur) == (uai, compteur)), None)

    def chauffage_force(self, uai: str, instants: np.ndarray) -> np.ndarray:
        masque = np.zeros(len(instants), dtype=bool)
        for c in self.chauffages:
            if c.uai == uai:
                masque |= (instants >= c.debut) & (instants < c.fin)
        return masque


def reference_par_defaut() -> date:
    """Le 1er du mois courant à Paris : stable tout le mois."""
    return datetime.now(PARIS).date().replace(day=1)


def planifier(lycees: list[Lycee], graine: int, reference: date) -> Pannes:
    """Les incidents de la simulation, reproductibles pour une graine et une référence."""
    if not lycees:
        return Pannes()
    tirage = np.random.default_rng(graine)
    ordre = tirage.permutation(len(lycees))
    choisi = [lycees[ordre[k % len(lycees)]].uai for k in range(5)]
    heures = tirage.integers(0, 12, size=4)

    def instant(jours_avant: int, heure: int) -> float:
        return _a_paris(reference - timedelta(days=jours_avant), time(int(heure))).timestamp()

    perdue = instant(40, 6 + heures[0])
    rattrapee = instant(20, 6 + heures[1])
    vendredi = _vendredi_d_hiver(reference - timedelta(days=30))
    return Pannes(
        coupures=(
            Coupure(choisi[0], perdue, perdue + 30 * 3600, rattrapage=False),
            Coupure(choisi[1], rattrapee, rattrapee + 52 * 3600, rattrapage=True),
        ),
        remises=(RemiseAZero(choisi[2], "principal", instant(150, 8 + heures[2])),),
        chauffages=(
            ChauffageOublie(
                choisi[3],
                _a_paris(vendredi, time(18)).timestamp(),
                _a_paris(vendredi + timedelta(days=3), time(6)).timestamp(),
            ),
        ),
        ecarts=(Ecart(choisi[4], Usage.ELECTRICITE, 0.7, instant(90, 0), moments=Moments.NUIT),),
        numeriques=planifier_oubli([lycee.uai for lycee in lycees], reference),
    )


def _vendredi_d_hiver(avant: date) -> date:
    """Le dernier vendredi au plus tard `avant`, dans un mois de novembre à mars."""
    jour = avant - timedelta(days=(avant.weekday() - 4) % 7)
    while jour.month not in (11, 12, 1, 2, 3):
        jour -= timedelta(days=7)
    return jour


def _a_paris(jour: date, heure: time) -> datetime:
    return datetime.combine(jour, heure, tzinfo=PARIS)
