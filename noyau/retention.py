"""La sobriété des données : les relevés bruts ne sont gardés qu'un temps, les agrégats horaires
restent (l'année de référence du décret tertiaire peut être 2010)."""

import logging

from noyau.meteo import archiver_temperatures
from noyau.stockage import Stockage
from noyau.temps import en_texte, maintenant

RETENTION_BRUTE_JOURS = 400

journal = logging.getLogger(__name__)


def limite_brute(jours: int, instant: float | None = None) -> float:
    """L'heure pleine avant laquelle les relevés bruts sont supprimés."""
    instant = maintenant() if instant is None else instant
    return (instant - jours * 86400) // 3600 * 3600


def purger_releves_bruts(stockage: Stockage, jours: int) -> tuple[int, float]:
    """Supprime les relevés bruts de plus de `jours` jours ; renvoie leur nombre et la limite.
    Les températures des sondes extérieures sont d'abord rangées par jour (les DJU en dépendent)."""
    limite = limite_brute(jours)
    archiver_temperatures(stockage, limite)
    supprimes = stockage.purger(limite)
    journal.info("purge : %d relevés bruts d'avant le %s supprimés, agrégats gardés", supprimes, en_texte(limite))
    return supprimes, limite
