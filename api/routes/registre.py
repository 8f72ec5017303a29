"""Le registre en écriture : créer ou mettre à jour un lycée, un compteur (jeton `region`)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from api.acces import REPONSES_ECRITURE, ecriture
from api.deps import StockageDep, UaiDep
from api.schemas import CompteurSortie, SiteSortie
from noyau.calculs.lecture import site as site_du_registre
from noyau.communaute.jetons import ECRIRE_REGISTRE
from noyau.domaine.identifiants import valider_compteur, valider_energie
from noyau.domaine.modele import Compteur, Site
from noyau.stockage import Jeton

router = APIRouter(prefix="/api/v1/sites", tags=["registre"])
RegionDep = Annotated[Jeton, Depends(ecriture(*ECRIRE_REGISTRE))]
_REFUS = {**REPONSES_ECRITURE, 403: {"description": "Rôle autre que region"}}


class SiteEntree(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, allow_inf_nan=False, extra="forbid")

    nom: str = Field(min_length=1, max_length=200)
    commune: str = Field("", max_length=200)
    surface_m2: float | None = Field(None, gt=0, description="Surface de plancher (m²)")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


class CompteurEntree(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, allow_inf_nan=False, extra="forbid")

    energie: str | None = Field(description="electricite, gaz, chaleur, fioul, bois ou eau ; null : sonde d'ambiance")
    principal: bool = Field(description="Seuls les compteurs principaux entrent dans le total du lycée")
    usage: str = Field("", max_length=200)
    coef_kwh_m3: float | None = Field(None, gt=0, description="Conversion d'un index en m³ (gaz) en kWh")


@router.put(
    "/{uai}",
    summary="Créer ou mettre à jour un lycée",
    description="201 s'il est créé, 200 s'il est mis à jour. Jeton `region`.",
    status_code=200,
    responses={201: {"description": "Lycée créé"}, **_REFUS},
)
def ecrire_site(uai: UaiDep, corps: SiteEntree, stockage: StockageDep, jeton: RegionDep, request: Request, response: Response) -> SiteSortie:
    nouveau = Site(uai, corps.nom, corps.commune, corps.surface_m2, corps.latitude, corps.longitude)
    existant = uai in {s.uai for s in stockage.sites()}
    stockage.enregistrer_registre(sites=[nouveau])
    response.status_code = 200 if existant else 201
    request.state.objet = uai
    return SiteSortie.depuis(nouveau)


@router.put(
    "/{uai}/compteurs/{compteur}",
    summary="Créer ou mettre à jour un compteur d'un lycée",
    description="Le lycée doit exister (404 sinon). 201 si le compteur est créé, 200 s'il est mis à jour. Jeton `region`.",
    status_code=200,
    responses={201: {"description": "Compteur créé"}, 404: {"description": "Lycée inconnu"}, **_REFUS},
)
def ecrire_compteur(
    uai: UaiDep,
    compteur: Annotated[str, Path(description="Identifiant du compteur dans le lycée", examples=["principal"])],
    corps: CompteurEntree,
    stockage: StockageDep,
    jeton: RegionDep,
    request: Request,
    response: Response,
) -> CompteurSortie:
    nom = valider_compteur(compteur)
    energie = valider_energie(corps.energie) if corps.energie is not None else None
    site_du_registre(stockage, uai)
    existant = any(c.compteur == nom for c in stockage.compteurs(uai))
    stockage.enregistrer_registre(compteurs=[Compteur(uai, nom, energie, corps.principal, corps.usage, corps.coef_kwh_m3)])
    response.status_code = 200 if existant else 201
    request.state.objet = f"{uai}/{nom}"
    return CompteurSortie(compteur=nom, energie=energie and energie.value, principal=corps.principal, usage=corps.usage)
