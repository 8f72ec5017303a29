"""Les objectifs propres d'un lycée et leur suivi mois par mois."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from api.acces import REPONSES_ECRITURE, ecriture
from api.deps import StockageDep, UaiDep
from api.schemas_suivi import ObjectifEntree, ObjectifSortie, SuiviSortie
from noyau.communaute.jetons import ECRIRE_SUIVI
from noyau.communaute.objectifs import creer_objectif, objectif, objectifs, suivre
from noyau.stockage import Jeton

router = APIRouter(prefix="/api/v1/sites", tags=["objectifs"])


@router.get("/{uai}/objectifs", summary="Objectifs d'un lycée", responses={404: {"description": "Lycée inconnu"}})
def lister_objectifs(uai: UaiDep, stockage: StockageDep) -> list[ObjectifSortie]:
    return [ObjectifSortie.depuis(o) for o in objectifs(stockage, uai)]


@router.post("/{uai}/objectifs", summary="Créer un objectif", status_code=201,
             description="Une réduction en % d'une énergie sur des mois entiers [debut, fin) (24 au plus), par rapport "
             "aux mêmes mois un an plus tôt. Jeton `region` ou `gestionnaire` du lycée.",
             responses={**REPONSES_ECRITURE, 404: {"description": "Lycée inconnu"}})
def ecrire_objectif(uai: UaiDep, corps: ObjectifEntree, stockage: StockageDep, request: Request,
                    jeton: Annotated[Jeton, Depends(ecriture(*ECRIRE_SUIVI))]) -> ObjectifSortie:
    cree = creer_objectif(stockage, uai, corps.energie, corps.reduction_pct, corps.debut, corps.fin, corps.libelle)
    request.state.objet = cree.identifiant
    return ObjectifSortie.depuis(cree)


@router.get("/{uai}/objectifs/{identifiant}/suivi", summary="Suivi mois par mois d'un objectif",
            description="Objectif d'un mois = le même mois un an plus tôt × (1 − réduction). Un mois dont la "
            "consommation ou celle de l'an passé manque ou est incomplète est signalé (`complet` faux, `manquant`), "
            "jamais compté à zéro ; le cumul ne compte que les mois complets.",
            responses={404: {"description": "Lycée ou objectif inconnu"}})
def suivre_objectif(uai: UaiDep, identifiant: Annotated[str, Path(max_length=64)], stockage: StockageDep) -> SuiviSortie:
    return SuiviSortie.depuis(suivre(stockage, objectif(stockage, uai, identifiant)))
