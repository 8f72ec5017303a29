"""Les actions du référentiel pour le confort des salles, et leur effet là où on le sent.

Deux actions proposées aux lycées (gestionnaire, enseignants, éco-délégués), notées comme toute
action (noyau.communaute.actions) avec l'énergie de chauffage du lycée et la sonde de la salle :

- **baisser la consigne d'un degré** : la salle plus fraîche pendant les cours, et environ 7 % de
  chauffage en moins (la règle de l'ADEME, noyau.calculs.confort) ;
- **aérer 5 minutes toutes les heures** : moins d'heures de cours au-dessus de 1 000 ppm de CO2,
  pour très peu de chauffage (une aération courte renouvelle l'air sans refroidir les murs).

L'effet se voit deux fois : sur la consommation de chauffage, par le référentiel des défis (les 28
jours depuis l'action contre les semaines comparables d'avant, corrigés du climat :
`noyau.communaute.actions.effet`) ; et sur la courbe de la salle : ses indicateurs de confort
pendant les cours des 28 jours d'avant l'action et des 28 jours depuis (jusqu'à hier).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from noyau.calculs.ambiance import sondes_du_lycee
from noyau.calculs.confort import ConfortSalle, confort_salles
from noyau.calculs.horaires import horaires_du_lycee
from noyau.calculs.occupation import occupation
from noyau.communaute.actions import JOURS_EFFET, Action, TypeAction
from noyau.domaine.modele import Grandeur
from noyau.domaine.temps import PARIS, a_paris, maintenant
from noyau.stockage import Stockage


@dataclass(frozen=True)
class ActionProposee:
    cle: str
    titre: str
    type: TypeAction
    grandeur: Grandeur  # ce que la courbe de la salle montre
    description: str


ACTIONS_PROPOSEES = (
    ActionProposee(
        "baisser-consigne", "Baisser la consigne d'un degré", TypeAction.INTERVENTION, Grandeur.TEMPERATURE_C,
        "La consigne de chauffage des salles baisse d'un degré, vers les 19 °C du code de l'énergie : "
        "environ 7 % de chauffage en moins (ADEME).",
    ),
    ActionProposee(
        "aerer", "Aérer 5 minutes toutes les heures", TypeAction.ECO_GESTE, Grandeur.CO2_PPM,
        "Fenêtres grandes ouvertes 5 minutes à chaque heure de cours : le CO2 redescend sous 1 000 ppm "
        "sans refroidir la salle.",
    ),
)


@dataclass(frozen=True)
class EffetSalle:
    salle: str
    avant: ConfortSalle  # les JOURS_EFFET jours d'avant l'action
    apres: ConfortSalle  # les JOURS_EFFET jours depuis l'action, jusqu'à hier
    debut: date
    fin: date  # exclue : le lendemain du dernier jour compté après l'action

    @property
    def ecart_temperature(self) -> float | None:
        """°C pendant les cours de la saison de chauffe, après − avant."""
        if self.avant.temperature_moyenne is None or self.apres.temperature_moyenne is None:
            return None
        return self.apres.temperature_moyenne - self.avant.temperature_moyenne

    @property
    def part_co2_avant(self) -> float | None:
        return _part(self.avant)

    @property
    def part_co2_apres(self) -> float | None:
        return _part(self.apres)


def proposee(titre: str) -> ActionProposee | None:
    """L'action proposée de ce titre, s'il en est une."""
    return next((a for a in ACTIONS_PROPOSEES if a.titre == titre), None)


def effet_sur_la_salle(stockage: Stockage, action: Action, aujourd_hui: date | None = None) -> EffetSalle | None:
    """L'effet d'une action sur la salle qu'elle nomme ; None sans salle, ou avant le jour de l'action."""
    aujourd_hui = aujourd_hui or a_paris(maintenant()).date()
    if action.salle is None or aujourd_hui <= action.jour:
        return None
    (sonde,) = sondes_du_lycee(stockage, action.uai, action.salle)
    horaires, fin = horaires_du_lycee(stockage, action.uai), min(action.jour + timedelta(days=JOURS_EFFET), aujourd_hui)
    debut = action.jour - timedelta(days=JOURS_EFFET)
    (avant,) = confort_salles(stockage, occupation(horaires, _minuit(debut), _minuit(action.jour)), [sonde])
    (apres,) = confort_salles(stockage, occupation(horaires, _minuit(action.jour), _minuit(fin)), [sonde])
    return EffetSalle(avant.salle, avant, apres, debut, fin)


def _part(confort: ConfortSalle) -> float | None:
    """La part des heures de cours au-dessus de 1 000 ppm."""
    return confort.heures_co2_guide / confort.heures_co2 if confort.heures_co2 else None


def _minuit(jour: date) -> float:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS).timestamp()
