"""La vie simulée de la démonstration, placée par rapport à son premier lancement : ce qu'un parc
réel montre en plus des incidents de `capteurs_sim.pannes`.

- une surconsommation par lycée, qui lève son alerte (capteurs_sim.surconsommations) ;
- des messages fautifs mis en quarantaine (capteurs_sim.fautifs) ;
- au lancement, le kit d'un sous-compteur est muet depuis 22 heures : il revient 2 heures après et
  envoie d'un coup ce qu'il a gardé (en direct, par le courtier) ; douze jours avant, le kit d'un
  autre lycée a perdu 8 heures de relevés (un trou, des jours incomplets, une alerte) ;
- les effets des actions de la communauté (capteurs_sim.communaute).

Même graine, même référence, même lancement : même scénario (un second lancement le rejoue).
"""

from dataclasses import replace
from datetime import date

import numpy as np

from capteurs_sim.communaute import plan
from capteurs_sim.fautifs import messages_fautifs
from capteurs_sim.lycees import Lycee
from capteurs_sim.pannes import Coupure, Pannes, planifier
from capteurs_sim.surconsommations import planter
from noyau.domaine.temps import a_paris

MUET_AVANT_S = 22 * 3600
MUET_APRES_S = 2 * 3600
TROU_AVANT_J = 12
TROU_S = 8 * 3600


def scenario(lycees: list[Lycee], graine: int, reference: date, lancement: float) -> Pannes:
    pannes = planifier(lycees, graine, reference)
    if not lycees:
        return pannes
    jour = a_paris(lancement).date()
    surconsommations = planter(lycees, graine, jour)
    communaute = plan(lycees, graine, jour, pannes.ecarts)
    return replace(
        pannes,
        coupures=pannes.coupures + _du_moment(lycees, graine, lancement),
        ecarts=pannes.ecarts + tuple(s.ecart for s in surconsommations) + communaute.ecarts,
        fautifs=messages_fautifs(lycees, graine, jour),
        surconsommations=surconsommations,
    )


def _du_moment(lycees: list[Lycee], graine: int, lancement: float) -> tuple[Coupure, ...]:
    ordre = np.random.default_rng(graine + 4).permutation(len(lycees))
    muet, troue = lycees[int(ordre[0])], lycees[int(ordre[-1])]
    debut_du_trou = (lancement - TROU_AVANT_J * 86400) // 3600 * 3600
    return (
        Coupure(muet.uai, lancement - MUET_AVANT_S, lancement + MUET_APRES_S, rattrapage=True, compteur="ateliers"),
        Coupure(troue.uai, debut_du_trou, debut_du_trou + TROU_S, rattrapage=False),
    )
