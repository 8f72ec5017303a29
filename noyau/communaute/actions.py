"""Les actions d'un lycée (éco-gestes, interventions) : quoi, quand, où, par quel groupe, et
leur effet estimé.

Rangées dans la collection `actions` du stockage, au lycée. **Aucune donnée personnelle
d'élève** : l'auteur est au plus un groupe (« 2nde B », « éco-délégués »), de
`GROUPE_MAX` caractères ; un texte qui contient une adresse électronique ou un numéro de
téléphone est refusé (titre, description et groupe), et rien ne désigne une personne.

L'effet est celui du référentiel des défis (noyau.communaute.referentiel) : les `JOURS_EFFET` (28) jours à
partir du jour de l'action, comparés aux mêmes jours de la semaine des semaines comparables
d'avant l'action, chauffage corrigé des DJU. Une action peut nommer la sonde d'une salle (`salle`) :
son effet s'y voit aussi, température et CO2 pendant les cours avant et après
(noyau.communaute.actions_confort).
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from noyau.calculs.ambiance import sondes_du_lycee
from noyau.calculs.lecture import site
from noyau.communaute.referentiel import Comparaison, Participant, comparer
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import Energie, valider_compteur, valider_energie
from noyau.domaine.temps import maintenant
from noyau.domaine.texte_libre import verifier_texte
from noyau.stockage import Document, Stockage

COLLECTION = "actions"
TITRE_MAX = 120
DESCRIPTION_MAX = 1000
GROUPE_MAX = 40
JOURS_EFFET = 28


class TypeAction(StrEnum):
    ECO_GESTE = "eco-geste"
    INTERVENTION = "intervention"


@dataclass(frozen=True)
class Action:
    identifiant: str
    uai: str
    titre: str
    type: TypeAction
    jour: date
    energie: Energie
    compteur: str | None
    groupe: str
    description: str
    cree_le: float
    salle: str | None = None  # la sonde de la salle où l'effet se voit aussi (baisser la consigne, aérer)

    @property
    def participant(self) -> Participant:
        return Participant(self.uai, self.energie, self.compteur)


def creer_action(stockage: Stockage, uai: str, titre: str, type: str, jour: date, energie: str | None = None,
                 compteur: str | None = None, groupe: str = "", description: str = "", salle: str | None = None) -> Action:
    """Valide et enregistre une action ; `energie` est déduite du compteur s'il est donné ; `salle`,
    une sonde du lycée, dit où l'effet se voit aussi (noyau.communaute.actions_confort)."""
    site(stockage, uai)
    energie_lue = _energie(stockage, uai, energie, valider_compteur(compteur) if compteur else None)
    if salle is not None:
        sondes_du_lycee(stockage, uai, valider_compteur(salle))
    action = Action(
        uuid.uuid4().hex[:12], uai, verifier_texte(titre, "titre", TITRE_MAX, obligatoire=True), _type(type), jour, energie_lue,
        compteur, verifier_texte(groupe, "groupe", GROUPE_MAX), verifier_texte(description, "description", DESCRIPTION_MAX), maintenant(),
        salle,
    )
    stockage.enregistrer_document(Document(COLLECTION, action.identifiant, uai, _contenu(action), action.cree_le))
    return action


def actions(stockage: Stockage, uai: str, debut: date | None = None, fin: date | None = None) -> list[Action]:
    """Les actions du lycée dont le jour est dans [debut, fin) (bornes facultatives), par jour."""
    toutes = [_depuis(d) for d in stockage.documents(COLLECTION, uai)]
    choisies = [a for a in toutes if (debut is None or a.jour >= debut) and (fin is None or a.jour < fin)]
    return sorted(choisies, key=lambda a: (a.jour, a.cree_le))


def action(stockage: Stockage, uai: str, identifiant: str) -> Action:
    for document in stockage.documents(COLLECTION, uai):
        if document.identifiant == identifiant:
            return _depuis(document)
    raise Introuvable(f"action inconnue pour le lycée {uai} : {identifiant}")


def effet(stockage: Stockage, action: Action, aujourd_hui: date | None = None) -> Comparaison:
    """Les `JOURS_EFFET` jours depuis l'action contre les semaines comparables d'avant."""
    return comparer(stockage, action.participant, action.jour, action.jour + timedelta(days=JOURS_EFFET), aujourd_hui)


def _energie(stockage: Stockage, uai: str, energie: str | None, compteur: str | None) -> Energie:
    if compteur is None:
        if energie is None:
            raise DonneeInvalide("energie obligatoire quand l'action ne vise pas un compteur")
        return valider_energie(energie)
    trouve = next((c for c in stockage.compteurs(uai) if c.compteur == compteur), None)
    if trouve is None:
        raise Introuvable(f"compteur inconnu pour le lycée {uai} : {compteur}")
    if trouve.energie is None:
        raise DonneeInvalide(f"le compteur {compteur} est une sonde : il ne compte aucune énergie")
    if energie is not None and valider_energie(energie) is not trouve.energie:
        raise DonneeInvalide(f"le compteur {compteur} compte {trouve.energie.value}, pas {energie}")
    return trouve.energie


def _type(texte: str) -> TypeAction:
    try:
        return TypeAction(texte)
    except ValueError:
        raise DonneeInvalide(f"type d'action inconnu « {texte} » : eco-geste ou intervention") from None


def _contenu(action: Action) -> dict:
    return {
        "titre": action.titre, "type": action.type.value, "jour": action.jour.isoformat(),
        "energie": action.energie.value, "compteur": action.compteur, "groupe": action.groupe,
        "description": action.description, "salle": action.salle,
    }


def _depuis(document: Document) -> Action:
    c = document.contenu
    return Action(document.identifiant, document.uai, c["titre"], TypeAction(c["type"]), date.fromisoformat(c["jour"]),
                  Energie(c["energie"]), c["compteur"], c["groupe"], c["description"], document.modifie_le, c.get("salle"))
