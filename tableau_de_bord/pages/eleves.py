"""La page des élèves (/eleves?uai=...) : gros chiffres, lisible sur un téléphone comme sur l'écran
du hall. `&fin=AAAA-MM-JJ` : le jour (exclu) où finit la semaine montrée ; par défaut, aujourd'hui.

`&kiosque=1` : l'écran du hall, sans le menu, qui tourne seul des semaines :
- une vue après l'autre, dans le navigateur (toutes les 15 secondes, `&duree=30` pour 30 ; bouton
  « Pause ») ; avec `prefers-reduced-motion`, deux fois plus lentement, sans transition ;
- ses données rafraîchies (toutes les 10 minutes, `&rafraichir=5` pour 5, de 0,1 à 1 440 ; et juste
  après minuit) par un seul rappel (`rafraichir`), sans recharger la page ni arrêter la rotation ;
- hors ligne (serveur arrêté, réseau coupé), il garde ses données et le dit discrètement
  (« Mis à jour il y a 12 min »), puis reprend seul, sans erreur de Dash ;
- la page se recharge entièrement (une fois, serveur joignable) quand le serveur sert une autre
  version du tableau de bord (tableau_de_bord.version), et chaque jour juste après minuit : la
  mémoire du navigateur reste plate des semaines durant.
Le travail du navigateur (rotation, horloge, sonde du serveur) : assets/kiosque.js.

Les vues : la semaine comparée à la même semaine de l'an dernier (mêmes jours de la semaine,
52 semaines plus tôt) ; puis ce que le noyau expose des défis, objectifs, équivalences et
actions (`tableau_de_bord.sections.vues_eleves`) ; enfin l'air des salles (`tableau_de_bord.sections.air`).

Sous les vues (hors mode kiosque), « Agir pour notre lycée » : les formulaires des défis
(enseignant, gestionnaire, Région : `tableau_de_bord.gestion.defis`) et des actions (les mêmes et
l'éco-délégué : `tableau_de_bord.gestion.actions`), selon le code d'accès de la session.
"""

import logging
import math
from datetime import date, timedelta

import dash
import pandas as pd
from dash import ALL, ClientsideFunction, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from noyau.calculs.cache import d_un_lycee, en_cache
from noyau.calculs.lecture import site
from noyau.communaute.jetons import ECRIRE_ACTIONS
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import lire_borne
from tableau_de_bord import composants, donnees, figures, ids
from tableau_de_bord.formulaires.reserve import invitation
from tableau_de_bord.gestion import actions, defis
from tableau_de_bord.sections import air, vues_eleves

DUREE_VUE_MS = 15_000
RAFRAICHIR_MIN = 10.0
RAFRAICHIR_BORNES_MIN = (0.1, 1440.0)  # de 6 secondes (pour essayer) à un jour
HORLOGE_MS = 60_000  # l'horloge de l'écran : la mention « mis à jour il y a », minuit, les essais hors ligne
POLICE_KIOSQUE = 24  # pixels : rien de plus petit sur l'écran du hall (1080p, lu de loin)
HAUTEUR_KIOSQUE = 400  # pixels : la première vue tient dans un écran 1080p, axe des jours compris
ENERGIE = Energie.ELECTRICITE

journal = logging.getLogger(__name__)


def titre(uai: str = "", **_autres) -> str:
    return "Enerlycée — élèves"


