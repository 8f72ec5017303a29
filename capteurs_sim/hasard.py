"""Un hasard reproductible et sans état : chaque tirage est une fonction pure de (clé, rang).

Le bruit d'une heure donnée ne dépend ni de la plage calculée ni de l'ordre des calculs :
l'historique et le direct obtiennent donc exactement les mêmes valeurs pour le même instant,
et une même graine donne toujours les mêmes octets. Mélange « splitmix64 ».
"""

import hashlib

import numpy as np

_DOREE = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def cle(graine: int, *noms: object) -> int:
    """Une clé de 64 bits stable pour une graine et des noms (UAI, compteur, usage...)."""
    texte = "/".join([str(graine), *map(str, noms)]).encode()
    return int.from_bytes(hashlib.blake2b(texte, digest_size=8).digest(), "little")


def uniforme(cle_: int, rangs: np.ndarray) -> np.ndarray:
    """Des tirages uniformes sur [0, 1), un par rang (entiers, par exemple des heures)."""
    x = np.atleast_1d(np.asarray(rangs, dtype=np.int64)).astype(np.uint64) * _DOREE + np.uint64(cle_)
    x = (x ^ (x >> np.uint64(30))) * _M1
    x = (x ^ (x >> np.uint64(27))) * _M2
    x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) / float(2**53)


def normale(cle_: int, rangs: np.ndarray) -> np.ndarray:
    """Des tirages de loi normale centrée réduite (Box-Muller), un par rang."""
    u1 = uniforme(cle_, rangs)
    u2 = uniforme(cle_ ^ 0x5DEECE66D, rangs)
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)
