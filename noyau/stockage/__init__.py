"""Ouvrir un stockage à partir de son URL (`sqlite:///fichier.db`, `influxdb://...`)."""

from urllib.parse import urlsplit

from noyau.domaine.erreurs import DonneeInvalide
from noyau.stockage.base import Document, EtatSerie, Jeton, MotifRejet, Serie, Session, Stockage, Volume

__all__ = ["Document", "EtatSerie", "Jeton", "MotifRejet", "Serie", "Session", "Stockage", "Volume", "ouvrir_stockage"]

_URLS = "sqlite:///fichier.db ou influxdb://hote:port/base attendu"


def ouvrir_stockage(url: str, jeton_influxdb: str | None = None) -> Stockage:
    """`jeton_influxdb` : le jeton d'InfluxDB (2.x, 3.x ; `utilisateur:motdepasse` en 1.x avec
    authentification), jamais dans l'URL, pour qu'il n'apparaisse dans aucun journal."""
    schema = urlsplit(url).scheme
    if schema == "sqlite":
        from noyau.stockage.sqlite import StockageSQLite

        chemin = url.removeprefix("sqlite:///")
        if not chemin or chemin == url:
            raise DonneeInvalide(f"URL SQLite invalide « {url} » : {_URLS}")
        return StockageSQLite(chemin)
    if schema == "influxdb":
        from noyau.stockage.influxdb import StockageInfluxDB
        from noyau.stockage.influxdb_http import lire_adresse_influx

        return StockageInfluxDB(lire_adresse_influx(url, jeton_influxdb))
    raise DonneeInvalide(f"stockage non pris en charge « {url} » : {_URLS}")
