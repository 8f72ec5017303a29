"""La page des élèves (/eleves?uai=...) : gros chiffres, lisible sur un téléphone comme sur l'écran
du hall. `&kiosque=1` : le mode écran du hall, qui montre une vue après l'autre (toutes les
15 secondes, `&duree=30` pour 30 ; bouton « Pause » pour arrêter), sans le menu. `&fin=AAAA-MM-JJ` :
le jour (exclu) où finit la semaine montrée ; par défaut, aujourd'hui.

Les vues : la semaine comparée à la même semaine de l'an dernier (mêmes jours de la semaine,
52 semaines plus tôt) ; puis ce que le noyau expose des défis, objectifs, équivalences et
actions (`tableau_de_bord.suivi`) ; enfin l'air des salles (`tableau_de_bord.sections.air`).
En mode kiosque, le classement des défis se refait toutes les dix minutes.

Sous les vues (hors mode kiosque), « Agir pour notre lycée » : les formulaires des défis
(enseignant, gestionnaire, Région : `tableau_de_bord.gestion.defis`) et des actions (les mêmes et
l'éco-délégué : `tableau_de_bord.gestion.actions`), selon le code d'accès de la session.
"""

from datetime import date, timedelta

import dash
import pandas as pd
from dash import ALL, Input, Output, State, dcc, html

from noyau.calculs.lecture import site
from noyau.communaute.jetons import ECRIRE_ACTIONS
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import lire_borne
from tableau_de_bord import composants, donnees, figures, ids, suivi
from tableau_de_bord.formulaires.reserve import invitation
from tableau_de_bord.gestion import actions, defis
from tableau_de_bord.sections import air

DUREE_VUE_MS = 15_000
CLASSEMENT_MS = 10 * 60_000  # le classement des défis refait toutes les dix minutes
ENERGIE = Energie.ELECTRICITE


def titre(uai: str = "", **_autres) -> str:
    return "Enerlycée — élèves"


def layout(uai: str | None = None, kiosque: str = "", fin: str | None = None, duree: str = "", **_autres) -> html.Div:
    lycees = donnees.sites()
    if not lycees:
        return composants.message("Aucun lycée", "Aucun lycée n'est encore enregistré dans Enerlycée.")
    uai = (uai or lycees[0].uai).strip().upper()
    try:
        lycee = site(donnees.stockage(), uai)
    except Introuvable:
        return composants.message("Lycée inconnu", f"Aucun lycée n'a l'UAI « {uai} » dans Enerlycée.")
    en_kiosque = kiosque in ("1", "oui", "true")
    try:
        jour_fin = lire_borne(fin).date() if fin else donnees.aujourd_hui()
    except DonneeInvalide as erreur:
        return composants.message("Adresse invalide", str(erreur))
    duree_ms = 1000 * min(max(int(duree), 2), 600) if duree.isdigit() else DUREE_VUE_MS
    vues = [_semaine(lycee.uai, jour_fin),
            *([html.Div(html.P("Chargement…", className="note"), id=f"{ids.ELEVES_SUIVI}-{k}")] for k in range(suivi.VUES_ELEVES)),
            air.vue_eleves()]
    return html.Div(
        [
            html.H1(["Nos économies d'énergie", html.Span(lycee.nom, className="sous-titre")]),
            dcc.Location(id=ids.ELEVES_ADRESSE, refresh="callback-nav"),
            dcc.Store(id=ids.ELEVES_PARAMETRES, data={"uai": lycee.uai, "fin": jour_fin.isoformat()}),
            html.Div(
                [composants.choix_lycee(ids.ELEVES_CHOIX, lycees, lycee.uai, "Choisir son lycée"),
                 html.P(dcc.Link("Mode écran du hall", href=f"/eleves?uai={lycee.uai}&kiosque=1"))],
                className="choix", hidden=en_kiosque,
            ),
            *_kiosque(en_kiosque, len(vues), duree_ms),
            html.Div(
                [html.Section(vue, id={"type": ids.ELEVES_VUES, "index": k}, className="vue",
                              hidden=en_kiosque and k > 0)
                 for k, vue in enumerate(vues)],
                className="vues kiosque" if en_kiosque else "vues",
            ),
            *([dcc.Interval(id=ids.ELEVES_CLASSEMENT, interval=CLASSEMENT_MS)] if en_kiosque else _agir(lycee.uai)),
        ],
        className="eleves",
    )


def _agir(uai: str) -> list:
    """Les formulaires des défis et des actions, pour qui peut en écrire ; sinon, qui le peut."""
    formulaires = defis.formulaires_des_eleves(uai) + actions.formulaires_des_eleves(uai)
    if not formulaires:
        return [html.Section(invitation(ECRIRE_ACTIONS, "lancer un défi ou noter une action", f"/eleves?uai={uai}"),
                             id=ids.ELEVES_AGIR, className="agir")]
    return [html.Section([html.H2("Agir pour notre lycée", id=f"{ids.ELEVES_AGIR}-titre"), html.Div(formulaires, className="formulaires")],
                         id=ids.ELEVES_AGIR, className="agir", **{"aria-labelledby": f"{ids.ELEVES_AGIR}-titre"})]


def _kiosque(actif: bool, nombre: int, duree_ms: int) -> list:
    if not actif:
        return []
    return [
        dcc.Interval(id=ids.ELEVES_MINUTERIE, interval=duree_ms),
        html.Button("Pause", id=ids.ELEVES_PAUSE, className="bouton", **{"aria-pressed": "false"}),
        html.P(f"Une vue toutes les {duree_ms // 1000} secondes ({nombre} vues).", className="note"),
    ]


