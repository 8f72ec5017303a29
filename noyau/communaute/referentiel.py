"""Le référentiel des défis et des actions : ce qu'un participant aurait consommé sans rien changer.

Un participant est un lycée pour une énergie (la somme de ses compteurs principaux) ou un seul
compteur d'un lycée (un bâtiment, un sous-compteur). Pour une période [debut, fin) de jours :

- la **référence d'un jour** vient des `SEMAINES_COMPAREES` (4) mêmes jours de la semaine les plus
  proches *avant le début de la période*, de même nature (noyau.domaine.calendrier.nature_du_jour,
  dans la zone de vacances du lycée et avec ses fermetures déclarées : jour de classe ou non, veille
  d'un jour de classe ou non ; un jour où le lycée est fermé est un jour sans classe), à
  données complètes, en remontant au plus `SEMAINES_MAX` (12) semaines : un jour de vacances
  n'est jamais comparé à un jour de classe, ni un dimanche avant la classe (les internes
  rentrent le soir) à un dimanche avant des vacances ;
- on compare ce qui se compare : la référence est la **puissance moyenne** (consommation par
  heure) de ces jours, multipliée par le nombre d'heures du jour jugé. Un jour de changement
  d'heure (23 ou 25 heures) ne fausse ni sa propre référence ni celle des jours qu'il sert ;
- **correction climatique** de la part chauffage `p` (voir `part_chauffage`) : la référence
  est multipliée par (1 − p) + p × ΣDJU(jours de la période) / ΣDJU(jours de référence,
  moyennés jour par jour), sur les jours retenus qui ont une température ; sans température,
  la correction est impossible et signalée ;
- un jour de la période est **exclu des deux côtés** (réel et référence) s'il est à venir,
  incomplet ou sans relevé, hors des années du calendrier des vacances, ou sans aucun jour de
  référence complet : il est signalé avec son motif, et la complétude est la part des jours
  retenus ;
- **économie** = 1 − réel / référence, sommes des jours retenus.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from noyau.calculs.correction_climatique import PART_CHAUFFAGE_PAR_DEFAUT
from noyau.calculs.horaires import Horaires, horaires_du_lycee
from noyau.calculs.lecture import consommation_site
from noyau.calculs.meteo import dju_journaliers
from noyau.domaine.calendrier import NatureDuJour
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS, a_paris, maintenant
from noyau.stockage import Stockage

SEMAINES_COMPAREES = 4
SEMAINES_MAX = 12
JOURS_MAX = 366

A_VENIR = "à venir"
INCOMPLET = "données incomplètes"
SANS_REFERENCE = "aucun jour de référence comparable"
CALENDRIER_INCONNU = "calendrier scolaire inconnu pour ce jour"


@dataclass(frozen=True)
class Participant:
    uai: str
    energie: Energie
    compteur: str | None = None  # None : les compteurs principaux du lycée

    @property
    def libelle(self) -> str:
        return self.uai if self.compteur is None else f"{self.uai}/{self.compteur}"


@dataclass(frozen=True)
class JourLu:
    """La consommation complète d'un jour et sa durée (23, 24 ou 25 heures)."""

    valeur: float
    heures: float


@dataclass(frozen=True)
class JourCompare:
    jour: date
    reel: float | None
    reference: float | None  # corrigée du climat
    jours_reference: tuple[date, ...]
    exclu: str | None = None  # le motif, None si le jour est retenu


@dataclass(frozen=True)
class Comparaison:
    participant: Participant
    debut: date
    fin: date
    jours: list[JourCompare]
    part_chauffage: float
    correction_climatique: str  # "sans_objet", "appliquee" ou "impossible"
    facteur_climatique: float

    @property
    def retenus(self) -> list[JourCompare]:
        return [j for j in self.jours if j.exclu is None]

    @property
    def reel(self) -> float:
        return sum(j.reel for j in self.retenus)

    @property
    def reference(self) -> float:
        return sum(j.reference for j in self.retenus)

    @property
    def economie(self) -> float | None:
        """1 − réel / référence ; None sans jour retenu ou sans consommation de référence."""
        return 1.0 - self.reel / self.reference if self.retenus and self.reference > 0 else None

    @property
    def economise(self) -> float:
        return self.reference - self.reel

    @property
    def completude(self) -> float:
        return len(self.retenus) / len(self.jours)


def part_chauffage(energie: Energie, compteurs_du_site: list[Compteur], compteur: str | None = None) -> float:
    """La part de la consommation qui dépend du climat : 1 si le compteur (ou tous les compteurs
    principaux de l'énergie) déclare l'usage « chauffage », sinon la part par défaut de
    l'énergie, celle de la trajectoire (noyau.calculs.correction_climatique : 85 % pour le gaz, le
    fioul, le bois et la chaleur, 0 pour l'électricité et l'eau)."""
    concernes = [c for c in compteurs_du_site if c.compteur == compteur] if compteur else \
        [c for c in compteurs_du_site if c.principal and c.energie is energie]
    if concernes and all("chauffage" in c.usage.lower() for c in concernes):
        return 1.0
    return PART_CHAUFFAGE_PAR_DEFAUT[energie]


