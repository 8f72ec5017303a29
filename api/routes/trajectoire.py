"""La trajectoire du décret tertiaire : par lycée, pour le parc, et la référence déclarée."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from api.acces import REPONSES_ECRITURE, ecriture
from api.deps import EnergieDep, StockageDep, UaiDep
from api.schemas_suivi import ReferenceEntree, TrajectoireSortie
from noyau.calculs.lecture import site
from noyau.calculs.trajectoire import JALONS, declarer_reference, trajectoire_parc, trajectoire_site
from noyau.communaute.jetons import ECRIRE_SUIVI
from noyau.domaine.identifiants import valider_energie
from noyau.domaine.temps import PARIS
from noyau.stockage import Jeton

router = APIRouter(prefix="/api/v1", tags=["trajectoire"])

_DESCRIPTION = """
Décret tertiaire : -40 % en 2030, -50 % en 2040, -60 % en 2050 par rapport à la consommation
de l'année de référence (déclarée, sinon calculée des relevés). Objectif d'une année :
interpolation linéaire de la réduction entre l'année de référence et les jalons ; objectif d'un
mois : celui de l'année × la part du mois dans la référence (un douzième sans profil, signalé).

Chaque mois de l'année suivie : consommation brute et corrigée du climat, le chauffage seul
étant ramené aux DJU de référence (normale déclarée du lycée, sinon DJU de l'année de
référence) : corrigée = chauffage × DJU_réf / DJU_mois + reste. Le chauffage : les compteurs
d'usage « chauffage », sinon 85 % du gaz, du fioul, du bois et de la chaleur, 0 % de
l'électricité. Un mois sans DJU n'est pas corrigé (`corrigee` null). L'avancement ne compte que
les mois complets et corrigés. Méthodes : docs/methodes.md.
"""

AnneeReference = Annotated[int | None, Query(description="Année de référence (2010 à 2029), si elle n'est pas déclarée")]
Annee = Annotated[int | None, Query(description="Année suivie mois par mois ; par défaut l'année en cours")]


def _jalons() -> dict[int, float]:
    return dict(JALONS)


def _annee(annee: int | None) -> int:
    return annee if annee is not None else datetime.now(PARIS).year


@router.get("/sites/{uai}/trajectoire", summary="Trajectoire du décret tertiaire d'un lycée", description=_DESCRIPTION,
            responses={404: {"description": "Lycée inconnu"}})
def lire_trajectoire(uai: UaiDep, energie: EnergieDep, stockage: StockageDep, annee_reference: AnneeReference = None,
                     annee: Annee = None) -> TrajectoireSortie:
    return TrajectoireSortie.depuis(trajectoire_site(stockage, uai, energie, annee_reference, _annee(annee)), _jalons())


@router.get("/trajectoire", summary="Trajectoire du décret tertiaire du parc",
            description="La somme des lycées qui ont une référence pour cette année de référence ; les autres sont "
            "listés dans `sans_reference`. Un mois du parc est complet si celui de chaque lycée l'est." + _DESCRIPTION)
def lire_trajectoire_parc(energie: EnergieDep, stockage: StockageDep,
                          annee_reference: Annotated[int, Query(description="Année de référence (2010 à 2029)")],
                          annee: Annee = None) -> TrajectoireSortie:
    return TrajectoireSortie.depuis(trajectoire_parc(stockage, energie, annee_reference, _annee(annee)), _jalons())


@router.put("/sites/{uai}/trajectoire/reference", summary="Déclarer la consommation de référence d'un lycée",
            description="Par exemple celle déclarée sur OPERAT : année, total (kWh) et, s'il est connu, le profil "
            "des 12 mois. Elle remplace la référence calculée. Jeton `region` ou `gestionnaire` du lycée.",
            responses=REPONSES_ECRITURE)
def ecrire_reference(uai: UaiDep, corps: ReferenceEntree, stockage: StockageDep, request: Request,
                     jeton: Annotated[Jeton, Depends(ecriture(*ECRIRE_SUIVI))]) -> ReferenceEntree:
    site(stockage, uai)
    energie = valider_energie(corps.energie)
    declarer_reference(stockage, uai, energie, corps.annee, corps.consommation, corps.mensuel)
    request.state.objet = f"references_decret/{uai}-{energie.value}"
    return corps
