"""Le référentiel des actions : celles qu'on propose de noter (formulaire des éco-délégués, des
enseignants et des gestionnaires), chacune avec son titre, son type et l'usage qu'elle vise.
Les deux actions pour le confort des salles (noyau.communaute.actions_confort) en sont.

Noter une action du référentiel, c'est noter son titre (noyau.communaute.actions.creer_action) ;
quand elle vise tout le lycée, son énergie est celle de son usage dans ce lycée (`energie_visee`).
"""

from dataclasses import dataclass
from enum import StrEnum

from noyau.communaute.actions import TypeAction
from noyau.communaute.actions_confort import ACTIONS_PROPOSEES
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie

ENERGIES_DE_CHAUFFAGE = (Energie.GAZ, Energie.CHALEUR, Energie.FIOUL, Energie.BOIS)


class Usage(StrEnum):
    ELECTRICITE = "electricite"
    CHAUFFAGE = "chauffage"
    EAU = "eau"


@dataclass(frozen=True)
class Proposition:
    cle: str
    titre: str
    type: TypeAction
    usage: Usage


_CONFORT = {a.cle: a for a in ACTIONS_PROPOSEES}

REFERENTIEL = (
    Proposition("veilles", "Extinction des veilles le week-end", TypeAction.ECO_GESTE, Usage.ELECTRICITE),
    Proposition("lumieres", "Lumières éteintes en quittant la salle", TypeAction.ECO_GESTE, Usage.ELECTRICITE),
    Proposition("ordinateurs", "Ordinateurs éteints le soir", TypeAction.ECO_GESTE, Usage.ELECTRICITE),
    Proposition("baisser-consigne", _CONFORT["baisser-consigne"].titre, _CONFORT["baisser-consigne"].type, Usage.CHAUFFAGE),
    Proposition("aerer", _CONFORT["aerer"].titre, _CONFORT["aerer"].type, Usage.CHAUFFAGE),
    Proposition("portes", "Portes et fenêtres fermées pendant le chauffage", TypeAction.ECO_GESTE, Usage.CHAUFFAGE),
    Proposition("fuites", "Chasse aux fuites des sanitaires", TypeAction.INTERVENTION, Usage.EAU),
)


def proposition(cle: str | None) -> Proposition:
    trouvee = next((p for p in REFERENTIEL if p.cle == cle), None)
    if trouvee is None:
        raise DonneeInvalide("choisissez une action du référentiel")
    return trouvee


def energie_visee(choisie: Proposition, energies_du_lycee: list[Energie]) -> Energie:
    """L'énergie de l'usage de l'action dans ce lycée (son chauffage : le gaz, le réseau de chaleur...)."""
    if choisie.usage is Usage.CHAUFFAGE:
        chauffage = [e for e in ENERGIES_DE_CHAUFFAGE if e in energies_du_lycee]
        if not chauffage:
            raise DonneeInvalide("le lycée ne compte aucune énergie de chauffage : choisissez le compteur visé")
        return chauffage[0]
    return Energie(choisie.usage.value)
