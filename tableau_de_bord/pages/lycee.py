"""La page d'un lycée (/lycee/<uai>), pour son gestionnaire : consommation par période comparée
à l'an dernier, courbe de charge, profil de la semaine (heure × jour), compteurs et kits ; chaque
section a son module dans tableau_de_bord/sections/, cette page les assemble et les relie à ses
choix (énergie, période, pas).

L'adresse peut préciser `?energie=gaz&debut=2026-03-01&fin=2026-04-01&pas=jour` (fin exclue,
comme dans l'API) ; par défaut, les 30 jours qui précèdent aujourd'hui, par jour.
"""

from datetime import date, timedelta

import dash
from dash import Input, Output, State, dcc, html

from noyau.calculs.lecture import site
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import Energie, valider_energie, valider_uai
from noyau.domaine.periodes import Pas, valider_pas
from noyau.domaine.temps import lire_borne
from tableau_de_bord import composants, donnees, ids, suivi
from tableau_de_bord.gestion import alertes, objectifs, reglages
from tableau_de_bord.sections import ambiance, consommation, courbes, kits, numerique

DUREES = {"7 jours": "7j", "30 jours": "30j", "12 mois": "12m"}


def titre(uai: str = "") -> str:
    return f"Enerlycée — lycée {uai.upper()}"


def layout(
    uai: str = "", energie: str = "electricite", debut: str | None = None, fin: str | None = None, pas: str = "jour", **_autres
) -> html.Div:
    uai = uai.strip().upper()
    try:
        lycee = site(donnees.stockage(), uai)
    except Introuvable:
        return composants.message("Lycée inconnu", f"Aucun lycée n'a l'UAI « {uai} » dans Enerlycée.")
    try:
        choix, pas_choisi = valider_energie(energie), valider_pas(pas)
        jour_fin = lire_borne(fin).date() if fin else donnees.aujourd_hui()
        jour_debut = lire_borne(debut).date() if debut else jour_fin - timedelta(days=30)
    except DonneeInvalide as erreur:
        return composants.message("Adresse invalide", str(erreur))
    surface = f", {texte.quantite(lycee.surface_m2, 'm²')}" if lycee.surface_m2 else ""
    return html.Div(
        [
            html.P([dcc.Link("Vue régionale", href="/"), f" › {lycee.nom}"], className="fil"),
            html.H1(lycee.nom),
            html.P([f"{lycee.commune} — UAI {lycee.uai}{surface} — ",
                    dcc.Link("la page des élèves", href=f"/eleves?uai={lycee.uai}")]),
            dcc.Location(id=ids.LYCEE_ADRESSE, refresh="callback-nav"),
            dcc.Store(id=ids.LYCEE_UAI, data=lycee.uai),
            html.Div(composants.choix_lycee(ids.LYCEE_CHOIX, donnees.sites(), lycee.uai, "Changer de lycée"),
                     className="choix"),
            _choix(lycee.uai, choix, jour_debut, jour_fin, pas_choisi, duree=None if debut else "30j"),
            html.H2("Consommation par période, comparée à l'an dernier"),
            dcc.Loading(
                html.Div(consommation.section(lycee.uai, choix, jour_debut, jour_fin, pas_choisi), id=ids.LYCEE_CONSOMMATION)
            ),
            # Le reste se remplit juste après, par deux rappels : le graphique principal d'abord.
            *suivi.sections(reglages.formulaires_du_lycee(lycee.uai), objectifs.formulaires_du_lycee(lycee.uai),
                            alertes.formulaires_du_lycee(lycee.uai)),
            *numerique.section_lycee(),
            *ambiance.section_lycee(),
            html.H2("Courbe de charge des 7 derniers jours de la période"),
            dcc.Loading(html.Div(_attente(), id=ids.LYCEE_COURBE)),
            html.H2("Profil de la semaine : puissance moyenne par heure et par jour"),
            dcc.Loading(html.Div(_attente(), id=ids.LYCEE_CHALEUR)),
            html.H2("Compteurs, sous-compteurs et kits"),
            html.Div(_attente(), id=ids.LYCEE_KITS),
        ]
    )


def _attente() -> html.P:
    return html.P("Chargement…", className="note")


def _choix(uai: str, energie: Energie, debut: date, fin: date, pas: Pas, duree: str | None) -> html.Div:
    pas_proposes = [{"label": texte.NOMS_PAS[p], "value": p.value} for p in Pas if p is not Pas.ANNEE]
    return html.Div(
        [
            composants.choix_energie(ids.LYCEE_ENERGIE, energie, donnees.energies(uai)),
            composants.boutons(ids.LYCEE_DUREE, "Durée", [{"label": k, "value": v} for k, v in DUREES.items()], duree),
            composants.choix_jour(ids.LYCEE_DEBUT, "Du", debut),
            composants.choix_jour(ids.LYCEE_FIN, "Au (inclus)", fin - timedelta(days=1)),
            composants.boutons(ids.LYCEE_PAS, "Pas", pas_proposes, pas.value),
        ],
        className="choix",
    )


