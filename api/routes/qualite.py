"""La quarantaine : ce que le collecteur n'a pas pu stocker, et pourquoi."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StockageDep
from api.schemas import MotifSortie, QualiteSite, QualiteSortie, RejetSortie
from noyau.stockage import MotifRejet

router = APIRouter(prefix="/api/v1", tags=["qualité"])

_DESCRIPTION = """
Le nombre de relevés mis en quarantaine par lycée et par motif, et les derniers rejets de chaque
lycée. Seuls les lycées qui ont des rejets figurent ; les rejets sans lycée (topic illisible)
ont `uai` à null et viennent en premier, puis les lycées par UAI.
"""


@router.get("/qualite", summary="Relevés en quarantaine, par lycée et par motif", description=_DESCRIPTION)
def lire_qualite(
    stockage: StockageDep,
    derniers: Annotated[int, Query(ge=1, le=100, description="Nombre de derniers rejets par lycée")] = 10,
) -> QualiteSortie:
    par_site: dict[str | None, list[MotifRejet]] = {}
    for motif in stockage.motifs_rejet():
        par_site.setdefault(motif.uai, []).append(motif)
    noms = {s.uai: s.nom for s in stockage.sites()}
    sites = [
        QualiteSite(
            uai=uai,
            nom=noms.get(uai),
            total=sum(m.nombre for m in motifs),
            motifs=[MotifSortie.depuis(m) for m in motifs],
            derniers_rejets=[RejetSortie.depuis(r) for r in stockage.derniers_rejets(uai, derniers)],
        )
        for uai, motifs in sorted(par_site.items(), key=lambda paire: (paire[0] is not None, paire[0] or ""))
    ]
    return QualiteSortie(total=sum(s.total for s in sites), sites=sites)
