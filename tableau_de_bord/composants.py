"""Les morceaux d'interface partagés par les pages : tableaux, messages, choix d'énergie."""

import unicodedata

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


def choix_energie(identifiant: str, valeur: Energie) -> html.Fieldset:
    """Les six énergies en boutons radio (natifs, au clavier : Tab puis flèches)."""
    return boutons(identifiant, "Énergie", [{"label": texte.NOMS_ENERGIES[e], "value": e.value} for e in Energie], valeur.value)


def choix_jour(identifiant: str, libelle: str, valeur) -> html.Div:
    """Un jour, écrit JJ/MM/AAAA ; semaines commençant le lundi (voir assets/accessibilite.js)."""
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
    """Un champ de texte et ses suggestions (datalist native) : le nom, la commune ou l'UAI d'un
    lycée, validé par Entrée ; voir `lycee_tape`."""
    choisi = next((s for s in sites if s.uai == valeur), None)
    return html.Div(
        [
            html.Label(libelle, htmlFor=identifiant),
            dcc.Input(id=identifiant, type="text", list=f"{identifiant}-liste", debounce=True, autoComplete="off",
                      value=_nom_complet(choisi) if choisi else "", className="texte"),
            html.Datalist([html.Option(value=_nom_complet(s)) for s in sites], id=f"{identifiant}-liste"),
            html.P("Tapez un nom, une commune ou un UAI, puis Entrée.", className="note"),
        ],
        className="champ champ-large",
    )


def _nom_complet(site) -> str:
    return f"{site.nom} ({site.commune}) — {site.uai}"


def lycee_tape(texte_saisi: str | None, sites: list) -> str | None:
    """L'UAI du seul lycée dont le nom complet contient le texte tapé (casse et accents comptent
    peu), ou None s'il n'y en a aucun ou plusieurs."""
    if not texte_saisi or not texte_saisi.strip():
        return None
    cherche = _simple(texte_saisi)
    exacts = [s.uai for s in sites if _simple(_nom_complet(s)) == cherche or s.uai == texte_saisi.strip().upper()]
    if exacts:
        return exacts[0]
    trouves = [s.uai for s in sites if cherche in _simple(_nom_complet(s))]
    return trouves[0] if len(trouves) == 1 else None


def _simple(texte_: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte_).encode("ascii", "ignore").decode()
    return " ".join(sans_accents.lower().split())
