"""Les lycées côte à côte sur une même période : consommation, kWh/m², et la même période un an
plus tôt (mêmes dates ; le 29 février devient le 28). Un total est `complet` quand chaque jour
l'est ; l'évolution n'est donnée que si les deux totaux sont complets. Triés par kWh/m²
croissant, les lycées sans surface ou sans donnée à la fin."""

from dataclasses import dataclass
from datetime import datetime

from noyau.calculs.cache import du_parc, en_cache
from noyau.calculs.lecture import Consommation, consommation_sites
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas, bornes


@dataclass(frozen=True)
class Ligne:
    uai: str
    nom: str
    surface_m2: float | None
    consommation: float | None
    complet: bool
    annee_precedente: float | None
    annee_precedente_complet: bool

    @property
    def par_m2(self) -> float | None:
        if self.consommation is None or not self.surface_m2:
            return None
        return self.consommation / self.surface_m2

    @property
    def evolution_pct(self) -> float | None:
        if not (self.complet and self.annee_precedente_complet) or not self.annee_precedente:
            return None
        return 100 * (self.consommation / self.annee_precedente - 1)


def comparer_lycees(stockage, energie: Energie, debut: datetime, fin: datetime) -> list[Ligne]:
    """Gardée en cache (noyau.calculs.cache) tant qu'aucun relevé de cette énergie n'est écrit dans
    ces jours ou ceux d'un an plus tôt."""
    periodes = [(debut, fin), (un_an_avant(debut), un_an_avant(fin))]
    return en_cache(stockage, du_parc(energie, periodes=periodes), ("comparaison", energie, debut, fin),
                    lambda: _comparer_lycees(stockage, energie, debut, fin))


def _comparer_lycees(stockage, energie: Energie, debut: datetime, fin: datetime) -> list[Ligne]:
    sites = {s.uai: s for s in stockage.sites()}
    maintenant = {c.uai: c for c in consommation_sites(stockage, energie, debut, fin, Pas.JOUR)}
    avant_debut, avant_fin = un_an_avant(debut), un_an_avant(fin)
    avant = {c.uai: c for c in consommation_sites(stockage, energie, avant_debut, avant_fin, Pas.JOUR)}
    attendus, attendus_avant = len(bornes(debut, fin, Pas.JOUR)) - 1, len(bornes(avant_debut, avant_fin, Pas.JOUR)) - 1
    lignes = [
        Ligne(uai, s.nom, s.surface_m2, *_total(maintenant[uai], attendus), *_total(avant[uai], attendus_avant))
        for uai, s in sites.items()
    ]
    return sorted(lignes, key=lambda ligne: (ligne.par_m2 is None, ligne.par_m2 or 0.0, ligne.uai))


def un_an_avant(instant: datetime) -> datetime:
    jour = min(instant.day, 28) if (instant.month, instant.day) == (2, 29) else instant.day
    return instant.replace(year=instant.year - 1, day=jour)


def _total(consommation: Consommation, attendus: int) -> tuple[float | None, bool]:
    points = consommation.points
    if not points:
        return None, False
    return sum(p.valeur for p in points), len(points) == attendus and all(p.complet for p in points)
