"""Les lycées côte à côte : consommation, kWh/m² et même période un an plus tôt."""

from fastapi import APIRouter

from api.deps import EnergieDep, StockageDep
from api.routes.analyse import PeriodeDep
from api.schemas_suivi import ComparaisonSortie, LigneComparaison
from noyau.calculs.comparaison import comparer_lycees

router = APIRouter(prefix="/api/v1", tags=["analyse"])


@router.get("/comparaison", summary="Les lycées côte à côte sur une période",
            description="Consommation de [debut, fin) (au plus 400 jours), kWh/m², et la même période un an plus tôt "
            "(le 29 février devient le 28). Un total est `complet` quand chaque jour l'est ; l'évolution n'est donnée "
            "que si les deux le sont. Par kWh/m² croissant, les lycées sans surface ou sans donnée à la fin.")
def comparer(energie: EnergieDep, periode: PeriodeDep, stockage: StockageDep) -> ComparaisonSortie:
    lignes = comparer_lycees(stockage, energie, periode.debut, periode.fin)
    return ComparaisonSortie(energie=energie.value, unite=energie.unite, lycees=[LigneComparaison.depuis(ligne) for ligne in lignes])
