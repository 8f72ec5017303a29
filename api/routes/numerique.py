"""La part du numérique : ce que consomment les équipements numériques d'un lycée, et du parc."""

from fastapi import APIRouter

from api.deps import StockageDep, UaiDep
from api.routes.analyse import PeriodeDep
from api.schemas_numerique import NumeriqueLyceeSortie, NumeriqueMoisSortie, NumeriqueSortie, PeriodeNumerique
from noyau.calculs.numerique import parc, part_numerique, parts_numeriques
from noyau.domaine.periodes import Pas

router = APIRouter(prefix="/api/v1", tags=["numérique"])

_DESCRIPTION = """
Les équipements numériques d'un lycée sont ses compteurs d'électricité dont l'usage est
`numerique` ou commence par `numerique-` (`numerique-serveurs`, `numerique-reseau`,
`numerique-salle`, `numerique-recharge`, `numerique-affichage`), le plus souvent des
sous-compteurs. Sur [debut, fin) (au plus 400 jours), à partir de leur consommation horaire :

- `total` : la somme de leurs consommations (principaux ou non), kWh ;
- `part_electricite` : `total` / l'électricité du lycée (ses compteurs principaux) sur la même
  période, entre 0 et 1 ; `null` sans électricité, sans compteur numérique, ou si l'électricité
  est inférieure au total (compteurs numériques qui ne sont pas derrière les principaux) ;
- `hors_occupation` : les kWh du total consommés hors des horaires d'ouverture du lycée
  (`GET .../horaires`) : nuits, week-ends, vacances de sa zone, jours fériés et fermetures déclarées ; une heure coupée
  par une borne d'horaire est partagée au prorata ;
- `co2_kg` : `total` × 0,052 kg CO2e/kWh (électricité, Base Empreinte de l'ADEME, comme partout) ;
- `complet` : chaque heure de chaque compteur numérique et de l'électricité du lycée est couverte.

Un lycée sans compteur numérique : `compteurs` vide, `total` 0, `part_electricite` null,
`complet` false (rien n'est mesuré).
"""


@router.get("/sites/{uai}/numerique", summary="La part du numérique d'un lycée", description=_DESCRIPTION,
            responses={404: {"description": "Lycée inconnu"}})
def lire_numerique(uai: UaiDep, periode: PeriodeDep, stockage: StockageDep) -> NumeriqueSortie:
    return NumeriqueSortie.depuis(part_numerique(stockage, uai, periode.debut, periode.fin))


@router.get("/sites/{uai}/numerique/mois", summary="La part du numérique d'un lycée, mois par mois",
            description="Les nombres de `GET .../numerique`, pour chaque mois (heure de Paris) de [debut, fin) "
            "(au plus 400 jours) : la tendance sur un an.", responses={404: {"description": "Lycée inconnu"}})
def lire_numerique_par_mois(uai: UaiDep, periode: PeriodeDep, stockage: StockageDep) -> NumeriqueMoisSortie:
    mois = parts_numeriques(stockage, uai, periode.debut, periode.fin, Pas.MOIS)
    return NumeriqueMoisSortie(uai=uai, mois=[PeriodeNumerique.depuis(m) for m in mois])


@router.get("/numerique", summary="La part du numérique de chaque lycée équipé",
            description="Chaque lycée qui a au moins un compteur numérique, avec les nombres de "
            "`GET /api/v1/sites/{uai}/numerique` sur [debut, fin) (au plus 400 jours) et `par_m2` (kWh par m² ; "
            "le registre n'a pas d'effectifs d'élèves) ; du plus grand `part_electricite` au plus petit, sans part à la fin.")
def lire_numerique_du_parc(periode: PeriodeDep, stockage: StockageDep) -> list[NumeriqueLyceeSortie]:
    lignes = [NumeriqueLyceeSortie.du_lycee(lycee, part) for lycee, part in parc(stockage, periode.debut, periode.fin)]
    return sorted(lignes, key=lambda l: (l.part_electricite is None, -(l.part_electricite or 0.0), l.nom))