def layout(uai: str | None = None, kiosque: str = "", fin: str | None = None, duree: str = "", rafraichir: str = "",
           **_autres) -> html.Div:
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
        jour_fin = lire_borne(fin).date() if fin else None
    except DonneeInvalide as erreur:
        return composants.message("Adresse invalide", str(erreur))
    duree_ms = 1000 * min(max(int(duree), 2), 600) if duree.isdigit() else DUREE_VUE_MS
    parametres = {"uai": lycee.uai, "fin": jour_fin and jour_fin.isoformat(), "kiosque": en_kiosque,
                  "rafraichir_ms": round(60_000 * minutes_de_rafraichissement(rafraichir))}
    vues = [_semaine(lycee.uai, jour_fin or donnees.aujourd_hui(), en_kiosque),
            *(html.Div(html.P("Chargement…", className="note"), id=f"{ids.ELEVES_SUIVI}-{k}") for k in range(vues_eleves.NOMBRE)),
            air.vue_eleves()]
    return html.Div(
        [
            html.H1(["Nos économies d'énergie", html.Span(lycee.nom, className="sous-titre")]),
            dcc.Location(id=ids.ELEVES_ADRESSE, refresh="callback-nav"),
            dcc.Store(id=ids.ELEVES_PARAMETRES, data=parametres),
            dcc.Store(id=ids.ELEVES_DEMANDE, data=0),
            dcc.Store(id=ids.ELEVES_ETAT),
            html.Div(
                [composants.choix_lycee(ids.ELEVES_CHOIX, lycees, lycee.uai, "Choisir son lycée"),
                 html.P(dcc.Link("Mode écran du hall", href=f"/eleves?uai={lycee.uai}&kiosque=1"))],
                className="choix", hidden=en_kiosque,
            ),
            *_kiosque(en_kiosque, len(vues), duree_ms, parametres["rafraichir_ms"]),
            html.Div(
                [html.Section(vue, id={"type": ids.ELEVES_VUES, "index": k}, className="vue",
                              hidden=en_kiosque and k > 0)
                 for k, vue in enumerate(vues)],
                className="vues kiosque" if en_kiosque else "vues",
            ),
            *([] if en_kiosque else _agir(lycee.uai)),
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


def minutes_de_rafraichissement(saisi: str) -> float:
    """`&rafraichir=` en minutes (« 5 », « 0,5 ») ramené à ses bornes ; absent ou illisible : 10.
    L'écran du hall n'affiche jamais d'erreur : la valeur retenue est écrite sous le bouton Pause."""
    try:
        minutes = float(saisi.replace(",", "."))
    except ValueError:
        return RAFRAICHIR_MIN
    if not math.isfinite(minutes):
        return RAFRAICHIR_MIN
    return min(max(minutes, RAFRAICHIR_BORNES_MIN[0]), RAFRAICHIR_BORNES_MIN[1])


def _kiosque(actif: bool, nombre: int, duree_ms: int, rafraichir_ms: int) -> list:
    if not actif:
        return []
    return [
        dcc.Interval(id=ids.ELEVES_MINUTERIE, interval=duree_ms),
        dcc.Interval(id=ids.ELEVES_HORLOGE, interval=min(HORLOGE_MS, rafraichir_ms)),
        dcc.Store(id=ids.ELEVES_RECU),
        html.Div([
            html.Button("Pause", id=ids.ELEVES_PAUSE, className="bouton", **{"aria-pressed": "false"}),
            html.P(["Une vue toutes les ",
                    html.Span(f"{duree_ms // 1000} secondes", className="hors-mouvement-reduit"),
                    html.Span(f"{2 * duree_ms // 1000} secondes", className="en-mouvement-reduit"),  # assets/kiosque.js
                    f" ({nombre} vues) ; données mises à jour toutes les {_duree(rafraichir_ms)}."], className="note"),
            html.P(id=ids.ELEVES_MISE_A_JOUR, className="mise-a-jour"),
        ], className="barre-kiosque"),
    ]


def _duree(ms: int) -> str:
    secondes = round(ms / 1000)
    if secondes < 60:
        return f"{secondes} secondes"
    minutes = secondes / 60
    return "minutes" if minutes == 1 else f"{texte.nombre(minutes, 1 if minutes % 1 else 0)} minutes"  # « toutes les minutes »


def _semaine(uai: str, fin: date, kiosque: bool = False) -> list:
    """La première vue : le grand chiffre, le graphique et son tableau des valeurs (`_chiffres`)."""
    chiffre, figure, tableau = _chiffres(uai, fin, kiosque)
    return [
        html.H2("Cette semaine, comparée à l'an dernier"),
        html.Div(chiffre, id=ids.ELEVES_CHIFFRE),
        html.Figure(
            [dcc.Graph(id=ids.ELEVES_GRAPHIQUE, figure=figure, config=figures.CONFIGURATION_FIXE),
             composants.alternative("Tableau des valeurs", html.Div(tableau, id=ids.ELEVES_TABLEAU))],
            className="figure",
        ),
    ]


def _chiffres(uai: str, fin: date, kiosque: bool) -> tuple:
    """Les 7 derniers jours d'électricité, jour par jour, et les mêmes jours 52 semaines plus tôt :
    le grand chiffre, la figure, le tableau. Rafraîchis chacun à sa place : le graphique n'est que
    redessiné (jamais recréé), rien ne clignote. Gardés (noyau.calculs.cache) tant que l'électricité
    du lycée ne change pas dans ces jours : la figure (plotly) est le plus cher d'une vue du hall."""
    debut, an = fin - timedelta(days=7), timedelta(weeks=52)
    periodes = [(donnees.minuit(debut), donnees.minuit(fin)), (donnees.minuit(debut - an), donnees.minuit(fin - an))]
    return en_cache(donnees.stockage(), d_un_lycee(uai, ENERGIE, periodes=periodes), ("semaine-eleves", uai, fin, kiosque),
                    lambda: _chiffres_calcules(uai, debut, fin, kiosque))


def _chiffres_calcules(uai: str, debut: date, fin: date, kiosque: bool) -> tuple:
    cette = donnees.points(donnees.consommation(uai, ENERGIE, debut, fin, Pas.JOUR))
    avant = donnees.points(donnees.consommation(uai, ENERGIE, debut - timedelta(weeks=52), fin - timedelta(weeks=52), Pas.JOUR))
    jours = pd.DataFrame({"jour": [figures.JOURS_SEMAINE[(debut + timedelta(days=k)).weekday()] for k in range(7)]})
    jours["cette"] = _par_jour(cette, debut)
    jours["avant"] = _par_jour(avant, debut - timedelta(weeks=52))
    return (
        _grand_chiffre(jours),
        figures.semaine_eleves(jours, POLICE_KIOSQUE, HAUTEUR_KIOSQUE) if kiosque else figures.semaine_eleves(jours),
        composants.tableau(
            f"Électricité par jour (kWh), {texte.periode(debut, fin)}, et les mêmes jours il y a 52 semaines",
            ["Jour", "Cette semaine (kWh)", "L'an dernier (kWh)"],
            [[j.jour, _kwh(j.cette), _kwh(j.avant)] for j in jours.itertuples()],
        ),
    )


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


def rafraichir(demande: int, parametres: dict) -> tuple:
    """Rappel, à l'ouverture (`demande` 0 : les vues après la première, déjà dans la page) puis à
    chaque rafraîchissement de l'écran du hall (`demande` 1, 2... : toutes les vues, la semaine
    finissant aujourd'hui sauf `&fin=`). Rend aussi l'état que lit le navigateur (assets/kiosque.js :
    « Mis à jour à 14 h 05 »).
    Une lecture qui échoue pendant un rafraîchissement est journalisée, et l'écran garde ses
    données : le navigateur redemandera à son heure."""
    uai, fin = parametres["uai"], date.fromisoformat(parametres["fin"]) if parametres["fin"] else donnees.aujourd_hui()
    try:
        semaine = _chiffres(uai, fin, parametres.get("kiosque", False)) if demande else (dash.no_update,) * 3
        vues = (*semaine, *vues_eleves.vues(uai, fin), air.eleves(uai, fin))
    except Exception:
        if not demande:
            raise
        journal.exception("Écran du hall %s : rafraîchissement impossible, les données affichées restent", uai)
        raise PreventUpdate from None
    return (*vues, {"demande": demande})


def changer_de_lycee(saisi: str | None) -> tuple:
    """Rappel : un lycée tapé → sa page des élèves ; plusieurs ou aucun : la liste, ou le dire."""
    trouves = composants.lycees_tapes(saisi, donnees.sites())
    if len(trouves) == 1:
        return f"/eleves?uai={trouves[0].uai}", []
    return dash.no_update, composants.reponse_choix(trouves, lambda uai: f"/eleves?uai={uai}")


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path="/eleves", name="Élèves", title=titre, order=1, layout=layout)
    app.callback(
        Output(ids.ELEVES_ADRESSE, "href"),
        Output(f"{ids.ELEVES_CHOIX}-reponse", "children"),
        Input(ids.ELEVES_CHOIX, "value"),
        prevent_initial_call=True,
    )(changer_de_lycee)
    app.callback(
        Output(ids.ELEVES_CHIFFRE, "children"),
        Output(ids.ELEVES_GRAPHIQUE, "figure"),
        Output(ids.ELEVES_TABLEAU, "children"),
        *(Output(f"{ids.ELEVES_SUIVI}-{k}", "children") for k in range(vues_eleves.NOMBRE)),
        Output(ids.ELEVES_AIR, "children"),
        Output(ids.ELEVES_ETAT, "data"),
        Input(ids.ELEVES_DEMANDE, "data"),
        State(ids.ELEVES_PARAMETRES, "data"),
    )(rafraichir)
    # L'écran du hall dans le navigateur (assets/kiosque.js) : la rotation des vues et la pause,
    # sans requête ; l'heure de la dernière réponse ; l'horloge qui demande les rafraîchissements.
    app.clientside_callback(
        ClientsideFunction("kiosque", "defiler"),
        Output({"type": ids.ELEVES_VUES, "index": ALL}, "hidden"),
        Input(ids.ELEVES_MINUTERIE, "n_intervals"),
        State({"type": ids.ELEVES_VUES, "index": ALL}, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosque", "pauser"),
        Output(ids.ELEVES_MINUTERIE, "disabled"),
        Output(ids.ELEVES_PAUSE, "children"),
        Output(ids.ELEVES_PAUSE, "aria-pressed"),
        Input(ids.ELEVES_PAUSE, "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosque", "recevoir"),
        Output(ids.ELEVES_RECU, "data"),
        Output(ids.ELEVES_MISE_A_JOUR, "children"),
        Output(ids.ELEVES_MISE_A_JOUR, "className"),
        Input(ids.ELEVES_ETAT, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("kiosque", "veiller"),
        Output(ids.ELEVES_DEMANDE, "data"),
        Output(ids.ELEVES_MISE_A_JOUR, "children", allow_duplicate=True),
        Output(ids.ELEVES_MISE_A_JOUR, "className", allow_duplicate=True),
        Input(ids.ELEVES_HORLOGE, "n_intervals"),
        State(ids.ELEVES_RECU, "data"),
        State(ids.ELEVES_DEMANDE, "data"),
        State(ids.ELEVES_PARAMETRES, "data"),
        prevent_initial_call=True,
    )
