"""`enerlycee sauvegarde` et `enerlycee restaurer` : copie à chaud d'un stockage SQLite.

Tout est dans le fichier : registre, jetons, relevés bruts, agrégats horaires et journaliers,
quarantaine, états. La sauvegarde passe par l'API de sauvegarde de SQLite en une seule étape,
donc dans une seule transaction de lecture : un instantané cohérent pendant que le collecteur
écrit (en WAL, il n'est pas bloqué). Elle s'écrit à côté puis est renommée : un fichier
`FICHIER.db` est toujours une sauvegarde complète et vérifiée. InfluxDB se sauvegarde par ses
propres outils (deploy/README.md).
"""

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from enerlycee.options import AIDE_STOCKAGE, STOCKAGE_PAR_DEFAUT, option, option_stockage, ouvrir
from noyau.domaine import texte
from noyau.domaine.erreurs import ErreurEnerlycee
from noyau.domaine.temps import PARIS, maintenant
from noyau.exploitation.collecteurs import etats_collecteurs
from noyau.stockage import Stockage
from noyau.stockage.sqlite import StockageSQLite

TABLES = ("sites", "compteurs", "series", "releves", "heures", "jours", "jetons", "rejets", "etats")
_INFLUXDB = "InfluxDB se sauvegarde par ses propres outils : influxd backup -portable (1.x), influx backup (2.x) ; voir deploy/README.md"


class SauvegardeImpossible(click.ClickException):
    pass


@dataclass(frozen=True)
class Bilan:
    fichier: Path
    lignes: dict[str, int]
    octets: int

    def __str__(self) -> str:
        detail = ", ".join(f"{table} {texte.nombre(nombre)}" for table, nombre in self.lignes.items())
        return f"{self.fichier} ({texte.quantite(self.octets / 1e6, 'Mo', 1)}) : {detail}"


def sauvegarder(source: Path, vers: Path) -> Bilan:
    """Copie cohérente de la base `source` (en service) dans `vers`, vérifiée (integrity_check),
    en un seul fichier (sans WAL), mode 0640."""
    if not source.is_file():
        raise SauvegardeImpossible(f"base SQLite absente « {source} »")
    provisoire = vers.with_name(f".{vers.name}.partiel")
    provisoire.unlink(missing_ok=True)
    os.close(os.open(provisoire, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640))  # SQLite garde le mode
    try:
        with _ouvrir(source) as depart, _ouvrir(provisoire) as copie:
            depart.backup(copie)  # pages=-1 : une étape, un instantané
            copie.execute("PRAGMA journal_mode=DELETE")
            bilan = _verifier(copie, vers)
        os.replace(provisoire, vers)
    except BaseException:
        provisoire.unlink(missing_ok=True)
        raise
    return Bilan(vers, bilan, vers.stat().st_size)


def restaurer(depuis: Path, vers: Path) -> Bilan:
    """Remplace la base `vers` (stockage arrêté) par la sauvegarde `depuis`, d'un coup : la copie
    est écrite et vérifiée à côté, puis renommée. Un échec ne laisse rien derrière lui, et une base
    qui existait reste telle quelle. Le WAL de l'ancienne base est vidé dans celle-ci puis retiré
    avant le renommage : SQLite ne l'appliquera pas à la nouvelle."""
    if not depuis.is_file():
        raise SauvegardeImpossible(f"sauvegarde absente « {depuis} »")
    provisoire = vers.with_name(f".{vers.name}.restauration")
    provisoire.unlink(missing_ok=True)
    mode = vers.stat().st_mode & 0o777 if vers.exists() else 0o640
    try:
        with _ouvrir(depuis) as sauvegarde:
            _verifier(sauvegarde, depuis)
            vers.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(provisoire, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))  # SQLite garde le mode
            with _ouvrir(provisoire) as copie:
                sauvegarde.backup(copie)
                copie.execute("PRAGMA journal_mode=DELETE")
                bilan = _verifier(copie, vers)
        if vers.exists():
            with _ouvrir(vers) as ancienne:
                ancienne.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for annexe in (f"{vers}-wal", f"{vers}-shm"):
            Path(annexe).unlink(missing_ok=True)
        os.replace(provisoire, vers)
    except BaseException:
        provisoire.unlink(missing_ok=True)
        raise
    return Bilan(vers, bilan, vers.stat().st_size)


