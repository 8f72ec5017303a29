"""Les horaires d'un lycée et le classement de chaque heure : ouverture, nuit d'internat, soir et
nuit, week-end, vacances.

- Horaires par jour de la semaine : par défaut 7 h 30 - 18 h 30 du lundi au vendredi, fermé le
  week-end, sans internat (`horaires_par_defaut`) ; chaque lycée peut déclarer les siens
  (collection `horaires`, `PUT /api/v1/sites/{uai}/horaires`), son internat et sa zone.
- Zone de vacances : celle déclarée, sinon celle de l'académie du département (les trois premiers
  chiffres de l'UAI ; la Bretagne est l'académie de Rennes, zone B) ; noyau.domaine.calendrier donne les
  vacances de la zone et les jours fériés.
- Fermetures particulières : des périodes de jours [debut, fin) (fin exclue, comme toute période
  d'Enerlycée) où le lycée est fermé (pont, journée pédagogique, travaux, grève, neige), avec un
  motif court obligatoire (un texte libre vérifié : ni adresse électronique ni téléphone) ;
  `FERMETURES_MAX` au plus, de `FERMETURE_JOURS_MAX` jours au plus chacune. Un jour fermé est un
  congé (noyau.domaine.calendrier.est_conge) partout où sert le calendrier du lycée : classement
  des heures, nuits d'internat, confort des salles, défis, actions et alertes.
- Classement d'une heure, à l'heure locale de Paris (un jour du changement d'heure a 23 ou 25
  heures, chacune classée à son heure locale) : `vacances` un jour de vacances scolaires, férié
  ou de fermeture du lycée ; `week_end` un samedi ou un dimanche hors vacances ; un jour de classe, `ouverture`
  pendant les horaires ; hors horaires, `nuit_internat` si le lycée a un internat, avant 7 h 30
  après un jour de classe ou après 19 h avant un jour de classe (les nuits du lundi au
  vendredi ; pas la veille d'une fermeture : les internes sont rentrés chez eux) ; sinon `soir_et_nuit`. Une heure que coupe une borne (7 h 30) est partagée au
  prorata du temps : la consommation horaire est la granularité la plus fine lue.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from noyau.domaine.calendrier import (
    Fermeture,
    NatureDuJour,
    est_conge,
    est_jour_de_classe,
    nature_du_jour,
    valider_zone,
    zone_de_l_academie,
)
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import PARIS, maintenant
from noyau.domaine.texte_libre import verifier_texte
from noyau.stockage import Document, Stockage

COLLECTION = "horaires"
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
CATEGORIES = ("ouverture", "nuit_internat", "soir_et_nuit", "week_end", "vacances")
_SEMAINE = [[("07:30", "18:30")]] * 5 + [[], []]
NUIT_INTERNAT = (7 * 60 + 30, 19 * 60)  # la nuit d'internat : avant 7 h 30, après 19 h (minutes)
ACADEMIE_PAR_DEPARTEMENT = {"022": "Rennes", "029": "Rennes", "035": "Rennes", "056": "Rennes"}
FERMETURES_MAX = 100  # une dizaine par an, gardées des années : les analyses du passé en dépendent
FERMETURE_JOURS_MAX = 366
MOTIF_MAX = 80
ANNEES = (2000, 2100)


@dataclass(frozen=True)
class Horaires:
    """Plages d'ouverture [debut, fin) en minutes depuis minuit, par jour (0 = lundi)."""

    plages: tuple[tuple[tuple[int, int], ...], ...]
    internat: bool
    zone: str
    fermetures: tuple[Fermeture, ...] = ()  # par premier jour

    def est_jour_de_classe(self, jour: date) -> bool:
        """Un jour de classe de ce lycée : ni week-end, ni férié, ni vacances de sa zone, ni fermé."""
        return est_jour_de_classe(jour, self.zone, self.fermetures)

    def est_conge(self, jour: date) -> bool:
        return est_conge(jour, self.zone, self.fermetures)

    def nature_du_jour(self, jour: date) -> NatureDuJour | None:
        """Ce qui rend deux jours de ce lycée comparables (noyau.domaine.calendrier.nature_du_jour)."""
        return nature_du_jour(jour, self.zone, self.fermetures)


def horaires_par_defaut(uai: str) -> Horaires:
    return _depuis_json({"jours": dict(zip(JOURS, _SEMAINE)), "internat": False}, uai)


def horaires_du_lycee(stockage: Stockage, uai: str) -> Horaires:
    for document in stockage.documents(COLLECTION, uai):
        return _depuis_json(document.contenu, uai)
    return horaires_par_defaut(uai)


def declaration(stockage: Stockage, uai: str) -> dict:
    """Les horaires tels que le lycée les a déclarés (zone comprise seulement si elle l'est), sinon
    ceux par défaut : la base d'une écriture qui n'en change qu'une partie (le formulaire des
    horaires garde la zone et les fermetures, celui des fermetures garde le reste)."""
    for document in stockage.documents(COLLECTION, uai):
        return dict(document.contenu)
    return {"jours": dict(zip(JOURS, _SEMAINE)), "internat": False}


