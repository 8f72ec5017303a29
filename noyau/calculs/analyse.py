"""L'analyse de la consommation d'un lycée sur une période, à partir de sa consommation horaire
(noyau.calculs.lecture, pas `heure` : la granularité la plus fine, et la limite de ces calculs).

- Talon (consommation de base) : pour chaque nuit, la puissance moyenne des heures qui commencent
  à 1 h, 2 h et 3 h (heure de Paris ; 1 h à 4 h, quand le lycée est vide), heures complètes
  seulement ; le talon de la période est la médiane de ces nuits (une nuit anormale ne le déplace
  pas). En kW pour une énergie en kWh (kWh par heure), en m³/h pour l'eau.
- Répartition : chaque heure est classée par noyau.calculs.horaires (ouverture, nuit d'internat, soir et
  nuit, week-end, vacances), au prorata quand une borne d'horaire la coupe ; `hors_horaires` est
  tout sauf l'ouverture. Les heures incomplètes sont comptées et leur nombre est donné.
- Vacances : chaque période de vacances de la zone du lycée (dans la période analysée) contre les
  vacances de même nom de l'année précédente, en consommation moyenne par jour de 24 heures
  (leurs durées diffèrent, et un jour de changement d'heure en a 23 ou 25) ; un total incomplet
  est signalé.
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from noyau.calculs.horaires import CATEGORIES, horaires_du_lycee, repartir_heure
from noyau.calculs.lecture import consommation_site
from noyau.domaine.calendrier import nom_des_vacances
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas, bornes
from noyau.domaine.temps import PARIS
from noyau.stockage import Stockage

HEURES_DU_TALON = (1, 2, 3)


@dataclass(frozen=True)
class Talon:
    valeur: float | None  # médiane des nuits, kW (ou m³/h)
    nuits: dict[date, float]


@dataclass(frozen=True)
class Repartition:
    categories: dict[str, float]
    total: float
    heures: int
    heures_incompletes: int

    @property
    def hors_horaires(self) -> float:
        return self.total - self.categories["ouverture"]


@dataclass(frozen=True)
class Total:
    debut: date
    fin: date  # exclue
    valeur: float | None
    complet: bool

    @property
    def par_jour(self) -> float | None:
        """La consommation moyenne par jour de 24 heures : une période qui compte un jour de
        changement d'heure (23 ou 25 heures) se compare à une autre qui n'en a pas."""
        if self.valeur is None:
            return None
        return self.valeur * 24 / ((_minuit(self.fin).timestamp() - _minuit(self.debut).timestamp()) / 3600)


@dataclass(frozen=True)
class Vacances:
    nom: str
    cette_annee: Total
    annee_precedente: Total | None

    @property
    def evolution_pct(self) -> float | None:
        """Évolution de la consommation moyenne par jour ; None si l'un des deux est incomplet."""
        avant = self.annee_precedente
        if avant is None or not (avant.complet and self.cette_annee.complet) or not avant.par_jour:
            return None
        return 100 * (self.cette_annee.par_jour / avant.par_jour - 1)


def talon(points) -> Talon:
    """`points` : la consommation horaire (noyau.calculs.lecture.Point)."""
    par_nuit: dict[date, list[float]] = {}
    for p in points:
        local = datetime.fromtimestamp(p.debut, PARIS)
        if p.complet and local.hour in HEURES_DU_TALON:
            par_nuit.setdefault(local.date(), []).append(p.valeur * 3600 / (p.fin - p.debut))
    nuits = {jour: statistics.fmean(valeurs) for jour, valeurs in sorted(par_nuit.items())}
    return Talon(statistics.median(nuits.values()) if nuits else None, nuits)


def repartition(points, horaires) -> Repartition:
    categories = dict.fromkeys(CATEGORIES, 0.0)
    for p in points:
        for categorie, part in repartir_heure(horaires, p.debut, p.fin).items():
            categories[categorie] += p.valeur * part
    return Repartition(categories, sum(p.valeur for p in points), len(points), sum(not p.complet for p in points))


def analyser(stockage: Stockage, uai: str, energie: Energie, debut: datetime, fin: datetime) -> tuple[Talon, Repartition, list[Vacances]]:
    """Talon, répartition par catégorie d'heures et vacances comparées, sur [debut, fin)."""
    horaires = horaires_du_lycee(stockage, uai)
    points = consommation_site(stockage, uai, energie, debut, fin, Pas.HEURE).points
    return talon(points), repartition(points, horaires), vacances_comparees(stockage, uai, energie, debut, fin, horaires.zone)


def total(stockage: Stockage, uai: str, energie: Energie, debut: date, fin: date) -> Total:
    """La consommation de [debut, fin) ; complète si chaque jour est présent et complet."""
    a, b = _minuit(debut), _minuit(fin)
    points = consommation_site(stockage, uai, energie, a, b, Pas.JOUR).points
    attendus = len(bornes(a, b, Pas.JOUR)) - 1
    valeur = sum(p.valeur for p in points) if points else None
    return Total(debut, fin, valeur, len(points) == attendus and all(p.complet for p in points))


def vacances_comparees(stockage: Stockage, uai: str, energie: Energie, debut: datetime, fin: datetime, zone: str) -> list[Vacances]:
    resultat = []
    for nom, premier, dernier in periodes_de_vacances(debut.astimezone(PARIS).date(), _dernier_jour(fin), zone):
        precedentes = _memes_vacances_un_an_avant(nom, premier, zone)
        avant = total(stockage, uai, energie, *precedentes) if precedentes else None
        resultat.append(Vacances(nom, total(stockage, uai, energie, premier, dernier + timedelta(days=1)), avant))
    return resultat


def periodes_de_vacances(premier: date, dernier: date, zone: str) -> list[tuple[str, date, date]]:
    """Les suites de jours de vacances de même nom entre `premier` et `dernier` inclus."""
    periodes: list[tuple[str, date, date]] = []
    jour = premier
    while jour <= dernier:
        nom = nom_des_vacances(jour, zone)
        if nom and periodes and periodes[-1][0] == nom and periodes[-1][2] == jour - timedelta(days=1):
            periodes[-1] = (nom, periodes[-1][1], jour)
        elif nom:
            periodes.append((nom, jour, jour))
        jour += timedelta(days=1)
    return periodes


def _memes_vacances_un_an_avant(nom: str, jour: date, zone: str) -> tuple[date, date] | None:
    """Les vacances de même nom autour de la même date un an plus tôt (à 45 jours près), entières."""
    centre = jour - timedelta(days=365)
    for ecart in range(46):
        for candidat in (centre - timedelta(days=ecart), centre + timedelta(days=ecart)):
            if nom_des_vacances(candidat, zone) == nom:
                a = b = candidat
                while nom_des_vacances(a - timedelta(days=1), zone) == nom:
                    a -= timedelta(days=1)
                while nom_des_vacances(b + timedelta(days=1), zone) == nom:
                    b += timedelta(days=1)
                return a, b + timedelta(days=1)
    return None


def _dernier_jour(fin: datetime) -> date:
    local = fin.astimezone(PARIS)
    return local.date() - timedelta(days=1) if local.time() == datetime.min.time() else local.date()


def _minuit(jour: date) -> datetime:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS)
