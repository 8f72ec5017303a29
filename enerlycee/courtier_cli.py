"""`enerlycee courtier ajouter-collecteur|retirer-collecteur` : un compte du courtier par collecteur.

Un collecteur a son compte `enerlycee-collecteur-<nom>` (haché par `mosquitto_passwd`) et un
paragraphe de l'ACL qui lui permet de lire tous les lycées. Son mot de passe ne paraît que dans
le fichier d'environnement écrit pour lui (mode 0600), que son unité systemd lit
(`/etc/enerlycee/collecteur-<nom>.env`) : `ENERLYCEE_MQTT`, l'adresse du courtier avec ce compte.
"""

import os
from pathlib import Path

import click

from enerlycee.comptes_mqtt import DROITS_COLLECTEUR, DossierMosquitto, mot_de_passe, nom_de_collecteur
from enerlycee.francais import Groupe
from enerlycee.kits_cli import RECHARGER, option_dossier
from enerlycee.options import option
from noyau.domaine.erreurs import DonneeInvalide, ErreurEnerlycee
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt

ADRESSE_LOCALE = "mqtt://127.0.0.1:1884"  # l'écouteur des collecteurs (deploy/mosquitto/enerlycee.conf)


@click.group(cls=Groupe)
def courtier() -> None:
    """Les comptes des collecteurs sur le courtier de production (ceux des kits : enerlycee kits)."""


@courtier.command("ajouter-collecteur")
@option("--nom", required=True, help="Nom du collecteur (compte enerlycee-collecteur-<nom>), par exemple le port de ses métriques")
@option_dossier
@option("--adresse", default=ADRESSE_LOCALE, help="Adresse du courtier pour ce collecteur, sans compte")
@option("--fichier", required=True, type=click.Path(dir_okay=False, path_type=Path),
        help="Fichier d'environnement à écrire (mode 0600) : ENERLYCEE_MQTT avec ce compte et son mot de passe")
def ajouter_collecteur(nom: str, dossier_mosquitto: Path, adresse: str, fichier: Path) -> None:
    """Crée le compte d'un collecteur (mot de passe haché dans passwd, droits dans acl) et son fichier d'environnement."""
    dossier = DossierMosquitto(dossier_mosquitto)
    try:
        courtier_ = lire_adresse_mqtt(adresse)
        if courtier_.utilisateur:
            raise DonneeInvalide("--adresse sans compte : il est écrit par cette commande")
        compte = nom_de_collecteur(nom)
        with dossier.verrou():
            if compte in dossier.comptes() or dossier.dans_acl(compte):
                raise DonneeInvalide(f"le collecteur {compte} existe déjà : le retirer d'abord, ou choisir un autre --nom")
            secret = mot_de_passe()
            schema = "mqtts" if courtier_.tls else "mqtt"
            _ecrire_environnement(fichier, f"{schema}://{compte}:{secret}@{courtier_.hote}:{courtier_.port}")
            try:
                dossier.ajouter("collecteur", compte, secret, list(DROITS_COLLECTEUR), f"fichier {fichier}")
            except BaseException:
                fichier.unlink()  # pas de mot de passe d'un compte qui n'existe pas
                raise
    except ErreurEnerlycee as erreur:
        raise click.ClickException(str(erreur)) from None
    except OSError as erreur:
        raise click.ClickException(f"{fichier} : écriture impossible ({erreur.strerror})") from None
    click.echo(f"Collecteur {compte} créé ; son adresse (avec le mot de passe) dans {fichier}.")
    click.echo(RECHARGER, err=True)


@courtier.command("retirer-collecteur")
@option("--nom", required=True, help="Nom du collecteur (celui de son compte enerlycee-collecteur-<nom>)")
@option_dossier
def retirer_collecteur(nom: str, dossier_mosquitto: Path) -> None:
    """Retire le compte d'un collecteur (passwd) et ses droits (acl) : il ne peut plus se connecter."""
    dossier = DossierMosquitto(dossier_mosquitto)
    try:
        compte = nom_de_collecteur(nom)
        with dossier.verrou():
            if compte not in dossier.comptes() and not dossier.dans_acl(compte):
                raise DonneeInvalide(f"collecteur inconnu : {compte}")
            dossier.retirer(compte)
    except ErreurEnerlycee as erreur:
        raise click.ClickException(str(erreur)) from None
    click.echo(f"Collecteur {compte} retiré. {RECHARGER}")


def _ecrire_environnement(fichier: Path, url: str) -> None:
    """Créé en 0600 avant d'y écrire le mot de passe ; jamais par-dessus un fichier existant."""
    descripteur = os.open(fichier, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descripteur, "w", encoding="utf-8") as sortie:
        sortie.write(f"# Enerlycée : le compte du courtier de ce collecteur (enerlycee courtier ajouter-collecteur)\n"
                     f"ENERLYCEE_MQTT={url}\n")
