"""Le cadre du tableau de bord : l'application Dash, sa navigation et ses pages.

Le stockage arrive par `creer_tableau_de_bord` et se lit dans `flask.current_app.config["STOCKAGE"]`.
Les pages sont des modules de `tableau_de_bord/pages/` ; le registre des pages de Dash est
global, chaque page s'y inscrit (à nouveau, sans doublon) et attache ses rappels à l'application
créée : on peut donc créer plusieurs tableaux de bord dans un même processus.
"""

import json

import dash
import flask
from dash import dcc, html
from dash.exceptions import DependencyException
from plotly.offline import get_plotlyjs_version
from werkzeug.exceptions import HTTPException, NotFound

from noyau.communaute.limite import LimiteEcritures
from noyau.communaute.sessions import secret_partage
from noyau.domaine import texte
from noyau.stockage import Stockage
from tableau_de_bord import composants, ids, rappels, session, version
from tableau_de_bord.gestion import actions, alertes, defis, fermetures, objectifs, reglages
from tableau_de_bord.pages import (
    abonnements,
    codes,
    connexion,
    eleves,
    file_alertes,
    journal,
    lycee,
    not_found_404,
    qualite,
    region,
    registre,
)

PAGES = (region, lycee, eleves, qualite, connexion, codes, registre, journal, file_alertes, abonnements, not_found_404)

CACHE_ACTIFS_S = 365 * 86400
PLOTLY = "plotly-cartesian.min.js"  # plotly.js 4.1.1, paquet « cartesian » (npm plotly.js-cartesian-dist-min), MIT

NAVIGATION = (("Vue régionale", "/"), ("Élèves", "/eleves"), ("Qualité des données", "/qualite"))

PAGE_HTML = """<!DOCTYPE html>
<html lang="fr">
    <head>
        <meta charset="UTF-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="description" content="Consommations d'énergie des lycées de Bretagne : données ouvertes, suivi et défis.">
        <meta name="enerlycee-version" content="%VERSION%">
        <title>{%title%}</title>
        <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%230072B2'/%3E%3C/svg%3E">
        {%css%}
        <script>
            /* plotly.js (paquet « cartesian » d'assets/, pas le complet de Dash) se charge sans bloquer
               la page : Dash demande sa mise en page pendant que plotly.js s'analyse. Si un graphique
               s'affichait avant, Dash chargerait cette même adresse. */
            Object.defineProperty(window, "_dashPlotlyJSURL", {configurable: true, get: function () { return "%PLOTLY%"; }, set: function () {}});
        </script>
        <script async src="%PLOTLY%"></script>
        <link rel="preload" as="script" href="/_dash-component-suites/dash/dcc/async-graph.js">
    </head>
    <body>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""


def creer_tableau_de_bord(stockage: Stockage, limite: LimiteEcritures | None = None) -> dash.Dash:
    """L'application Dash, servie à la racine « / » ; `app.server` est l'application Flask.
    `limite` : la limite d'écritures par code, celle de l'API quand elles partagent un processus."""
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",  # les pages s'inscrivent elles-mêmes (voir PAGES), une seule fois par module
        title="Enerlycée",
        update_title=None,
        index_string=PAGE_HTML.replace("%PLOTLY%", f"/assets/{PLOTLY}?v={get_plotlyjs_version()}")
        .replace("%VERSION%", version.empreinte()),
        assets_ignore=PLOTLY.replace(".", r"\."),  # chargé par la page elle-même, sans bloquer (voir PAGE_HTML)
        serve_locally=True,
        suppress_callback_exceptions=True,  # les composants des pages n'existent qu'une fois la page ouverte
        on_error=rappels.erreur_de_rappel,  # une valeur forgée : 400 et une ligne au journal (tableau_de_bord.rappels)
    )
    app.server.config["STOCKAGE"] = stockage
    app.server.register_error_handler(HTTPException, _erreur_en_json)
    # Un script que Dash ne sert pas (nom inconnu, « ../.. ») : Dash lève DependencyException.
    app.server.register_error_handler(DependencyException, lambda _erreur: _erreur_en_json(NotFound()))
    app.server.config["LIMITE_ECRITURES"] = limite or LimiteEcritures(stockage)
    session.installer(app.server, stockage, secret_partage(stockage))
    rappels.installer(app)
    # /assets/... porte l'empreinte du fichier (?m=...) : le navigateur le garde un an sans redemander.
    app.server.config["SEND_FILE_MAX_AGE_DEFAULT"] = CACHE_ACTIFS_S
    for page in PAGES:
        page.enregistrer(app)
    for formulaires_d_une_page in (objectifs, reglages, fermetures, alertes, defis, actions):
        formulaires_d_une_page.enregistrer(app)
    composants.enregistrer_alternatives(app)
    app.layout = cadre
    return app


def _erreur_en_json(erreur: HTTPException) -> flask.Response:
    """Les erreurs du serveur du tableau de bord (méthode refusée, fichier absent, erreur interne)
    au format des erreurs de l'API, en français : `{"detail": "<message>"}`."""
    reponse = erreur.get_response()
    message = texte.erreur_http(erreur.code, flask.request.method, flask.request.path) or "erreur du tableau de bord"
    reponse.set_data(json.dumps({"detail": message}, ensure_ascii=False))
    reponse.content_type = "application/json"
    return reponse


def cadre() -> html.Div:
    return html.Div(
        [
            html.A("Aller au contenu", href="#contenu", className="evitement"),
            html.Header(
                [
                    dcc.Link("Enerlycée", href="/", className="marque"),
                    html.Nav(
                        html.Ul([html.Li(dcc.Link(nom, href=adresse)) for nom, adresse in NAVIGATION]),
                        id=ids.NAVIGATION, **{"aria-label": "Navigation principale"},
                    ),
                    connexion.compte(),
                    dcc.Location(id=ids.CADRE_ADRESSE, refresh=True),
                ]
            ),
            html.Main(dash.page_container, id="contenu"),
            html.Footer(
                [
                    "Consommations d'énergie des lycées de Bretagne — heures de Paris — données ouvertes (Licence Ouverte), ",
                    html.A("API", href="/docs"),
                    ".",
                ]
            ),
        ],
        className="page",
    )
