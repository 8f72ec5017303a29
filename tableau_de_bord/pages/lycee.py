"""La page d'un lycée (/lycee/<uai>), pour son gestionnaire : consommation par période comparée
à l'an dernier, courbe de charge, profil de la semaine (heure × jour), compteurs et kits.

L'adresse peut préciser `?energie=gaz&debut=2026-03-01&fin=2026-04-01&pas=jour` (fin exclue,
comme dans l'API) ; par défaut, les 30 jours qui précèdent aujourd'hui, par jour.
"""

from datetime import date, timedelta

import dash
import pandas as pd
from dash import Input, Output, State, dcc, html

from noyau.calculs.lecture import site
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import Energie, valider_energie
from noyau.domaine.periodes import Pas, valider_pas
from noyau.domaine.temps import lire_borne
from tableau_de_bord import composants, donnees, figures, ids, suivi
from tableau_de_bord.gestion import alertes, objectifs, reglages
from tableau_de_bord.sections import ambiance, numerique

DUREES = {"7 jours": "7j", "30 jours": "30j", "12 mois": "12m"}
JOURS_MAX_PAR_HEURE = 31


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
                html.Div(consommation(lycee.uai, choix, jour_debut, jour_fin, pas_choisi), id=ids.LYCEE_CONSOMMATION)
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
    return consommation(uai, valider_energie(energie), debut, fin, Pas(pas))


def completer(energie: str, premier_jour: str | None, dernier_jour: str | None, uai: str) -> tuple:
    """Rappel, à l'ouverture puis à chaque énergie ou période : analyse, trajectoire, courbe de
    charge, profil de la semaine et compteurs (ce qui ne dépend pas du pas)."""
    if not premier_jour or not dernier_jour:
        raise dash.exceptions.PreventUpdate
    choix, (debut, fin) = valider_energie(energie), _periode(premier_jour, dernier_jour)
    if fin <= debut:
        raise dash.exceptions.PreventUpdate
    return (suivi.analyse(uai, choix, debut, fin), suivi.objectifs(uai, choix, fin), courbe(uai, choix, fin),
            chaleur(uai, choix, fin), _kits(uai, debut, fin))


def suivre(uai: str) -> tuple[list, list]:
    """Rappel, à l'ouverture : alertes et actions du lycée (elles ne dépendent pas de la période)."""
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


def consommation(uai: str, energie: Energie, debut: date, fin: date, pas: Pas) -> list:
    if fin <= debut:
        return [html.P("Le premier jour doit précéder le dernier.", role="alert")]
    if pas is Pas.HEURE and (fin - debut).days > JOURS_MAX_PAR_HEURE:
        return [html.P(f"Le pas horaire est limité à {JOURS_MAX_PAR_HEURE} jours : choisissez un pas plus long "
                       "ou une période plus courte.", role="alert")]
    conso = donnees.consommation(uai, energie, debut, fin, pas)
    passe = donnees.consommation_an_passe(uai, energie, debut, fin, pas)
    somme, points = donnees.total(conso, debut, fin), donnees.points(conso)
    debut_passe, fin_passe = donnees.meme_jour_an_passe(debut), donnees.meme_jour_an_passe(fin)
    somme_passe, points_passes = donnees.total(passe, debut_passe, fin_passe), donnees.points(passe)
    return [
        html.P(_phrase_total(somme, conso.unite, energie, debut, fin), className="total"),
        html.P(_phrase_an_passe(somme, somme_passe, conso.unite, debut_passe, fin_passe), className="total"),
        *_phrase_climat(uai, energie, debut, fin, somme),
        html.Figure(
            [
                dcc.Graph(
                    id=ids.LYCEE_GRAPHIQUE,
                    figure=figures.annoter_actions(
                        figures.barres_consommation(points, conso.unite, pas, donnees.alignes(points, points_passes)),
                        suivi.actions_pour_graphique(uai, debut, fin),
                    ),
                    config=figures.CONFIGURATION,
                ),
                composants.alternative_differee("lycee-consommation", uai=uai, energie=energie.value,
                                                debut=debut.isoformat(), fin=fin.isoformat(), pas=pas.value),
            ],
            className="figure",
        ),
        html.P(composants.NOTE_INCOMPLET, className="note"),
    ]


@composants.differe("lycee-consommation")
def tableau_consommation(uai: str, energie: str, debut: str, fin: str, pas: str) -> html.Table:
    """Le tableau des valeurs du graphique de consommation (construit à l'ouverture)."""
    choix, jour_debut, jour_fin, pas_choisi = Energie(energie), date.fromisoformat(debut), date.fromisoformat(fin), Pas(pas)
    conso = donnees.consommation(uai, choix, jour_debut, jour_fin, pas_choisi)
    passe = donnees.consommation_an_passe(uai, choix, jour_debut, jour_fin, pas_choisi)
    u = texte.unite(conso.unite)
    return composants.tableau(
        f"{texte.NOMS_ENERGIES[choix]} par {texte.NOMS_PAS[pas_choisi]}, {texte.periode(jour_debut, jour_fin)}, "
        f"et la même période un an plus tôt",
        ["Période", f"Consommation ({u})", "Données", f"Un an plus tôt ({u})"],
        _lignes_comparees(donnees.points(conso), donnees.points(passe)),
    )


