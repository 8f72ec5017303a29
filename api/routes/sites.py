"""Les lycées suivis et leurs compteurs."""

from fastapi import APIRouter

from api.deps import StockageDep, UaiDep
from api.schemas import SiteDetail, SiteSortie
from noyau.lecture import site

router = APIRouter(prefix="/api/v1/sites", tags=["sites"])


@router.get("", summary="Les lycées suivis, par UAI")
def lister_sites(stockage: StockageDep) -> list[SiteSortie]:
    return [SiteSortie.depuis(s) for s in stockage.sites()]


@router.get("/{uai}", summary="Un lycée et ses compteurs", responses={404: {"description": "Lycée inconnu"}})
def lire_site(uai: UaiDep, stockage: StockageDep) -> SiteDetail:
    return SiteDetail.depuis_site(site(stockage, uai), stockage.compteurs(uai))
