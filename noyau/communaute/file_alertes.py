"""La file des alertes : l'état de chaque alerte, sa note et le code d'accès qui l'a changé
(contrat, section 4) ; la file de tout le parc pour la Région.

États : `nouvelle` (levée, personne ne s'en occupe), `prise-en-charge` (quelqu'un s'en occupe :
la même condition ne lève plus d'alerte tant qu'elle l'est, et aucun message ne part pour elle),
`resolue`, `fausse-alerte`. Les deux premiers sont « ouverts ».

Les états d'avant (`vue`, `close`) se lisent `prise-en-charge` et `resolue` ; `migrer_etats`
réécrit une fois pour toutes les alertes rangées sous l'ancien nom, sans en perdre aucune.

Rangées dans la collection `alertes`, au lycée (noyau.communaute.alertes les lève).
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from noyau.communaute.jetons import identifiant as identifiant_du_code
from noyau.communaute.regles import Regle
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.temps import PARIS, depuis_rfc3339, maintenant
from noyau.stockage import Document, Jeton, Stockage

COLLECTION = "alertes"
ETATS = ("nouvelle", "prise-en-charge", "resolue", "fausse-alerte")
OUVERTS = ("nouvelle", "prise-en-charge")
ANCIENS_ETATS = {"vue": "prise-en-charge", "close": "resolue"}
NOTE_MAX = 1000


@dataclass(frozen=True)
class Alerte:
    identifiant: str
    uai: str
    regle: Regle
    jour: date
    message: str
    details: dict
    etat: str = "nouvelle"
    modifiee_le: float = 0.0
    note: str = ""
    par: str | None = None  # l'identifiant du code d'accès qui a changé l'état en dernier
    levee_le: float = 0.0  # l'instant (réel) où la tâche l'a levée : les envois partent de là

    @property
    def debut(self) -> float:
        """Le début de ce qui s'est passé : le dernier relevé avant le silence, sinon minuit (Paris)
        du jour de l'alerte (la nuit de 0 h à 5 h, le samedi du week-end, le mois de l'objectif...)."""
        if self.regle is Regle.KIT_SILENCIEUX and self.details.get("depuis"):
            return depuis_rfc3339(self.details["depuis"])
        return datetime(self.jour.year, self.jour.month, self.jour.day, tzinfo=PARIS).timestamp()

    @property
    def sujet(self) -> tuple:
        """Ce qu'une alerte de la même règle vise de nouveau : le même compteur, objectif ou la même énergie."""
        d = self.details
        return self.regle, d.get("compteur") or d.get("objectif") or d.get("energie")


def ranger(stockage: Stockage, alerte: Alerte) -> None:
    stockage.enregistrer_document(Document(COLLECTION, alerte.identifiant, alerte.uai, _contenu(alerte), alerte.modifiee_le))


def alertes(stockage: Stockage, uai: str, etat: str | None = None) -> list[Alerte]:
    """Les alertes du lycée, de la plus récente à la plus ancienne (par jour)."""
    return alertes_du_parc(stockage, etat=etat, uai=uai)


def alertes_du_parc(stockage: Stockage, etat: str | None = None, uai: str | None = None, regle: str | None = None) -> list[Alerte]:
    """Les alertes de tous les lycées (ou d'un seul), filtrées, de la plus récente à la plus ancienne."""
    if etat is not None:
        valider_etat(etat)
    if regle is not None:
        regle = _regle(regle)
    toutes = (_depuis(d) for d in stockage.documents(COLLECTION, uai))
    gardees = [a for a in toutes if (etat is None or a.etat == etat) and (regle is None or a.regle is regle)]
    return sorted(gardees, key=lambda a: (a.jour, a.identifiant), reverse=True)


def file_de_traitement(stockage: Stockage) -> list[Alerte]:
    """Les alertes ouvertes du parc, dans l'ordre où les traiter : la plus grave d'abord, puis la
    plus ancienne, puis par lycée."""
    ouvertes = [a for a in alertes_du_parc(stockage) if a.etat in OUVERTS]
    return sorted(ouvertes, key=lambda a: (-a.regle.gravite, a.debut, a.uai, a.identifiant))


def changer_etat(stockage: Stockage, uai: str, identifiant: str, etat: str, note: str | None = None,
                 par: Jeton | None = None) -> Alerte:
    """`note` None garde la note d'avant ; `par` : le code d'accès qui change l'état (None : l'exploitant)."""
    valider_etat(etat)
    if note is not None and len(note.strip()) > NOTE_MAX:
        raise DonneeInvalide(f"note trop longue : {NOTE_MAX} caractères au plus")
    document = next((d for d in stockage.documents(COLLECTION, uai) if d.identifiant == identifiant), None)
    if document is None:
        raise Introuvable(f"alerte inconnue pour le lycée {uai} : {identifiant}")
    alerte = _depuis(document)
    changee = replace(alerte, etat=etat, modifiee_le=maintenant(), par=identifiant_du_code(par) if par else None,
                      note=alerte.note if note is None else note.strip())
    ranger(stockage, changee)
    return changee


def migrer_etats(stockage: Stockage) -> int:
    """Réécrit sous leur nom d'aujourd'hui les alertes rangées avec un état d'avant (`vue`,
    `close`) ; renvoie combien. Rien d'autre ne change (ni la date de modification, ni le reste)."""
    anciennes = [d for d in stockage.documents(COLLECTION) if d.contenu.get("etat") in ANCIENS_ETATS]
    for document in anciennes:
        contenu = {**document.contenu, "etat": ANCIENS_ETATS[document.contenu["etat"]]}
        stockage.enregistrer_document(replace(document, contenu=contenu))
    return len(anciennes)


def valider_etat(etat: str) -> None:
    if etat not in ETATS:
        raise DonneeInvalide(f"état d'alerte inconnu « {etat} » : {', '.join(ETATS)}")


def _regle(nom: str) -> Regle:
    try:
        return Regle(nom)
    except ValueError:
        raise DonneeInvalide(f"règle d'alerte inconnue « {nom} » : {', '.join(Regle)}") from None


def _contenu(alerte: Alerte) -> dict:
    return {"regle": alerte.regle, "jour": alerte.jour.isoformat(), "message": alerte.message, "details": alerte.details,
            "etat": alerte.etat, "note": alerte.note, "par": alerte.par, "levee_le": alerte.levee_le}


def _depuis(document: Document) -> Alerte:
    c = document.contenu
    return Alerte(document.identifiant, document.uai, Regle(c["regle"]), date.fromisoformat(c["jour"]), c["message"],
                  c["details"], ANCIENS_ETATS.get(c["etat"], c["etat"]), document.modifie_le, c.get("note", ""), c.get("par"),
                  c.get("levee_le", document.modifie_le))
