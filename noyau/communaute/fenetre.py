"""Le compteur à fenêtre glissante : un seul mécanisme, deux usages, la limite d'écritures par
jeton (noyau.communaute.limite) et le frein aux échecs d'authentification par client
(noyau.communaute.frein).

Les événements sont comptés dans le stockage (`Stockage.compter_dans_fenetre` : une transaction
sur SQLite, « compter puis relire » sur InfluxDB), jamais dans la mémoire d'un processus : le
compte est le même pour tous les processus et toutes les machines qui servent ce stockage. Ce qui
est sorti de la fenêtre est oublié par le stockage lui-même.
"""

import math

from noyau.domaine.temps import maintenant
from noyau.stockage import Stockage


def attente(stockage: Stockage, cle: str, plafond: int, duree_s: float, compter: bool = True) -> int:
    """0 si les `duree_s` dernières secondes comptent moins de `plafond` événements de `cle` (et
    celui-ci est alors compté, si `compter`) ; sinon rien n'est compté et la réponse est le nombre
    de secondes (au moins 1) avant qu'une place se libère."""
    instant = maintenant()
    compte, echeances = stockage.compter_dans_fenetre(cle, instant, duree_s, plafond, compter)
    if compte or (not compter and len(echeances) < plafond):
        return 0
    place = echeances[-plafond] if len(echeances) >= plafond else instant  # InfluxDB : refusé de justesse
    return max(1, math.ceil(place - instant))
