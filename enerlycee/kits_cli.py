"""`enerlycee kits creer|revoquer` : la mise en service d'un kit sur le courtier de production.

Un compte Mosquitto par kit (`kit-<UAI>-<nom>`), haché par `mosquitto_passwd`, un paragraphe de
l'ACL qui ne lui permet de publier que sur les sujets de ses compteurs (`lycees/<UAI>/<compteur>`,
enerlycee.comptes_mqtt.droits_du_kit), et une fiche pour l'installateur.
Le mot de passe ne paraît que sur la fiche (la sortie standard, ou `--fiche FICHIER` en 0600).
"""

import os
from pathlib import Path

import click
import orjson

from enerlycee.comptes_mqtt import DossierMosquitto, droits_du_kit, empreinte_certificat, mot_de_passe, nom_de_compte
from enerlycee.options import option, option_ca, option_stockage
from noyau.domaine.erreurs import DonneeInvalide, ErreurEnerlycee
from noyau.domaine.identifiants import Energie, valider_uai
from noyau.domaine.modele import Compteur, Site
from noyau.domaine.temps import maintenant
from noyau.mesures.adresse_mqtt import AdresseMqtt, lire_adresse_mqtt
from noyau.mesures.protocole import sujet
from noyau.stockage import Stockage

RECHARGER = "Pour l'appliquer : systemctl reload mosquitto (SIGHUP au courtier)."
option_dossier = option(
    "--dossier-mosquitto", default="/etc/mosquitto/enerlycee", type=click.Path(file_okay=False, path_type=Path),
    help="Dossier des fichiers passwd et acl du courtier (et de certs/ac.crt)",
)


def _lire_courtier(_contexte, _parametre, valeur: str) -> AdresseMqtt:
    try:
        return lire_adresse_mqtt(valeur)
    except ErreurEnerlycee as erreur:
        raise click.BadParameter(str(erreur)) from None


@click.command("creer")
@option("--uai", required=True, help="Le lycée du kit")
@option("--compteur", "compteurs", required=True, multiple=True, help="Compteur relevé par le kit (répéter l'option pour plusieurs)")
@option("--nom", default=None, help="Nom du kit dans son lycée (compte kit-<UAI>-<nom>) ; au hasard sinon")
@option_dossier
@option("--courtier", required=True, callback=_lire_courtier, help="Adresse du courtier pour les kits, écrite sur la fiche : mqtts://hote:8883")
@option_ca
@option("--fiche", default=None, type=click.Path(dir_okay=False, path_type=Path),
        help="Écrire la fiche (avec le mot de passe) dans ce fichier, mode 0600, plutôt que sur la sortie")
@option_stockage
def creer_kit(uai: str, compteurs: tuple[str, ...], nom: str | None, dossier_mosquitto: Path, courtier: AdresseMqtt,
              ca: Path | None, fiche: Path | None, stockage: Stockage) -> None:
    """Crée le compte d'un kit (mot de passe haché dans passwd, droits dans acl) et sa fiche d'installation."""
    try:
        site, choisis = _site_et_compteurs(stockage, uai, compteurs)
        dossier = DossierMosquitto(dossier_mosquitto)
        ca = ca or _ca_par_defaut(dossier_mosquitto)
        empreinte = empreinte_certificat(ca) if ca else None
        with dossier.verrou():
            compte = nom_de_compte(site.uai, nom or os.urandom(3).hex())
            if compte in dossier.comptes() or dossier.dans_acl(compte):
                raise DonneeInvalide(f"le kit {compte} existe déjà : le révoquer d'abord, ou choisir un autre --nom")
            secret = mot_de_passe()
            dossier.ajouter("kit", compte, secret, droits_du_kit(site.uai, [c.compteur for c in choisis]),
                            f"{site.uai} ({', '.join(c.compteur for c in choisis)})")
    except ErreurEnerlycee as erreur:
        raise click.ClickException(str(erreur)) from None
    texte = fiche_installation(site, choisis, courtier, empreinte, compte, secret)
    if fiche:
        descripteur = os.open(fiche, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descripteur, 0o600)
        with os.fdopen(descripteur, "w", encoding="utf-8") as sortie:
            sortie.write(texte)
        click.echo(f"Kit {compte} créé ; fiche (avec le mot de passe) dans {fiche}.")
    else:
        click.echo(texte)
    click.echo(RECHARGER, err=True)


