"""Les dépendances des routes : le stockage et les paramètres communs, validés une seule fois."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Query, Request

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie, valider_energie, valider_uai
from noyau.domaine.periodes import Pas, nombre_de_periodes, valider_pas, verifier_periode
from noyau.domaine.temps import lire_borne
from noyau.stockage import Stockage


def lire_stockage(request: Request) -> Stockage:
    return request.app.state.stockage


StockageDep = Annotated[Stockage, Depends(lire_stockage)]


def lire_uai(
    uai: Annotated[str, Path(description="UAI du lycée (majuscules ou minuscules)", examples=["0350028R"])],
) -> str:
    return valider_uai(uai)


UaiDep = Annotated[str, Depends(lire_uai)]


def lire_energie(
    energie: Annotated[
        str, Query(description="electricite, gaz, chaleur, fioul, bois ou eau", examples=["electricite"])
    ],
) -> Energie:
    return valider_energie(energie)


EnergieDep = Annotated[Energie, Depends(lire_energie)]


@dataclass(frozen=True)
class Periode:
    debut: datetime
    fin: datetime
    pas: Pas


def lire_periode(
    debut: Annotated[
        str, Query(description="Début inclus : date (minuit à Paris) ou instant RFC 3339", examples=["2026-03-02"])
    ],
    fin: Annotated[str, Query(description="Fin exclue : date ou instant RFC 3339", examples=["2026-03-09"])],
    pas: Annotated[str, Query(description="heure, jour, semaine, mois ou annee (jour par défaut)")] = "jour",
) -> Periode:
    periode = Periode(lire_borne_nommee(debut, "debut"), lire_borne_nommee(fin, "fin"), valider_pas(pas))
    verifier_periode(periode.debut, periode.fin, periode.pas)  # avant le premier octet d'un export
    return periode


def periode_bornee(request: Request, periode: Annotated[Periode, Depends(lire_periode)]) -> Iterator[Periode]:
    """La période, et une place parmi les lectures lourdes si elle en est une (api.charge) :
    périodes × lycées lus (celui du chemin, les `uai` demandés, ou tout le parc)."""
    if "uai" in request.path_params:
        lycees = 1
    else:
        lycees = len(request.query_params.getlist("uai")) or len(request.app.state.stockage.sites())
    with request.app.state.lectures_lourdes.tenir(nombre_de_periodes(periode.debut, periode.fin, periode.pas) * lycees):
        yield periode


PeriodeDep = Annotated[Periode, Depends(periode_bornee)]


def lire_borne_nommee(texte: str, nom: str) -> datetime:
    """`debut` ou `fin` lue d'une requête ; l'erreur dit lequel des deux est invalide."""
    try:
        return lire_borne(texte)
    except DonneeInvalide as erreur:
        raise DonneeInvalide(f"{nom} invalide : {erreur}") from None
