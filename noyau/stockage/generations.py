"""Les générations : ce qu'un stockage incrémente quand une écriture change ce dont des résultats
calculés dépendent, pour que les lectures en cache (noyau.calculs.cache) sachent, en une requête,
si le résultat gardé vaut encore.

Une génération par clé :
- `<uai>/<énergie>` (`<uai>/ambiance` pour les sondes) : un relevé nouveau, même en retard, dans
  une série d'un compteur de ce lycée et de cette énergie, ou des agrégats copiés tels quels ;
- `<uai>/<énergie>/<AAAA-MM-JJ>` : la même chose, par jour de Paris touché (`jour_de`) ; une
  écriture touche ]relevé d'avant, relevé d'après] (l'interpolation, les trous et les remises à zéro
  changent entre ses voisins, lus des agrégats horaires) ; un résultat sur une période lit la plage
  `Jours` de ces clés et ne dépend plus des écritures hors de sa période (le direct d'aujourd'hui ne
  change pas une année close) ;
- `*/<énergie>` et `*/<énergie>/<AAAA-MM-JJ>` : les mêmes, pour n'importe quel lycée (le parc) ;
- `registre` : le registre (lycées, compteurs), ou une purge des relevés bruts ;
- `documents` : une donnée de gestion (objectif, défi, référence, températures importées...).

La valeur d'une génération n'a pas d'ordre : seul compte qu'elle change à chaque écriture (et, pour
une plage, qu'elle change quand l'une de ses clés change). Le stockage l'écrit après les données
qu'elle couvre (dans la même transaction pour SQLite) : qui lit la génération avant de calculer ne
garde jamais un résultat ancien sous une génération nouvelle.
"""

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from noyau.domaine.identifiants import Energie
from noyau.domaine.temps import PARIS

REGISTRE = "registre"
DOCUMENTS = "documents"


@dataclass(frozen=True)
class Jours:
    """Les générations par jour `<prefixe><premier>` à `<prefixe><dernier>` (dates ISO, incluses)."""

    prefixe: str
    premier: str
    dernier: str


def generation_energie(uai: str | None, energie: Energie | None) -> str:
    """La clé des relevés d'une énergie d'un lycée (`uai` None : de n'importe quel lycée)."""
    return f"{uai or '*'}/{energie.value if energie else 'ambiance'}"


def jour_de(instant: float) -> date:
    """Le jour de Paris dont la clé couvre cet instant : D tel que D 0 h < instant <= D+1 0 h (un
    minuit appartient au jour qu'il finit : une période finie à minuit ne dépend pas du jour suivant,
    sauf par le voisin d'après, que l'élargissement de l'écriture couvre)."""
    return _jour_de_l_heure(math.floor((instant - 0.001) / 3600))


@functools.lru_cache(maxsize=4096)
def _jour_de_l_heure(heure: int) -> date:
    """Le jour de Paris de cette heure (instant // 3600) : Paris a un décalage d'heures entières."""
    return datetime.fromtimestamp(heure * 3600, PARIS).date()


def jours(uai: str | None, energie: Energie | None, debut: float, fin: float) -> Jours:
    """La plage des clés par jour dont dépend un résultat qui lit cette énergie sur [debut, fin]."""
    return Jours(generation_energie(uai, energie) + "/", jour_de(debut).isoformat(), jour_de(fin).isoformat())


def touchees(compteurs: Iterable[tuple[str, Energie | None]]) -> set[str]:
    """Les clés qu'une écriture dans ces compteurs (lycée, énergie) incrémente."""
    return {cle for uai, energie in compteurs for cle in (generation_energie(uai, energie), generation_energie(None, energie))}


def touchees_par_jour(etendues: Iterable[tuple[str, Energie | None, float, float]]) -> set[str]:
    """Les clés qu'une écriture incrémente : celles de `touchees` et, pour chaque (lycée, énergie,
    début, fin) touché (voisins compris, en secondes), celles de chaque jour de [début, fin]."""
    cles: set[str] = set()
    for uai, energie, jour, dernier in {(uai, energie, jour_de(debut), jour_de(fin)) for uai, energie, debut, fin in etendues}:
        while jour <= dernier:
            cles |= {f"{generation_energie(u, energie)}/{jour.isoformat()}" for u in (uai, None)}
            jour += timedelta(days=1)
        cles |= touchees([(uai, energie)])
    return cles
