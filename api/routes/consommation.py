"""La consommation d'un lycée par période."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import EnergieDep, PeriodeDep, StockageDep, UaiDep
from api.reponses import ReponseJSON, consommation_json
from api.schemas import ConsommationSortie
from noyau.calculs.cache import d_un_lycee, en_cache
from noyau.calculs.lecture import consommation_site
from noyau.domaine.identifiants import valider_compteur

router = APIRouter(prefix="/api/v1/sites", tags=["consommation"])

_DESCRIPTION = """
Consommation d'une énergie sur [debut, fin), découpée par `pas` (par défaut `jour`) à l'heure
de Paris : un jour du passage à l'heure d'été dure 23 heures, celui du retour 25. La première
et la dernière période sont rognées à [debut, fin).

Sans `compteur`, c'est la somme des compteurs principaux du lycée (les sous-compteurs n'y
entrent jamais) ; avec `compteur`, ce seul compteur, principal ou non. Le gaz mesuré en m³ est
converti en kWh avec le coefficient du compteur ; l'eau se compte en m³.

Un point est `complet` quand des relevés l'entourent sans trou de plus d'une heure ; une
période sans relevé autour d'elle est absente. `total` est la somme des points.
"""


@router.get(
    "/{uai}/consommation",
    summary="Consommation d'un lycée par période",
    description=_DESCRIPTION,
    response_model=ConsommationSortie,
    responses={404: {"description": "Lycée ou compteur inconnu"}},
)
def lire_consommation(
    uai: UaiDep,
    energie: EnergieDep,
    periode: PeriodeDep,
    stockage: StockageDep,
    compteur: Annotated[str | None, Query(description="Un seul compteur du lycée (sous-compteur compris)")] = None,
) -> ReponseJSON:
    """Le corps JSON lui-même est gardé en cache (noyau.calculs.cache), comme la consommation."""
    choisi = valider_compteur(compteur) if compteur is not None else None
    corps = en_cache(
        stockage, d_un_lycee(uai, energie, periodes=[(periode.debut, periode.fin)]),
        ("consommation-json", uai, energie, periode.debut, periode.fin, periode.pas, choisi),
        lambda: consommation_json(consommation_site(stockage, uai, energie, periode.debut, periode.fin, periode.pas, choisi)),
    )
    return ReponseJSON(corps)
