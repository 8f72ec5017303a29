"""Les morceaux d'interface partagés par les pages : tableaux, messages, choix d'énergie."""

import json
import logging
import unicodedata

from dash import MATCH, Input, Output, State, dcc, html
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate
from flask import current_app
from itsdangerous import BadSignature, Signer
from werkzeug.exceptions import BadRequest

from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from tableau_de_bord import ids

journal = logging.getLogger(__name__)

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


# Les tableaux des valeurs longs ne sont construits qu'à l'ouverture de leur <details> : la page
# reste légère (éléments du DOM), et qui veut les valeurs les a d'un clic ou d'Entrée. Leurs
# paramètres voyagent dans l'identifiant du composant, signés par le serveur : une requête forgée
# ne lui fait pas calculer un tableau qu'aucune page n'a proposé (dix ans heure par heure...).
TABLEAUX_DIFFERES: dict = {}


def differe(nom: str):
    """Inscrit une fonction (paramètres → tableau) sous un nom, pour `alternative_differee`."""
    def inscrire(fonction):
        TABLEAUX_DIFFERES[nom] = fonction
        return fonction
    return inscrire


def alternative_differee(nom: str, resume: str = "Tableau des valeurs", **parametres) -> html.Details:
    """Le tableau des valeurs d'un graphique, construit par le serveur quand on le déplie, à partir
    de ses seuls paramètres (lycée, énergie, dates : quelques octets) ; voir `ouvrir_alternative`."""
    cle = _signeur().sign(json.dumps([nom, parametres], sort_keys=True, default=str)).decode()
    return html.Details(
        [html.Summary(resume, id={"type": ids.ALTERNATIVE, "cle": cle}),
         html.Div(html.P("Chargement du tableau…"), id={"type": ids.ALTERNATIVE_CONTENU, "cle": cle}, **{"aria-live": "polite"})],
        className="alternative",
    )


def ouvrir_alternative(clics: int | None, cle: dict):
    """Rappel : au premier dépliage (clic ou Entrée sur le résumé), le tableau des valeurs est
    construit ; il reste ensuite, replié ou non, sans nouvelle requête."""
    if not clics or clics > 1:
        raise PreventUpdate
    try:
        nom, parametres = json.loads(_signeur().unsign(cle["cle"]))
    except BadSignature:  # pas une clé écrite par ce serveur : forgée (une clé qui n'est pas un texte : tableau_de_bord.rappels)
        journal.info("tableau des valeurs refusé : clé non signée par ce serveur")
        raise BadRequest() from None
    return TABLEAUX_DIFFERES[nom](**parametres)


def _signeur() -> Signer:
    """Signe les paramètres des tableaux différés avec le secret des sessions (le même pour tous les
    processus du tableau de bord : noyau.communaute.sessions.secret_partage)."""
    return Signer(current_app.config["SECRET_KEY"], salt="tableau-differe")


def enregistrer_alternatives(app) -> None:
    app.callback(
        Output({"type": ids.ALTERNATIVE_CONTENU, "cle": MATCH}, "children"),
        Input({"type": ids.ALTERNATIVE, "cle": MATCH}, "n_clicks"),
        State({"type": ids.ALTERNATIVE, "cle": MATCH}, "id"),
        prevent_initial_call=True,
    )(ouvrir_alternative)


def jauge(atteinte_pct: float, visee_pct: float, titre: str) -> html.Div:
    """Une jauge en HTML et CSS (sans graphique) : la baisse atteinte, la baisse visée marquée d'un
    trait ; le dessin est décoratif, les nombres sont écrits à côté."""
    haut = max(2 * visee_pct, atteinte_pct * 1.1, 10.0)
    part = max(0.0, min(atteinte_pct, haut)) / haut
    return html.Div(
        [
            html.P(titre, className="jauge-titre"),
            html.Div(
                [html.Div(className="jauge-remplie" + (" jauge-atteinte" if atteinte_pct >= visee_pct else ""),
                          style={"width": f"{100 * part:.1f}%"}),
                 html.Div(className="jauge-visee", style={"left": f"{100 * visee_pct / haut:.1f}%"})],
                className="jauge-barre", **{"aria-hidden": "true"},
            ),
            html.P([html.Span(texte.evolution(-atteinte_pct / 100), className="chiffre"),
                    f" atteints, pour {texte.evolution(-visee_pct / 100)} visés"], className="grand-chiffre"),
        ],
        className="jauge",
    )


