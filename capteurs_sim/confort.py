"""Le confort des salles simulées : ce qui donne aux sections de l'ambiance quelque chose de vrai à dire.

Une salle de classe suit la consigne de confort de la chaufferie (20 °C, capteurs_sim.profils) ;
ses occupants y ajoutent environ un degré (capteurs_sim.ambiance). Trois écarts, fixes :

- **l'aile sud surchauffée** de Dupuy de Lôme (Lorient, `AILE_CHAUDE`) : ses salles A101 et B204,
  sur un réseau de radiateurs mal équilibré, ont 3 °C de plus que la consigne, tout l'hiver ;
- **la salle mal aérée** d'Auguste Pavie (Guingamp, `SALLE_CONFINEE`) : ses fenêtres n'ouvrent
  qu'en oscillo-battant, son CO2 monte 2,5 fois plus haut et retombe 3,5 fois moins vite que
  celui des autres (au-dessus de 1 500 ppm une heure de cours entière) ;
- **la consigne baissée d'un degré** à Jean Guéhenno (Fougères, `CONSIGNE_BAISSEE`), notée comme
  l'action du référentiel « Baisser la consigne d'un degré » (capteurs_sim.communaute) un lundi de
  classe de la saison de chauffe, deux semaines au moins avant le lancement de la démonstration.

Une consigne de chauffage changée se sent dans les salles : un écart du chauffage à tout moment
(capteurs_sim.ecarts, action « Baisser la consigne d'un degré » ou « Consigne de chauffage abaissée
à 19 °C ») y change la température de (facteur − 1) / 7 % degrés pendant le confort : la règle de
l'ADEME (7 % de chauffage par degré) que le produit emploie pour estimer le surcoût (noyau.calculs.confort).
"""

from datetime import date, timedelta

import numpy as np

from capteurs_sim.ecarts import Ecart, Moments, Usage
from capteurs_sim.profils import MOIS_DE_CHAUFFE
from noyau.calculs.confort import ECONOMIE_PAR_DEGRE
from noyau.domaine.calendrier import est_jour_de_classe

AILE_CHAUDE = ("0560025Y", ("salle-a101", "salle-b204"), 3.0)  # lycée, salles, degrés en trop
SALLE_CONFINEE = ("0220018A", "salle-b204")
CONSIGNE_BAISSEE = "0350011X"
SALLE_DE_LA_BAISSE = "salle-a101"  # la salle que l'action nomme : son effet s'y voit
SEMAINES_AVANT_LE_LANCEMENT = 2
REFERENCES_AVANT_J = 42  # les semaines comparables d'avant la baisse (noyau.communaute.referentiel) : chauffées aussi
MOIS_DES_ACTIONS = (10, 11, 12, 1, 2, 3)


def degres_en_plus(ecarts: tuple[Ecart, ...], uai: str, salle: str, instants: np.ndarray) -> np.ndarray:
    """Les degrés ajoutés à la consigne de confort de cette salle, à chaque instant."""
    lycee, salles, degres = AILE_CHAUDE
    en_plus = np.full(len(instants), degres if (uai, salle) in {(lycee, s) for s in salles} else 0.0)
    for ecart in ecarts:
        if ecart.uai == uai and ecart.usage is Usage.CHAUFFAGE and ecart.moments is Moments.TOUJOURS:
            touches = (instants >= ecart.debut) & (instants < ecart.fin)
            en_plus[touches] += (ecart.facteur - 1.0) / ECONOMIE_PAR_DEGRE
    return en_plus


def est_confinee(uai: str, salle: str) -> bool:
    return (uai, salle) == SALLE_CONFINEE


def jour_de_la_baisse(lancement: date) -> date:
    """Un lundi de classe d'octobre à mars (les mois où la communauté date ses actions de chauffage),
    `SEMAINES_AVANT_LE_LANCEMENT` semaines au moins avant le lancement, dont les six semaines d'avant
    sont aussi chauffées (l'effet sur le chauffage se compare à elles)."""
    jour = lancement - timedelta(weeks=SEMAINES_AVANT_LE_LANCEMENT)
    jour -= timedelta(days=jour.weekday())
    while not (est_jour_de_classe(jour) and jour.month in MOIS_DES_ACTIONS
               and (jour - timedelta(days=REFERENCES_AVANT_J)).month in MOIS_DE_CHAUFFE):
        jour -= timedelta(weeks=1)
    return jour
