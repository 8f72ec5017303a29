"""Le calendrier scolaire : national (jours fériés), zone (vacances), établissement (horaires).

Trois niveaux, comme un calendrier d'établissement réel :

- national : les jours fériés français (bibliothèque `holidays`), `est_ferie(jour)` ;
- zone : les vacances scolaires des zones A, B et C (bibliothèque `vacances_scolaires_france`,
  données du ministère), `est_vacances(jour, zone)` ; l'académie de Rennes (toute la
  Bretagne) est en zone B, `zone_de_l_academie("Rennes")` ;
- établissement : les horaires d'ouverture par jour de la semaine, `HorairesOuverture`,
  dont `HorairesOuverture.lycee()` est le modèle par défaut (lundi au vendredi 8 h - 18 h,
  mercredi jusqu'à 12 h 30, samedi et dimanche fermés).

Un établissement peut aussi être fermé des jours de classe (`Fermeture` : un pont, une journée
pédagogique, des travaux, une grève, la neige) : ces jours-là sont des congés comme les vacances.
Un **jour sans classe** pour un lycée est défini ici une seule fois : un samedi, un dimanche ou un
congé (`est_conge` : férié, vacances de sa zone, fermeture déclarée) ; `est_jour_de_classe(jour,
zone, fermetures)` en est le contraire.

`CalendrierScolaire(zone, horaires, fermetures)` réunit les trois : `est_jour_de_classe(jour)` et
`est_en_cours(moment)`. Aucune date n'est saisie à la main ici ; au-delà des années couvertes
par les données des vacances, `est_vacances` lève `DonneeInvalide`.

`nature_du_jour(jour, zone, fermetures)` dit ce qui rend deux jours comparables pour la consommation d'un
lycée : un jour de classe, un jour sans classe veille d'un jour de classe (les internes rentrent
le soir : douches, dîner), un autre jour sans classe. Les défis, les actions et les alertes ne
comparent que des jours de même nature.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from functools import cache

import holidays
from vacances_scolaires_france import SchoolHolidayDates, UnsupportedYearException

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import PARIS

ZONES = ("A", "B", "C")
ZONE_BRETAGNE = "B"

# Découpage des académies métropolitaines en zones de vacances (depuis la rentrée 2016).
ACADEMIES_PAR_ZONE = {
    "A": ("Besançon", "Bordeaux", "Clermont-Ferrand", "Dijon", "Grenoble", "Limoges", "Lyon", "Poitiers"),
    "B": (
        "Aix-Marseille", "Amiens", "Lille", "Nancy-Metz", "Nantes", "Nice", "Normandie",
        "Orléans-Tours", "Reims", "Rennes", "Strasbourg",
    ),
    "C": ("Créteil", "Montpellier", "Paris", "Toulouse", "Versailles"),
}


@cache
def _feries() -> holidays.HolidayBase:
    return holidays.France(language="fr")


@cache
def _vacances() -> SchoolHolidayDates:
    """Les données du ministère, lues une fois, à la première question."""
    return SchoolHolidayDates()


def zone_de_l_academie(academie: str) -> str:
    """La zone de vacances (A, B ou C) d'une académie métropolitaine, nommée sans accent exigé."""
    cherchee = _sans_accent(academie)
    for zone, academies in ACADEMIES_PAR_ZONE.items():
        if any(_sans_accent(nom) == cherchee for nom in academies):
            return zone
    raise DonneeInvalide(f"académie inconnue « {academie} »")


def valider_zone(zone: str) -> str:
    zone = str(zone).strip().upper()
    if zone not in ZONES:
        raise DonneeInvalide(f"zone de vacances inconnue « {zone} » : A, B ou C")
    return zone


def est_ferie(jour: date) -> bool:
    """Vrai un jour férié national (1er mai, lundi de Pentecôte, 11 novembre...)."""
    return _jour(jour) in _feries()


def nom_du_ferie(jour: date) -> str | None:
    return _feries().get(_jour(jour))


def est_vacances(jour: date, zone: str = ZONE_BRETAGNE) -> bool:
    """Vrai un jour de vacances scolaires de la zone, week-ends inclus."""
    try:
        return _vacances().is_holiday_for_zone(_jour(jour), valider_zone(zone))
    except UnsupportedYearException:
        raise DonneeInvalide(f"vacances scolaires inconnues pour l'année {jour.year}") from None


def nom_des_vacances(jour: date, zone: str = ZONE_BRETAGNE) -> str | None:
    """« Vacances de la Toussaint », « Pont de l'Ascension »... ou None."""
    if not est_vacances(jour, zone):
        return None
    return _vacances().data[_jour(jour)]["nom_vacances"]


SAISON_DE_CHAUFFE = ((10, 1), (5, 20))  # du 1er octobre au 20 mai (mois, jour) : la convention française des DJU


def est_saison_de_chauffe(jour: date) -> bool:
    """Vrai du 1er octobre au 20 mai inclus, la saison de chauffe des DJU (COSTIC, Météo-France)."""
    (mois_debut, jour_debut), (mois_fin, jour_fin) = SAISON_DE_CHAUFFE
    return (jour.month, jour.day) >= (mois_debut, jour_debut) or (jour.month, jour.day) <= (mois_fin, jour_fin)


def debut_de_saison(jour: date) -> date:
    """Le 1er octobre qui ouvre la saison de chauffe de ce jour ; l'été, celui de la saison finie."""
    mois_debut, jour_debut = SAISON_DE_CHAUFFE[0]
    annee = jour.year if (jour.month, jour.day) >= (mois_debut, jour_debut) else jour.year - 1
    return date(annee, mois_debut, jour_debut)


