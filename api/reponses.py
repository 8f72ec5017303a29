"""Les grosses réponses écrites d'un coup en JSON (orjson), sans modèle pydantic point par point :
les mêmes champs, dans le même ordre, que le modèle déclaré à la route (qui reste dans /docs)."""

import orjson
from fastapi import Response

from noyau.calculs.lecture import Consommation
from noyau.domaine.methode import publiee
from noyau.domaine.temps import en_texte


class ReponseJSON(Response):
    media_type = "application/json"


def consommation_json(conso: Consommation) -> bytes:
    """Le corps de api.schemas.ConsommationSortie."""
    instants: dict[float, str] = {}  # une borne est la fin d'un point et le début du suivant : écrite une fois

    def texte(ts: float) -> str:
        ecrit = instants.get(ts)
        if ecrit is None:
            ecrit = instants[ts] = en_texte(ts)
        return ecrit

    return orjson.dumps({
        "uai": conso.uai,
        "energie": conso.energie.value,
        "unite": conso.unite,
        "pas": conso.pas.value,
        "points": [
            {"debut": texte(p.debut), "fin": texte(p.fin), "valeur": publiee(p.valeur), "complet": p.complet} for p in conso.points
        ],
        "total": publiee(conso.total),
        "resolution": conso.resolution,
    })
