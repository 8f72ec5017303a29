"""Les consommations hors occupation au-dessus de l'habitude d'un lycée : week-ends, nuits, vacances.

Pour chaque énergie (compteurs principaux), lue heure par heure :

- **week-end** : la puissance moyenne du samedi et du dimanche (47 à 49 heures) comparée à la
  médiane des `week_ends_reference` (8) week-ends complets précédents de même nature (suivis
  d'un lundi de classe ou non), sur les `WEEK_ENDS_RECUL_SEMAINES` (20) semaines d'avant : le
  premier week-end de septembre est comparé à ceux de juin, pas à ceux de l'été ;
- **nuit**, pour une énergie sans part de chauffage (électricité, eau) : la puissance moyenne
  de 0 h à 5 h (4 à 6 heures les jours de changement d'heure) comparée à la médiane des
  `NUITS_REFERENCE` (14) nuits complètes précédentes de même nature (d'un jour de classe ou
  non : l'internat dort au lycée avant un jour de classe), sur les `NUITS_RECUL_JOURS` (42)
  jours d'avant ;
- **vacances**, pour une énergie sans part de chauffage : la puissance moyenne d'un jour ouvré
  sans classe (vacances de la zone, jour férié, fermeture du lycée) comparée à la médiane des `VACANCES_REFERENCE`
  (10) jours ouvrés sans classe complets précédents de même nature (veilles d'un jour de classe
  ou non), sur les `VACANCES_RECUL_JOURS` (120) jours d'avant (les vacances précédentes). Les
  veilles (lundi de Pâques, Ascension, lundi de Pentecôte, 31 août, 11 novembre) sont rares :
  avec moins de 4 semblables dans les 120 jours, elles ne sont pas jugées.

La veille d'un jour de classe, les internes rentrent le soir (douches, dîner) : un dimanche ou un
jour férié avant la classe consomme bien plus qu'un jour sans classe ordinaire (l'eau surtout),
ce n'est pas une anomalie. La nature d'un jour est celle du calendrier
(noyau.domaine.calendrier.nature_du_jour), dans la zone de vacances du lycée et avec ses fermetures
déclarées (un jour fermé est un jour sans classe), comme pour les défis ;
un jour dont le calendrier des vacances ne connaît pas la nature n'est pas jugé.

Les nuits et les vacances du chauffage suivent des consignes (réduit, hors gel, internat) et la
température du moment, qu'une médiane corrigée des DJU du jour ne démêle pas : le chauffage
n'est jugé qu'au week-end.

Il faut `REFERENCES_MIN` (4) références complètes. L'habitude est multipliée par le facteur
climatique (1 − p) + p × DJU de la plage / DJU moyen de ses références (p : part chauffage,
noyau.communaute.referentiel). Pour une énergie de chauffage, la plage et ses références sont prises dans
la saison de chauffe (du 1er octobre au 20 mai, convention française des DJU) : l'allumage du
chauffage à l'automne n'est pas une anomalie. Une plage incomplète n'est jamais jugée.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from noyau.calculs.horaires import Horaires, horaires_du_lycee
from noyau.calculs.lecture import Point, consommation_site
from noyau.calculs.meteo import dju_journaliers
from noyau.calculs.numerique import compteurs_numeriques
from noyau.communaute.referentiel import part_chauffage
from noyau.communaute.regles import Regle
from noyau.domaine.calendrier import NatureDuJour, est_saison_de_chauffe
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS, a_paris
from noyau.stockage import Stockage

HEURE_FIN_NUIT = 5
NUITS_REFERENCE = 14
NUITS_RECUL_JOURS = 42
VACANCES_REFERENCE = 10
WEEK_ENDS_RECUL_SEMAINES = 20
UN_JOUR = timedelta(days=1)
VACANCES_RECUL_JOURS = 120
REFERENCES_MIN = 4


@dataclass(frozen=True)
class Plage:
    jours: tuple[date, ...]  # les jours dont les DJU comptent
    energie: float
    heures: float

    @property
    def puissance(self) -> float:
        return self.energie / self.heures


@dataclass(frozen=True)
class Anomalie:
    regle: Regle  # week-end, nuit, vacances
    energie: Energie
    jour: date  # le samedi du week-end, le jour de la nuit, le jour de vacances
    puissance: float  # kW (m³/h pour l'eau)
    habituelle: float
    references: int
    semblables: str  # les plages de référence : « week-ends précédents suivis d'un jour de classe »...
    correction_climatique: str  # "sans_objet" (pas de chauffage), "appliquee", "impossible" (sans température)


def anomalies(stockage: Stockage, uai: str, aujourd_hui: date, jours_examines: int, facteur: float,
              week_ends_reference: int) -> list[Anomalie]:
    """Les week-ends, nuits et jours de vacances des `jours_examines` jours avant `aujourd_hui`
    au-delà de `facteur` × l'habitude."""
    premier = aujourd_hui - timedelta(days=jours_examines + max(7 * WEEK_ENDS_RECUL_SEMAINES, VACANCES_RECUL_JOURS) + 7)
    examines = [aujourd_hui - timedelta(days=k) for k in range(1, jours_examines + 1)]
    compteurs = stockage.compteurs(uai)
    horaires = horaires_du_lycee(stockage, uai)
    resultat = []
    for energie in dict.fromkeys(c.energie for c in compteurs if c.principal and c.energie):
        part = part_chauffage(energie, compteurs)
        dju = dju_journaliers(stockage, uai, premier, aujourd_hui) if part else {}
        points = consommation_site(stockage, uai, energie, _minuit(premier), _minuit(aujourd_hui), Pas.HEURE).points
        examen = _Examen(energie, horaires, part, dju, facteur, *_plages(points))
        for jour in examines:
            resultat += _week_end(examen, jour, week_ends_reference) + _nuit(examen, jour) + _vacances(examen, jour)
    return resultat


