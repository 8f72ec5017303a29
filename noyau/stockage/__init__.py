"""Ouvrir un stockage à partir de son URL (`sqlite:///fichier.db`, `influxdb://...`)."""

from urllib.parse import urlsplit

from noyau.erreurs import DonneeInvalide
from noyau.stockage.base import EtatSerie, Jeton, MotifRejet, Serie, Stockage

__all__ = ["EtatSerie", "Jeton", "MotifRejet", "Serie", "Stockage", "ouvrir_stockage"]


def ouvrir_stockage(url: str) -> Stockage:
    schema = urlsplit(url).scheme
    if schema == "sqlite":
        from noyau.stockage.sqlite import StockageSQLite

        chemin = url.removeprefix("sqlite:///")
        if not chemin or chemin == url:
            raise DonneeInvalide(f"URL SQLite invalide « {url} » : sqlite:///fichier.db attendu")
        return StockageSQLite(chemin)
    raise DonneeInvalide(f"stockage non pris en charge « {url} » : sqlite:///fichier.db attendu")
