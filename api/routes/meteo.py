"""La météo d'un lycée : température extérieure moyenne par jour et DJU ; sa normale de DJU."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from api.acces import REPONSES_ECRITURE, ecriture
from api.deps import StockageDep, UaiDep
from api.schemas_suivi import JourMeteo, MeteoSortie, NormaleEntree
from noyau.calculs.correction_climatique import enregistrer_normale
from noyau.calculs.lecture import site
from noyau.calculs.meteo import BASE_DJU_C, dju_du_jour, temperatures_journalieres
from noyau.communaute.jetons import ECRIRE_SUIVI
from noyau.domaine.erreurs import DonneeInvalide
from noyau.stockage import Jeton

router = APIRouter(prefix="/api/v1/sites", tags=["météo"])
JOURS_MAX = 3660

_DESCRIPTION = f"""
Température extérieure moyenne de chaque jour de [debut, fin) (`fin` exclue, dates de Paris) et
ses degrés-jours unifiés (DJU) de chauffage, base {BASE_DJU_C:g} °C, méthode moyenne :
max(0, 18 − T). La température vient de la sonde extérieure du lycée (moyenne des moyennes
horaires, jour retenu s'il a au moins 18 heures de relevés), sinon de la station Météo-France
importée (`enerlycee meteo importer`). Un jour sans température est absent, jamais compté à zéro.
"""


def lire_jour(texte: str, nom: str) -> date:
    try:
        return date.fromisoformat(texte.strip())
    except ValueError:
        raise DonneeInvalide(f"{nom} invalide « {texte} » : AAAA-MM-JJ attendu") from None


def lire_jours(
    debut: Annotated[str, Query(description="Premier jour (AAAA-MM-JJ)", examples=["2026-01-01"])],
    fin: Annotated[str, Query(description="Jour suivant le dernier (exclu)", examples=["2026-02-01"])],
) -> tuple[date, date]:
    a, b = lire_jour(debut, "debut"), lire_jour(fin, "fin")
    if not 0 < (b - a).days <= JOURS_MAX:
        raise DonneeInvalide(f"fin doit suivre debut, de {JOURS_MAX} jours au plus")
    if not (2000 <= a.year and b.year <= 2100):
        raise DonneeInvalide("debut et fin doivent être entre les années 2000 et 2100")
    return a, b


JoursDep = Annotated[tuple[date, date], Depends(lire_jours)]


@router.get("/{uai}/meteo", summary="Températures et DJU d'un lycée, jour par jour", description=_DESCRIPTION,
            responses={404: {"description": "Lycée inconnu"}})
def lire_meteo(uai: UaiDep, jours: JoursDep, stockage: StockageDep) -> MeteoSortie:
    site(stockage, uai)
    temperatures = temperatures_journalieres(stockage, uai, *jours)
    sorties = [JourMeteo(jour=j, temperature_c=t, dju=dju_du_jour(t)) for j, t in temperatures.items()]
    attendus = (jours[1] - jours[0]).days
    return MeteoSortie(uai=uai, base_dju_c=BASE_DJU_C, jours=sorties, jours_manquants=attendus - len(sorties),
                       total_dju=sum(s.dju for s in sorties))


@router.put("/{uai}/meteo/normale", summary="Déclarer la normale de DJU d'un lycée",
            description="Les DJU normaux des 12 mois (base 18 °C) : la référence de la correction climatique de la "
            "trajectoire ; sans normale, les DJU de l'année de référence. Jeton `region` ou `gestionnaire` du lycée.",
            responses=REPONSES_ECRITURE)
def ecrire_normale(uai: UaiDep, corps: NormaleEntree, stockage: StockageDep, request: Request,
                   jeton: Annotated[Jeton, Depends(ecriture(*ECRIRE_SUIVI))]) -> NormaleEntree:
    site(stockage, uai)
    enregistrer_normale(stockage, uai, corps.mois, corps.source)
    request.state.objet = f"dju_normaux/{uai}"
    return corps

