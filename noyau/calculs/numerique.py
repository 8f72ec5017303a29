"""La part du numérique d'un lycée : ce que consomment ses équipements numériques.

- **Équipement numérique** (contrat, section 4) : un compteur d'électricité dont l'usage est
  `numerique` ou commence par `numerique-` (`USAGES` : serveurs, réseau, salle informatique,
  recharge, affichage), le plus souvent un sous-compteur.
- Sur [debut, fin) : **total**, la somme de leurs consommations (contrat, section 3, principaux ou
  non) ; **part de l'électricité**, total / électricité du lycée (ses compteurs principaux) sur le
  même intervalle, None sans électricité, sans compteur numérique, ou si l'électricité est
  inférieure au total (des compteurs numériques qui ne sont pas derrière les principaux) ;
  **hors occupation**, ce qui est consommé hors des horaires d'ouverture (nuits, week-ends,
  vacances, jours fériés et fermetures déclarées) : chaque heure classée par noyau.calculs.horaires (comme
  noyau.calculs.analyse.repartition : `hors_horaires`), au prorata ; **CO2**, le total × le facteur de l'électricité
  (noyau.calculs.equivalences).
- **Complet** : chaque heure de chaque compteur numérique et de l'électricité du lycée est
  présente et complète ; sans compteur numérique, rien n'est mesuré : jamais complet.
- Tout part de la consommation horaire, lue une fois pour toute la demande puis répartie entre
  les périodes (`parts_numeriques` avec un `pas` : la tendance mois par mois).
"""

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from noyau.calculs.cache import d_un_lycee, du_parc, en_cache
from noyau.calculs.equivalences import kg_co2e
from noyau.calculs.horaires import horaires_du_lycee, repartir_heure
from noyau.calculs.lecture import Point, consommation_site, site
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Site
from noyau.domaine.periodes import Pas, bornes
from noyau.domaine.temps import PARIS
from noyau.stockage import Stockage

USAGE_NUMERIQUE = "numerique"
# Les usages numériques documentés et leur nom pour une personne ; tout `numerique-...` compte.
USAGES = {
    "numerique": "numérique",
    "numerique-serveurs": "serveurs",
    "numerique-reseau": "réseau",
    "numerique-salle": "salle informatique",
    "numerique-recharge": "recharge",
    "numerique-affichage": "affichage",
}


def est_numerique(compteur: Compteur) -> bool:
    usage = compteur.usage
    return compteur.energie is Energie.ELECTRICITE and (usage == USAGE_NUMERIQUE or usage.startswith(f"{USAGE_NUMERIQUE}-"))


def nom_d_usage(usage: str) -> str:
    return USAGES.get(usage, usage.removeprefix(f"{USAGE_NUMERIQUE}-"))


def compteurs_numeriques(stockage: Stockage, uai: str | None = None) -> list[Compteur]:
    return [c for c in stockage.compteurs(uai) if est_numerique(c)]


@dataclass(frozen=True)
class CompteurNumerique:
    compteur: str
    usage: str
    total: float  # kWh
    hors_occupation: float  # kWh
    complet: bool


@dataclass(frozen=True)
class PartNumerique:
    """Le numérique d'un lycée sur [debut, fin) (secondes Unix)."""

    uai: str
    debut: float
    fin: float
    compteurs: list[CompteurNumerique]
    electricite: float | None  # l'électricité du lycée (compteurs principaux), None sans relevé
    electricite_complete: bool

    @property
    def total(self) -> float:
        return sum(c.total for c in self.compteurs)

    @property
    def hors_occupation(self) -> float:
        return sum(c.hors_occupation for c in self.compteurs)

    @property
    def part_electricite(self) -> float | None:
        if not self.compteurs or not self.electricite or self.electricite < self.total:
            return None
        return self.total / self.electricite

    @property
    def co2_kg(self) -> float:
        return kg_co2e(Energie.ELECTRICITE, self.total)

    @property
    def complet(self) -> bool:
        return bool(self.compteurs) and self.electricite_complete and all(c.complet for c in self.compteurs)


def part_numerique(stockage: Stockage, uai: str, debut: datetime, fin: datetime) -> PartNumerique:
    """Le numérique du lycée sur [debut, fin)."""
    return parts_numeriques(stockage, uai, debut, fin)[0]


