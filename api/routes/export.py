"""L'export des consommations de plusieurs lycées, en flux, lycée par lycée, et sa méthode."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import EnergieDep, PeriodeDep, StockageDep, lire_periode
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import valider_uai
from noyau.domaine.methode import METHODE, RESUME
from noyau.domaine.modele import Site
from noyau.domaine.periodes import Pas
from noyau.publication import numerique
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


_DESCRIPTION_NUMERIQUE = """
La part du numérique (`GET /api/v1/sites/{uai}/numerique`) de chaque lycée équipé de compteurs
numériques (`uai` répété ; aucun : tous les lycées équipés), par période (`pas`, par défaut `mois`).
Colonnes : `uai,nom,debut,fin,total_kwh,part_electricite,hors_occupation_kwh,co2_kg,kwh_par_m2,complet`
(`part_electricite` et `kwh_par_m2` vides quand ils sont inconnus). Mêmes formats que
`GET /api/v1/export` (`format`, `csv=fr`) ; méthode dans l'en-tête `X-Enerlycee-Methode` et
`GET /api/v1/export/numerique/methode`.
"""


@router.get(
    "/export/numerique",
    summary="Exporter la part du numérique des lycées équipés",
    description=_DESCRIPTION_NUMERIQUE,
    response_class=StreamingResponse,
    responses={200: {"content": {t.split(";")[0]: {} for t in _TYPES.values()}}, 404: {"description": "Lycée inconnu"}},
)
def exporter_numerique(
    debut: Annotated[str, Query(description="Début inclus : date (minuit à Paris) ou instant RFC 3339", examples=["2026-01-01"])],
    fin: Annotated[str, Query(description="Fin exclue : date ou instant RFC 3339", examples=["2026-07-01"])],
    stockage: StockageDep,
    pas: Annotated[str, Query(description="jour, semaine, mois ou annee (mois par défaut)")] = "mois",
    uai: Annotated[list[str] | None, Query(description="UAI d'un lycée, répétable ; aucun : tous les lycées équipés")] = None,
    format_: Annotated[str, Query(alias="format", description="csv, json, xlsx ou parquet")] = "csv",
    csv: Annotated[str, Query(description="Avec format=csv : rfc4180 ou fr")] = "rfc4180",
) -> StreamingResponse:
    periode = lire_periode(debut, fin, pas)
    if periode.pas is Pas.HEURE:
        raise DonneeInvalide("pas : jour, semaine, mois ou annee pour la part du numérique")
    forme = _valider_format(format_, csv)
    flux = numerique.paquets(stockage, _sites_choisis(stockage, uai or []), periode.debut, periode.fin, periode.pas)
    ecrire = {"json": en_json, "xlsx": en_xlsx, "parquet": en_parquet}.get(forme)
    corps = ecrire(flux, numerique.FORME) if ecrire else en_csv(flux, csv == "fr", numerique.FORME)
    nom = f"numerique-{periode.debut:%Y-%m-%d}-{periode.fin:%Y-%m-%d}.{forme}"
    entetes = {
        "Content-Disposition": f'attachment; filename="{nom}"',
        "X-Enerlycee-Methode": numerique.RESUME,
        "Link": '</api/v1/export/numerique/methode>; rel="describedby"',
    }
    return StreamingResponse(corps, media_type=_TYPES[forme], headers=entetes)


@router.get("/export/numerique/methode", summary="Comment la part du numérique exportée est calculée",
            description="La méthode qui accompagne l'export et le jeu de données ouvertes de la part du numérique.")
def lire_methode_numerique() -> dict[str, str]:
    return numerique.METHODE


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
