"""La page des adresses inconnues (Dash la reconnaît à son nom de module)."""

import dash
from dash import html

from tableau_de_bord import composants


def layout(**_parametres) -> html.Div:
    return composants.message("Page introuvable", "Cette adresse ne correspond à aucune page du tableau de bord.")


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path="/404", name="Page introuvable", title="Enerlycée — page introuvable", layout=layout)
