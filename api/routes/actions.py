"""Les actions d'un lycée (éco-gestes, interventions) et leur effet estimé."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from api.acces import REPONSES_ECRITURE, ecriture
from api.deps import StockageDep, UaiDep
from api.schemas_communaute import ActionDetail, ActionEntree, ActionSortie, ComparaisonSortie, EffetSalleSortie
from noyau.calculs.lecture import site
from noyau.communaute.actions import action, actions, creer_action, effet
from noyau.communaute.actions_confort import effet_sur_la_salle
from noyau.communaute.jetons import ECRIRE_ACTIONS
from noyau.stockage import Jeton

router = APIRouter(prefix="/api/v1/sites", tags=["actions"])
_REFUS = {**REPONSES_ECRITURE, 403: {"description": "Rôle non permis, ou jeton d'un autre lycée"}}


@router.get(
    "/{uai}/actions",
    summary="Les actions d'un lycée",
    description="Par jour : de quoi annoter les courbes de consommation. `debut` et `fin` (exclue) bornent les jours.",
    responses={404: {"description": "Lycée inconnu"}},
)
def lister_actions(
    uai: UaiDep, stockage: StockageDep,
    debut: Annotated[date | None, Query(description="Premier jour (inclus)")] = None,
    fin: Annotated[date | None, Query(description="Dernier jour (exclu)")] = None,
) -> list[ActionSortie]:
    site(stockage, uai)
    return [ActionSortie.depuis(a) for a in actions(stockage, uai, debut, fin)]


@router.post(
    "/{uai}/actions",
    summary="Noter une action",
    description="Quoi, quand, où (le lycée, un compteur s'il y en a un, la sonde d'une salle où l'effet se voit "
    "aussi), par quel groupe. **Aucune donnée "
    "personnelle** : une classe ou un groupe au plus (40 caractères), jamais le nom d'un élève ; un texte "
    "avec une adresse électronique ou un numéro de téléphone est refusé (422). Jeton `region`, ou "
    "`gestionnaire`, `enseignant` ou `eco-delegue` du lycée.",
    status_code=201,
    responses={404: {"description": "Lycée, compteur ou sonde inconnus"}, **_REFUS},
)
def poster_action(
    uai: UaiDep, corps: ActionEntree, stockage: StockageDep, request: Request,
    jeton: Annotated[Jeton, Depends(ecriture(*ECRIRE_ACTIONS))],
) -> ActionSortie:
    notee = creer_action(stockage, uai, corps.titre, corps.type, corps.jour, corps.energie, corps.compteur, corps.groupe,
                         corps.description, corps.salle)
    request.state.objet = notee.identifiant
    return ActionSortie.depuis(notee)


@router.get(
    "/{uai}/actions/{identifiant}",
    summary="Une action et son effet",
    description="L'effet : les 28 jours depuis l'action comparés, jour par jour, aux mêmes jours de la semaine "
    "des 4 semaines comparables d'avant l'action (même méthode que les défis, chauffage corrigé des DJU).",
    responses={404: {"description": "Lycée ou action inconnus"}},
)
def lire_action(
    uai: UaiDep, identifiant: Annotated[str, Path(description="Identifiant de l'action")], stockage: StockageDep,
) -> ActionDetail:
    trouvee = action(stockage, uai, identifiant)
    return ActionDetail(**ActionSortie.depuis(trouvee).model_dump(), effet=ComparaisonSortie.depuis(effet(stockage, trouvee)),
                        effet_salle=EffetSalleSortie.depuis(effet_sur_la_salle(stockage, trouvee)))
