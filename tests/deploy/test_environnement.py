"""deploy/enerlycee.env.exemple documente chaque variable ENERLYCEE_ de la ligne de commande,
et rien qu'elles ; aucun secret réel n'y est."""

import re

import click

from enerlycee.cli import main
from enerlycee.options import JETON_INFLUXDB
from tests.deploy.conftest import DEPLOY

EXEMPLE = DEPLOY / "enerlycee.env.exemple"


def variables_de_la_ligne_de_commande(commande: click.Command = main) -> set[str]:
    variables = {p.envvar for p in commande.params if isinstance(p, click.Option) and p.envvar}
    if isinstance(commande, click.Group):  # sous-commandes comprises, même celles chargées à la demande
        contexte = click.Context(commande)
        for nom in commande.list_commands(contexte):
            variables |= variables_de_la_ligne_de_commande(commande.get_command(contexte, nom))
    return variables


def variables_documentees() -> set[str]:
    return set(re.findall(r"^#? ?(ENERLYCEE_[A-Z0-9_]+)=", EXEMPLE.read_text(), re.MULTILINE))


def test_chaque_variable_de_la_ligne_de_commande_est_documentee():
    attendues = variables_de_la_ligne_de_commande() | {JETON_INFLUXDB}
    manquantes = attendues - variables_documentees()
    assert not manquantes, f"à décrire dans deploy/enerlycee.env.exemple : {sorted(manquantes)}"
    perimees = variables_documentees() - attendues
    assert not perimees, f"plus aucune option ne lit : {sorted(perimees)}"


def test_pas_de_secret_dans_l_exemple():
    actives = dict(re.findall(r"^(ENERLYCEE_[A-Z0-9_]+)=(.*)$", EXEMPLE.read_text(), re.MULTILINE))
    assert "remplacer-par-le-mot-de-passe" in actives["ENERLYCEE_MQTT"]
    assert JETON_INFLUXDB not in actives  # commenté : pas de jeton par défaut
