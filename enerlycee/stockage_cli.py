"""`enerlycee stockage etat|purger|copier` : ce qui est gardé, la purge, le passage d'un stockage à l'autre."""

import click
from tqdm import tqdm

from enerlycee.francais import Groupe
from enerlycee.options import option, option_stockage, ouvrir_option
from noyau.domaine import texte
from noyau.domaine.temps import a_paris
from noyau.exploitation.copie import copier, plan, verifier_copie
from noyau.exploitation.retention import RETENTION_BRUTE_JOURS, purger_releves_bruts
from noyau.stockage import Stockage

option_retention = option(
    "--retention-brute-jours", default=RETENTION_BRUTE_JOURS, type=click.IntRange(1),
    help="Jours de relevés bruts gardés ; les agrégats horaires sont gardés sans limite",
)
_NOMS = {"releve": "relevés bruts", "heure": "agrégats horaires", "jour": "agrégats journaliers"}


@click.group(cls=Groupe)
def stockage() -> None:
    """Le stockage : ce qu'il garde, la purge des relevés bruts, la copie vers un autre stockage."""


@stockage.command()
@option_stockage
def etat(stockage: Stockage) -> None:
    """Par lycée et par résolution : lignes (ou points), octets (estimés), plus ancien et plus récent relevé."""
    volumes = stockage.volumes()
    click.echo(f"{'uai':<9} {'résolution':<18} {'lignes':>12} {'octets':>14}  {'plus ancien':<20} plus récent")
    for v in volumes:
        octets = "?" if v.octets is None else texte.nombre(v.octets)
        click.echo(f"{v.uai:<9} {_NOMS[v.resolution]:<18} {texte.nombre(v.lignes):>12} {octets:>14}  "
                   f"{texte.instant(v.premier):<20} {texte.instant(v.dernier)}")
    for resolution, nom in _NOMS.items():
        choisis = [v for v in volumes if v.resolution == resolution]
        octets = sum(v.octets or 0 for v in choisis)
        click.echo(f"total {nom} : {texte.nombre(sum(v.lignes for v in choisis))} lignes, {texte.quantite(octets / 1e6, 'Mo', 1)}")


@stockage.command()
@option_stockage
@option_retention
def purger(stockage: Stockage, retention_brute_jours: int) -> None:
    """Supprime les relevés bruts plus vieux que la rétention ; les agrégats horaires restent."""
    supprimes, limite = purger_releves_bruts(stockage, retention_brute_jours)
    click.echo(f"{texte.nombre(supprimes)} relevés bruts d'avant le {texte.instant(limite)} supprimés ; agrégats horaires gardés.")


@stockage.command("copier")
@option("--de", "source", required=True, callback=ouvrir_option, help="URL du stockage source")
@option("--vers", "destination", required=True, callback=ouvrir_option, help="URL du stockage destination")
def copier_commande(source: Stockage, destination: Stockage) -> None:
    """Copie registre, jetons, quarantaine, agrégats et relevés ; reprend là où une copie s'est
    arrêtée ; vérifie à la fin les totaux par lycée, par énergie et par mois."""
    taches = plan(source, destination)
    with tqdm(total=sum(len(debuts) for _, debuts in taches), unit="semaine", desc="copie") as barre:
        copier(source, destination, taches, barre.update)
    comparaisons, ecarts = verifier_copie(source, destination)
    for e in ecarts[:20]:
        click.echo(f"écart {e.uai} {texte.ENERGIES[e.energie]} {texte.mois(a_paris(e.mois).date())} : "
                   f"{_total(e.source)} ≠ {_total(e.destination)}", err=True)
    if ecarts:
        raise click.ClickException(f"copie incomplète : {len(ecarts)} écarts sur {comparaisons} totaux mensuels")
    click.echo(f"Copie vérifiée : {comparaisons} totaux mensuels (lycée, énergie, mois) identiques.")


def _total(valeur: float | None) -> str:
    return "absent" if valeur is None else texte.nombre(valeur, 3)