def parts_numeriques(stockage: Stockage, uai: str, debut: datetime, fin: datetime, pas: Pas | None = None) -> list[PartNumerique]:
    """Le numérique du lycée sur chaque période de [debut, fin) découpé au `pas` (sans pas : une
    seule période), d'une seule lecture horaire de chaque compteur. Gardé en cache (noyau.calculs.cache)
    tant que ni l'électricité du lycée dans ces jours, ni le registre, ni ses horaires n'ont changé."""
    return en_cache(stockage, d_un_lycee(uai, Energie.ELECTRICITE, documents=True, periodes=[(debut, fin)]), ("numerique", uai, debut, fin, pas),
                    lambda: _parts_numeriques(stockage, uai, debut, fin, pas))


def _parts_numeriques(stockage: Stockage, uai: str, debut: datetime, fin: datetime, pas: Pas | None) -> list[PartNumerique]:
    site(stockage, uai)
    limites = bornes(debut, fin, pas) if pas else np.array([debut.timestamp(), fin.timestamp()])
    attendues = [_heures(a, b) for a, b in zip(limites[:-1], limites[1:])]
    horaires = horaires_du_lycee(stockage, uai)

    def par_periode(compteur: str | None) -> list[list[Point]]:
        points = consommation_site(stockage, uai, Energie.ELECTRICITE, debut, fin, Pas.HEURE, compteur).points
        rangs = np.searchsorted(limites, [p.debut for p in points], side="right") - 1
        periodes: list[list[Point]] = [[] for _ in attendues]
        for point, rang in zip(points, rangs):
            periodes[rang].append(point)
        return periodes

    def complet(points: list[Point], attendue: int) -> bool:
        return len(points) == attendue and all(p.complet for p in points)

    parts_hors: dict[tuple[float, float], float] = {}  # la part hors ouverture de chaque heure, classée une fois

    def hors_occupation(points: list[Point]) -> float:
        for p in points:
            if (p.debut, p.fin) not in parts_hors:
                parts_hors[(p.debut, p.fin)] = 1.0 - repartir_heure(horaires, p.debut, p.fin).get("ouverture", 0.0)
        return sum(p.valeur * parts_hors[(p.debut, p.fin)] for p in points)

    electricite = par_periode(None)
    numeriques = [(c, par_periode(c.compteur)) for c in compteurs_numeriques(stockage, uai)]
    resultat = []
    for k, attendue in enumerate(attendues):
        compteurs = [
            CompteurNumerique(c.compteur, c.usage, sum(p.valeur for p in periodes[k]), hors_occupation(periodes[k]),
                              complet(periodes[k], attendue))
            for c, periodes in numeriques
        ]
        du_site = electricite[k]
        resultat.append(PartNumerique(uai, float(limites[k]), float(limites[k + 1]), compteurs,
                                      sum(p.valeur for p in du_site) if du_site else None, complet(du_site, attendue)))
    return resultat


def parc(stockage: Stockage, debut: datetime, fin: datetime) -> list[tuple[Site, PartNumerique]]:
    """Chaque lycée qui a au moins un compteur numérique, et son numérique sur [debut, fin) ; gardé en cache."""
    return en_cache(stockage, du_parc(Energie.ELECTRICITE, documents=True, periodes=[(debut, fin)]), ("numerique-parc", debut, fin),
                    lambda: _parc(stockage, debut, fin))


def _parc(stockage: Stockage, debut: datetime, fin: datetime) -> list[tuple[Site, PartNumerique]]:
    avec = {c.uai for c in compteurs_numeriques(stockage)}
    return [(s, part_numerique(stockage, s.uai, debut, fin)) for s in stockage.sites() if s.uai in avec]


def par_m2(lycee: Site, part: PartNumerique) -> float | None:
    """kWh de numérique par m² de surface du lycée (le registre n'a pas d'effectifs d'élèves)."""
    return part.total / lycee.surface_m2 if lycee.surface_m2 and part.compteurs else None


def _heures(a: float, b: float) -> int:
    """Le nombre de périodes horaires de [a, b) (une heure coupée par a ou b compte une)."""
    return len(bornes(datetime.fromtimestamp(a, PARIS), datetime.fromtimestamp(b, PARIS), Pas.HEURE)) - 1