def comparer(stockage: Stockage, participant: Participant, debut: date, fin: date, aujourd_hui: date | None = None) -> Comparaison:
    """Le réel et la référence de chaque jour de [debut, fin) (`aujourd_hui` et après : à venir)."""
    if fin <= debut:
        raise DonneeInvalide("la fin de la période doit suivre son début")
    if (fin - debut).days > JOURS_MAX:
        raise DonneeInvalide(f"période trop longue : {JOURS_MAX} jours au plus")
    aujourd_hui = aujourd_hui or a_paris(maintenant()).date()
    premier, dernier = jours_lus(debut, fin, aujourd_hui)
    lue = consommation_site(stockage, participant.uai, participant.energie, _minuit(premier), _minuit(dernier),
                            Pas.JOUR, participant.compteur)
    complets = {a_paris(p.debut).date(): JourLu(p.valeur, (p.fin - p.debut) / 3600) for p in lue.points if p.complet}
    horaires = horaires_du_lycee(stockage, participant.uai)
    jours = [_jour_compare(debut + timedelta(days=k), debut, aujourd_hui, complets, horaires) for k in range((fin - debut).days)]
    part = part_chauffage(participant.energie, stockage.compteurs(participant.uai), participant.compteur)
    if part == 0:
        return Comparaison(participant, debut, fin, jours, part, "sans_objet", 1.0)
    ratio = _ratio_dju(jours, dju_journaliers(stockage, participant.uai, premier, dernier))
    if ratio is None:
        return Comparaison(participant, debut, fin, jours, part, "impossible", 1.0)
    facteur = (1.0 - part) + part * ratio
    corriges = [j if j.exclu else JourCompare(j.jour, j.reel, j.reference * facteur, j.jours_reference) for j in jours]
    return Comparaison(participant, debut, fin, corriges, part, "appliquee", facteur)


def jours_lus(debut: date, fin: date, aujourd_hui: date) -> tuple[date, date]:
    """Les jours [premier, dernier) que `comparer` lit : les semaines de référence, puis la période
    jusqu'à hier."""
    return debut - timedelta(weeks=SEMAINES_MAX), max(debut, min(fin, aujourd_hui))


def _jour_compare(jour: date, debut: date, aujourd_hui: date, complets: dict[date, JourLu], horaires: Horaires) -> JourCompare:
    if jour >= aujourd_hui:
        return JourCompare(jour, None, None, (), A_VENIR)
    if jour not in complets:
        return JourCompare(jour, None, None, (), INCOMPLET)
    nature = horaires.nature_du_jour(jour)
    if nature is None:
        return JourCompare(jour, None, None, (), CALENDRIER_INCONNU)
    lu = complets[jour]
    references = _jours_de_reference(jour, nature, debut, complets, horaires)
    if not references:
        return JourCompare(jour, lu.valeur, None, (), SANS_REFERENCE)
    reference = sum(complets[r].valeur * (lu.heures / complets[r].heures) for r in references) / len(references)
    return JourCompare(jour, lu.valeur, reference, references)


def _jours_de_reference(jour: date, nature: NatureDuJour, debut: date, complets: dict[date, JourLu],
                        horaires: Horaires) -> tuple[date, ...]:
    """Les mêmes jours de la semaine avant `debut`, de même nature, complets, les plus proches d'abord."""
    premier = jour - timedelta(weeks=(jour - debut).days // 7 + 1)  # dans la semaine qui précède debut
    candidats = (premier - timedelta(weeks=k) for k in range(SEMAINES_MAX))
    retenus = [c for c in candidats if c in complets and horaires.nature_du_jour(c) == nature]
    return tuple(retenus[:SEMAINES_COMPAREES])


def _ratio_dju(jours: list[JourCompare], dju: dict[date, float]) -> float | None:
    """ΣDJU des jours retenus / ΣDJU moyens de leurs jours de référence ; None si incalculable."""
    avec = [j for j in jours if j.exclu is None and j.jour in dju and all(r in dju for r in j.jours_reference)]
    if not avec:
        return None
    periode = sum(dju[j.jour] for j in avec)
    reference = sum(sum(dju[r] for r in j.jours_reference) / len(j.jours_reference) for j in avec)
    if reference == 0:
        return 1.0 if periode == 0 else None
    return periode / reference


def _minuit(jour: date) -> datetime:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS)
