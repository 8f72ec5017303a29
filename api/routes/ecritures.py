"""Le journal des écritures (qui, quoi, quand), lisible par la Région."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from api.acces import lecteur
from api.deps import StockageDep
from api.pagination import PaginationDep
from api.schemas import EcritureSortie
from noyau.communaute.audit import ecritures
from noyau.communaute.jetons import LIRE_JOURNAL
from noyau.domaine.identifiants import valider_uai

router = APIRouter(prefix="/api/v1", tags=["accès"])

_DESCRIPTION = """
Chaque écriture réussie, de la plus récente à la plus ancienne : le rôle et l'identifiant du
jeton (les 12 premiers caractères de son empreinte, `enerlycee jetons lister`), la méthode et
le chemin, le lycée, l'objet écrit. Jeton `region` exigé. Paginé (`limite`, `decalage`,
en-têtes `X-Total-Count` et `Link`).
"""


@router.get(
    "/ecritures",
    summary="Journal des écritures",
    description=_DESCRIPTION,
    dependencies=[Depends(lecteur(*LIRE_JOURNAL))],
    responses={401: {"description": "Jeton manquant, inconnu, expiré ou révoqué"}, 403: {"description": "Rôle autre que region"}},
)
def lire_ecritures(
    stockage: StockageDep,
    pagination: PaginationDep,
    request: Request,
    response: Response,
    uai: Annotated[str | None, Query(description="Les écritures d'un seul lycée")] = None,
) -> list[EcritureSortie]:
    journal = ecritures(stockage, valider_uai(uai) if uai is not None else None)
    journal.reverse()
    return [EcritureSortie.depuis(d) for d in pagination.page(journal, request, response)]