def anomalies_numeriques(stockage: Stockage, uai: str, aujourd_hui: date, jours_examines: int,
                         facteur: float) -> list[tuple[Compteur, Anomalie]]:
    """Chaque équipement numérique (noyau.calculs.numerique) contre lui-même : la nuit d'un jour de
    classe contre les nuits de jours de classe d'avant (le numérique doit retomber à son talon
    entre deux jours de cours), un jour ouvré sans classe contre ses semblables d'avant (les
    vacances précédentes : une salle de serveurs mise en veille l'an passé, restée allumée cette
    fois). Les nuits des week-ends et des vacances ne sont pas jugées : un lycée qui met son
    numérique en veille pour les vacances, pas pour un week-end, les mêlerait."""
    premier = aujourd_hui - timedelta(days=jours_examines + VACANCES_RECUL_JOURS + 7)
    examines = [aujourd_hui - timedelta(days=k) for k in range(1, jours_examines + 1)]
    horaires = horaires_du_lycee(stockage, uai)
    resultat = []
    for compteur in compteurs_numeriques(stockage, uai):
        points = consommation_site(stockage, uai, Energie.ELECTRICITE, _minuit(premier), _minuit(aujourd_hui), Pas.HEURE,
                                   compteur.compteur).points
        examen = _Examen(Energie.ELECTRICITE, horaires, 0.0, {}, facteur, *_plages(points))
        for jour in examines:
            nuit = _nuit(examen, jour) if _classe(jour, horaires) else []
            resultat += [(compteur, a) for a in nuit + _vacances(examen, jour)]
    return resultat


@dataclass(frozen=True)
class _Examen:
    """De quoi juger les plages d'une énergie d'un lycée."""

    energie: Energie
    horaires: Horaires  # le calendrier du lycée : sa zone de vacances et ses fermetures
    part: float  # part chauffage
    dju: dict[date, float]
    facteur: float
    journees: dict[date, Plage]
    week_ends: dict[date, Plage]  # par samedi
    nuits: dict[date, Plage]


def _week_end(e: _Examen, samedi: date, combien: int) -> list[Anomalie]:
    lundi_de_classe = _veille_de_classe(samedi + UN_JOUR, e.horaires) if samedi in e.week_ends else None
    if lundi_de_classe is None:
        return []
    samedis = (samedi - timedelta(weeks=k) for k in range(1, WEEK_ENDS_RECUL_SEMAINES + 1))
    references = [s for s in samedis if s in e.week_ends and _veille_de_classe(s + UN_JOUR, e.horaires) == lundi_de_classe]
    semblables = f"week-ends précédents suivis d'un jour {'de' if lundi_de_classe else 'sans'} classe"
    return _juger(Regle.WEEK_END, e, samedi, e.week_ends, references[:combien], semblables)


def _nuit(e: _Examen, jour: date) -> list[Anomalie]:
    classe = _classe(jour, e.horaires)
    if jour not in e.nuits or e.part or classe is None:
        return []
    veilles = (jour - timedelta(days=k) for k in range(1, NUITS_RECUL_JOURS + 1))
    references = [v for v in veilles if v in e.nuits and _classe(v, e.horaires) == classe]
    semblables = f"nuits précédentes de jours {'de' if classe else 'sans'} classe"
    return _juger(Regle.NUIT, e, jour, e.nuits, references[:NUITS_REFERENCE], semblables)


