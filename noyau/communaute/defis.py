"""Les défis : des lycées, ou des bâtiments (sous-compteurs) d'un même lycée, qui font baisser
une énergie sur une période, chacun jugé contre sa propre référence (noyau.communaute.referentiel).

Rangés dans la collection `defis` du stockage :

- un défi **entre lycées** (participants sans compteur : les compteurs principaux de chacun)
  n'appartient à aucun lycée (`uai` du document None) ;
- un défi **interne** (participants : des compteurs d'un même lycée) appartient à ce lycée.

Les défis d'un lycée (`defis(stockage, uai)`) sont ceux où il participe, des deux sortes.
Le classement range les participants par économie décroissante ; ceux qui n'ont aucun jour
retenu (pas de données, pas de référence) viennent ensuite, sans rang.

Un défi lancé par un lycée (`organisateur`) invite les autres : chacun l'accepte
(`accepter_invitation`) pour le compter parmi les siens ; ses données étant publiques, il est
classé dès le départ, invitation acceptée ou non. Un défi lancé par la Région (`organisateur`
None) est accepté de tous. L'organisateur (ou la Région) peut le clore avant sa fin
(`clore_defi`) : son classement s'arrête au jour de la clôture.
"""

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from noyau.calculs.cache import du_parc, en_cache
from noyau.calculs.lecture import site
from noyau.communaute.referentiel import JOURS_MAX, Comparaison, Participant, comparer, jours_lus
from noyau.domaine.erreurs import DonneeInvalide, Interdit, Introuvable
from noyau.domaine.identifiants import Energie, valider_compteur, valider_energie, valider_uai
from noyau.domaine.temps import PARIS, a_paris, maintenant
from noyau.stockage import Document, Stockage

COLLECTION = "defis"
NOM_MAX = 120
DESCRIPTION_MAX = 1000
PARTICIPANTS_MAX = 60


@dataclass(frozen=True)
class Defi:
    identifiant: str
    nom: str
    energie: Energie
    debut: date
    fin: date  # exclue
    participants: tuple[Participant, ...]
    cree_le: float
    description: str = ""
    organisateur: str | None = None  # le lycée qui l'a lancé ; None : la Région
    acceptes: tuple[str, ...] = ()  # les lycées qui y jouent (l'organisateur d'emblée)
    clos_le: date | None = None  # clos avant sa fin : jugé jusqu'à ce jour (exclu)

    @property
    def lycees(self) -> list[str]:
        return list(dict.fromkeys(p.uai for p in self.participants))

    @property
    def invites(self) -> list[str]:
        """Les lycées invités qui n'ont pas encore accepté."""
        return [uai for uai in self.lycees if uai not in self.acceptes]

    @property
    def fin_jugee(self) -> date:
        """Le jour (exclu) où s'arrête le classement : la fin, ou la clôture (un jour au moins)."""
        if self.clos_le is None:
            return self.fin
        return max(self.debut + timedelta(days=1), min(self.fin, self.clos_le))

    @property
    def interne(self) -> bool:
        return self.participants[0].compteur is not None


@dataclass(frozen=True)
class Ligne:
    rang: int | None
    comparaison: Comparaison


def creer_defi(stockage: Stockage, nom: str, energie: str, debut: date, fin: date,
               participants: list[tuple[str, str | None]], description: str = "", organisateur: str | None = None) -> Defi:
    """Valide et enregistre un défi ; `participants` : des (uai, compteur ou None) ; `organisateur` :
    le lycée qui le lance (il doit y participer ; les autres sont invités), None pour la Région."""
    if fin <= debut:
        raise DonneeInvalide("la fin du défi doit suivre son début")
    if (fin - debut).days > JOURS_MAX:
        raise DonneeInvalide(f"défi trop long : {JOURS_MAX} jours au plus")
    energie_lue = valider_energie(energie)
    lus = _participants(stockage, energie_lue, participants)
    lycees = tuple(dict.fromkeys(p.uai for p in lus))
    if organisateur is not None and valider_uai(organisateur) not in lycees:
        raise DonneeInvalide(f"le lycée {organisateur} doit participer au défi qu'il lance")
    defi = Defi(uuid.uuid4().hex[:12], _texte(nom, "nom", NOM_MAX, obligatoire=True), energie_lue, debut, fin, lus,
                maintenant(), _texte(description, "description", DESCRIPTION_MAX),
                valider_uai(organisateur) if organisateur else None, (valider_uai(organisateur),) if organisateur else lycees)
    _ranger(stockage, defi)
    return defi