def _lignes_comparees(points, points_passes) -> list[list]:
    """Chaque période et, s'il existe, le point de la même période un an plus tôt (même rang)."""
    valeurs_passees = donnees.alignes(points, points_passes)["valeur"]
    return [
        [p.libelle, texte.nombre(p.valeur, 1), _etat(p.complet), "—" if pd.isna(v) else texte.nombre(v, 1)]
        for p, v in zip(points.itertuples(), valeurs_passees)
    ]


def _phrase_an_passe(somme: donnees.Total, passe: donnees.Total, unite: str, debut: date, fin: date) -> list:
    periode = texte.periode(debut, fin)
    if passe.valeur is None:
        return [f"Un an plus tôt ({periode}) : aucune donnée."]
    phrase = [f"Un an plus tôt ({periode}) : {texte.quantite(passe.valeur, unite)}"]
    if not passe.complet:
        return phrase + [" ", html.Span("(incomplet : comparaison impossible)", className="incomplet"), "."]
    if somme.valeur is None or not passe.valeur:
        return phrase + ["."]
    ecart = somme.valeur / passe.valeur - 1
    sens = "de moins" if ecart < 0 else "de plus"
    return phrase + [" — soit ", html.Strong(f"{texte.evolution(ecart)}"),
                     f" ({texte.quantite(abs(somme.valeur - passe.valeur), unite)} {sens})",
                     "" if somme.complet else " sur des données incomplètes", "."]


def _phrase_climat(uai: str, energie: Energie, debut: date, fin: date, somme: donnees.Total) -> list:
    """Pour une énergie de chauffage : l'an passé ramené au climat de cette année (DJU)."""
    if somme.valeur is None or (fin - debut).days > 400:
        return []
    corrige = donnees.an_passe_corrige(uai, energie, debut, fin)
    if corrige is None or not corrige.part_chauffage:
        return []
    ecart = somme.valeur / corrige.corrigee - 1 if corrige.corrigee else 0.0
    return [html.P([
        f"Corrigé du climat (chauffage, {texte.nombre(100 * corrige.part_chauffage)} % de la consommation ; DJU base 18 °C : "
        f"{texte.nombre(corrige.dju)} cette année, {texte.nombre(corrige.dju_an_passe)} un an plus tôt) : un an plus tôt "
        f"aurait consommé {texte.quantite(corrige.corrigee, energie.unite)} — soit ", html.Strong(texte.evolution(ecart)), ".",
    ], className="total")]


def _phrase_total(somme: donnees.Total, unite: str, energie: Energie, debut: date, fin: date) -> list:
    periode = texte.periode(debut, fin)
    if somme.valeur is None:
        return [f"Aucune donnée de {texte.NOMS_ENERGIES[energie].lower()} {periode}."]
    return [
        html.Strong(f"Total : {texte.quantite(somme.valeur, unite)}"),
        f" ({texte.NOMS_ENERGIES[energie].lower()}, compteurs principaux, {periode}) — ",
        "données complètes" if somme.complet else html.Span("données incomplètes", className="incomplet"),
    ]


def courbe(uai: str, energie: Energie, fin: date) -> list:
    debut = fin - timedelta(days=7)
    conso = donnees.consommation(uai, energie, debut, fin, Pas.HEURE)
    points = donnees.points(conso)
    return [
        html.P(f"Moyenne de chaque heure, {texte.periode(debut, fin)}, heure de Paris."),
        html.Figure(
            [
                dcc.Graph(
                    id=ids.LYCEE_COURBE_GRAPHIQUE,
                    figure=figures.annoter_actions(figures.courbe_de_charge(points, conso.unite),
                                                   suivi.actions_pour_graphique(uai, debut, fin)),
                    config=figures.CONFIGURATION,
                ),
                composants.alternative_differee("lycee-courbe", uai=uai, energie=energie.value, fin=fin.isoformat()),
            ],
            className="figure",
        ),
    ]


@composants.differe("lycee-courbe")
def tableau_courbe(uai: str, energie: str, fin: str) -> html.Table:
    jour_fin = date.fromisoformat(fin)
    debut = jour_fin - timedelta(days=7)
    conso = donnees.consommation(uai, Energie(energie), debut, jour_fin, Pas.HEURE)
    points = donnees.points(conso)
    u, p = texte.unite(conso.unite), figures.unite_de_puissance(conso.unite)
    return composants.tableau(
        f"Courbe de charge, {texte.periode(debut, jour_fin)}",
        ["Heure", f"{figures.nom_de_puissance(conso.unite)} ({p})", f"Consommation ({u})", "Données"],
        [
            [ligne.libelle, texte.nombre(puissance, 1), texte.nombre(ligne.valeur, 1), _etat(ligne.complet)]
            for ligne, puissance in zip(points.itertuples(), figures.puissances(points))
        ],
    )