def _vacances(e: _Examen, jour: date) -> list[Anomalie]:
    if jour not in e.journees or e.part or not _ouvre_sans_classe(jour, e.horaires):
        return []
    veille = _veille_de_classe(jour, e.horaires)
    veilles = (jour - timedelta(days=k) for k in range(1, VACANCES_RECUL_JOURS + 1))
    references = [v for v in veilles if v in e.journees and _ouvre_sans_classe(v, e.horaires)
                  and _veille_de_classe(v, e.horaires) == veille]
    semblables = f"jours ouvrés sans classe précédents suivis d'un jour {'de' if veille else 'sans'} classe"
    return _juger(Regle.VACANCES, e, jour, e.journees, references[:VACANCES_REFERENCE], semblables)


def _juger(regle: Regle, e: _Examen, jour: date, plages: dict[date, Plage], candidates: list[date],
           semblables: str) -> list[Anomalie]:
    references = [plages[c] for c in candidates if c in plages and (not e.part or est_saison_de_chauffe(c))]
    if len(references) < REFERENCES_MIN or (e.part and not est_saison_de_chauffe(jour)):
        return []
    plage = plages[jour]
    climat = _facteur_climat(e.dju, plage, references, e.part)
    habituelle = median(r.puissance for r in references) * (1.0 if climat is None else climat)
    if plage.puissance <= e.facteur * habituelle:
        return []
    correction = "sans_objet" if not e.part else "impossible" if climat is None else "appliquee"
    return [Anomalie(regle, e.energie, jour, plage.puissance, habituelle, len(references), semblables, correction)]


def _classe(jour: date, horaires: Horaires) -> bool | None:
    """Un jour de classe du lycée ; None si le calendrier ne le sait pas."""
    nature = horaires.nature_du_jour(jour)
    return None if nature is None else nature is NatureDuJour.CLASSE


def _veille_de_classe(jour: date, horaires: Horaires) -> bool | None:
    """Un jour sans classe dont le lendemain en est un (les internes rentrent le soir : douches,
    dîner) ; None si le calendrier ne le sait pas."""
    nature = horaires.nature_du_jour(jour)
    return None if nature is None else nature is NatureDuJour.VEILLE_DE_CLASSE


def _ouvre_sans_classe(jour: date, horaires: Horaires) -> bool:
    """Du lundi au vendredi, sans classe (vacances, jour férié, fermeture du lycée) ; faux si le
    calendrier ne sait pas."""
    return jour.weekday() < 5 and _classe(jour, horaires) is False


def _plages(points: list[Point]) -> tuple[dict[date, Plage], dict[date, Plage], dict[date, Plage]]:
    """Les jours complets, les week-ends complets (par samedi) et les nuits complètes (par jour),
    des points horaires."""
    jours: dict[date, list] = {}  # jour → [énergie, heures, nuit : énergie, heures] des heures complètes
    for point in points:
        if point.complet:
            local = a_paris(point.debut)
            cumul = jours.setdefault(local.date(), [0.0, 0, 0.0, 0])
            cumul[0] += point.valeur
            cumul[1] += 1
            if local.hour < HEURE_FIN_NUIT:
                cumul[2] += point.valeur
                cumul[3] += 1
    entiers = {j: c for j, c in jours.items() if c[1] == _heures(j, _minuit(j + timedelta(days=1)))}
    nuits = {j: Plage((j,), c[2], c[3]) for j, c in jours.items()
             if c[3] == _heures(j, datetime(j.year, j.month, j.day, HEURE_FIN_NUIT, tzinfo=PARIS))}
    week_ends = {}
    for samedi in (j for j in entiers if j.weekday() == 5):
        dimanche = samedi + timedelta(days=1)
        if dimanche in entiers:
            week_ends[samedi] = Plage((samedi, dimanche), entiers[samedi][0] + entiers[dimanche][0],
                                      entiers[samedi][1] + entiers[dimanche][1])
    return {j: Plage((j,), c[0], c[1]) for j, c in entiers.items()}, week_ends, nuits


def _heures(jour: date, fin: datetime) -> int:
    """Le nombre d'heures de minuit à `fin` ce jour-là (changements d'heure compris)."""
    return round((fin.timestamp() - _minuit(jour).timestamp()) / 3600)


def _facteur_climat(dju: dict[date, float], plage: Plage, references: list[Plage], part: float) -> float | None:
    """(1 − p) + p × DJU de la plage / DJU moyen des références ; 1 sans chauffage, None si
    incalculable (une température manque, références sans degré-jour)."""
    def somme(p: Plage) -> float | None:
        valeurs = [dju.get(j) for j in p.jours]
        return None if None in valeurs else sum(valeurs)

    if not part:
        return 1.0
    actuel, passes = somme(plage), [somme(r) for r in references]
    if actuel is None or None in passes or sum(passes) == 0:
        return None
    return (1 - part) + part * actuel / (sum(passes) / len(passes))


def _minuit(jour: date) -> datetime:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS)
