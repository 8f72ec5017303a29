"""La déclaration annuelle OPERAT (décret tertiaire) : consommation d'énergie finale par lycée et par énergie."""

import csv as module_csv
import io
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import StockageDep
from api.pagination import PaginationDep
from api.schemas import OperatSortie
from noyau.domaine.erreurs import DonneeInvalide
from noyau.publication.operat import ANNEE_MAX, ANNEE_MIN, declaration

router = APIRouter(prefix="/api/v1", tags=["décret tertiaire"])

_DESCRIPTION = """
Pour remplir la déclaration annuelle sur OPERAT : par lycée et par énergie comptée par ses
compteurs principaux (l'eau n'en fait pas partie), la consommation d'énergie finale de l'année
civile `annee` en kWh, brute (OPERAT applique lui-même sa correction climatique), le nombre de
mois complets, la surface du registre et la référence : celle déclarée au module de trajectoire,
sinon l'année `annee_reference` calculée des relevés. Correspondance avec les champs d'OPERAT et
ce que nous n'avons pas pu vérifier : docs/operat.md.

`format=json` (par défaut) ou `csv` (RFC 4180 ; `csv=fr` : `;`, virgule décimale, BOM).
Paginé (`limite`, `decalage`, en-têtes `X-Total-Count` et `Link`).
"""


@router.get(
    "/operat",
    summary="Déclaration annuelle OPERAT (décret tertiaire)",
    description=_DESCRIPTION,
    response_model=list[OperatSortie],
    responses={200: {"content": {"text/csv": {}}}},
)
def lire_operat(
    stockage: StockageDep,
    pagination: PaginationDep,
    request: Request,
    response: Response,
    annee: Annotated[int, Query(ge=ANNEE_MIN, le=ANNEE_MAX, description="Année civile déclarée", examples=[2025])],
    annee_reference: Annotated[
        int | None, Query(ge=ANNEE_MIN, le=ANNEE_MAX, description="Année de référence, à défaut d'une référence déclarée")
    ] = None,
    format_: Annotated[str, Query(alias="format", description="json ou csv")] = "json",
    csv: Annotated[str, Query(description="Avec format=csv : rfc4180 ou fr")] = "rfc4180",
):
    if format_ not in ("json", "csv") or csv not in ("rfc4180", "fr") or (csv == "fr" and format_ != "csv"):
        raise DonneeInvalide("format=json, ou format=csv avec csv=rfc4180 (par défaut) ou csv=fr")
    lignes = [OperatSortie.depuis(ligne) for ligne in declaration(stockage, annee, annee_reference)]
    page = pagination.page(lignes, request, response)
    if format_ == "json":
        return page
    texte = _en_csv(page, csv == "fr")
    entetes = {**response.headers, "Content-Disposition": f'attachment; filename="operat-{annee}.csv"'}
    return Response(texte.encode(), media_type="text/csv; charset=utf-8", headers=entetes)


def _en_csv(lignes: list[OperatSortie], francais: bool) -> str:
    def cellule(valeur) -> str:
        if isinstance(valeur, bool):
            return "true" if valeur else "false"
        if isinstance(valeur, float) and francais:
            return repr(valeur).replace(".", ",")
        return "" if valeur is None else str(valeur)

    tampon = io.StringIO()
    ecrivain = module_csv.writer(tampon, delimiter=";" if francais else ",", lineterminator="\r\n")
    ecrivain.writerow(OperatSortie.model_fields)
    ecrivain.writerows([cellule(v) for v in ligne.model_dump().values()] for ligne in lignes)
    return ("\ufeff" if francais else "") + tampon.getvalue()
