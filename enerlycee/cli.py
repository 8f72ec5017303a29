"""La ligne de commande `enerlycee` (contrat, section 5).

Chaque option peut aussi venir de l'environnement : `--stockage` ↔ ENERLYCEE_STOCKAGE (voir
`enerlycee.options`) ; une valeur fausse arrête la commande avec une ligne en français.
"""

import importlib
import logging
import signal
import threading
from pathlib import Path

import click

from enerlycee.francais import Groupe
from enerlycee.kits_cli import creer_kit, revoquer_kit
from enerlycee.options import (
    avec_ca,
    option,
    option_ca,
    option_mqtt,
    option_smtp,
    option_smtp_expediteur,
    option_stockage,
    option_stockage_et_url,
)
from noyau.communaute.jetons import ROLES
from noyau.domaine.erreurs import DonneeInvalide
from noyau.mesures.adresse_mqtt import AdresseMqtt
from noyau.stockage import Stockage


class _Commandes(Groupe):
    """Les commandes écrites dans leur propre module ne sont importées que si on les appelle :
    `enerlycee collecteur` ne charge ni pandas ni les modules des tâches (mémoire, démarrage)."""

    AILLEURS = {
        "courtier": "enerlycee.courtier_cli:courtier",
        "meteo": "enerlycee.meteo_cli:meteo",
        "opendata": "enerlycee.opendata_cli:opendata",
        "restaurer": "enerlycee.sauvegarde:restaurer_commande",
        "sauvegarde": "enerlycee.sauvegarde:sauvegarde",
        "stockage": "enerlycee.stockage_cli:stockage",
        "taches": "enerlycee.taches_cli:taches",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.AILLEURS])

    def get_command(self, ctx: click.Context, nom: str) -> click.Command | None:
        if nom not in self.AILLEURS:
            return super().get_command(ctx, nom)
        module, commande = self.AILLEURS[nom].split(":")
        return getattr(importlib.import_module(module), commande)


@click.group(cls=_Commandes, context_settings={"help_option_names": ["-h", "--help"]})
@option("--journal", default="info", type=click.Choice(["debug", "info", "warning", "error"]), help="Niveau du journal")
@option("--journal-format", default="texte", type=click.Choice(["texte", "json"]),
        help="Journal lisible, ou une ligne JSON par événement (avec le sujet MQTT du kit)")
def main(journal: str, journal_format: str) -> None:
    """Enerlycée : suivi ouvert des consommations d'énergie des lycées."""
    sortie = logging.StreamHandler()
    if journal_format == "json":
        from pythonjsonlogger.json import JsonFormatter

        sortie.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    else:
        sortie.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s : %(message)s"))
    logging.basicConfig(level=journal.upper(), handlers=[sortie])


@main.command()
@option("--donnees", default="donnees-demo", type=click.Path(file_okay=False, path_type=Path), help="Dossier des données de la démonstration")
@option("--hote", default="127.0.0.1", help="Adresse d'écoute du serveur web")
@option("--port", default=8000, type=int, help="Port du serveur web (0 : un port libre)")
@option("--lycees", default=24, type=click.IntRange(1), help="Nombre de lycées simulés")
@option("--mois", default=None, type=click.IntRange(1, 34),
        help="Mois d'historique au premier lancement (par défaut : depuis le 1er janvier de l'an passé, 18 mois au moins)")
@option_smtp
@option_smtp_expediteur
def demo(donnees: Path, hote: str, port: int, lycees: int, mois: int | None, smtp, smtp_expediteur: str) -> None:
    """Tout en une commande : courtier embarqué, kits simulés, collecteur, API et tableau de bord."""
    from enerlycee.demo import lancer_demo

    lancer_demo(donnees, hote, port, lycees, mois, smtp, smtp_expediteur)


@main.command()
@option_mqtt
@option_ca
@option_stockage
@option("--identifiant", default="enerlycee-collecteur", help="Identifiant MQTT stable (session persistante) ; déjà pris sur cet hôte : <identifiant>-2, etc.")
@option("--groupe", default=None,
        help="Abonnement partagé $share/<groupe>/… : plusieurs collecteurs se répartissent les messages (SQLite ou InfluxDB)")
@option("--spool", default="donnees/spool.db", type=click.Path(dir_okay=False, path_type=Path),
        help="Fichier du spool (messages gardés pendant une panne du stockage) ; déjà pris sur cet hôte : <spool>-2.db, etc.")
