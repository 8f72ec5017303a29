"""Les lectures que l'API et le tableau de bord partagent : une seule définition de chaque nombre."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np

from noyau.calculs.cache import d_un_lycee, du_parc, en_cache
from noyau.domaine.agregats import alignees_sur_l_heure, alignees_sur_le_jour, points_et_segments
from noyau.domaine.consommation import Energies, energies
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Site
from noyau.domaine.periodes import Pas, bornes
from noyau.domaine.temps import maintenant
from noyau.stockage import EtatSerie, Stockage

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
    resolution: str = "jour"  # lue des agrégats "jour" ou "heure", ou des relevés bruts ("releve")

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
    ou un seul compteur (principal ou sous-compteur) si `compteur` est donné. Gardée en cache
    (noyau.calculs.cache) tant qu'aucun relevé de cette énergie du lycée n'est écrit dans ces
    jours ; assemblée des périodes closes, gardées à part, et de celles qui suivent (`en_morceaux`)."""
    return en_cache(
        stockage, d_un_lycee(uai, energie, periodes=[(debut, fin)]), ("consommation", uai, energie, debut, fin, pas, compteur),
        lambda: en_morceaux(debut, fin, pas, lambda a, b: _consommation_site(stockage, uai, energie, a, b, pas, compteur),
                            lambda a, b: en_cache(stockage, d_un_lycee(uai, energie, periodes=[(a, b)]),
                                                  ("consommation-close", uai, energie, a, b, pas, compteur),
                                                  lambda: _consommation_site(stockage, uai, energie, a, b, pas, compteur))),
    )


def en_morceaux(debut: datetime, fin: datetime, pas: Pas, calcul, clos):
    """Le calcul sur [debut, fin) en deux morceaux quand la période en cours y tombe : `clos(debut,
    coupure)` jusqu'au début de la période qui contient l'instant présent (gardé tant que ses jours
    ne changent pas : le direct ne le touche pas), puis `calcul(coupure, fin)` ; les points sont ceux
    d'un seul calcul (chaque période ne lit que ses relevés et leurs voisins), la résolution aussi."""
    limites = bornes(debut, fin, pas)
    rang = int(np.searchsorted(limites, maintenant(), side="right")) - 1
    if not 0 < rang < len(limites) - 1 or resolution_pour(limites) == "releve":
        return calcul(debut, fin)
    coupure = datetime.fromtimestamp(float(limites[rang]), debut.tzinfo)
    if isinstance(resultat := clos(debut, coupure), list):
        return [replace(c, points=c.points + o.points, resolution=resolution_pour(limites))
                for c, o in zip(resultat, calcul(coupure, fin), strict=True)]
    return replace(resultat, points=resultat.points + calcul(coupure, fin).points, resolution=resolution_pour(limites))


def _consommation_site(stockage: Stockage, uai: str, energie: Energie, debut: datetime, fin: datetime, pas: Pas,
                       compteur: str | None) -> Consommation:
    site(stockage, uai)
    compteurs = _compteurs_comptes(stockage.compteurs(uai), uai, energie, compteur)
    grandeurs = _grandeurs_par_compteur(stockage.series(uai))
    return _consommation(stockage, uai, energie, bornes(debut, fin, pas), pas, compteurs, grandeurs, compteur)


def consommation_sites(
    stockage: Stockage, energie: Energie, debut: datetime, fin: datetime, pas: Pas, uais: list[str] | None = None
) -> list[Consommation]:
    """La même consommation pour plusieurs lycées (tous si `uais` est vide) ; le registre n'est lu
    qu'une fois. Gardée en cache tant qu'aucun relevé de cette énergie n'est écrit dans ces jours,
    en morceaux comme celle d'un lycée."""
    return en_cache(
        stockage, du_parc(energie, periodes=[(debut, fin)]), ("consommations", energie, debut, fin, pas, tuple(uais or ())),
        lambda: en_morceaux(debut, fin, pas, lambda a, b: _consommation_sites(stockage, energie, a, b, pas, uais),
                            lambda a, b: en_cache(stockage, du_parc(energie, periodes=[(a, b)]),
                                                  ("consommations-closes", energie, a, b, pas, tuple(uais or ())),
                                                  lambda: _consommation_sites(stockage, energie, a, b, pas, uais))),
    )


