"""La ligne de commande en français.

click écrit ses messages (« Usage: », « Show this message and exit. », « Error: No such command »)
par gettext, dans le domaine par défaut `messages`, et n'a pas de traduction française : ce
module lui en donne une (`locale/fr/LC_MESSAGES/messages.po`, compilé en `messages.mo` par
msgfmt) et choisit le français pour le processus, avant que la ligne de commande soit importée
(certains noms de click se traduisent à la construction). Ce que gettext ne couvre pas, les
METAVAR des options (TEXT, INTEGER) et des sous-commandes (COMMAND [ARGS]...), est nommé ici.
"""

import gettext
import os
from pathlib import Path

import click

LOCALE = Path(__file__).parent / "locale"
DOMAINE = "messages"  # le domaine par défaut de gettext, celui de click
METAVARS = {
    "text": "TEXTE", "integer": "ENTIER", "integer range": "ENTIER", "float": "NOMBRE", "float range": "NOMBRE",
    "boolean": "BOOLÉEN", "file": "FICHIER", "fichier": "FICHIER", "directory": "DOSSIER", "dossier": "DOSSIER",
    "path": "CHEMIN", "chemin": "CHEMIN",
}


def parler_francais() -> None:
    """Les messages de click en français pour ce processus : le catalogue lié au domaine de click,
    et le français choisi par LANGUAGE (la variable que gettext lit d'abord ; Enerlycée ne parle
    que français)."""
    gettext.bindtextdomain(DOMAINE, LOCALE)
    os.environ["LANGUAGE"] = "fr"


class Option(click.Option):
    """Une option dont la valeur attendue est nommée en français (`--port ENTIER`), comme sa
    variable d'environnement dans un message d'erreur."""

    def make_metavar(self, ctx: click.Context) -> str:
        if self.metavar is None and self.type.name in METAVARS:
            return METAVARS[self.type.name] + ("..." if self.nargs != 1 else "")
        return super().make_metavar(ctx)

    def get_error_hint(self, ctx: click.Context | None) -> str:
        indice = click.Parameter.get_error_hint(self, ctx)  # sans le « (env var: ...) » de click.Option
        return f"{indice} (variable d'environnement {self.envvar})" if self.show_envvar and self.envvar else indice


class Groupe(click.Group):
    """Un groupe de commandes dont l'aide dit « COMMANDE [ARGUMENTS]... » ; ses sous-groupes aussi."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("subcommand_metavar", "COMMANDE [ARGUMENTS]...")
        super().__init__(*args, **kwargs)


Groupe.group_class = Groupe
