"""L'analyse d'un lycée (talon, hors horaires, vacances, kWh/m²) et ses horaires d'ouverture."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from api.acces import REPONSES_ECRITURE, ecriture
from api.deps import EnergieDep, StockageDep, UaiDep, lire_borne_nommee
from api.schemas_suivi import (
    AnalyseSortie,
    HorairesEntree,
    HorairesSortie,
    RepartitionSortie,
    TalonSortie,
    VacancesSortie,
)
from noyau.calculs.analyse import analyser
from noyau.calculs.horaires import en_json, enregistrer_horaires, horaires_du_lycee
from noyau.calculs.lecture import site
from noyau.communaute.jetons import ECRIRE_SUIVI
from noyau.domaine.erreurs import DonneeInvalide
from noyau.stockage import Jeton

router = APIRouter(prefix="/api/v1/sites", tags=["analyse"])
JOURS_MAX = 400

_DESCRIPTION = """
Sur [debut, fin) (au plus 400 jours), à partir de la consommation horaire (la granularité la plus
fine lue, et la limite de ces calculs) :

- `talon` : pour chaque nuit, la puissance moyenne de 1 h à 4 h (heure de Paris, heures complètes
  seulement) ; la valeur est la médiane des nuits ;
- `repartition` : chaque heure classée selon les horaires du lycée (`PUT .../horaires`, par défaut
  7 h 30 - 18 h 30 du lundi au vendredi), son internat (nuits de 19 h à 7 h 30 entre deux jours de
  classe), les vacances et jours fériés de sa zone et ses fermetures particulières (comptées avec
  les vacances) : ouverture, nuit_internat, soir_et_nuit, week_end, vacances ; une heure coupée par une borne d'horaire est partagée au prorata ;
- `vacances` : chaque période de vacances de la période contre les mêmes vacances un an plus tôt,
  en consommation moyenne par jour ;
- `par_m2` : la consommation de la période par m² de surface du lycée.
"""


@dataclass(frozen=True)
class Periode:
    debut: datetime
    fin: datetime


def lire_periode(
    debut: Annotated[str, Query(description="Début inclus : date (minuit à Paris) ou instant RFC 3339", examples=["2026-03-02"])],
    fin: Annotated[str, Query(description="Fin exclue : date ou instant RFC 3339", examples=["2026-03-09"])],
) -> Periode:
    periode = Periode(lire_borne_nommee(debut, "debut"), lire_borne_nommee(fin, "fin"))
    if not 0 < periode.fin.timestamp() - periode.debut.timestamp() <= JOURS_MAX * 86400:
        raise DonneeInvalide(f"fin doit suivre debut, de {JOURS_MAX} jours au plus")
    if not (2000 <= periode.debut.year and periode.fin.year <= 2100):
        raise DonneeInvalide("debut et fin doivent être entre les années 2000 et 2100")
    return periode


PeriodeDep = Annotated[Periode, Depends(lire_periode)]


@router.get("/{uai}/analyse", summary="Talon, consommation hors horaires, vacances et kWh/m² d'un lycée",
            description=_DESCRIPTION, responses={404: {"description": "Lycée inconnu"}})
def lire_analyse(uai: UaiDep, energie: EnergieDep, periode: PeriodeDep, stockage: StockageDep) -> AnalyseSortie:
    lycee = site(stockage, uai)
    talon, repartition, vacances = analyser(stockage, uai, energie, periode.debut, periode.fin)
    par_m2 = repartition.total / lycee.surface_m2 if lycee.surface_m2 and repartition.heures else None
    return AnalyseSortie(
        uai=uai, energie=energie.value, unite=energie.unite, talon=TalonSortie.depuis(talon),
        repartition=RepartitionSortie.depuis(repartition), par_m2=par_m2,
        vacances=[VacancesSortie.depuis(v) for v in vacances],
        horaires=HorairesSortie(**en_json(horaires_du_lycee(stockage, uai))),
    )


@router.get("/{uai}/horaires", summary="Horaires d'ouverture d'un lycée", responses={404: {"description": "Lycée inconnu"}})
def lire_horaires(uai: UaiDep, stockage: StockageDep) -> HorairesSortie:
    site(stockage, uai)
    return HorairesSortie(**en_json(horaires_du_lycee(stockage, uai)))


@router.put("/{uai}/horaires", summary="Déclarer les horaires d'ouverture d'un lycée",
            description="Plages par jour de la semaine, internat, zone de vacances (par défaut celle de l'académie) et "
            "fermetures particulières (pont, journée pédagogique, travaux, grève, neige : des jours sans classe, "
            "comptés comme les vacances partout). Le document remplace le précédent : un champ absent reprend sa "
            "valeur par défaut, sauf `fermetures` (absent : celles déjà déclarées restent ; `[]` les retire). "
            "Jeton `region` ou `gestionnaire` du lycée.",
            responses=REPONSES_ECRITURE)
def ecrire_horaires(uai: UaiDep, corps: HorairesEntree, stockage: StockageDep, request: Request,
                    jeton: Annotated[Jeton, Depends(ecriture(*ECRIRE_SUIVI))]) -> HorairesSortie:
    site(stockage, uai)
    horaires = enregistrer_horaires(stockage, uai, corps.model_dump(mode="json", exclude_none=True))
    request.state.objet = f"horaires/{uai}"
    return HorairesSortie(**en_json(horaires))
