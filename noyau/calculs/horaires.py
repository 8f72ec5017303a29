"""Les horaires d'un lycée et le classement de chaque heure : ouverture, nuit d'internat, soir et
nuit, week-end, vacances.

- Horaires par jour de la semaine : par défaut 7 h 30 - 18 h 30 du lundi au vendredi, fermé le
  week-end, sans internat (`horaires_par_defaut`) ; chaque lycée peut déclarer les siens
  (collection `horaires`, `PUT /api/v1/sites/{uai}/horaires`), son internat et sa zone.
- Zone de vacances : celle déclarée, sinon celle de l'académie du département (les trois premiers
  chiffres de l'UAI ; la Bretagne est l'académie de Rennes, zone B) ; noyau.domaine.calendrier donne les
  vacances de la zone et les jours fériés.
- Classement d'une heure, à l'heure locale de Paris (un jour du changement d'heure a 23 ou 25
  heures, chacune classée à son heure locale) : `vacances` un jour de vacances scolaires ou
  férié ; `week_end` un samedi ou un dimanche hors vacances ; un jour de classe, `ouverture`
  pendant les horaires ; hors horaires, `nuit_internat` si le lycée a un internat, avant 7 h 30
  après un jour de classe ou après 19 h avant un jour de classe (les nuits du lundi au
  vendredi) ; sinon `soir_et_nuit`. Une heure que coupe une borne (7 h 30) est partagée au
  prorata du temps : la consommation horaire est la granularité la plus fine lue.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from noyau.domaine.calendrier import est_ferie, est_jour_de_classe, est_vacances, valider_zone, zone_de_l_academie
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import PARIS, maintenant
from noyau.stockage import Document, Stockage

COLLECTION = "horaires"
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
CATEGORIES = ("ouverture", "nuit_internat", "soir_et_nuit", "week_end", "vacances")
_SEMAINE = [[("07:30", "18:30")]] * 5 + [[], []]
NUIT_INTERNAT = (7 * 60 + 30, 19 * 60)  # la nuit d'internat : avant 7 h 30, après 19 h (minutes)
ACADEMIE_PAR_DEPARTEMENT = {"022": "Rennes", "029": "Rennes", "035": "Rennes", "056": "Rennes"}


@dataclass(frozen=True)
class Horaires:
    """Plages d'ouverture [debut, fin) en minutes depuis minuit, par jour (0 = lundi)."""

    plages: tuple[tuple[tuple[int, int], ...], ...]
    internat: bool
    zone: str


def horaires_par_defaut(uai: str) -> Horaires:
    return _depuis_json({"jours": dict(zip(JOURS, _SEMAINE)), "internat": False}, uai)


def horaires_du_lycee(stockage: Stockage, uai: str) -> Horaires:
    for document in stockage.documents(COLLECTION, uai):
        return _depuis_json(document.contenu, uai)
    return horaires_par_defaut(uai)


def zone_declaree(stockage: Stockage, uai: str) -> str | None:
    """La zone de vacances déclarée dans les horaires du lycée, s'il y en a une (sinon : son académie)."""
    for document in stockage.documents(COLLECTION, uai):
        return document.contenu.get("zone")
    return None


def enregistrer_horaires(stockage: Stockage, uai: str, contenu: dict) -> Horaires:
    """`contenu` : {"jours": {"lundi": [["07:30", "18:30"]], ...}, "internat": bool, "zone": "B" ou absent}."""
    horaires = _depuis_json(contenu, uai)
    stockage.enregistrer_document(Document(COLLECTION, uai, uai, contenu, maintenant()))
    return horaires


def en_json(horaires: Horaires) -> dict:
    def texte(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    jours = {nom: [[texte(a), texte(b)] for a, b in plages] for nom, plages in zip(JOURS, horaires.plages)}
    return {"jours": jours, "internat": horaires.internat, "zone": horaires.zone}


def repartir_heure(horaires: Horaires, debut: float, fin: float) -> dict[str, float]:
    """Les parts (somme 1) de la période [debut, fin) (une heure au plus, secondes Unix) par catégorie."""
    local = datetime.fromtimestamp(debut, PARIS)
    jour = local.date()
    if _est_conge(jour, horaires.zone):
        return {"vacances": 1.0}
    if jour.weekday() >= 5:
        return {"week_end": 1.0}
    veille = horaires.internat and est_jour_de_classe(jour - timedelta(days=1), horaires.zone)
    lendemain = horaires.internat and est_jour_de_classe(jour + timedelta(days=1), horaires.zone)
    minute = local.hour * 60 + local.minute
    return _parts(horaires.plages[jour.weekday()], minute, max(1, round((fin - debut) / 60)), veille, lendemain)


@cache
def _parts(plages, minute: int, duree: int, veille: bool, lendemain: bool) -> dict[str, float]:
    """Minute par minute (mis en cache : peu de cas différents) ; la nuit d'internat court de 19 h
    à 7 h 30 entre deux jours de classe, hors horaires d'ouverture."""
    comptes = dict.fromkeys(("ouverture", "nuit_internat", "soir_et_nuit"), 0)
    for m in range(minute, minute + duree):
        if any(a <= m < b for a, b in plages):
            comptes["ouverture"] += 1
        elif (veille and m < NUIT_INTERNAT[0]) or (lendemain and m >= NUIT_INTERNAT[1]):
            comptes["nuit_internat"] += 1
        else:
            comptes["soir_et_nuit"] += 1
    return {k: n / duree for k, n in comptes.items() if n}


def zone_du_lycee(uai: str) -> str:
    academie = ACADEMIE_PAR_DEPARTEMENT.get(uai[:3])
    if academie is None:
        raise DonneeInvalide(f"académie inconnue pour {uai} : déclarer la zone de vacances dans ses horaires")
    return zone_de_l_academie(academie)


def _est_conge(jour: date, zone: str) -> bool:
    return est_vacances(jour, zone) or est_ferie(jour)


def _depuis_json(contenu: dict, uai: str) -> Horaires:
    jours = contenu.get("jours")
    if not isinstance(jours, dict) or set(jours) - set(JOURS):
        raise DonneeInvalide(f"jours attendus : {', '.join(JOURS)} (un jour absent est fermé)")
    plages = tuple(tuple(sorted(_plage(p, nom) for p in jours.get(nom) or [])) for nom in JOURS)
    zone = contenu.get("zone")
    return Horaires(plages, bool(contenu.get("internat", False)), valider_zone(zone) if zone else zone_du_lycee(uai))


def _plage(plage, jour: str) -> tuple[int, int]:
    try:
        debut, fin = (time.fromisoformat(t) for t in plage)
    except (TypeError, ValueError):
        raise DonneeInvalide(f"plage illisible le {jour} : [\"HH:MM\", \"HH:MM\"] attendu") from None
    a, b = debut.hour * 60 + debut.minute, fin.hour * 60 + fin.minute or 24 * 60
    if b <= a:
        raise DonneeInvalide(f"plage du {jour} : la fin doit suivre le début")
    return a, b