@dataclass(frozen=True)
class Fermeture:
    """Un établissement fermé les jours [debut, fin) (fin exclue, comme toute période d'Enerlycée),
    pour un motif court : « pont », « journée pédagogique », « travaux », « grève », « neige »..."""

    debut: date
    fin: date
    motif: str

    def contient(self, jour: date) -> bool:
        return self.debut <= jour < self.fin


def est_ferme(jour: date, fermetures: tuple[Fermeture, ...]) -> bool:
    """Vrai un jour d'une des fermetures déclarées."""
    jour = _jour(jour)
    return any(f.contient(jour) for f in fermetures)


def est_conge(jour: date, zone: str = ZONE_BRETAGNE, fermetures: tuple[Fermeture, ...] = ()) -> bool:
    """Un jour sans classe, quel que soit le jour de la semaine : férié, vacances de la zone, ou
    fermeture déclarée de l'établissement."""
    return est_ferme(jour, fermetures) or _conge_de_la_zone(_jour(jour), zone)


@cache
def _conge_de_la_zone(jour: date, zone: str) -> bool:
    """Férié ou vacances de la zone (gardé : quelques milliers de jours pour trois zones)."""
    return est_ferie(jour) or est_vacances(jour, zone)


def est_jour_de_classe(jour: date, zone: str = ZONE_BRETAGNE, fermetures: tuple[Fermeture, ...] = ()) -> bool:
    """Du lundi au vendredi, hors congés : jours fériés, vacances de la zone, fermetures déclarées."""
    return jour.weekday() < 5 and not est_conge(jour, zone, fermetures)


class NatureDuJour(Enum):
    """Ce qui rend deux jours comparables pour la consommation d'un lycée."""

    CLASSE = "jour de classe"
    VEILLE_DE_CLASSE = "jour sans classe veille d'un jour de classe"  # les internes rentrent le soir
    SANS_CLASSE = "jour sans classe"


def nature_du_jour(jour: date, zone: str, fermetures: tuple[Fermeture, ...] = ()) -> NatureDuJour | None:
    """La nature du jour dans la zone, fermetures de l'établissement comprises ; None si le
    calendrier des vacances ne la connaît pas."""
    try:
        if est_jour_de_classe(jour, zone, fermetures):
            return NatureDuJour.CLASSE
        lendemain = est_jour_de_classe(jour + timedelta(days=1), zone, fermetures)
    except DonneeInvalide:
        return None
    return NatureDuJour.VEILLE_DE_CLASSE if lendemain else NatureDuJour.SANS_CLASSE


@dataclass(frozen=True)
class Plage:
    """Une plage d'ouverture [debut, fin) à l'heure locale."""

    debut: time
    fin: time

    def contient(self, heure: time) -> bool:
        return self.debut <= heure < self.fin


@dataclass(frozen=True)
class HorairesOuverture:
    """Les plages d'ouverture de chaque jour de la semaine (0 = lundi ... 6 = dimanche)."""

    plages: tuple[tuple[Plage, ...], ...]

    def __post_init__(self):
        if len(self.plages) != 7:
            raise DonneeInvalide("les horaires d'ouverture décrivent les 7 jours de la semaine")

    @classmethod
    def lycee(cls) -> "HorairesOuverture":
        """Un lycée type : 8 h - 18 h en semaine, mercredi jusqu'à 12 h 30, fermé le week-end."""
        journee = (Plage(time(8), time(18)),)
        mercredi = (Plage(time(8), time(12, 30)),)
        return cls((journee, journee, mercredi, journee, journee, (), ()))

    def du_jour(self, jour_semaine: int) -> tuple[Plage, ...]:
        return self.plages[jour_semaine]

    def est_ouvert(self, moment: datetime) -> bool:
        """Vrai si l'établissement est ouvert à cet instant (converti à l'heure de Paris)."""
        local = _a_paris(moment)
        return any(plage.contient(local.time()) for plage in self.du_jour(local.weekday()))


@dataclass(frozen=True)
class CalendrierScolaire:
    """Le calendrier d'un établissement : sa zone de vacances, ses horaires et ses fermetures."""

    zone: str = ZONE_BRETAGNE
    horaires: HorairesOuverture = field(default_factory=HorairesOuverture.lycee)
    fermetures: tuple[Fermeture, ...] = ()

    def est_jour_de_classe(self, jour: date) -> bool:
        return est_jour_de_classe(jour, self.zone, self.fermetures)

    def est_en_cours(self, moment: datetime) -> bool:
        """Vrai pendant les horaires d'ouverture d'un jour de classe : le reste est « hors horaires »."""
        local = _a_paris(moment)
        return self.est_jour_de_classe(local.date()) and self.horaires.est_ouvert(local)


def _a_paris(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise DonneeInvalide("instant sans fuseau : ajouter un fuseau (Europe/Paris ou UTC)")
    return moment.astimezone(PARIS)


def _jour(jour: date) -> date:
    """Une date simple : un datetime est ramené à son jour (les bibliothèques l'exigent)."""
    return jour.date() if isinstance(jour, datetime) else jour


def _sans_accent(texte: str) -> str:
    remplacements = str.maketrans("éèêëàâîïôûüç", "eeeeaaiiouuc")
    return texte.strip().lower().translate(remplacements)
