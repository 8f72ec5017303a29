"""Les abonnements aux alertes (contrat, section 4) : qui reçoit quoi, par quel canal, à quel rythme.

Pour les adultes seulement (codes `region` et `gestionnaire`, jamais `enseignant` ni
`eco-delegue`) ; un gestionnaire s'abonne aux alertes de son lycée, la Région à celles d'un lycée
ou de tous (`uai` None). Par `courriel` (une adresse) ou `webhook` (une adresse http(s) qui reçoit
un POST JSON signé par un secret, montré une fois à la création), pour toutes les règles ou
certaines, au rythme `immediat`, `quotidien` (résumé à 7 h) ou `hebdomadaire` (résumé le lundi à
7 h), avec des heures calmes facultatives (« 22:00-07:00 », heure de Paris) pendant lesquelles
rien ne part.

**L'adresse électronique est une donnée personnelle** : gardée pour ce seul usage, montrée
seulement au code qui l'a donnée (`abonnements_de`), jamais au journal des écritures (qui ne
garde que l'identifiant de l'abonnement), effacée par son propriétaire (`supprimer_abonnement`) et
d'office quand son code est révoqué ou expiré (`abonnements_actifs`).

Rangés dans la collection `abonnements`, au lycée (ou sans lycée pour « tous »). L'avancement des
envois (noyau.communaute.envoi) est gardé avec l'abonnement.
"""

import re
import secrets
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import time
from urllib.parse import urlsplit

from noyau.communaute.jetons import ABONNER, autoriser, identifiant, invalidite
from noyau.communaute.regles import Regle
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import valider_uai
from noyau.domaine.temps import maintenant
from noyau.stockage import Document, Jeton, Stockage

COLLECTION = "abonnements"
CANAUX = ("courriel", "webhook")
RYTHMES = ("immediat", "quotidien", "hebdomadaire")
ABONNEMENTS_MAX = 20  # par code d'accès
_COURRIEL = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+")


@dataclass(frozen=True)
class Avancement:
    """Où en sont les envois d'un abonnement : les alertes levées après `curseur` restent à
    examiner ; `echecs` d'affilée, `prochain_essai` (délai croissant), `erreur` la dernière."""

    curseur: float
    dernier_resume: float
    echecs: int = 0
    prochain_essai: float = 0.0
    erreur: str = ""


@dataclass(frozen=True)
class Abonnement:
    identifiant: str
    proprietaire: str  # l'identifiant du code d'accès qui l'a créé
    canal: str
    destination: str
    uai: str | None
    regles: tuple[str, ...]
    rythme: str
    heures_calmes: tuple[time, time] | None
    cree_le: float
    secret: str = field(default="", repr=False)  # webhook : la clé de la signature
    avancement: Avancement | None = None

    def concerne(self, uai: str, regle: str) -> bool:
        return (self.uai is None or self.uai == uai) and (not self.regles or regle in self.regles)


def creer_abonnement(stockage: Stockage, par: Jeton, canal: str, destination: str, uai: str | None, regles: list[str],
                     rythme: str, heures_calmes: str | None = None) -> Abonnement:
    """Vérifie le rôle et le lycée du code `par`, puis range l'abonnement, actif aussitôt (les
    alertes levées à partir de maintenant). Un webhook reçoit son secret (`secret`)."""
    uai = valider_uai(uai) if uai else None
    autoriser(par, ABONNER, uai)
    if uai and uai not in {s.uai for s in stockage.sites()}:
        raise Introuvable(f"lycée inconnu : {uai}")
    if len(abonnements_de(stockage, par)) >= ABONNEMENTS_MAX:
        raise DonneeInvalide(f"{ABONNEMENTS_MAX} abonnements au plus par code d'accès : supprimez-en un d'abord")
    cree_le = maintenant()
    abonnement = Abonnement(
        uuid.uuid4().hex, identifiant(par), _canal(canal), _destination(canal, destination), uai, _regles(regles), _rythme(rythme),
        lire_heures_calmes(heures_calmes), cree_le, secrets.token_urlsafe(32) if canal == "webhook" else "",
        Avancement(cree_le, cree_le),
    )
    enregistrer(stockage, abonnement)
    return abonnement


def abonnements_de(stockage: Stockage, par: Jeton) -> list[Abonnement]:
    """Les abonnements de ce code, du plus ancien au plus récent ; ceux des autres ne se voient pas."""
    return [a for a in _tous(stockage) if a.proprietaire == identifiant(par)]


