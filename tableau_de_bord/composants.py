"""Les morceaux d'interface partagés par les pages : tableaux, messages, choix d'énergie."""

from dash import dcc, html
from dash.development.base_component import Component

from noyau.identifiants import Energie
from tableau_de_bord import texte

NOTE_INCOMPLET = (
    "« incomplet » : au moins une période sans relevé, ou avec un trou de plus d'une heure "
    "entre deux relevés ; le nombre affiché est alors sous-estimé."
)


def tableau(legende: str, entetes: list[str], lignes: list[list]) -> html.Table:
    """Un tableau accessible : une légende, des en-têtes de colonnes, la 1re cellule en en-tête de ligne."""
    return html.Table(
        [
            html.Caption(legende),
            html.Thead(html.Tr([html.Th(e, scope="col") for e in entetes])),
            html.Tbody([html.Tr([html.Th(ligne[0], scope="row")] + [html.Td(c) for c in ligne[1:]]) for ligne in lignes]),
        ],
        className="tableau",
    )


def alternative(titre: str, contenu: Component) -> html.Details:
    """Le tableau des valeurs d'un graphique, replié sous lui."""
    return html.Details([html.Summary(titre), contenu], className="alternative")


def message(titre: str, explication: str) -> html.Div:
    return html.Div([html.H1(titre), html.P(explication), dcc.Link("Retour à la vue régionale", href="/")],
                    className="message", role="alert")


def choix_energie(identifiant: str, valeur: Energie) -> html.Div:
    return html.Div(
        [
            html.Label("Énergie", htmlFor=identifiant),
            dcc.Dropdown(
                id=identifiant,
                options=[{"label": texte.NOMS_ENERGIES[e], "value": e.value} for e in Energie],
                value=valeur.value,
                clearable=False,
                searchable=False,
            ),
        ],
        className="champ",
    )


def choix_jour(identifiant: str, libelle: str, valeur) -> html.Div:
    """Un jour, écrit JJ/MM/AAAA ; semaines commençant le lundi."""
    return html.Div(
        [
            html.Label(libelle, htmlFor=identifiant),
            dcc.DatePickerSingle(
                id=identifiant,
                date=valeur,
                display_format="DD/MM/YYYY",
                month_format="MM/YYYY",
                first_day_of_week=1,
                placeholder="JJ/MM/AAAA",
            ),
        ],
        className="champ",
    )


def avec_etat(valeur: str, complet: bool) -> list:
    """Une valeur suivie, si besoin, de la mention « incomplet »."""
    if complet:
        return [valeur]
    return [valeur, " ", html.Span("(incomplet)", className="incomplet")]


def boutons(identifiant: str, legende: str, options: list[dict], valeur: str | None) -> html.Fieldset:
    """Des boutons radio groupés sous une légende (au clavier : Tab puis flèches)."""
    return html.Fieldset(
        [html.Legend(legende), dcc.RadioItems(id=identifiant, options=options, value=valeur, inline=True)],
        className="champ",
    )


def choix_lycee(identifiant: str, sites: list, valeur: str | None, libelle: str = "Lycée") -> html.Div:
    """Une liste déroulante des lycées, avec recherche (taper le début d'un nom ou d'une commune)."""
    return html.Div(
        [
            html.Label(libelle, htmlFor=identifiant),
            dcc.Dropdown(
                id=identifiant,
                options=[{"label": f"{s.nom} ({s.commune})", "value": s.uai} for s in sites],
                value=valeur,
                clearable=False,
            ),
        ],
        className="champ champ-large",
    )