def debut_pour_duree(duree: str, dernier_jour: str) -> str:
    """Rappel : une durée prédéfinie fixe le premier jour, le dernier jour restant le même."""
    fin = date.fromisoformat(dernier_jour[:10]) + timedelta(days=1)
    debuts = {"7j": fin - timedelta(days=7), "30j": fin - timedelta(days=30), "12m": donnees.meme_jour_an_passe(fin)}
    return debuts[duree].isoformat()


def _periode(premier_jour: str, dernier_jour: str) -> tuple[date, date]:
    return date.fromisoformat(premier_jour[:10]), date.fromisoformat(dernier_jour[:10]) + timedelta(days=1)


def mettre_a_jour(energie: str, premier_jour: str | None, dernier_jour: str | None, pas: str, uai: str) -> list:
    """Rappel : énergie, dates ou pas changés → la consommation refaite (le graphique principal)."""
    if not premier_jour or not dernier_jour:
        return [html.P("Choisissez le premier et le dernier jour.")]
    debut, fin = _periode(premier_jour, dernier_jour)
    return consommation.section(uai, valider_energie(energie), debut, fin, Pas(pas))


def completer(energie: str, premier_jour: str | None, dernier_jour: str | None, uai: str) -> tuple:
    """Rappel, à l'ouverture puis à chaque énergie ou période : analyse, trajectoire, courbe de
    charge, profil de la semaine et compteurs (ce qui ne dépend pas du pas)."""
    if not premier_jour or not dernier_jour:
        raise dash.exceptions.PreventUpdate
    choix, (debut, fin) = valider_energie(energie), _periode(premier_jour, dernier_jour)
    if fin <= debut:
        raise dash.exceptions.PreventUpdate
    return (suivi.analyse(uai, choix, debut, fin), suivi.objectifs(uai, choix, fin), courbes.courbe(uai, choix, fin),
            courbes.chaleur(uai, choix, fin), kits.resume(uai, debut, fin))


def suivre(uai: str) -> tuple[list, list]:
    """Rappel, à l'ouverture : alertes et actions du lycée (elles ne dépendent pas de la période)."""
    uai = valider_uai(uai)
    return suivi.alertes(uai), suivi.actions(uai)


def changer_de_lycee(saisi: str | None, actuel: str) -> tuple:
    """Rappel : un lycée tapé (nom, commune ou UAI) → sa page, sans rechargement ; plusieurs ou
    aucun : la liste, ou le dire."""
    trouves = composants.lycees_tapes(saisi, donnees.sites())
    if len(trouves) == 1:
        if trouves[0].uai == actuel:
            raise dash.exceptions.PreventUpdate
        return f"/lycee/{trouves[0].uai}", []
    return dash.no_update, composants.reponse_choix(trouves, lambda uai: f"/lycee/{uai}")


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path_template="/lycee/<uai>", name="Lycée", title=titre, layout=layout)
    numerique.enregistrer_lycee(app)
    ambiance.enregistrer_lycee(app)
    app.callback(
        Output(ids.LYCEE_DEBUT, "date"),
        Input(ids.LYCEE_DUREE, "value"),
        State(ids.LYCEE_FIN, "date"),
        prevent_initial_call=True,
    )(debut_pour_duree)
    app.callback(
        Output(ids.LYCEE_ADRESSE, "href"),
        Output(f"{ids.LYCEE_CHOIX}-reponse", "children"),
        Input(ids.LYCEE_CHOIX, "value"),
        State(ids.LYCEE_UAI, "data"),
        prevent_initial_call=True,
    )(changer_de_lycee)
    app.callback(
        Output(ids.LYCEE_CONSOMMATION, "children"),
        Input(ids.LYCEE_ENERGIE, "value"),
        Input(ids.LYCEE_DEBUT, "date"),
        Input(ids.LYCEE_FIN, "date"),
        Input(ids.LYCEE_PAS, "value"),
        State(ids.LYCEE_UAI, "data"),
        prevent_initial_call=True,
    )(mettre_a_jour)
    app.callback(
        Output(ids.LYCEE_ANALYSE, "children"),
        Output(ids.LYCEE_OBJECTIFS, "children"),
        Output(ids.LYCEE_COURBE, "children"),
        Output(ids.LYCEE_CHALEUR, "children"),
        Output(ids.LYCEE_KITS, "children"),
        Input(ids.LYCEE_ENERGIE, "value"),
        Input(ids.LYCEE_DEBUT, "date"),
        Input(ids.LYCEE_FIN, "date"),
        State(ids.LYCEE_UAI, "data"),
    )(completer)
    app.callback(
        Output(ids.LYCEE_ALERTES, "children"),
        Output(ids.LYCEE_ACTIONS, "children"),
        Input(ids.LYCEE_UAI, "data"),
    )(suivre)
