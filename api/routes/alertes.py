"""Les alertes : la file de tout le parc (la Région), celles d'un lycée, et leur état."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from api.acces import REPONSES_ECRITURE, ecriture
from api.deps import StockageDep, UaiDep
from api.pagination import PaginationDep
from api.schemas_alertes import AlerteSortie, Etat, EtatEntree
from noyau.calculs.lecture import site
from noyau.communaute.file_alertes import alertes, alertes_du_parc, changer_etat
from noyau.communaute.jetons import ECRIRE_SUIVI
from noyau.communaute.regles import Regle
from noyau.domaine.identifiants import valider_uai
from noyau.stockage import Jeton

router = APIRouter(prefix="/api/v1", tags=["alertes"])

_REGLES = """
Levées toutes les heures par `enerlycee taches` (et par la démonstration) :

- `kit-silencieux` : aucun relevé d'énergie pendant plus de 6 heures (en direct, ou un trou après coup) ;
- `week-end` : puissance moyenne d'un week-end au-delà de 1,5 fois la médiane des 8 week-ends
  précédents de même nature (suivis d'un jour de classe ou non : les internes rentrent le
  dimanche soir), part chauffage corrigée des DJU (chauffage : dans la saison de chauffe) ;
- `nuit` : électricité ou eau de 0 h à 5 h au-delà de 1,5 fois la médiane des 14 nuits
  précédentes de même nature (avant un jour de classe ou non) ;
- `vacances` : électricité ou eau d'un jour ouvré sans classe au-delà de 1,5 fois la médiane
  des 10 jours ouvrés sans classe précédents de même nature (veilles d'un jour de classe ou non) ;
- `objectif` : un mois complet au-dessus de la cible d'un objectif du lycée ;
- `numerique-hors-occupation` : un équipement numérique (compteur d'usage `numerique-…`) au-delà de
  1,5 fois sa propre habitude la nuit (0 h - 5 h) avant un jour de classe (médiane des 14 nuits
  précédentes de jours de classe) ou un jour ouvré sans classe (médiane des 10 précédents de même
  nature) ; `details.compteur` le nomme ;
- `surchauffe` : une semaine finie de la saison de chauffe (1er octobre - 20 mai) où des salles
  dépassent 21 °C en moyenne pendant les cours (19 °C au plus, code de l'énergie R241-26) ;
- `co2` : une semaine finie où des salles restent au-dessus de 1 500 ppm de CO2 pendant une heure
  de cours entière (le plus bas relevé de l'heure au-dessus) ;
- `chauffage-inoccupe` : une fermeture (week-end, vacances) de la saison de chauffe où des salles
  restent au-dessus de 16 °C en moyenne passé 24 h sans personne (R241-27 : 16 °C de 24 à 48 h,
  8 °C au-delà), jugée dès 12 heures au-delà des 24 premières ; `details.salles` nomme les salles
  (les trois règles d'ambiance).

Une même condition, un même jour, ne lève qu'une alerte ; une alerte `prise-en-charge` ne se
répète pas (la même règle ne lève plus d'alerte pour le même compteur, objectif ou énergie du
lycée tant qu'elle l'est). États : `nouvelle`, `prise-en-charge`, `resolue`, `fausse-alerte`.
"""
_ETAT = Query(description="Seulement les alertes dans cet état")


@router.get("/alertes", summary="La file des alertes de tous les lycées",
            description="La file de traitement de la Région : toutes les alertes, de la plus récente à la plus ancienne, "
                        "filtrées par état, lycée ou règle ; paginée (`limite`, `decalage`, en-têtes `X-Total-Count` et `Link`). "
                        + _REGLES)
def lister_alertes_du_parc(
    stockage: StockageDep, pagination: PaginationDep, request: Request, response: Response,
    etat: Annotated[Etat | None, _ETAT] = None,
    uai: Annotated[str | None, Query(description="Seulement ce lycée (UAI)")] = None,
    regle: Annotated[Regle | None, Query(description="Seulement cette règle")] = None,
) -> list[AlerteSortie]:
    trouvees = alertes_du_parc(stockage, etat, valider_uai(uai) if uai else None, regle)
    return [AlerteSortie.depuis(a) for a in pagination.page(trouvees, request, response)]


@router.get("/sites/{uai}/alertes", summary="Les alertes d'un lycée", description=_REGLES + "\nDe la plus récente à la plus ancienne.",
            responses={404: {"description": "Lycée inconnu"}})
def lister_alertes(uai: UaiDep, stockage: StockageDep, etat: Annotated[Etat | None, _ETAT] = None) -> list[AlerteSortie]:
    site(stockage, uai)
    return [AlerteSortie.depuis(a) for a in alertes(stockage, uai, etat)]


@router.patch(
    "/sites/{uai}/alertes/{identifiant}",
    summary="Changer l'état d'une alerte",
    description="`nouvelle`, `prise-en-charge`, `resolue` ou `fausse-alerte`, avec une note facultative (absente : celle "
                "d'avant reste). Jeton `region`, ou `gestionnaire` du lycée ; journalisé, et l'alerte garde l'identifiant du "
                "code qui l'a changée (`modifiee_par`).",
    responses={**REPONSES_ECRITURE, 404: {"description": "Lycée ou alerte inconnus"}},
)
def changer_etat_alerte(
    uai: UaiDep, identifiant: Annotated[str, Path(description="Identifiant de l'alerte")], corps: EtatEntree,
    stockage: StockageDep, request: Request, jeton: Annotated[Jeton, Depends(ecriture(*ECRIRE_SUIVI))],
) -> AlerteSortie:
    changee = changer_etat(stockage, uai, identifiant, corps.etat, corps.note, jeton)
    request.state.objet = identifiant
    return AlerteSortie.depuis(changee)
