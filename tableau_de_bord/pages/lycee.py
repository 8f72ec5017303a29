"""La page d'un lycée (/lycee/<uai>) : consommation par période, courbe de charge, compteurs.

L'adresse peut préciser `?energie=gaz&debut=2026-03-01&fin=2026-04-01&pas=jour` (fin exclue,
comme dans l'API) ; par défaut, les 30 jours qui précèdent aujourd'hui, par jour.
"""

from datetime import date, timedelta

import dash
from dash import Input, Output, State, dcc, html

from noyau.erreurs import DonneeInvalide, Introuvable
from noyau.identifiants import Energie, valider_energie
from noyau.lecture import site
from noyau.periodes import Pas, valider_pas
from noyau.temps import lire_borne
from tableau_de_bord import composants, donnees, figures, ids, texte

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
            html.P(f"{lycee.commune} — UAI {lycee.uai}{surface}"),
            dcc.Store(id=ids.LYCEE_UAI, data=lycee.uai),
            _choix(choix, jour_debut, jour_fin, pas_choisi, duree=None if debut else "30j"),
            html.H2("Consommation par période"),
            dcc.Loading(
                html.Div(consommation(lycee.uai, choix, jour_debut, jour_fin, pas_choisi), id=ids.LYCEE_CONSOMMATION)
            ),
            html.H2("Courbe de charge des 7 derniers jours de la période"),
            dcc.Loading(html.Div(courbe(lycee.uai, choix, jour_fin), id=ids.LYCEE_COURBE)),
            html.H2("Compteurs et kits"),
            _kits(lycee.uai),
        ]
    )


def _choix(energie: Energie, debut: date, fin: date, pas: Pas, duree: str | None) -> html.Div:
    pas_proposes = [{"label": texte.NOMS_PAS[p], "value": p.value} for p in Pas if p is not Pas.ANNEE]
    return html.Div(
        [
            composants.choix_energie(ids.LYCEE_ENERGIE, energie),
            _boutons(ids.LYCEE_DUREE, "Durée", [{"label": k, "value": v} for k, v in DUREES.items()], duree),
            composants.choix_jour(ids.LYCEE_DEBUT, "Du", debut),
            composants.choix_jour(ids.LYCEE_FIN, "Au (inclus)", fin - timedelta(days=1)),
            _boutons(ids.LYCEE_PAS, "Pas", pas_proposes, pas.value),
        ],
        className="choix",
    )


def _boutons(identifiant: str, legende: str, options: list[dict], valeur: str | None) -> html.Fieldset:
    return html.Fieldset(
        [html.Legend(legende), dcc.RadioItems(id=identifiant, options=options, value=valeur, inline=True)],
        className="champ",
    )


def debut_pour_duree(duree: str, dernier_jour: str) -> str:
    """Rappel : une durée prédéfinie fixe le premier jour, le dernier jour restant le même."""
    fin = date.fromisoformat(dernier_jour[:10]) + timedelta(days=1)
    debuts = {"7j": fin - timedelta(days=7), "30j": fin - timedelta(days=30), "12m": donnees.meme_jour_an_passe(fin)}
    return debuts[duree].isoformat()


def mettre_a_jour(
    energie: str, premier_jour: str | None, dernier_jour: str | None, pas: str, uai: str
) -> tuple[list, list]:
    """Rappel : énergie, dates ou pas changés → consommation et courbe de charge refaites."""
    if not premier_jour or not dernier_jour:
        attente = [html.P("Choisissez le premier et le dernier jour.")]
        return attente, attente
    choix = valider_energie(energie)
    debut, fin = date.fromisoformat(premier_jour[:10]), date.fromisoformat(dernier_jour[:10]) + timedelta(days=1)
    return consommation(uai, choix, debut, fin, Pas(pas)), courbe(uai, choix, fin)


