"""Les relevés d'un lot écrit, rangés en colonnes par série : ce que chaque moteur range."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from noyau.domaine.modele import Grandeur, Releve, SerieDeReleves, Source

Cle = tuple[str, str, Grandeur]  # (uai, compteur, grandeur) : une série
RANGS_SOURCE = {source: rang for rang, source in enumerate(Source)}  # le rang d'une provenance : son code stocké


@dataclass(frozen=True)
class Colonnes:
    """Les relevés d'un lot pour une série, triés par instant, sans doublon : de deux relevés
    du même instant (à la milliseconde), le premier reçu reste."""

    ts: np.ndarray  # secondes Unix
    ms: np.ndarray  # le même instant en millisecondes (int64) : la clé stockée
    valeurs: np.ndarray
    sources: np.ndarray  # rangs dans Source

    def partie(self, garder: np.ndarray) -> "Colonnes":
        return Colonnes(self.ts[garder], self.ms[garder], self.valeurs[garder], self.sources[garder])


def regrouper(releves: Sequence[Releve | SerieDeReleves]) -> dict[Cle, Colonnes]:
    """Les relevés d'un lot (un par un ou déjà en colonnes), en colonnes par série, dans l'ordre
    de réception."""
    morceaux: dict[Cle, list] = {}
    for element in releves:
        suite = morceaux.setdefault((element.uai, element.compteur, element.grandeur), [])
        if isinstance(element, SerieDeReleves):
            suite.append((element.ts, element.valeurs, np.full(len(element), RANGS_SOURCE[element.source])))
        else:
            if not suite or not isinstance(suite[-1], list):
                suite.append([])
            suite[-1].append(element)
    return {cle: _colonnes(suite) for cle, suite in morceaux.items()}


def _colonnes(suite: list) -> Colonnes:
    parties = [
        (np.array([r.ts for r in m], np.float64), np.array([r.valeur for r in m], np.float64),
         np.array([RANGS_SOURCE[r.source] for r in m], np.int64)) if isinstance(m, list) else m
        for m in suite
    ]
    ts, valeurs, sources = (np.concatenate(colonne) for colonne in zip(*parties))
    ms = np.round(ts * 1000).astype(np.int64)
    if (ms[1:] > ms[:-1]).all():  # le cas courant, déjà dans l'ordre : rien à trier
        return Colonnes(ts, ms, valeurs, sources)
    ms, premiers = np.unique(ms, return_index=True)
    return Colonnes(ts[premiers], ms, valeurs[premiers], sources[premiers])