def chaleur(uai: str, energie: Energie, fin: date, semaines: int = 4) -> list:
    """La carte de chaleur heure × jour des `semaines` dernières semaines de la période."""
    debut = fin - timedelta(weeks=semaines)
    conso_unite = energie.unite
    moyennes = donnees.profil_semaine(uai, energie, fin, semaines)
    return [
        html.P(f"{figures.nom_de_puissance(conso_unite)} de chaque heure de la semaine, {texte.periode(debut, fin)} "
               "(moyenne des jours de même nom) : ce qui reste allumé la nuit et le week-end se voit ici."),
        html.Figure(
            [
                dcc.Graph(id=ids.LYCEE_CHALEUR_GRAPHIQUE, figure=figures.carte_de_chaleur(moyennes, conso_unite),
                          config=figures.CONFIGURATION_FIXE),
                composants.alternative_differee("lycee-chaleur", uai=uai, energie=energie.value, fin=fin.isoformat(),
                                                semaines=semaines),
            ],
            className="figure",
        ),
    ]


@composants.differe("lycee-chaleur")
def tableau_chaleur(uai: str, energie: str, fin: str, semaines: int) -> html.Table:
    choix, jour_fin = Energie(energie), date.fromisoformat(fin)
    debut = jour_fin - timedelta(weeks=semaines)
    moyennes = donnees.profil_semaine(uai, choix, jour_fin, semaines)
    return composants.tableau(
        f"{figures.nom_de_puissance(choix.unite)} ({figures.unite_de_puissance(choix.unite)}) par heure (lignes) "
        f"et jour (colonnes), {texte.periode(debut, jour_fin)}",
        ["Heure", *figures.JOURS_SEMAINE],
        [[f"{h} h", *("—" if pd.isna(v) else texte.nombre(v, 1) for v in moyennes[h])] for h in moyennes.columns],
    )


def _etat(complet: bool) -> str:
    return "complet" if complet else "incomplet"


def _kits(uai: str, debut: date, fin: date) -> list:
    """Une phrase sur les kits (le plus ancien dernier message d'abord : un kit muet se voit), le
    tableau de chaque compteur construit quand on le déplie (la page reste légère)."""
    kits = donnees.kits(uai)
    if not kits:
        return [html.P("Aucun compteur déclaré pour ce lycée.")]
    recus = sorted((kit.dernier_recu, kit.compteur) for kit in kits if kit.dernier_recu is not None)
    jamais = [kit.compteur for kit in kits if kit.dernier_recu is None]
    phrase = [f"{texte.nombre(len(kits))} compteurs et sondes."]
    if recus:
        phrase.append(f" Dernier message reçu : le plus récent {texte.instant(recus[-1][0])} ({recus[-1][1]}), "
                      f"le plus ancien {texte.instant(recus[0][0])} ({recus[0][1]}).")
    if jamais:
        phrase.append(f" Jamais de message : {', '.join(sorted(jamais))}.")
    return [html.P(phrase),
            composants.alternative_differee("lycee-kits", f"Le détail de ses {len(kits)} compteurs et sondes",
                                            uai=uai, debut=debut.isoformat(), fin=fin.isoformat())]


@composants.differe("lycee-kits")
def tableau_kits(uai: str, debut: str, fin: str) -> html.Table:
    jour_debut, jour_fin = date.fromisoformat(debut), date.fromisoformat(fin)
    kits = donnees.kits(uai)
    consommations = donnees.consommations_compteurs(uai, kits, jour_debut, jour_fin)
    return composants.tableau(
        f"Les compteurs du lycée, leur consommation {texte.periode(jour_debut, jour_fin)} et le dernier message "
        "de leur kit (heure de Paris)",
        ["Compteur", "Énergie", "Rôle", "Usage", "Grandeurs mesurées", "Consommation sur la période",
         "Dernier relevé", "Dernier message reçu"],
        [
            [
                kit.compteur,
                texte.NOMS_ENERGIES[kit.energie] if kit.energie else "aucune (sonde d'ambiance)",
                _role(kit),
                kit.usage or "—",
                ", ".join(kit.grandeurs) or "—",
                _conso_compteur(consommations.get(kit.compteur)),
                texte.instant(kit.dernier_releve) if kit.dernier_releve is not None else "jamais",
                texte.instant(kit.dernier_recu) if kit.dernier_recu is not None else "jamais",
            ]
            for kit in kits
        ],
    )


def _conso_compteur(somme: tuple[donnees.Total, str] | None) -> list | str:
    if somme is None:
        return "—"
    total, unite = somme
    if total.valeur is None:
        return "aucune donnée"
    return composants.avec_etat(texte.quantite(total.valeur, unite), total.complet)


def _role(kit: donnees.Kit) -> str:
    if kit.energie is None:
        return "sonde"
    return "principal (compté dans le total)" if kit.principal else "sous-compteur (hors total)"


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
