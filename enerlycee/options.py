"""Les options partagées des commandes : chacune lit aussi ENERLYCEE_<OPTION> dans l'environnement.

Avec `enerlycee.cli`, c'est le seul endroit qui lit l'environnement.
"""

import os
from dataclasses import replace
from pathlib import Path

import click

from enerlycee.francais import Option
from noyau.communaute.canaux import lire_relais
from noyau.domaine.erreurs import ErreurEnerlycee
from noyau.mesures.adresse_mqtt import AdresseMqtt, lire_adresse_mqtt
from noyau.stockage import Stockage, ouvrir_stockage

STOCKAGE_PAR_DEFAUT = "sqlite:///donnees/enerlycee.db"
# Le jeton d'InfluxDB ne vient que de l'environnement : ni dans l'URL, ni en option, ni au journal.
JETON_INFLUXDB = "ENERLYCEE_INFLUXDB_JETON"


def option(*noms: str, **reglages):
    """Une option click dont la variable d'environnement est ENERLYCEE_<OPTION>."""
    variable = "ENERLYCEE_" + noms[0].lstrip("-").replace("-", "_").upper()
    return click.option(*noms, cls=Option, envvar=variable, show_envvar=True, show_default=True, **reglages)


def _convertir(lire):
    def rappel(_contexte, _parametre, valeur):
        try:
            return lire(valeur) if valeur is not None else None
        except ErreurEnerlycee as erreur:
            raise click.BadParameter(str(erreur)) from None

    return rappel


def ouvrir(url: str) -> Stockage:
    """Le stockage d'une URL, avec le jeton d'InfluxDB pris dans l'environnement."""
    return ouvrir_stockage(url, os.environ.get(JETON_INFLUXDB))


ouvrir_option = _convertir(ouvrir)
AIDE_STOCKAGE = (
    "URL du stockage : sqlite:///fichier.db (relatif), sqlite:////chemin/absolu.db ou"
    f" influxdb://hote:port/base[?version=1|2|3&org=...&tls=oui] (jeton : {JETON_INFLUXDB})"
)
option_stockage = option("--stockage", default=STOCKAGE_PAR_DEFAUT, callback=ouvrir_option, help=AIDE_STOCKAGE)
# (URL, stockage ouvert) : pour `enerlycee api`, dont chaque processus rouvre le stockage par son URL.
option_stockage_et_url = option("--stockage", default=STOCKAGE_PAR_DEFAUT, help=AIDE_STOCKAGE,
                                callback=_convertir(lambda url: (url, ouvrir(url))))
option_mqtt = option(
    "--mqtt", default="mqtt://127.0.0.1:1883", callback=_convertir(lire_adresse_mqtt),
    help="Courtier MQTT : mqtt://[utilisateur:motdepasse@]hote:port[?protocole=3.1.1]",
)
option_ca = option(
    "--ca", default=None, type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Certificat (PEM) de l'autorité qui a signé celui du courtier, pour mqtts:// avec une AC privée ;"
    " sinon les autorités du système",
)


def avec_ca(adresse: AdresseMqtt, ca: Path | None) -> AdresseMqtt:
    """L'adresse du courtier avec le certificat de l'AC donné par --ca."""
    return replace(adresse, ca=str(ca)) if ca else adresse
option_smtp = option(
    "--smtp", default=None, callback=_convertir(lire_relais),
    help="Relais de courriel des alertes : smtp://[utilisateur:motdepasse@]hote:port (en clair), ?starttls=oui (STARTTLS)"
    " ou smtps://... (TLS dès la connexion) ; sans lui, seuls les webhooks partent",
)
option_smtp_expediteur = option(
    "--smtp-expediteur", default="Enerlycée <alertes@localhost>", help="Expéditeur des courriels d'alerte (From:)",
)