def accepter_invitation(stockage: Stockage, identifiant: str, uai: str) -> Defi:
    """Le lycée `uai` accepte l'invitation à ce défi (il y participe, il ne l'a pas déjà acceptée)."""
    trouve = defi(stockage, identifiant)
    if uai not in trouve.lycees:
        raise Interdit(f"le lycée {uai} n'est pas invité au défi « {trouve.nom} »")
    if uai in trouve.acceptes:
        raise DonneeInvalide(f"le lycée {uai} a déjà accepté le défi « {trouve.nom} »")
    if trouve.clos_le is not None:
        raise DonneeInvalide(f"le défi « {trouve.nom} » est clos")
    accepte = replace(trouve, acceptes=(*trouve.acceptes, uai))
    _ranger(stockage, accepte)
    return accepte


def clore_defi(stockage: Stockage, identifiant: str, jour: date, par: str | None = None) -> Defi:
    """Clôt le défi ce jour (exclu du classement) ; un défi fini ou déjà clos ne se clôt plus.
    `par` : le lycée qui le clôt (son organisateur), None pour la Région."""
    trouve = defi(stockage, identifiant)
    if par is not None and par != organisateur(trouve):
        raise Interdit(f"seul le lycée qui a lancé le défi « {trouve.nom} » (ou la Région) peut le clore")
    if trouve.clos_le is not None:
        raise DonneeInvalide(f"le défi « {trouve.nom} » est déjà clos")
    if trouve.fin <= jour:
        raise DonneeInvalide(f"le défi « {trouve.nom} » est déjà fini")
    clos = replace(trouve, clos_le=jour)
    _ranger(stockage, clos)
    return clos


def organisateur(defi: Defi) -> str | None:
    """Le lycée qui peut clore le défi (la Région le peut toujours) : celui qui l'a lancé, ou le
    lycée d'un défi entre ses bâtiments ; None : la Région seule."""
    return defi.organisateur or (defi.lycees[0] if defi.interne else None)


def defis(stockage: Stockage, uai: str | None = None) -> list[Defi]:
    """Tous les défis, ou ceux où ce lycée participe ; du plus ancien au plus récent."""
    tous = [_depuis(d) for d in stockage.documents(COLLECTION)]
    return [d for d in tous if uai is None or uai in d.lycees]


def defi(stockage: Stockage, identifiant: str) -> Defi:
    for document in stockage.documents(COLLECTION):
        if document.identifiant == identifiant:
            return _depuis(document)
    raise Introuvable(f"défi inconnu : {identifiant}")


def classement(stockage: Stockage, defi: Defi, aujourd_hui: date | None = None) -> list[Ligne]:
    """Les participants par économie décroissante (1 − réel / référence, jours retenus). Gardé en
    cache (noyau.calculs.cache) tant que rien de ce qu'il lit n'a changé : relevés de l'énergie du
    défi et des sondes (degrés-jours) dans les jours lus (jusqu'à hier), registre, données de
    gestion, jour."""
    aujourd_hui = aujourd_hui or a_paris(maintenant()).date()
    premier, dernier = jours_lus(defi.debut, defi.fin_jugee, aujourd_hui)
    periodes = [(_minuit(premier), _minuit(dernier))]
    return en_cache(stockage, du_parc(defi.energie, None, documents=True, periodes=periodes), ("classement", defi, aujourd_hui),
                    lambda: _classement(stockage, defi, aujourd_hui))