def consommation(uai: str, energie: Energie, debut: date, fin: date, pas: Pas) -> list:
    if fin <= debut:
        return [html.P("Le premier jour doit précéder le dernier.", role="alert")]
    if pas is Pas.HEURE and (fin - debut).days > JOURS_MAX_PAR_HEURE:
        return [html.P(f"Le pas horaire est limité à {JOURS_MAX_PAR_HEURE} jours : choisissez un pas plus long "
                       "ou une période plus courte.", role="alert")]
    conso = donnees.consommation(uai, energie, debut, fin, pas)
    somme, points = donnees.total(conso, debut, fin), donnees.points(conso)
    u = texte.unite(conso.unite)
    return [
        html.P(_phrase_total(somme, conso.unite, energie, debut, fin), className="total"),
        dcc.Graph(
            id=ids.LYCEE_GRAPHIQUE,
            figure=figures.barres_consommation(points, conso.unite, pas),
            config=figures.CONFIGURATION,
        ),
        composants.alternative(
            "Tableau des valeurs",
            composants.tableau(
                f"{texte.NOMS_ENERGIES[energie]} par {texte.NOMS_PAS[pas]}, {texte.periode(debut, fin)}",
                ["Période", f"Consommation ({u})", "Données"],
                [[p.libelle, texte.nombre(p.valeur, 1), _etat(p.complet)] for p in points.itertuples()],
            ),
        ),
        html.P(composants.NOTE_INCOMPLET, className="note"),
    ]


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
    u, p = texte.unite(conso.unite), figures.unite_de_puissance(conso.unite)
    return [
        html.P(f"Moyenne de chaque heure, {texte.periode(debut, fin)}, heure de Paris."),
        dcc.Graph(
            id=ids.LYCEE_COURBE_GRAPHIQUE,
            figure=figures.courbe_de_charge(points, conso.unite),
            config=figures.CONFIGURATION,
        ),
        composants.alternative(
            "Tableau des valeurs",
            composants.tableau(
                f"Courbe de charge, {texte.periode(debut, fin)}",
                ["Heure", f"{figures.nom_de_puissance(conso.unite)} ({p})", f"Consommation ({u})", "Données"],
                [
                    [ligne.libelle, texte.nombre(puissance, 1), texte.nombre(ligne.valeur, 1), _etat(ligne.complet)]
                    for ligne, puissance in zip(points.itertuples(), figures.puissances(points))
                ],
            ),
        ),
    ]


def _etat(complet: bool) -> str:
    return "complet" if complet else "incomplet"


def _kits(uai: str) -> html.Table:
    return composants.tableau(
        "Les compteurs du lycée et le dernier message de leur kit (heure de Paris)",
        ["Compteur", "Énergie", "Rôle", "Usage", "Grandeurs mesurées", "Dernier relevé", "Dernier message reçu"],
        [
            [
                kit.compteur,
                texte.NOMS_ENERGIES[kit.energie] if kit.energie else "aucune (sonde d'ambiance)",
                _role(kit),
                kit.usage or "—",
                ", ".join(kit.grandeurs) or "—",
                texte.instant(kit.dernier_releve) if kit.dernier_releve is not None else "jamais",
                texte.instant(kit.dernier_recu) if kit.dernier_recu is not None else "jamais",
            ]
            for kit in donnees.kits(uai)
        ],
    )


def _role(kit: donnees.Kit) -> str:
    if kit.energie is None:
        return "sonde"
    return "principal (compté dans le total)" if kit.principal else "sous-compteur (hors total)"


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path_template="/lycee/<uai>", name="Lycée", title=titre, layout=layout)
    app.callback(
        Output(ids.LYCEE_DEBUT, "date"),
        Input(ids.LYCEE_DUREE, "value"),
        State(ids.LYCEE_FIN, "date"),
        prevent_initial_call=True,
    )(debut_pour_duree)
    app.callback(
        Output(ids.LYCEE_CONSOMMATION, "children"),
        Output(ids.LYCEE_COURBE, "children"),
        Input(ids.LYCEE_ENERGIE, "value"),
        Input(ids.LYCEE_DEBUT, "date"),
        Input(ids.LYCEE_FIN, "date"),
        Input(ids.LYCEE_PAS, "value"),
        State(ids.LYCEE_UAI, "data"),
        prevent_initial_call=True,
    )(mettre_a_jour)
