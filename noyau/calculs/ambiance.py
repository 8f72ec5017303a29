"""L'air des salles : ce que mesurent les sondes d'ambiance d'un lycée, par heure ou par jour
(contrat, section 4, `GET /api/v1/sites/{uai}/ambiance`).

- Une **sonde** est un compteur sans énergie (température, CO2, humidité) : les sondes de salle et
  la sonde extérieure. Sa salle se lit dans son nom (`salle-b12` : « salle B12 ») ou son usage.
- Pour chaque période (pas `heure` ou `jour`, coupé à l'heure de Paris comme la consommation) et
  chaque grandeur : la moyenne arithmétique, le minimum et le maximum des relevés dont l'instant
  tombe dans [debut, fin) de la période, et leur nombre ; rien (None) quand la sonde n'a rien
  envoyé de cette grandeur. Une période où la sonde n'a rien envoyé du tout est absente.
- Tout vient des statistiques horaires que le stockage tient à jour et garde après la purge des
  relevés bruts (noyau.domaine.ambiance) : la même réponse avant et après la purge. Les bornes
  tombent donc sur une heure pleine (une date, ou un instant à l'heure pile).
"""

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from noyau.calculs.lecture import site
from noyau.calculs.meteo import sonde_exterieure
from noyau.domaine.agregats import alignees_sur_l_heure
from noyau.domaine.ambiance import Statistique, par_periode
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.modele import Compteur, Grandeur
from noyau.domaine.periodes import Pas, bornes
from noyau.stockage import Stockage

GRANDEURS = (Grandeur.TEMPERATURE_C, Grandeur.CO2_PPM, Grandeur.HUMIDITE_PCT)
PAS_AMBIANCE = (Pas.HEURE, Pas.JOUR)
RECUL_AIR_H = 2


@dataclass(frozen=True)
class PointAmbiance:
    debut: float
    fin: float
    grandeurs: dict[Grandeur, Statistique | None]


@dataclass(frozen=True)
class Sonde:
    compteur: str
    usage: str
    points: list[PointAmbiance]

    @property
    def salle(self) -> str:
        return nom_de_salle(self.compteur, self.usage)


@dataclass(frozen=True)
class Ambiance:
    uai: str
    pas: Pas
    sondes: list[Sonde]


def nom_de_salle(compteur: str, usage: str = "") -> str:
    """« salle B12 » pour `salle-b12` ; sinon l'usage déclaré, ou le nom du compteur."""
    if compteur.startswith("salle-"):
        return f"salle {compteur.removeprefix('salle-').upper()}"
    return usage or compteur


def sondes_du_lycee(stockage: Stockage, uai: str, compteur: str | None = None) -> list[Compteur]:
    """Les sondes du lycée (compteurs sans énergie), ou la seule sonde `compteur`."""
    compteurs = stockage.compteurs(uai)
    if compteur is None:
        return [c for c in compteurs if c.energie is None]
    choisi = next((c for c in compteurs if c.compteur == compteur), None)
    if choisi is None:
        raise Introuvable(f"compteur inconnu pour le lycée {uai} : {compteur}")
    if choisi.energie is not None:
        raise DonneeInvalide(f"le compteur {compteur} compte {choisi.energie.value} : ce n'est pas une sonde d'ambiance")
    return [choisi]


def salles_du_lycee(stockage: Stockage, uai: str) -> list[Compteur]:
    """Les sondes de salle : les compteurs sans énergie, sauf la sonde extérieure."""
    exterieure = sonde_exterieure(stockage, uai)
    return [c for c in stockage.compteurs(uai) if c.energie is None and (exterieure is None or c.compteur != exterieure.compteur)]


@dataclass(frozen=True)
class AirDeLaSalle:
    """La dernière heure mesurée d'une salle : ses moyennes (None : grandeur non mesurée)."""

    compteur: str
    salle: str
    heure: float  # début de l'heure, secondes Unix
    grandeurs: dict[Grandeur, float | None]


def air_des_salles(stockage: Stockage, uai: str, instant: float, recul_h: int = RECUL_AIR_H) -> list[AirDeLaSalle]:
    """L'air de chaque salle « maintenant » : sa dernière heure mesurée (l'heure en cours comprise),
    si elle commence moins de `recul_h` heures avant `instant` ; une salle muette depuis est omise."""
    debut, fin = (instant // 3600 - recul_h) * 3600, (instant // 3600 + 1) * 3600
    resultat = []
    for sonde in salles_du_lycee(stockage, uai):
        lues = {g: stockage.lire_heures_ambiance(uai, sonde.compteur, g, debut, fin) for g in GRANDEURS}
        heures = [int(h.heure[-1]) for h in lues.values() if len(h.heure)]
        if heures:
            derniere = max(heures)
            grandeurs = {g: float(h.moyenne[-1]) if len(h.heure) and h.heure[-1] == derniere else None for g, h in lues.items()}
            resultat.append(AirDeLaSalle(sonde.compteur, nom_de_salle(sonde.compteur, sonde.usage), derniere * 3600.0, grandeurs))
    return resultat


def ambiance_site(stockage: Stockage, uai: str, debut: datetime, fin: datetime, pas: Pas, compteur: str | None = None) -> Ambiance:
    """Les moyennes, minimums et maximums de chaque sonde du lycée (ou de la sonde `compteur`)."""
    if pas not in PAS_AMBIANCE:
        raise DonneeInvalide(f"pas « {pas.value} » non pris en charge pour l'ambiance : heure ou jour")
    limites = bornes(debut, fin, pas)
    if not alignees_sur_l_heure(limites[[0, -1]]):
        raise DonneeInvalide("debut et fin doivent tomber sur une heure pleine pour l'ambiance (ses statistiques sont horaires)")
    site(stockage, uai)
    sondes = sondes_du_lycee(stockage, uai, compteur)
    mesurees = {(s.compteur, s.grandeur) for s in stockage.series(uai)}
    return Ambiance(uai, pas, [_sonde(stockage, s, limites, mesurees) for s in sondes])


def _sonde(stockage: Stockage, sonde: Compteur, limites: np.ndarray, mesurees: set) -> Sonde:
    par_grandeur = {
        g: par_periode(stockage.lire_heures_ambiance(sonde.uai, sonde.compteur, g, limites[0], limites[-1]), limites)
        if (sonde.compteur, g) in mesurees else [None] * (len(limites) - 1)
        for g in GRANDEURS
    }
    points = [
        PointAmbiance(float(limites[k]), float(limites[k + 1]), {g: par_grandeur[g][k] for g in GRANDEURS})
        for k in range(len(limites) - 1)
        if any(par_grandeur[g][k] is not None for g in GRANDEURS)
    ]
    return Sonde(sonde.compteur, sonde.usage, points)