@option("--spool-octets", default=1_000_000_000, type=click.IntRange(1_000_000), help="Taille maximale du spool ; plein, le collecteur cesse d'acquitter")
@option("--taille-max-message", default=2_000_000, type=click.IntRange(1000), help="Octets ; un message plus gros va en quarantaine sans être décodé")
@option("--metriques-port", default=9464, type=click.IntRange(0, 65535),
        help="Port des métriques Prometheus (/metrics) ; 0 : aucune ; occupé : le collecteur collecte sans elles")
@option("--metriques-hote", default="127.0.0.1", help="Adresse d'écoute des métriques")
@option("--correspondances", default=None, type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Fichier TOML reliant les kits du commerce aux compteurs (docs/correspondances.md)")
def collecteur(
    mqtt: AdresseMqtt, ca: Path | None, stockage: Stockage, identifiant: str, groupe: str | None, spool: Path, spool_octets: int,
    taille_max_message: int, metriques_port: int, metriques_hote: str, correspondances: Path | None,
) -> None:
    """Reçoit les relevés des kits et les range dans le stockage."""
    from collecteur import Collecteur
    from noyau.mesures.aiguillage import Aiguillage
    from noyau.mesures.correspondances import lire_correspondances

    aiguillage = Aiguillage(_ou_sortir(lire_correspondances, correspondances)) if correspondances else None
    service = Collecteur(
        stockage, avec_ca(mqtt, ca), spool, identifiant, groupe, aiguillage=aiguillage, spool_octets=spool_octets,
        taille_max_message=taille_max_message,
    )
    if metriques_port:
        service.metriques.servir(metriques_hote, metriques_port)
    else:
        service.metriques.etat = "aucune (--metriques-port 0)"
    service.demarrer()
    attendre_arret()
    service.arreter()


@main.command()
@option_stockage_et_url
@option("--hote", default="127.0.0.1", help="Adresse d'écoute")
@option("--port", default=8000, type=int, help="Port d'écoute (0 : un port libre)")
@option("--processus", default=None, type=click.IntRange(1), help="Processus du serveur (par défaut : un par cœur)")
@option("--lecture-avec-jeton", is_flag=True, help="Toute lecture sous /api/v1 exige un jeton ; le tableau de bord n'est pas servi")
@option("--ecritures-par-minute", default=60, type=click.IntRange(0),
        help="Écritures permises par jeton et par minute, tous processus confondus ; 0 : sans limite")
def api(stockage: tuple[str, Stockage], hote: str, port: int, processus: int | None, lecture_avec_jeton: bool,
        ecritures_par_minute: int) -> None:
    """Sert l'API (/api/v1, /docs) et le tableau de bord sur le même port."""
    from enerlycee.processus import processus_par_defaut, servir_en_processus

    url, ouvert = stockage
    servir_en_processus(url, ouvert, hote, port, processus or processus_par_defaut(),
                        f"Enerlycée sur http://{hote}:{{port}}/ (API : /api/v1, documentation : /docs)",
                        lecture_publique=not lecture_avec_jeton, ecritures_par_minute=ecritures_par_minute)


@main.command()
@option_mqtt
@option_ca
@option("--lycees", default=24, type=click.IntRange(1), help="Nombre de lycées simulés")
@option("--graine", default=42, type=int, help="Graine du hasard (mêmes messages pour la même graine)")
@option("--historique-jours", default=0, type=click.IntRange(0), help="Publier d'abord N jours d'historique, par lots")
@option("--pas", default=600, type=click.IntRange(1), help="Secondes (simulées) entre deux relevés en direct")
@option("--vitesse", default=1.0, type=click.FloatRange(min=1.0), help="Accélération du temps simulé, jusqu'à rattraper l'heure réelle")
def simulateur(mqtt: AdresseMqtt, ca: Path | None, lycees: int, graine: int, historique_jours: int, pas: int, vitesse: float) -> None:
    """Simule les kits de lycées bretons et publie leurs relevés."""
    from enerlycee.demo import publier_historique, simulateur_pour

    simulation = simulateur_pour(avec_ca(mqtt, ca), lycees, graine)
    if historique_jours:
        publier_historique(simulation, historique_jours)
    arret = threading.Event()
    fil = threading.Thread(target=simulation.direct, kwargs={"pas_s": pas, "vitesse": vitesse, "arret": arret})
    fil.start()
    attendre_arret()
    arret.set()
    fil.join()


@main.group()
def sites() -> None:
    """Le registre des lycées."""


@sites.command("importer")
@click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option_stockage
def importer_sites(fichier: Path, stockage: Stockage) -> None:
    """Importe FICHIER.csv (uai,nom,commune,surface_m2,latitude,longitude)."""
    from noyau.stockage.registre_csv import importer_sites as importer

    click.echo(f"{_ou_sortir(importer, stockage, fichier)} lycée(s) importé(s).")


@main.group()
def compteurs() -> None:
    """Le registre des compteurs."""


@compteurs.command("importer")
@click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option_stockage
def importer_compteurs(fichier: Path, stockage: Stockage) -> None:
    """Importe FICHIER.csv (uai,compteur,energie,principal,usage[,coef_kwh_m3])."""
    from noyau.stockage.registre_csv import importer_compteurs as importer

    click.echo(f"{_ou_sortir(importer, stockage, fichier)} compteur(s) importé(s).")


@main.group()
def kits() -> None:
    """Les kits : comptes sur le courtier de production (creer, revoquer) ; kits du commerce (ecouter)."""


kits.add_command(creer_kit)
kits.add_command(revoquer_kit)


@kits.command("ecouter")
@option_mqtt
@option_ca
@option("--duree", default=60, type=click.IntRange(1, 3600), help="Secondes d'écoute")
@option("--sujet", default="#", help="Filtre MQTT des sujets écoutés")
def ecouter(mqtt: AdresseMqtt, ca: Path | None, duree: int, sujet: str) -> None:
    """Écoute le courtier, montre les sujets et leurs charges, et propose des liaisons à compléter."""
    from collecteur.ecoute import ecouter as ecouter_le_courtier

    click.echo(f"Écoute de {mqtt} pendant {duree} s...", err=True)
    try:
        click.echo(ecouter_le_courtier(avec_ca(mqtt, ca), duree, sujet))
    except OSError as erreur:
        raise click.ClickException(f"courtier {mqtt} injoignable : {erreur}") from None


@main.group()
def jetons() -> None:
    """Les jetons d'accès en écriture, qui sont aussi les codes d'accès du tableau de bord."""


@jetons.command("creer")
@option("--role", required=True, type=click.Choice(ROLES), help="Rôle du jeton")
@option("--uai", default=None, help="Lycée du jeton (gestionnaire, enseignant, eco-delegue)")
@option("--duree-jours", default=365, type=click.IntRange(0), help="Validité en jours ; 0 : sans échéance")
@option_stockage
def creer(role: str, uai: str | None, duree_jours: int, stockage: Stockage) -> None:
    """Crée un jeton et l'affiche (il n'est gardé que sous forme d'empreinte) ; c'est aussi un
    code d'accès du tableau de bord (/connexion)."""
    from noyau.communaute.jetons import creer_jeton

    click.echo(_ou_sortir(creer_jeton, stockage, role, uai, duree_jours or None))


@jetons.command("lister")
@option_stockage
def lister(stockage: Stockage) -> None:
    """Les jetons : identifiant, rôle, lycée, création, échéance, révocation (jamais leur valeur)."""
    from noyau.communaute.jetons import identifiant
    from noyau.domaine.temps import a_paris

    def date(instant: float | None, sinon: str) -> str:
        return a_paris(instant).strftime("%Y-%m-%d %H:%M") if instant else sinon

    for jeton in stockage.jetons():
        click.echo(f"{identifiant(jeton)}  {jeton.role:<12} {jeton.uai or 'tous':<9} créé {date(jeton.cree_le, '')}"
                   f"  échéance {date(jeton.expire_le, 'aucune')}  révoqué {date(jeton.revoque_le, 'non')}")


@jetons.command("revoquer")
@click.argument("identifiant")
@option_stockage
def revoquer(identifiant: str, stockage: Stockage) -> None:
    """Révoque un jeton, désigné par son identifiant (`enerlycee jetons lister`)."""
    from noyau.communaute.jetons import revoquer_jeton

    jeton = _ou_sortir(revoquer_jeton, stockage, identifiant)
    click.echo(f"Jeton {identifiant} révoqué ({jeton.role} {jeton.uai or 'tous les lycées'}).")


def _ou_sortir(action, *arguments):
    try:
        return action(*arguments)
    except DonneeInvalide as erreur:
        raise click.ClickException(str(erreur)) from None


def attendre_arret() -> None:
    """Attend Ctrl-C ou SIGTERM."""
    arret = threading.Event()
    for signal_arret in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_arret, lambda *_: arret.set())
    arret.wait()


if __name__ == "__main__":  # python -m enerlycee.cli : comme `enerlycee`, en français
    from enerlycee.__main__ import lancer

    lancer()
