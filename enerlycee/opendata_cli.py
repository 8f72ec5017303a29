"""`enerlycee opendata publier DOSSIER` : les jeux de données ouverts, prêts à déposer sur un portail."""

from pathlib import Path

import click
from tqdm import tqdm

from enerlycee.francais import Groupe
from enerlycee.options import option, option_stockage
from noyau.domaine.erreurs import ErreurEnerlycee
from noyau.stockage import Stockage


@click.group(cls=Groupe)
def opendata() -> None:
    """Les données ouvertes (Licence Ouverte 2.0) : fichiers et métadonnées DCAT."""


@opendata.command("publier")
@click.argument("dossier", type=click.Path(file_okay=False, path_type=Path))
@option_stockage
@option("--debut", default=None, help="Début inclus (date ou RFC 3339) ; par défaut le 1er du mois du plus ancien relevé")
@option("--fin", default=None, help="Fin exclue ; par défaut aujourd'hui à minuit (heure de Paris)")
@option("--frequence", default="mensuelle", type=click.Choice(["quotidienne", "hebdomadaire", "mensuelle"]),
        help="Fréquence de mise à jour annoncée dans le catalogue (la publication se planifie à part)")
def publier(dossier: Path, stockage: Stockage, debut: str | None, fin: str | None, frequence: str) -> None:
    """Écrit dans DOSSIER, pour chaque énergie, les consommations par lycée et par jour, puis par
    mois (CSV RFC 4180 et Parquet), avec schema.json (Table Schema), methode.json et catalogue.json (DCAT)."""
    from noyau.domaine.temps import lire_borne
    from noyau.publication.donnees_ouvertes import etendue
    from noyau.publication.donnees_ouvertes import publier as publier_jeux

    def barre(elements, description):
        return tqdm(elements, desc=description, unit=" lycée", leave=False)

    try:
        par_defaut = etendue(stockage) if debut is None or fin is None else None
        borne_debut = lire_borne(debut) if debut else par_defaut[0]
        borne_fin = lire_borne(fin) if fin else par_defaut[1]
        ressources = publier_jeux(stockage, dossier, borne_debut, borne_fin, frequence, barre)
    except ErreurEnerlycee as erreur:
        raise click.ClickException(str(erreur)) from None
    for ressource in ressources:
        click.echo(f"{ressource.chemin} (+ .parquet) : {ressource.lignes} ligne(s)")
    click.echo(f"{len(ressources)} fichier(s) CSV et Parquet, catalogue : {dossier / 'catalogue.json'}")
