"""Les résultats calculés (consommations, classements, trajectoires, comparaisons) gardés en
mémoire du processus, tant que rien de ce dont ils dépendent n'a changé.

Chaque résultat est gardé sous sa clé avec les générations de ses dépendances
(noyau.stockage.generations), relues dans le stockage à chaque lecture, en une requête, avant
tout calcul : une écriture (un relevé en retard compris) faite par n'importe quel processus change
la génération de ce qu'elle touche, et le résultat gardé ne sert plus ; rien d'autre ne l'efface.
Un résultat sur des périodes dépend des générations des jours de ces périodes (`periodes`) : le
direct d'aujourd'hui ne recalcule pas une semaine ou une année close.
Tous les processus du serveur lisent les mêmes générations : chacun garde ses résultats, aucun ne
sert un résultat que l'écriture a rendu faux. Un résultat gardé est partagé : ne pas le modifier.
"""

import dataclasses
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar
from weakref import WeakKeyDictionary

import numpy as np
import pandas as pd

from noyau.domaine.identifiants import Energie
from noyau.stockage import Stockage
from noyau.stockage.generations import DOCUMENTS, REGISTRE, Jours, generation_energie, jours

# Mémoire des résultats gardés, par stockage et par processus (estimée par `taille`) ; le moins
# récemment lu part d'abord. Les alertes de l'heure lisent des fenêtres qui glissent : sans borne en
# octets, des milliers de résultats qui ne resserviront pas tiendraient des centaines de Mo.
OCTETS_MAX = 64 * 2**20

Resultat = TypeVar("Resultat")
Periode = tuple[datetime | float, datetime | float]  # instants, ou secondes Unix

# Les calculs faits (non servis du cache) par ce processus, par sorte de résultat (le premier
# élément de la clé) : ce qu'un test compte pour savoir ce qu'une écriture a fait recalculer.
CALCULS: Counter[str] = Counter()


class _Cache:
    def __init__(self) -> None:
        self.verrou = threading.Lock()
        self.entrees: OrderedDict[tuple, tuple[tuple, object, int]] = OrderedDict()  # clé → (générations, résultat, octets)
        self.octets = 0
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


def en_cache(stockage: Stockage, dependances: Sequence[str | Jours], cle: tuple, calcul: Callable[[], Resultat]) -> Resultat:
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
            CALCULS[cle[0]] += 1
            resultat = calcul()
        except BaseException:
            with cache.verrou:
                cache.calculs.pop(cle, None)
            raise
        octets = taille(resultat)
        with cache.verrou:
            if cle in cache.entrees:
                cache.octets -= cache.entrees[cle][2]
            cache.entrees[cle] = (generations, resultat, octets)
            cache.entrees.move_to_end(cle)
            cache.octets += octets
            while cache.octets > OCTETS_MAX and len(cache.entrees) > 1:
                cache.octets -= cache.entrees.popitem(last=False)[1][2]
            cache.calculs.pop(cle, None)
    return resultat


def taille(objet: object, profondeur: int = 0) -> int:
    """La mémoire d'un résultat en octets, estimée (assez juste pour borner le cache) : une longue
    liste est estimée sur ses premiers éléments."""
    if isinstance(objet, (bytes, str)):
        return 50 + len(objet)
    if isinstance(objet, np.ndarray):
        return 110 + objet.nbytes
    if isinstance(objet, (pd.DataFrame, pd.Series)):
        return 200 + int(np.sum(objet.memory_usage(deep=True)))
    if profondeur > 5:
        return 64
    if isinstance(objet, dict):
        objet = list(objet.items())
    if isinstance(objet, (list, tuple, set, frozenset)):
        elements = list(objet) if isinstance(objet, (set, frozenset)) else objet
        echantillon = elements[:8]
        moyenne = sum(taille(e, profondeur + 1) for e in echantillon) / len(echantillon) if echantillon else 0
        return 56 + int(len(elements) * (8 + moyenne))
    if dataclasses.is_dataclass(objet) and not isinstance(objet, type):
        return 56 + sum(taille(getattr(objet, champ.name), profondeur + 1) for champ in dataclasses.fields(objet))
    return 32


def d_un_lycee(uai: str | None, *energies: Energie | None, documents: bool = False,
               periodes: Sequence[Periode] = ()) -> list[str | Jours]:
    """Les dépendances d'un résultat qui lit ces énergies d'un lycée (None : ses sondes), le registre
    et, si `documents`, les données de gestion ; si `periodes` ([début, fin] de chaque lecture,
    voisins compris), seulement les relevés des jours de ces périodes."""
    if not periodes:
        relues = [generation_energie(uai, e) for e in energies]
    else:
        relues = [jours(uai, e, _secondes(debut), _secondes(fin)) for e in energies for debut, fin in periodes]
    return [REGISTRE, *([DOCUMENTS] if documents else []), *relues]


def _secondes(instant: datetime | float) -> float:
    return instant.timestamp() if isinstance(instant, datetime) else float(instant)


def du_parc(*energies: Energie | None, documents: bool = False, periodes: Sequence[Periode] = ()) -> list[str | Jours]:
    """Les dépendances d'un résultat qui lit ces énergies de n'importe quel lycée."""
    return d_un_lycee(None, *energies, documents=documents, periodes=periodes)


def de_tout(periodes: Sequence[Periode] = ()) -> list[str | Jours]:
    """Les dépendances d'un résultat qui peut lire n'importe quoi (dans ces périodes) : chaque énergie
    et les sondes de tout le parc, le registre et les données de gestion."""
    return du_parc(*Energie, None, documents=True, periodes=periodes)
