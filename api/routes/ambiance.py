"""L'air des salles : température, CO2 et humidité des sondes d'un lycée, par heure ou par jour."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import PeriodeDep, StockageDep, UaiDep
from api.schemas_ambiance import AmbianceSortie
from noyau.calculs.ambiance import ambiance_site
from noyau.domaine.identifiants import valider_compteur

router = APIRouter(prefix="/api/v1/sites", tags=["ambiance"])

_DESCRIPTION = """
Les sondes d'ambiance d'un lycée (ses compteurs sans énergie : sondes de salle, sonde
extérieure) sur [debut, fin), découpé par `pas` : `heure` ou `jour` (par défaut), à l'heure de
Paris comme la consommation (un jour du changement d'heure dure 23 ou 25 heures).

Pour chaque période et chaque grandeur (`temperature_c`, `co2_ppm`, `humidite_pct`) :
`moyenne` (moyenne arithmétique des relevés dont l'instant tombe dans la période, arrondie au
centième), `min`, `max` et `releves` (leur nombre) ; `null` quand la sonde n'a rien envoyé de
cette grandeur. Une période où la sonde n'a rien envoyé du tout est absente.

Les nombres viennent des statistiques horaires que le stockage garde après la purge des relevés
bruts : la réponse est la même avant et après. `debut` et `fin` tombent donc sur une heure
pleine (une date, ou un instant à l'heure pile), sinon 422.
"""


@router.get(
    "/{uai}/ambiance",
    summary="Température, CO2 et humidité des sondes d'un lycée",
    description=_DESCRIPTION,
    responses={404: {"description": "Lycée ou sonde inconnus"}},
)
def lire_ambiance(
    uai: UaiDep,
    periode: PeriodeDep,
    stockage: StockageDep,
    compteur: Annotated[str | None, Query(description="Une seule sonde du lycée")] = None,
) -> AmbianceSortie:
    choisie = valider_compteur(compteur) if compteur is not None else None
    return AmbianceSortie.depuis(ambiance_site(stockage, uai, periode.debut, periode.fin, periode.pas, choisie))
