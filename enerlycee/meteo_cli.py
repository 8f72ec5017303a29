"""`enerlycee meteo importer` : les températures quotidiennes d'une station Météo-France pour un lycée."""

from pathlib import Path

import click

from enerlycee.francais import Groupe
from enerlycee.options import option, option_stockage
from noyau.domaine.erreurs import ErreurEnerlycee
from noyau.stockage import Stockage


@click.group(cls=Groupe)
def meteo() -> None:
    """La météo des lycées : températures des stations Météo-France (les DJU en découlent)."""


@meteo.command("importer")
@click.argument("fichier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--uai", required=True, help="Lycée à qui rattacher les températures")
@option("--poste", default=None, help="NUM_POSTE de la station ; par défaut la seule du fichier, sinon la plus proche du lycée")
@option_stockage
def importer(fichier: Path, uai: str, poste: str | None, stockage: Stockage) -> None:
    """Importe FICHIER (.csv ou .csv.gz « Données climatologiques de base - quotidiennes » de
    Météo-France, colonnes NUM_POSTE;NOM_USUEL;LAT;LON;AAAAMMJJ;TN;TX;TM) : TM, à défaut (TN+TX)/2."""
    from noyau.calculs.meteo_import import importer_temperatures
    from noyau.domaine.identifiants import valider_uai

    try:
        bilan = importer_temperatures(stockage, valider_uai(uai), fichier, poste)
    except ErreurEnerlycee as erreur:
        raise click.ClickException(str(erreur)) from None
    click.echo(f"{bilan.jours} jour(s) du {bilan.premier} au {bilan.dernier}, poste {bilan.poste} ({bilan.nom}), importés pour {uai.upper()}.")