def _classement(stockage: Stockage, defi: Defi, aujourd_hui: date) -> list[Ligne]:
    comparaisons = [comparer(stockage, p, defi.debut, defi.fin_jugee, aujourd_hui) for p in defi.participants]
    notees = sorted((c for c in comparaisons if c.economie is not None), key=lambda c: -c.economie)
    return [Ligne(rang, c) for rang, c in enumerate(notees, 1)] + [Ligne(None, c) for c in comparaisons if c.economie is None]


def _participants(stockage: Stockage, energie: Energie, demandes: list[tuple[str, str | None]]) -> tuple[Participant, ...]:
    lus = [Participant(valider_uai(uai), energie, valider_compteur(compteur) if compteur else None) for uai, compteur in demandes]
    if not 2 <= len(lus) <= PARTICIPANTS_MAX:
        raise DonneeInvalide(f"un défi a de 2 à {PARTICIPANTS_MAX} participants")
    if len(set(lus)) != len(lus):
        raise DonneeInvalide("un participant est nommé deux fois")
    entre_compteurs = {p.compteur is not None for p in lus}
    if len(entre_compteurs) == 2 or (True in entre_compteurs and len({p.uai for p in lus}) > 1):
        raise DonneeInvalide("un défi oppose soit des lycées (sans compteur), soit des compteurs d'un même lycée")
    for participant in lus:
        site(stockage, participant.uai)
        if participant.compteur is not None:
            _verifier_compteur(stockage, participant)
    return tuple(lus)


def _verifier_compteur(stockage: Stockage, participant: Participant) -> None:
    compteur = next((c for c in stockage.compteurs(participant.uai) if c.compteur == participant.compteur), None)
    if compteur is None:
        raise Introuvable(f"compteur inconnu pour le lycée {participant.uai} : {participant.compteur}")
    if compteur.energie is not participant.energie:
        raise DonneeInvalide(f"le compteur {participant.compteur} ne compte pas {participant.energie.value}")


def _texte(valeur: str, nom: str, longueur: int, obligatoire: bool = False) -> str:
    texte = (valeur or "").strip()
    if obligatoire and not texte:
        raise DonneeInvalide(f"{nom} obligatoire")
    if len(texte) > longueur:
        raise DonneeInvalide(f"{nom} trop long : {longueur} caractères au plus")
    return texte


def _ranger(stockage: Stockage, defi: Defi) -> None:
    """Le document du défi (son rang parmi les défis reste celui de sa création)."""
    stockage.enregistrer_document(Document(COLLECTION, defi.identifiant, defi.lycees[0] if defi.interne else None,
                                           _contenu(defi), defi.cree_le))


def _contenu(defi: Defi) -> dict:
    return {
        "nom": defi.nom, "description": defi.description, "energie": defi.energie.value,
        "debut": defi.debut.isoformat(), "fin": defi.fin.isoformat(),
        "participants": [{"uai": p.uai, "compteur": p.compteur} for p in defi.participants],
        "organisateur": defi.organisateur, "acceptes": list(defi.acceptes),
        "clos_le": defi.clos_le.isoformat() if defi.clos_le else None,
    }


def _depuis(document: Document) -> Defi:
    c = document.contenu
    energie = Energie(c["energie"])
    participants = tuple(Participant(p["uai"], energie, p["compteur"]) for p in c["participants"])
    lycees = tuple(dict.fromkeys(p.uai for p in participants))
    return Defi(document.identifiant, c["nom"], energie, date.fromisoformat(c["debut"]), date.fromisoformat(c["fin"]),
                participants, document.modifie_le, c["description"], c.get("organisateur"),
                tuple(c.get("acceptes", lycees)), date.fromisoformat(c["clos_le"]) if c.get("clos_le") else None)


def _minuit(jour: date) -> datetime:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS)