def supprimer_abonnement(stockage: Stockage, par: Jeton, abonnement: str) -> None:
    """Efface l'abonnement (et l'adresse qu'il garde) ; celui d'un autre code est « inconnu »."""
    if not any(a.identifiant == abonnement for a in abonnements_de(stockage, par)):
        raise Introuvable(f"abonnement inconnu pour ce code d'accès : {abonnement}")
    stockage.supprimer_document(COLLECTION, abonnement)


def abonnements_actifs(stockage: Stockage) -> list[Abonnement]:
    """Les abonnements dont le code vaut encore ; ceux d'un code révoqué, expiré ou disparu sont
    effacés (leur propriétaire ne peut plus les effacer lui-même)."""
    codes = {identifiant(j): j for j in stockage.jetons()}
    actifs = []
    for abonnement in _tous(stockage):
        if invalidite(codes.get(abonnement.proprietaire)) is None:
            actifs.append(abonnement)
        else:
            stockage.supprimer_document(COLLECTION, abonnement.identifiant)
    return actifs


def avancer(stockage: Stockage, abonnement: Abonnement, avancement: Avancement) -> Abonnement:
    avance = replace(abonnement, avancement=avancement)
    enregistrer(stockage, avance)
    return avance


def enregistrer(stockage: Stockage, abonnement: Abonnement) -> None:
    contenu = {k: v for k, v in asdict(abonnement).items() if k not in ("identifiant", "uai", "heures_calmes")}
    contenu["regles"] = list(abonnement.regles)
    contenu["heures_calmes"] = _texte_heures(abonnement.heures_calmes)
    stockage.enregistrer_document(Document(COLLECTION, abonnement.identifiant, abonnement.uai, contenu, maintenant()))


def lire_heures_calmes(texte: str | None) -> tuple[time, time] | None:
    """« 22:00-07:00 » (heure de Paris ; la fin peut être le lendemain) ; vide : aucune."""
    if not texte or not texte.strip():
        return None
    try:
        debut, fin = (time.fromisoformat(morceau.strip()) for morceau in texte.split("-"))
    except ValueError:
        raise DonneeInvalide(f"heures calmes illisibles « {texte} » : HH:MM-HH:MM attendu, par exemple 22:00-07:00") from None
    if debut == fin:
        raise DonneeInvalide("heures calmes vides : le début et la fin sont la même heure")
    return debut, fin


def _texte_heures(heures: tuple[time, time] | None) -> str | None:
    return f"{heures[0]:%H:%M}-{heures[1]:%H:%M}" if heures else None


def _canal(canal: str) -> str:
    if canal not in CANAUX:
        raise DonneeInvalide(f"canal inconnu « {canal} » : {', '.join(CANAUX)}")
    return canal


def _destination(canal: str, destination: str) -> str:
    destination = (destination or "").strip()
    if canal == "courriel":
        if len(destination) > 254 or not _COURRIEL.fullmatch(destination):
            raise DonneeInvalide("adresse électronique invalide (nom@domaine.fr attendu)")
        return destination
    adresse = urlsplit(destination)
    if len(destination) > 2000 or adresse.scheme not in ("http", "https") or not adresse.hostname:
        raise DonneeInvalide("adresse de webhook invalide : http:// ou https:// suivi d'un hôte attendu")
    return destination


def _regles(regles: list[str]) -> tuple[str, ...]:
    inconnues = [r for r in regles if r not in set(Regle)]
    if inconnues:
        raise DonneeInvalide(f"règle d'alerte inconnue « {inconnues[0]} » : {', '.join(Regle)}")
    return tuple(dict.fromkeys(regles))


def _rythme(rythme: str) -> str:
    if rythme not in RYTHMES:
        raise DonneeInvalide(f"rythme inconnu « {rythme} » : {', '.join(RYTHMES)}")
    return rythme


def _tous(stockage: Stockage) -> list[Abonnement]:
    return [_depuis(d) for d in stockage.documents(COLLECTION)]


def _depuis(document: Document) -> Abonnement:
    c = document.contenu
    return Abonnement(document.identifiant, c["proprietaire"], c["canal"], c["destination"], document.uai, tuple(c["regles"]),
                      c["rythme"], lire_heures_calmes(c.get("heures_calmes")), c["cree_le"], c.get("secret", ""),
                      Avancement(**c["avancement"]) if c.get("avancement") else Avancement(c["cree_le"], c["cree_le"]))
