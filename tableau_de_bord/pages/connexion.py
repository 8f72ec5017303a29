"""La connexion par code d'accès (/connexion) et l'accès montré dans l'en-tête de chaque page
(rôle, lycée, pages de ce rôle, « Se déconnecter »).

Un code d'accès est un jeton (`enerlycee jetons creer`, ou la page des codes) : il donne un rôle
et, sauf pour la Région, un lycée ; il ne désigne personne. `?suite=/lycee/…` : la page où
revenir une fois connecté.
"""

import dash
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from noyau.communaute.jetons import NOMS_ROLES
from noyau.domaine.erreurs import AccesRefuse, TropDEchecs
from noyau.stockage import Jeton
from tableau_de_bord import donnees, formulaires, ids
from tableau_de_bord.formulaires import ErreursDeChamps, Formulaire, Reponse, champs
from tableau_de_bord.session import code_ouvert, connecter, deconnecter, fin_de_session

FORMULAIRE = Formulaire(
    "connexion", "Se connecter avec un code d'accès",
    (champs.texte("code", "Code d'accès", secret=True, longueur_max=100,
                  aide="Le code remis par la Région ou par le gestionnaire de votre lycée (copier-coller possible)."),),
    bouton="Se connecter",
)


def titre(**_parametres) -> str:
    return "Enerlycée — connexion"


def layout(suite: str = "/", **_autres) -> html.Div:
    jeton = code_ouvert()
    if jeton is not None:
        return html.Div([
            html.H1("Connexion"),
            html.P(f"Vous êtes connecté : {designation(jeton)}."),
            html.P([dcc.Link("Continuer", href=_suite_sure(suite)), " — ou « Se déconnecter » en haut de la page."]),
        ])
    fin = fin_de_session()
    return html.Div([
        html.H1("Connexion"),
        *([html.P(f"Votre session a pris fin : {fin}.", className="erreur")] if fin else []),
        html.P("Le code d'accès donne un rôle (Région, gestionnaire, enseignant ou éco-délégué) et, sauf pour la "
               "Région, un lycée. Il ne dit rien de vous : ni nom, ni adresse électronique. Une classe peut "
               "partager le code de ses éco-délégués."),
        FORMULAIRE.rendu(html.H2),
        html.P("La session se ferme après deux heures sans activité, douze heures au plus, et dès que son code "
               "est révoqué.", className="note"),
        dcc.Store(id=ids.CONNEXION_SUITE, data=_suite_sure(suite)),
        dcc.Location(id=ids.CONNEXION_ADRESSE, refresh=True),
    ])


def _suite_sure(suite: str | None) -> str:
    """Une page de ce site seulement (pas d'adresse extérieure, ni `//autre-site`)."""
    return suite if suite and suite.startswith("/") and not suite.startswith("//") else "/"


def se_connecter(valeurs: dict, suite: str) -> Reponse:
    """Le code ouvre une session ; la page suivante se recharge avec elle (en-tête, jeton CSRF)."""
    try:
        jeton = connecter(valeurs["code"])
    except (AccesRefuse, TropDEchecs) as refus:
        raise ErreursDeChamps({"code": f"{str(refus).capitalize()}."}) from None
    return Reponse(f"Connecté : {designation(jeton)}.", sorties=(_suite_sure(suite),))


def designation(jeton: Jeton) -> str:
    """Le rôle et le lycée d'un code, pour le dire à la personne connectée."""
    if jeton.uai is None:
        return NOMS_ROLES[jeton.role]
    noms = {s.uai: s.nom for s in donnees.sites()}
    return f"{NOMS_ROLES[jeton.role]}, {noms.get(jeton.uai, 'lycée')} ({jeton.uai})"


def pages_du_role(jeton: Jeton) -> list[tuple[str, str]]:
    """Les pages où ce rôle écrit : (libellé, adresse)."""
    if jeton.role == "region":
        return [("File des alertes", "/alertes"), ("Abonnements", "/abonnements"), ("Codes d'accès", "/codes"), ("Registre", "/registre"),
                ("Journal des écritures", "/journal")]
    pages = [("Notre lycée", f"/lycee/{jeton.uai}"), ("Défis et actions", f"/eleves?uai={jeton.uai}")]
    return pages + ([("Abonnements", "/abonnements"), ("Codes d'accès", "/codes")] if jeton.role == "gestionnaire" else [])


def compte() -> html.Div:
    """L'accès, dans l'en-tête : « Se connecter », ou le rôle, ses pages et « Se déconnecter »."""
    jeton = code_ouvert()
    if jeton is None:
        fin = fin_de_session()
        return html.Div([*([html.Span(f"Session terminée ({fin}). ", className="erreur")] if fin else []),
                         dcc.Link("Se connecter", href="/connexion")], id=ids.COMPTE, className="compte")
    return html.Div(
        [
            html.Span(["Connecté : ", html.Strong(designation(jeton))]),
            html.Nav(html.Ul([html.Li(dcc.Link(nom, href=adresse)) for nom, adresse in pages_du_role(jeton)]),
                     **{"aria-label": "Pages de votre rôle"}),
            html.Button("Se déconnecter", id=ids.DECONNEXION, type="button", className="bouton bouton-discret"),
        ],
        id=ids.COMPTE, className="compte",
    )


def se_deconnecter(clics: int | None) -> str:
    if not clics:
        raise PreventUpdate
    deconnecter()
    return "/"


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path="/connexion", name="Connexion", title=titre, layout=layout)
    formulaires.enregistrer(app, FORMULAIRE, se_connecter, sorties=(Output(ids.CONNEXION_ADRESSE, "href"),),
                            contexte=(State(ids.CONNEXION_SUITE, "data"),))
    app.callback(Output(ids.CADRE_ADRESSE, "href"), Input(ids.DECONNEXION, "n_clicks"),
                 prevent_initial_call=True)(se_deconnecter)
    app.clientside_callback(dash.ClientsideFunction("enerlycee", "codeDuFragment"), Output(FORMULAIRE.id("code"), "value"),
                            Input(ids.CONNEXION_SUITE, "data"))