class _ouvrir:
    """Une connexion SQLite fermée en sortie ; les erreurs en une ligne française."""

    def __init__(self, chemin: Path):
        self.chemin = chemin

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.connexion = sqlite3.connect(self.chemin, timeout=30, isolation_level=None)
        except sqlite3.Error as erreur:
            raise SauvegardeImpossible(f"base illisible « {self.chemin} » : {erreur}") from None
        return self.connexion

    def __exit__(self, type_, erreur, _trace) -> None:
        self.connexion.close()
        if isinstance(erreur, sqlite3.Error):
            raise SauvegardeImpossible(f"erreur SQLite ({self.chemin}) : {erreur}") from None


def _verifier(connexion: sqlite3.Connection, nom: Path) -> dict[str, int]:
    resultat = connexion.execute("PRAGMA integrity_check").fetchone()[0]
    if resultat != "ok":
        raise SauvegardeImpossible(f"base abîmée « {nom} » : {resultat}")
    presentes = {ligne[0] for ligne in connexion.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"sites", "releves"} <= presentes:
        raise SauvegardeImpossible(f"« {nom} » n'est pas un stockage Enerlycée")
    return {t: connexion.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES if t in presentes}


def _chemin_sqlite(stockage: Stockage) -> Path:
    if not isinstance(stockage, StockageSQLite):
        raise SauvegardeImpossible(_INFLUXDB)
    return stockage.chemin


def _garder_les_plus_recentes(dossier: Path, nombre: int) -> list[Path]:
    sauvegardes = sorted(dossier.glob("enerlycee-*.db"))
    anciennes = sauvegardes[:-nombre] if nombre else []
    for fichier in anciennes:
        fichier.unlink()
    return anciennes


@click.command("sauvegarde")
@option_stockage
@option("--vers", required=True, type=click.Path(path_type=Path), help="Fichier de la sauvegarde, ou dossier : enerlycee-AAAAMMJJ-HHMMSS.db dedans")
@option("--garder", default=0, type=click.IntRange(0), help="Avec --vers DOSSIER : ne garder que les N sauvegardes les plus récentes (0 : toutes)")
def sauvegarde(stockage: Stockage, vers: Path, garder: int) -> None:
    """Sauvegarde à chaud un stockage SQLite (tout : registre, jetons, relevés, agrégats, quarantaine, états)."""
    source = _chemin_sqlite(stockage)
    stockage.fermer()
    dossier = vers if vers.is_dir() else None
    if dossier:
        vers = dossier / f"enerlycee-{datetime.now(PARIS):%Y%m%d-%H%M%S}.db"
    bilan = sauvegarder(source, vers)
    click.echo(f"Sauvegarde vérifiée : {bilan}")
    if dossier and garder:
        for ancienne in _garder_les_plus_recentes(dossier, garder):
            click.echo(f"Ancienne sauvegarde supprimée : {ancienne}")


@click.command("restaurer")
@option("--de", "depuis", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Fichier de sauvegarde (enerlycee sauvegarde)")
@option("--stockage", "url", default=STOCKAGE_PAR_DEFAUT, help=AIDE_STOCKAGE)
@option("--ecraser", is_flag=True, default=False, help="Remplacer un stockage qui contient déjà des données")
def restaurer_commande(depuis: Path, url: str, ecraser: bool) -> None:
    """Remet une sauvegarde dans un stockage SQLite. Collecteur et API arrêtés d'abord."""
    fichier = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    if fichier and not fichier.exists():  # un stockage neuf : ne pas le créer avant d'avoir de quoi le remplir
        click.echo(f"Restauré et vérifié : {restaurer(depuis, fichier)}")
        return
    try:
        stockage = ouvrir(url)
    except ErreurEnerlycee as erreur:
        raise click.BadParameter(str(erreur), param_hint="'--stockage'") from None
    destination = _chemin_sqlite(stockage)
    en_service = [c for c in etats_collecteurs(stockage) if c.etat == "connecte" and maintenant() - c.note_le < 60]
    occupe = stockage.sites() or stockage.series()
    stockage.fermer()
    if en_service:
        raise SauvegardeImpossible("un collecteur écrit encore dans ce stockage : l'arrêter d'abord (et l'API)")
    if occupe and not ecraser:
        raise SauvegardeImpossible(f"le stockage {destination} contient déjà des données : --ecraser pour le remplacer")
    click.echo(f"Restauré et vérifié : {restaurer(depuis, destination)}")