@click.command("revoquer")
@option("--uai", required=True, help="Le lycée du kit")
@option("--nom", required=True, help="Nom du kit dans son lycée (celui de son compte kit-<UAI>-<nom>)")
@option_dossier
def revoquer_kit(uai: str, nom: str, dossier_mosquitto: Path) -> None:
    """Retire le compte d'un kit (passwd) et ses droits (acl) : il ne peut plus se connecter."""
    dossier = DossierMosquitto(dossier_mosquitto)
    try:
        compte = nom_de_compte(valider_uai(uai), nom.removeprefix(f"kit-{uai.upper()}-"))
        with dossier.verrou():
            if compte not in dossier.comptes() and not dossier.dans_acl(compte):
                raise DonneeInvalide(f"kit inconnu : {compte}")
            dossier.retirer(compte)
    except ErreurEnerlycee as erreur:
        raise click.ClickException(str(erreur)) from None
    click.echo(f"Kit {compte} révoqué. {RECHARGER} Un kit encore connecté est alors déconnecté.")


def _site_et_compteurs(stockage: Stockage, uai: str, compteurs: tuple[str, ...]) -> tuple[Site, list[Compteur]]:
    uai = valider_uai(uai)
    site = next((s for s in stockage.sites() if s.uai == uai), None)
    if site is None:
        raise DonneeInvalide(f"lycée {uai} absent du registre (enerlycee sites importer)")
    connus = {c.compteur: c for c in stockage.compteurs(uai)}
    inconnus = [c for c in compteurs if c not in connus]
    if inconnus:
        raise DonneeInvalide(f"compteur(s) absent(s) du registre pour {uai} : {', '.join(inconnus)} (enerlycee compteurs importer)")
    return site, [connus[c] for c in dict.fromkeys(compteurs)]


def _ca_par_defaut(dossier: Path) -> Path | None:
    chemin = dossier / "certs" / "ac.crt"
    return chemin if chemin.exists() else None


def exemple_de_charge(compteur: Compteur) -> dict:
    """Un relevé d'exemple (contrat, section 2) selon ce que compte le compteur."""
    ts = int(maintenant())
    if compteur.energie is None:
        return {"ts": ts, "temperature_c": 19.5}
    if compteur.energie is Energie.EAU or (compteur.energie is Energie.GAZ and compteur.coef_kwh_m3):
        return {"ts": ts, "index_m3": 1234.567}
    return {"ts": ts, "index_kwh": 12345.678, "puissance_w": 1520}


def fiche_installation(site: Site, compteurs: list[Compteur], courtier: AdresseMqtt, empreinte: str | None,
                       compte: str, secret: str) -> str:
    if courtier.tls:
        verification = (f"certificat du courtier signé par l'AC Enerlycée, empreinte SHA-256 :\n    {empreinte}"
                        if empreinte else "certificat du courtier vérifié par les autorités du système")
    else:
        verification = "ATTENTION : sans TLS, le mot de passe passe en clair sur le réseau"
    lignes = [
        "FICHE D'INSTALLATION D'UN KIT ENERLYCÉE (confidentielle : elle porte le mot de passe du kit)",
        "",
        f"Lycée        : {site.uai} - {site.nom} ({site.commune})",
        f"Courtier     : {'mqtts' if courtier.tls else 'mqtt'}://{courtier.hote}:{courtier.port}"
        + (" (MQTT sur TLS 1.2 ou plus ; MQTT 3.1.1 ou 5)" if courtier.tls else ""),
        f"TLS          : {verification}",
        f"Identifiant  : {compte}",
        f"Mot de passe : {secret}",
        "",
        "Publier en QoS 1, l'UAI en majuscules, sur ces sujets (tout autre sujet est refusé) :",
    ]
    for compteur in compteurs:
        quoi = compteur.energie.value if compteur.energie else "sonde d'ambiance"
        lignes += [f"  {sujet(site.uai, compteur.compteur)}   ({quoi}{', ' + compteur.usage if compteur.usage else ''})",
                   f"    exemple : {orjson.dumps(exemple_de_charge(compteur)).decode()}"]
    lignes += [
        "",
        "ts : secondes Unix (UTC) ou RFC 3339 avec décalage. Après une coupure, le kit envoie ce qu'il",
        "a gardé en un tableau JSON [{...}, {...}] (10 000 relevés au plus par message).",
    ]
    return "\n".join(lignes) + "\n"
