"""Les résultats calculés (consommations, classements, trajectoires, comparaisons) gardés en
mémoire du processus, tant que rien de ce dont ils dépendent n'a changé.

Chaque résultat est gardé sous sa clé avec les générations de ses dépendances
(noyau.stockage.generations), relues dans le stockage à chaque lecture, en une requête, avant
tout calcul : une écriture (un relevé en retard compris) faite par n'importe quel processus change
la génération de ce qu'elle touche, et le résultat gardé ne sert plus ; rien d'autre ne l'efface.
Tous les processus du serveur lisent les mêmes générations : chacun garde ses résultats, aucun ne
sert un résultat que l'écriture a rendu faux. Un résultat gardé est partagé : ne pas le modifier.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TypeVar
from weakref import WeakKeyDictionary

from noyau.domaine.identifiants import Energie
from noyau.stockage import Stockage
from noyau.stockage.generations import DOCUMENTS, REGISTRE, generation_energie

ENTREES_MAX = 2000  # résultats gardés par stockage et par processus ; le moins récemment lu part d'abord

Resultat = TypeVar("Resultat")


class _Cache:
    def __init__(self) -> None:
        self.verrou = threading.Lock()
        self.entrees: OrderedDict[tuple, tuple[tuple, object]] = OrderedDict()  # clé → (générations, résultat)
        self.calculs: dict[tuple, threading.Lock] = {}  # clé → verrou du calcul en cours

    def lire(self, cle: tuple, generations: tuple) -> tuple[bool, object]:
        with self.verrou:
            gardee = self.entrees.get(cle)
            if gardee is None or gardee[0] != generations:
                return False, None
            self.entrees.move_to_end(cle)
            return True, gardee[1]


_CACHES: WeakKeyDictionary[Stockage, _Cache] = WeakKeyDictionary()
_VERROU = threading.Lock()


def en_cache(stockage: Stockage, dependances: Sequence[str], cle: tuple, calcul: Callable[[], Resultat]) -> Resultat:
    """Le résultat gardé sous `cle` si les générations de `dependances` n'ont pas changé depuis son
    calcul, sinon `calcul()`, gardé ; une seule requête du processus calcule une même clé à la fois.
    Une erreur n'est pas gardée."""
    generations = stockage.generations(tuple(dependances))  # avant le calcul : jamais un résultat ancien sous une génération neuve
    with _VERROU:
        cache = _CACHES.get(stockage)
        if cache is None:
            cache = _CACHES[stockage] = _Cache()
    trouve, resultat = cache.lire(cle, generations)
    if trouve:
        return resultat
    with cache.verrou:  # une requête calcule, celles qui arrivent pendant ce temps attendent son résultat
        verrou = cache.calculs.setdefault(cle, threading.Lock())
    with verrou:
        trouve, resultat = cache.lire(cle, generations)
        if trouve:
            return resultat
        try:
            resultat = calcul()
        except BaseException:
            with cache.verrou:
                cache.calculs.pop(cle, None)
            raise
        with cache.verrou:
            cache.entrees[cle] = (generations, resultat)
            cache.entrees.move_to_end(cle)
            while len(cache.entrees) > ENTREES_MAX:
                cache.entrees.popitem(last=False)
            cache.calculs.pop(cle, None)
    return resultat


def d_un_lycee(uai: str, *energies: Energie | None, documents: bool = False) -> list[str]:
    """Les dépendances d'un résultat qui lit ces énergies d'un lycée (None : ses sondes), le registre
    et, si `documents`, les données de gestion."""
    return [REGISTRE, *([DOCUMENTS] if documents else []), *(generation_energie(uai, e) for e in energies)]


def du_parc(*energies: Energie | None, documents: bool = False) -> list[str]:
    """Les dépendances d'un résultat qui lit ces énergies de n'importe quel lycée."""
    return d_un_lycee(None, *energies, documents=documents)


def de_tout() -> list[str]:
    """Les dépendances d'un résultat qui peut lire n'importe quoi : chaque énergie et les sondes de
    tout le parc, le registre et les données de gestion."""
    return du_parc(*Energie, None, documents=True)
