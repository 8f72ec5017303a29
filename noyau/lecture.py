"""Les lectures que l'API et le tableau de bord partagent : une seule définition de chaque nombre."""

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from noyau.agregats import alignees_sur_l_heure, points_et_segments
from noyau.consommation import Energies, energies
from noyau.domaine import Compteur, Grandeur, Site
from noyau.erreurs import DonneeInvalide, Introuvable
from noyau.identifiants import Energie
from noyau.periodes import Pas, bornes
from noyau.stockage import Stockage

# Grandeur utilisée pour l'énergie d'un compteur, par ordre de préférence.
_GRANDEURS_ENERGIE = (Grandeur.INDEX_KWH, Grandeur.INDEX_M3, Grandeur.PUISSANCE_W)


@dataclass(frozen=True)
class Point:
    debut: float
    fin: float
    valeur: float
    complet: bool


@dataclass(frozen=True)
class Consommation:
    uai: str
    energie: Energie
    unite: str
    pas: Pas
    points: list[Point]
    compteur: str | None = None
    resolution: str = "heure"  # "heure" : lue des agrégats horaires ; "releve" : des relevés bruts

    @property
    def total(self) -> float:
        return float(sum(p.valeur for p in self.points))


def site(stockage: Stockage, uai: str) -> Site:
    for candidat in stockage.sites():
        if candidat.uai == uai:
            return candidat
    raise Introuvable(f"lycée inconnu : {uai}")


def consommation_site(
    stockage: Stockage,
    uai: str,
    energie: Energie,
    debut: datetime,
    fin: datetime,
    pas: Pas,
    compteur: str | None = None,
) -> Consommation:
    """Consommation d'une énergie d'un lycée par période : la somme de ses compteurs principaux,
    ou un seul compteur (principal ou sous-compteur) si `compteur` est donné."""
    site(stockage, uai)
    compteurs = _compteurs_comptes(stockage, uai, energie, compteur)
    limites = bornes(debut, fin, pas)
    grandeurs = _grandeurs_par_compteur(stockage, uai)
    par_compteur = [_energies_compteur(stockage, c, grandeurs.get(c.compteur, set()), limites) for c in compteurs]
    resolution = "heure" if alignees_sur_l_heure(limites) else "releve"
    return Consommation(uai, energie, energie.unite, pas, _points(limites, par_compteur), compteur, resolution)


def consommation_sites(
    stockage: Stockage, energie: Energie, debut: datetime, fin: datetime, pas: Pas, uais: list[str] | None = None
) -> list[Consommation]:
    """La même consommation pour plusieurs lycées (tous si `uais` est vide)."""
    choisis = uais or [s.uai for s in stockage.sites()]
    return [consommation_site(stockage, uai, energie, debut, fin, pas) for uai in choisis]


def _compteurs_comptes(stockage: Stockage, uai: str, energie: Energie, compteur: str | None) -> list[Compteur]:
    du_site = stockage.compteurs(uai)
    if compteur is None:
        return [c for c in du_site if c.energie is energie and c.principal]
    for candidat in du_site:
        if candidat.compteur == compteur:
            if candidat.energie is not energie:
                compte = candidat.energie.value if candidat.energie else "aucune énergie (sonde)"
                raise DonneeInvalide(f"le compteur {compteur} compte {compte}, pas {energie.value}")
            return [candidat]
    raise Introuvable(f"compteur inconnu pour le lycée {uai} : {compteur}")


def _grandeurs_par_compteur(stockage: Stockage, uai: str) -> dict[str, set[Grandeur]]:
    grandeurs: dict[str, set[Grandeur]] = {}
    for serie in stockage.series(uai):
        grandeurs.setdefault(serie.compteur, set()).add(serie.grandeur)
    return grandeurs


def _energies_compteur(stockage: Stockage, compteur: Compteur, presentes: set[Grandeur], limites) -> Energies:
    grandeur = next((g for g in _GRANDEURS_ENERGIE if g in presentes), None)
    if grandeur is None:
        vide = np.zeros(len(limites) - 1, bool)
        return Energies(np.zeros(len(vide)), vide, vide)
    if alignees_sur_l_heure(limites):  # cas courant : lu des agrégats horaires, sans les relevés bruts
        heures = stockage.lire_heures(compteur.uai, compteur.compteur, grandeur, limites[0], limites[-1])
        ts, valeurs, segments = points_et_segments(grandeur.nature, heures)
        brutes = energies(grandeur.nature, ts, valeurs, limites, segments)
    else:
        serie = stockage.lire_releves(compteur.uai, compteur.compteur, grandeur, limites[0], limites[-1])
        brutes = energies(grandeur.nature, serie.ts, serie.valeurs, limites)
    facteur = _facteur_vers_unite(compteur, grandeur)
    return Energies(brutes.valeurs * facteur, brutes.presentes, brutes.completes)


def _facteur_vers_unite(compteur: Compteur, grandeur: Grandeur) -> float:
    """Un index en m³ de gaz se convertit en kWh avec le coefficient du compteur."""
    if grandeur is Grandeur.INDEX_M3 and compteur.energie is not Energie.EAU:
        return compteur.coef_kwh_m3 or 0.0
    return 1.0


def _points(limites: np.ndarray, par_compteur: list[Energies]) -> list[Point]:
    if not par_compteur:
        return []
    valeurs = np.sum([e.valeurs for e in par_compteur], axis=0)
    presentes = np.any([e.presentes for e in par_compteur], axis=0)
    completes = np.all([e.completes for e in par_compteur], axis=0)
    return [
        Point(float(limites[k]), float(limites[k + 1]), float(valeurs[k]), bool(completes[k]))
        for k in np.flatnonzero(presentes)
    ]