def _semaine(uai: str, fin: date) -> list:
    """Les 7 derniers jours d'électricité, jour par jour, et les mêmes jours 52 semaines plus tôt."""
    debut = fin - timedelta(days=7)
    cette = donnees.points(donnees.consommation(uai, ENERGIE, debut, fin, Pas.JOUR))
    avant = donnees.points(donnees.consommation(uai, ENERGIE, debut - timedelta(weeks=52), fin - timedelta(weeks=52), Pas.JOUR))
    jours = pd.DataFrame({"jour": [figures.JOURS_SEMAINE[(debut + timedelta(days=k)).weekday()] for k in range(7)]})
    jours["cette"] = _par_jour(cette, debut)
    jours["avant"] = _par_jour(avant, debut - timedelta(weeks=52))
    return [
        html.H2("Cette semaine, comparée à l'an dernier"),
        _grand_chiffre(jours),
        html.Figure(
            [
                dcc.Graph(id=ids.ELEVES_GRAPHIQUE, figure=figures.semaine_eleves(jours), config=figures.CONFIGURATION_FIXE),
                composants.alternative(
                    "Tableau des valeurs",
                    composants.tableau(
                        f"Électricité par jour (kWh), {texte.periode(debut, fin)}, et les mêmes jours il y a 52 semaines",
                        ["Jour", "Cette semaine (kWh)", "L'an dernier (kWh)"],
                        [[j.jour, _kwh(j.cette), _kwh(j.avant)] for j in jours.itertuples()],
                    ),
                ),
            ],
            className="figure",
        ),
    ]


def _par_jour(points: pd.DataFrame, debut: date) -> list:
    valeurs = {d.date(): v for d, v in zip(points["debut"], points["valeur"])}
    return [valeurs.get(debut + timedelta(days=k)) for k in range(7)]


def _kwh(valeur) -> str:
    return "—" if valeur is None or pd.isna(valeur) else texte.nombre(valeur)


def _grand_chiffre(jours: pd.DataFrame) -> html.P:
    comparables = jours.dropna()
    if comparables.empty or not comparables["avant"].sum():
        return html.P("Pas encore de comparaison possible avec l'an dernier.", className="grand-chiffre")
    ecart = comparables["cette"].sum() / comparables["avant"].sum() - 1
    sens = "de moins" if ecart < 0 else "de plus"
    return html.P(
        [html.Span(texte.pourcentage(ecart), className="chiffre"),
         f" d'électricité {sens} que les mêmes jours de l'an dernier "
         f"({texte.quantite(abs(comparables['cette'].sum() - comparables['avant'].sum()), 'kWh')} {sens})."],
        className="grand-chiffre baisse" if ecart < 0 else "grand-chiffre",
    )


def rafraichir_defis(_n, parametres: dict) -> list:
    """Rappel, de temps en temps (l'écran du hall reste ouvert des jours) : le classement des défis refait."""
    return suivi.defis_eleves(parametres["uai"])


def remplir(parametres: dict) -> list:
    """Rappel, à l'ouverture : les vues de suivi (défis, objectif, équivalences, actions), après
    la première vue."""
    return suivi.vues_eleves(parametres["uai"], date.fromisoformat(parametres["fin"]))


def changer_de_lycee(saisi: str | None) -> tuple:
    """Rappel : un lycée tapé → sa page des élèves ; plusieurs ou aucun : la liste, ou le dire."""
    trouves = composants.lycees_tapes(saisi, donnees.sites())
    if len(trouves) == 1:
        return f"/eleves?uai={trouves[0].uai}", []
    return dash.no_update, composants.reponse_choix(trouves, lambda uai: f"/eleves?uai={uai}")


# Le défilement du mode kiosque se fait dans le navigateur : aucune requête au serveur.
DEFILER = """
function(n, pause, vues) {
    var nombre = vues.length;
    var courante = (n || 0) % nombre;
    return vues.map(function(_, k) { return k !== courante; });
}
"""
PAUSER = """
function(clics) {
    var pause = (clics || 0) % 2 === 1;
    return [pause, pause ? "Reprendre" : "Pause", pause ? "true" : "false"];
}
"""


def enregistrer(app: dash.Dash) -> None:
    air.enregistrer_eleves(app)
    dash.register_page(__name__, path="/eleves", name="Élèves", title=titre, order=1, layout=layout)
    app.callback(
        Output(ids.ELEVES_ADRESSE, "href"),
        Output(f"{ids.ELEVES_CHOIX}-reponse", "children"),
        Input(ids.ELEVES_CHOIX, "value"),
        prevent_initial_call=True,
    )(changer_de_lycee)
    app.callback(
        [Output(f"{ids.ELEVES_SUIVI}-{k}", "children") for k in range(suivi.VUES_ELEVES)],
        Input(ids.ELEVES_PARAMETRES, "data"),
    )(remplir)
    app.callback(
        Output(f"{ids.ELEVES_SUIVI}-{suivi.VUE_DEFIS}", "children", allow_duplicate=True),
        Input(ids.ELEVES_CLASSEMENT, "n_intervals"),
        State(ids.ELEVES_PARAMETRES, "data"),
        prevent_initial_call=True,
    )(rafraichir_defis)
    app.clientside_callback(
        DEFILER,
        Output({"type": ids.ELEVES_VUES, "index": ALL}, "hidden"),
        Input(ids.ELEVES_MINUTERIE, "n_intervals"),
        State(ids.ELEVES_MINUTERIE, "disabled"),
        State({"type": ids.ELEVES_VUES, "index": ALL}, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        PAUSER,
        Output(ids.ELEVES_MINUTERIE, "disabled"),
        Output(ids.ELEVES_PAUSE, "children"),
        Output(ids.ELEVES_PAUSE, "aria-pressed"),
        Input(ids.ELEVES_PAUSE, "n_clicks"),
        prevent_initial_call=True,
    )