def message(titre: str, explication: str) -> html.Div:
    return html.Div([html.H1(titre), html.P(explication), dcc.Link("Retour à la vue régionale", href="/")],
                    className="message", role="alert")


def choix_energie(identifiant: str, valeur: Energie, presentes: list[Energie] | None = None) -> html.Fieldset:
    """Les énergies comptées (celles des compteurs, `presentes`, et celle choisie) en boutons radio
    (natifs, au clavier : Tab puis flèches)."""
    proposees = [e for e in Energie if presentes is None or e in presentes or e is valeur]
    return boutons(identifiant, "Énergie", [{"label": texte.NOMS_ENERGIES[e], "value": e.value} for e in proposees],
                   valeur.value)


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
    """Un champ de texte : le nom, la commune ou l'UAI d'un lycée, validé par Entrée ; plusieurs
    lycées correspondent : leur liste s'affiche dessous (voir `lycees_tapes`). Pas de liste
    déroulante de tous les lycées : la page reste légère avec 115 lycées."""
    choisi = next((s for s in sites if s.uai == valeur), None)
    return html.Div(
        [
            html.Label([libelle, html.Span(" (nom, commune ou UAI, puis Entrée)", className="aide")], htmlFor=identifiant),
            dcc.Input(id=identifiant, type="search", debounce=True, autoComplete="off",
                      value=nom_complet(choisi) if choisi else "", className="texte"),
            html.Div(id=f"{identifiant}-reponse", **{"aria-live": "polite"}),
        ],
        className="champ champ-large",
    )


def nom_complet(site) -> str:
    return f"{site.nom} ({site.commune}) — {site.uai}"


def lycees_tapes(texte_saisi: str | None, sites: list) -> list:
    """Les lycées dont le nom complet (nom, commune, UAI) contient le texte tapé, sans tenir
    compte de la casse ni des accents ; un nom complet exact ou un UAI exact : ce seul lycée."""
    if not texte_saisi or not texte_saisi.strip():
        return []
    cherche = _simple(texte_saisi)
    exacts = [s for s in sites if _simple(nom_complet(s)) == cherche or s.uai == texte_saisi.strip().upper()]
    return exacts[:1] or [s for s in sites if cherche in _simple(nom_complet(s))]


def un_lycee_tape(texte_saisi: str | None, sites: list) -> str | None:
    """L'UAI du seul lycée que désigne le texte tapé (UAI, nom ou commune) ; vide : None ; aucun
    ou plusieurs : DonneeInvalide (l'erreur du champ)."""
    if not texte_saisi or not texte_saisi.strip():
        return None
    trouves = lycees_tapes(texte_saisi, sites)
    if len(trouves) != 1:
        raise DonneeInvalide("aucun lycée ne correspond" if not trouves else
                             f"{len(trouves)} lycées correspondent : précisez (l'UAI suffit)")
    return trouves[0].uai


def reponse_choix(trouves: list, adresse) -> list:
    """Ce qu'on dit sous le champ quand le texte tapé ne désigne pas un seul lycée."""
    if not trouves:
        return [html.P("Aucun lycée ne correspond.", role="status")]
    return [html.P(f"{len(trouves)} lycées correspondent :", role="status"),
            html.Ul([html.Li(dcc.Link(nom_complet(s), href=adresse(s.uai))) for s in trouves[:10]])]


def _simple(texte_: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte_).encode("ascii", "ignore").decode()
    return " ".join(sans_accents.lower().split())
