"""L'export des consommations de plusieurs lycées, en flux, lycée par lycée."""

import csv
import io
from collections.abc import Iterator
from typing import Annotated

import orjson
from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import EnergieDep, Periode, PeriodeDep, StockageDep
from noyau.domaine import Site
from noyau.erreurs import DonneeInvalide, Introuvable
from noyau.identifiants import Energie, valider_uai
from noyau.lecture import consommation_site
from noyau.stockage import Stockage
from noyau.temps import en_texte

router = APIRouter(prefix="/api/v1", tags=["export"])

COLONNES = ("uai", "nom", "energie", "debut", "fin", "valeur", "unite", "complet")
_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
_A_VENIR = ("xlsx", "parquet")

_DESCRIPTION = """
Les consommations par période de plusieurs lycées (`uai` répété ; aucun : tous les lycées),
calculées comme `/api/v1/sites/{uai}/consommation` sans `compteur` (pas par défaut `jour`).

- `format=csv` (par défaut) : RFC 4180, UTF-8 sans BOM, séparateur `,`, point décimal, fins de
  ligne CRLF, en-tête `uai,nom,energie,debut,fin,valeur,unite,complet` ; `complet` vaut
  `true` ou `false`.
- `format=json` : une liste d'objets aux mêmes clés (`complet` booléen, `valeur` nombre).
- `xlsx` et `parquet` ne sont pas encore disponibles.

La réponse est envoyée lycée par lycée, en pièce jointe.
"""


@router.get(
    "/export",
    summary="Exporter les consommations de plusieurs lycées",
    description=_DESCRIPTION,
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}, 404: {"description": "Lycée inconnu"}},
)
def exporter(
    energie: EnergieDep,
    periode: PeriodeDep,
    stockage: StockageDep,
    uai: Annotated[list[str] | None, Query(description="UAI d'un lycée, répétable ; aucun : tous")] = None,
    format_: Annotated[str, Query(alias="format", description="csv ou json (xlsx, parquet : à venir)")] = "csv",
) -> StreamingResponse:
    forme = _valider_format(format_)
    paquets = _paquets(stockage, _sites_choisis(stockage, uai or []), energie, periode)
    corps = _en_csv(paquets) if forme == "csv" else _en_json(paquets)
    nom = f"consommation-{energie.value}-{periode.debut:%Y-%m-%d}-{periode.fin:%Y-%m-%d}.{forme}"
    entetes = {"Content-Disposition": f'attachment; filename="{nom}"'}
    return StreamingResponse(corps, media_type=_TYPES[forme], headers=entetes)


def _valider_format(texte: str) -> str:
    forme = texte.strip().lower()
    if forme in _A_VENIR:
        raise DonneeInvalide(f"le format {forme} n'est pas encore disponible : csv ou json")
    if forme not in _TYPES:
        raise DonneeInvalide(f"format inconnu « {texte} » : csv ou json")
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


def _paquets(stockage: Stockage, sites: list[Site], energie: Energie, periode: Periode) -> Iterator[list[dict]]:
    """Les lignes de l'export, un paquet par lycée : un seul lycée en mémoire à la fois."""
    for site in sites:
        conso = consommation_site(stockage, site.uai, energie, periode.debut, periode.fin, periode.pas)
        yield [
            {
                "uai": site.uai,
                "nom": site.nom,
                "energie": energie.value,
                "debut": en_texte(p.debut),
                "fin": en_texte(p.fin),
                "valeur": p.valeur,
                "unite": conso.unite,
                "complet": p.complet,
            }
            for p in conso.points
        ]


def _en_csv(paquets: Iterator[list[dict]]) -> Iterator[str]:
    yield ",".join(COLONNES) + "\r\n"
    for lignes in paquets:
        tampon = io.StringIO()
        ecrivain = csv.DictWriter(tampon, COLONNES, lineterminator="\r\n")
        ecrivain.writerows({**ligne, "complet": "true" if ligne["complet"] else "false"} for ligne in lignes)
        yield tampon.getvalue()


def _en_json(paquets: Iterator[list[dict]]) -> Iterator[bytes]:
    separateur = b"["
    for lignes in paquets:
        if lignes:
            yield separateur + b",".join(orjson.dumps(ligne) for ligne in lignes)
            separateur = b","
    yield b"]" if separateur == b"," else b"[]"
