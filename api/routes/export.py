"""L'export des consommations de plusieurs lycées, en flux, lycée par lycée, et sa méthode."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import EnergieDep, PeriodeDep, StockageDep
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import valider_uai
from noyau.domaine.methode import METHODE, RESUME
from noyau.domaine.modele import Site
from noyau.publication.export import en_csv, en_json, en_parquet, en_xlsx, paquets
from noyau.stockage import Stockage

router = APIRouter(prefix="/api/v1", tags=["export"])

_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
_VARIANTES_CSV = ("rfc4180", "fr")

_DESCRIPTION = """
Les consommations par période de plusieurs lycées (`uai` répété ; aucun : tous les lycées),
calculées comme `/api/v1/sites/{uai}/consommation` sans `compteur` (pas par défaut `jour`).
Colonnes de tous les formats : `uai,nom,energie,debut,fin,valeur,unite,complet`.

- `format=csv` (par défaut) : RFC 4180, UTF-8 sans BOM, séparateur `,`, point décimal, fins de
  ligne CRLF ; `complet` vaut `true` ou `false`.
  Avec `csv=fr` : séparateur `;`, virgule décimale, UTF-8 avec BOM (Excel réglé en français
  l'ouvre d'un double clic) ; le reste à l'identique.
- `format=json` : une liste d'objets aux mêmes clés (`complet` booléen, `valeur` nombre).
- `format=xlsx` : feuille `consommation` (au-delà de 1 048 575 lignes, `consommation-2`...),
  instants en texte RFC 3339, et une feuille `methode`. Un xlsx est un zip dont la table des
  matières vient à la fin : il est écrit ligne à ligne dans un fichier temporaire, puis envoyé ;
  le premier octet arrive donc après le calcul du dernier lycée.
- `format=parquet` : un groupe de lignes par lycée, envoyé dès qu'il est calculé ; `debut`, `fin`
  horodatages (ms) à l'heure de Paris, `valeur` float64, `complet` booléen.

csv, json et parquet partent dès le premier lycée calculé, sans jamais tenir tout l'export en
mémoire. La méthode de calcul (section 3 du contrat, complétude, aucune correction climatique)
est résumée dans l'en-tête `X-Enerlycee-Methode` et détaillée par `GET /api/v1/export/methode`.
"""


@router.get(
    "/export",
    summary="Exporter les consommations de plusieurs lycées",
    description=_DESCRIPTION,
    response_class=StreamingResponse,
    responses={200: {"content": {t.split(";")[0]: {} for t in _TYPES.values()}}, 404: {"description": "Lycée inconnu"}},
)
def exporter(
    energie: EnergieDep,
    periode: PeriodeDep,
    stockage: StockageDep,
    uai: Annotated[list[str] | None, Query(description="UAI d'un lycée, répétable ; aucun : tous")] = None,
    format_: Annotated[str, Query(alias="format", description="csv, json, xlsx ou parquet")] = "csv",
    csv: Annotated[str, Query(description="Avec format=csv : rfc4180 (`,`, point décimal) ou fr (`;`, virgule décimale, BOM)")] = "rfc4180",
) -> StreamingResponse:
    forme = _valider_format(format_, csv)
    flux = paquets(stockage, _sites_choisis(stockage, uai or []), energie, periode.debut, periode.fin, periode.pas)
    corps = {"json": en_json, "xlsx": en_xlsx, "parquet": en_parquet}.get(forme, lambda f: en_csv(f, csv == "fr"))(flux)
    nom = f"consommation-{energie.value}-{periode.debut:%Y-%m-%d}-{periode.fin:%Y-%m-%d}.{forme}"
    entetes = {
        "Content-Disposition": f'attachment; filename="{nom}"',
        "X-Enerlycee-Methode": RESUME,
        "Link": '</api/v1/export/methode>; rel="describedby"',
    }
    return StreamingResponse(corps, media_type=_TYPES[forme], headers=entetes)


@router.get(
    "/export/methode",
    summary="Comment les consommations exportées sont calculées",
    description="La méthode qui accompagne chaque export et chaque jeu de données ouvertes.",
)
def lire_methode() -> dict[str, str]:
    return METHODE


def _valider_format(texte: str, variante: str) -> str:
    forme = texte.strip().lower()
    if forme not in _TYPES:
        raise DonneeInvalide(f"format inconnu « {texte} » : csv, json, xlsx ou parquet")
    if variante not in _VARIANTES_CSV:
        raise DonneeInvalide(f"variante de CSV inconnue « {variante} » : rfc4180 ou fr")
    if variante != "rfc4180" and forme != "csv":
        raise DonneeInvalide(f"csv={variante} ne vaut qu'avec format=csv")
    return forme


def _sites_choisis(stockage: Stockage, demandes: list[str]) -> list[Site]:
    """Les lycées demandés, dans l'ordre et sans doublon, tous vérifiés avant le premier octet."""
    connus = {s.uai: s for s in stockage.sites()}
    if not demandes:
        return list(connus.values())
    uais = list(dict.fromkeys(valider_uai(u) for u in demandes))
    inconnus = [u for u in uais if u not in connus]
    if inconnus:
        raise Introuvable(f"lycée inconnu : {', '.join(inconnus)}")
    return [connus[u] for u in uais]
