"""Les options partagées des commandes : chacune lit aussi ENERLYCEE_<OPTION> dans l'environnement.

Avec `enerlycee.cli`, c'est le seul endroit qui lit l'environnement.
"""

import os

import click

from noyau.adresse_mqtt import lire_adresse_mqtt
from noyau.erreurs import ErreurEnerlycee
from noyau.stockage import Stockage, ouvrir_stockage

STOCKAGE_PAR_DEFAUT = "sqlite:///donnees/enerlycee.db"
# Le jeton d'InfluxDB ne vient que de l'environnement : ni dans l'URL, ni en option, ni au journal.
JETON_INFLUXDB = "ENERLYCEE_INFLUXDB_JETON"


def option(*noms: str, **reglages):
    """Une option click dont la variable d'environnement est ENERLYCEE_<OPTION>."""
    variable = "ENERLYCEE_" + noms[0].lstrip("-").replace("-", "_").upper()
    return click.option(*noms, envvar=variable, show_envvar=True, show_default=True, **reglages)


def _convertir(lire):
    def rappel(_contexte, _parametre, valeur):
        try:
            return lire(valeur) if valeur is not None else None
        except ErreurEnerlycee as erreur:
            raise click.BadParameter(str(erreur)) from None

    return rappel


def _ouvrir(url: str) -> Stockage:
    return ouvrir_stockage(url, os.environ.get(JETON_INFLUXDB))


ouvrir_option = _convertir(_ouvrir)
option_stockage = option(
    "--stockage", default=STOCKAGE_PAR_DEFAUT, callback=ouvrir_option,
    help="URL du stockage : sqlite:///fichier.db (relatif), sqlite:////chemin/absolu.db ou"
    f" influxdb://hote:port/base[?version=1|2|3&org=...&tls=oui] (jeton : {JETON_INFLUXDB})",
)
option_mqtt = option(
    "--mqtt", default="mqtt://127.0.0.1:1883", callback=_convertir(lire_adresse_mqtt),
    help="Courtier MQTT : mqtt://[utilisateur:motdepasse@]hote:port[?protocole=3.1.1]",
)