def enregistrer_horaires(stockage: Stockage, uai: str, contenu: dict) -> Horaires:
    """`contenu` : {"jours": {"lundi": [["07:30", "18:30"]], ...}, "internat": bool, "zone": "B" ou absent,
    "fermetures": [{"debut": "2027-05-07", "fin": "2027-05-08", "motif": "pont"}] ou absent} ; le
    document remplace le précédent, sauf les fermetures quand `contenu` n'en dit rien : celles déjà
    déclarées restent (un client qui ne connaît pas le champ ne les efface pas ; [] les retire)."""
    if "fermetures" not in contenu:
        contenu = {**contenu, "fermetures": declaration(stockage, uai).get("fermetures", [])}
    horaires = _depuis_json(contenu, uai)
    # rangées telles qu'on les relit : dates ISO, motifs nettoyés, par premier jour
    contenu = {**contenu, "fermetures": _fermetures_en_json(horaires.fermetures)}
    stockage.enregistrer_document(Document(COLLECTION, uai, uai, contenu, maintenant()))
    return horaires


def en_json(horaires: Horaires) -> dict:
    def texte(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    jours = {nom: [[texte(a), texte(b)] for a, b in plages] for nom, plages in zip(JOURS, horaires.plages)}
    return {"jours": jours, "internat": horaires.internat, "zone": horaires.zone,
            "fermetures": _fermetures_en_json(horaires.fermetures)}


def _fermetures_en_json(fermetures: tuple[Fermeture, ...]) -> list[dict]:
    return [{"debut": f.debut.isoformat(), "fin": f.fin.isoformat(), "motif": f.motif} for f in fermetures]


def repartir_heure(horaires: Horaires, debut: float, fin: float) -> dict[str, float]:
    """Les parts (somme 1) de la période [debut, fin) (une heure au plus, secondes Unix) par catégorie."""
    local = datetime.fromtimestamp(debut, PARIS)
    jour = local.date()
    if horaires.est_conge(jour):
        return {"vacances": 1.0}
    if jour.weekday() >= 5:
        return {"week_end": 1.0}
    veille = horaires.internat and horaires.est_jour_de_classe(jour - timedelta(days=1))
    lendemain = horaires.internat and horaires.est_jour_de_classe(jour + timedelta(days=1))
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


def _depuis_json(contenu: dict, uai: str) -> Horaires:
    jours = contenu.get("jours")
    if not isinstance(jours, dict) or set(jours) - set(JOURS):
        raise DonneeInvalide(f"jours attendus : {', '.join(JOURS)} (un jour absent est fermé)")
    plages = tuple(tuple(sorted(_plage(p, nom) for p in jours.get(nom) or [])) for nom in JOURS)
    zone = contenu.get("zone")
    return Horaires(plages, bool(contenu.get("internat", False)), valider_zone(zone) if zone else zone_du_lycee(uai),
                    _fermetures(contenu.get("fermetures") or []))


def _fermetures(fermetures) -> tuple[Fermeture, ...]:
    if not isinstance(fermetures, list):
        raise DonneeInvalide("fermetures : une liste de {\"debut\", \"fin\", \"motif\"} attendue")
    if len(fermetures) > FERMETURES_MAX:
        raise DonneeInvalide(f"fermetures : {FERMETURES_MAX} au plus (retirer les plus anciennes)")
    return tuple(sorted((_fermeture(f, rang) for rang, f in enumerate(fermetures, 1)), key=lambda f: (f.debut, f.fin)))


def _fermeture(fermeture, rang: int) -> Fermeture:
    nom = f"fermeture n° {rang}"
    if not isinstance(fermeture, dict):
        raise DonneeInvalide(f"{nom} : un objet {{\"debut\", \"fin\", \"motif\"}} attendu")
    debut, fin = (_jour(fermeture.get(cle), f"{nom}, {cle}") for cle in ("debut", "fin"))
    if fin <= debut:
        raise DonneeInvalide(f"{nom} : fin (exclue) doit suivre debut ; un seul jour fermé, le {debut.isoformat()} : "
                             f"debut {debut.isoformat()}, fin {(debut + timedelta(days=1)).isoformat()}")
    if (fin - debut).days > FERMETURE_JOURS_MAX:
        raise DonneeInvalide(f"{nom} : {FERMETURE_JOURS_MAX} jours au plus")
    return Fermeture(debut, fin, verifier_texte(fermeture.get("motif"), f"{nom}, motif", MOTIF_MAX, obligatoire=True))


def _jour(valeur, nom: str) -> date:
    try:
        jour = date.fromisoformat(valeur)
    except (TypeError, ValueError):
        raise DonneeInvalide(f"{nom} : date AAAA-MM-JJ attendue") from None
    if not ANNEES[0] <= jour.year <= ANNEES[1]:
        raise DonneeInvalide(f"{nom} : entre les années {ANNEES[0]} et {ANNEES[1]}")
    return jour


def _plage(plage, jour: str) -> tuple[int, int]:
    try:
        debut, fin = (time.fromisoformat(t) for t in plage)
    except (TypeError, ValueError):
        raise DonneeInvalide(f"plage illisible le {jour} : [\"HH:MM\", \"HH:MM\"] attendu") from None
    a, b = debut.hour * 60 + debut.minute, fin.hour * 60 + fin.minute or 24 * 60
    if b <= a:
        raise DonneeInvalide(f"plage du {jour} : la fin doit suivre le début")
    return a, b
