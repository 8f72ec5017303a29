"""Les lycées suivis et leurs compteurs."""

from fastapi import APIRouter, Request, Response

from api.deps import StockageDep, UaiDep
from api.pagination import PaginationDep
from api.schemas import SiteDetail, SiteSortie
from noyau.calculs.lecture import site

router = APIRouter(prefix="/api/v1/sites", tags=["sites"])


@router.get(
    "",
    summary="Les lycées suivis, par UAI",
    description="Paginé : `limite` (1000 par défaut et au plus), `decalage` ; en-têtes `X-Total-Count` et "
    "`Link: <...>; rel=\"next\"` s'il reste des lycées.",
)
def lister_sites(stockage: StockageDep, pagination: PaginationDep, request: Request, response: Response) -> list[SiteSortie]:
    return [SiteSortie.depuis(s) for s in pagination.page(stockage.sites(), request, response)]


@router.get("/{uai}", summary="Un lycée et ses compteurs", responses={404: {"description": "Lycée inconnu"}})
def lire_site(uai: UaiDep, stockage: StockageDep) -> SiteDetail:
    return SiteDetail.depuis_site(site(stockage, uai), stockage.compteurs(uai))
