"""La quarantaine : ce que le collecteur n'a pas pu stocker, et pourquoi."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import StockageDep
from api.pagination import PaginationDep
from api.schemas import MotifSortie, QualiteSite, QualiteSortie, RejetSortie
from noyau.stockage import MotifRejet

router = APIRouter(prefix="/api/v1", tags=["qualité"])

_DESCRIPTION = """
Le nombre de relevés mis en quarantaine par lycée et par motif, et les derniers rejets de chaque
lycée. Seuls les lycées qui ont des rejets figurent ; les rejets sans lycée (topic illisible)
ont `uai` à null et viennent en premier, puis les lycées par UAI. La liste des lycées est paginée
(`limite`, `decalage`, en-têtes `X-Total-Count` et `Link`) ; `total` compte tous les rejets.
"""


@router.get("/qualite", summary="Relevés en quarantaine, par lycée et par motif", description=_DESCRIPTION)
def lire_qualite(
    stockage: StockageDep,
    pagination: PaginationDep,
    request: Request,
    response: Response,
    derniers: Annotated[int, Query(ge=1, le=100, description="Nombre de derniers rejets par lycée")] = 10,
) -> QualiteSortie:
    par_site: dict[str | None, list[MotifRejet]] = {}
    for motif in stockage.motifs_rejet():
        par_site.setdefault(motif.uai, []).append(motif)
    noms = {s.uai: s.nom for s in stockage.sites()}
    ordonnes = sorted(par_site.items(), key=lambda paire: (paire[0] is not None, paire[0] or ""))
    sites = [
        QualiteSite(
            uai=uai,
            nom=noms.get(uai),
            total=sum(m.nombre for m in motifs),
            motifs=[MotifSortie.depuis(m) for m in motifs],
            derniers_rejets=[RejetSortie.depuis(r) for r in stockage.derniers_rejets(uai, derniers)],
        )
        for uai, motifs in pagination.page(ordonnes, request, response)
    ]
    return QualiteSortie(total=sum(m.nombre for motifs in par_site.values() for m in motifs), sites=sites)