def _consommation_sites(stockage: Stockage, energie: Energie, debut: datetime, fin: datetime, pas: Pas,
                        uais: list[str] | None) -> list[Consommation]:
    connus = [s.uai for s in stockage.sites()]
    inconnus = [uai for uai in uais or [] if uai not in connus]
    if inconnus:
        raise Introuvable(f"lycée inconnu : {inconnus[0]}")
    tous_compteurs, grandeurs, limites = stockage.compteurs(), _grandeurs_par_compteur(stockage.series()), bornes(debut, fin, pas)

    def du_site(uai: str) -> Consommation:
        compteurs = _compteurs_comptes([c for c in tous_compteurs if c.uai == uai], uai, energie, None)
        return _consommation(stockage, uai, energie, limites, pas, compteurs, grandeurs)

    if stockage.lectures_paralleles == 1:
        return [du_site(uai) for uai in uais or connus]
    with ThreadPoolExecutor(max_workers=stockage.lectures_paralleles) as lecteurs:
        return list(lecteurs.map(du_site, uais or connus))


def _consommation(stockage: Stockage, uai: str, energie: Energie, limites: np.ndarray, pas: Pas,
                  compteurs: list[Compteur], grandeurs: dict, compteur: str | None = None) -> Consommation:
    resolution = resolution_pour(limites)
    par_compteur = [
        _energies_compteur(stockage, c, grandeurs.get((c.uai, c.compteur), set()), limites, resolution) for c in compteurs
    ]
    return Consommation(uai, energie, energie.unite, pas, _points(limites, par_compteur), compteur, resolution)


def resolution_pour(limites: np.ndarray) -> str:
    """Les agrégats les plus gros que les bornes ne coupent pas : jours de Paris, heures, sinon relevés bruts."""
    if alignees_sur_le_jour(limites):
        return "jour"
    return "heure" if alignees_sur_l_heure(limites) else "releve"


def _compteurs_comptes(du_site: list[Compteur], uai: str, energie: Energie, compteur: str | None) -> list[Compteur]:
    if compteur is None:
        return [c for c in du_site if c.energie is energie and c.principal]
    for candidat in du_site:
        if candidat.compteur == compteur:
            if candidat.energie is not energie:
                compte = candidat.energie.value if candidat.energie else "aucune énergie (sonde)"
                raise DonneeInvalide(f"le compteur {compteur} compte {compte}, pas {energie.value}")
            return [candidat]
    raise Introuvable(f"compteur inconnu pour le lycée {uai} : {compteur}")


def _grandeurs_par_compteur(series: list[EtatSerie]) -> dict[tuple[str, str], set[Grandeur]]:
    grandeurs: dict[tuple[str, str], set[Grandeur]] = {}
    for serie in series:
        grandeurs.setdefault((serie.uai, serie.compteur), set()).add(serie.grandeur)
    return grandeurs


def _energies_compteur(stockage: Stockage, compteur: Compteur, presentes: set[Grandeur], limites, resolution: str) -> Energies:
    grandeur = next((g for g in _GRANDEURS_ENERGIE if g in presentes), None)
    if grandeur is None:
        vide = np.zeros(len(limites) - 1, bool)
        return Energies(np.zeros(len(vide)), vide, vide)
    cle = (compteur.uai, compteur.compteur, grandeur, limites[0], limites[-1])
    if resolution == "releve":  # une borne coupe une heure : relevés bruts
        serie = stockage.lire_releves(*cle)
        brutes = energies(grandeur.nature, serie.ts, serie.valeurs, limites)
    else:  # cas courant : lu des agrégats, sans les relevés bruts
        agregats = stockage.lire_jours(*cle) if resolution == "jour" else stockage.lire_heures(*cle)
        brutes = energies(grandeur.nature, *_premiers_et_derniers(grandeur, agregats, limites))
    facteur = _facteur_vers_unite(compteur, grandeur)
    return Energies(brutes.valeurs * facteur, brutes.presentes, brutes.completes)


def _premiers_et_derniers(grandeur: Grandeur, agregats, limites):
    ts, valeurs, segments, ecarts = points_et_segments(grandeur.nature, agregats)
    return ts, valeurs, limites, segments, ecarts


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
