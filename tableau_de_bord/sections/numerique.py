"""La part du numérique dans le tableau de bord : sa section de la page d'un lycée (total, part de
l'électricité, hors occupation, CO2, chaque équipement, tendance des douze derniers mois) et le
classement régional des lycées équipés (part de l'électricité, kWh par m²). Chaque nombre vient
de noyau.calculs.numerique, le même que l'API sert (`GET /api/v1/sites/{uai}/numerique`).

Les deux sections se remplissent par un rappel, après le reste de la page.
"""

from datetime import date, timedelta

import dash
import numpy as np
import pandas as pd
from dash import Input, Output, State, dcc, html

from noyau.calculs import numerique as _numerique
from noyau.domaine import texte
from noyau.domaine.periodes import Pas
from tableau_de_bord import composants, donnees, figures, ids

PAS_DE_COMPTEUR = ("Aucun compteur numérique déclaré pour ce lycée : un sous-compteur d'électricité d'usage "
                   "« numerique-serveurs », « numerique-reseau », « numerique-salle », « numerique-recharge » ou "
                   "« numerique-affichage » (registre des compteurs) le mesurerait.")
HORS_OCCUPATION = "hors occupation (nuits, week-ends, vacances, jours fériés et fermetures, selon les horaires du lycée)"


def section_lycee() -> list:
    return [html.H2("La part du numérique"),
            dcc.Loading(html.Div(html.P("Chargement…", className="note"), id=ids.LYCEE_NUMERIQUE))]


def section_region() -> list:
    return [html.H2("La part du numérique des lycées équipés"),
            dcc.Loading(html.Div(html.P("Chargement…", className="note"), id=ids.REGION_NUMERIQUE))]


# --- Page d'un lycée ---


def lycee(premier_jour: str | None, dernier_jour: str | None, uai: str) -> list:
    """Rappel, à l'ouverture puis à chaque période : le numérique de la période, puis ses douze derniers mois."""
    if not premier_jour or not dernier_jour:
        raise dash.exceptions.PreventUpdate
    debut, fin = date.fromisoformat(premier_jour[:10]), date.fromisoformat(dernier_jour[:10]) + timedelta(days=1)
    if not 0 < (fin - debut).days <= 400:
        return [html.P("La part du numérique se calcule sur 1 à 400 jours.")]
    part = _numerique.part_numerique(donnees.stockage(), uai, donnees.minuit(debut), donnees.minuit(fin))
    if not part.compteurs:
        return [html.P(PAS_DE_COMPTEUR)]
    return [
        html.P(_phrase(part, debut, fin), className="total"),
        composants.alternative_differee("lycee-numerique-equipements", f"Le détail de ses {len(part.compteurs)} équipements",
                                        uai=uai, debut=debut.isoformat(), fin=fin.isoformat()),
        *_tendance(uai, fin),
    ]


@composants.differe("lycee-numerique-equipements")
def tableau_equipements(uai: str, debut: str, fin: str) -> html.Table:
    """Chaque équipement numérique de la période (construit quand on le déplie : la page reste légère)."""
    jour_debut, jour_fin = date.fromisoformat(debut), date.fromisoformat(fin)
    part = _numerique.part_numerique(donnees.stockage(), uai, donnees.minuit(jour_debut), donnees.minuit(jour_fin))
    return composants.tableau(
        f"Les équipements numériques du lycée, {texte.periode(jour_debut, jour_fin)}",
        ["Équipement", "Compteur", "Consommation (kWh)", "Hors occupation (kWh)", "Part hors occupation", "Données"],
        [[_numerique.nom_d_usage(c.usage).capitalize(), c.compteur, texte.nombre(c.total), texte.nombre(c.hors_occupation),
          _pourcent(c.hors_occupation / c.total if c.total else None), "complet" if c.complet else "incomplet"]
         for c in part.compteurs],
    )


def _phrase(part: _numerique.PartNumerique, debut: date, fin: date) -> list:
    hors = part.hors_occupation / part.total if part.total else None
    electricite = ("part de l'électricité inconnue (pas d'électricité du lycée sur la période)" if part.part_electricite is None
                   else f"{_pourcent(part.part_electricite)} de l'électricité du lycée")
    return [
        html.Strong(f"Numérique : {texte.quantite(part.total, 'kWh')}"), f" {texte.periode(debut, fin)}, soit ",
        html.Strong(electricite), " ; ", html.Strong(f"{_pourcent(hors)} {HORS_OCCUPATION}"),
        f" ; {texte.nombre(part.co2_kg)}{texte.ESPACE_INSECABLE}kg CO2e (facteur ADEME de l'électricité) — ",
        "données complètes" if part.complet else html.Span("données incomplètes", className="incomplet"), ".",
    ]


def _pourcent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{texte.nombre(100 * fraction, 1)}{texte.ESPACE_INSECABLE}%"


def mois_de_la_tendance(uai: str, fin: date) -> pd.DataFrame:
    """Les douze mois qui finissent avec la période (le dernier rogné à sa fin) : libelle, ouverture,
    hors_occupation, part (de l'électricité, ou NaN), complet."""
    dernier = fin - timedelta(days=1)
    rang = dernier.year * 12 + dernier.month - 1 - 11  # le onzième mois avant celui du dernier jour
    debut = date(rang // 12, rang % 12 + 1, 1)
    mois = _numerique.parts_numeriques(donnees.stockage(), uai, donnees.minuit(debut), donnees.minuit(fin), Pas.MOIS)
    return pd.DataFrame(
        {"libelle": [texte.libelle_point(m.debut, m.fin, Pas.MOIS) for m in mois],
         "ouverture": [m.total - m.hors_occupation for m in mois], "hors_occupation": [m.hors_occupation for m in mois],
         "part": [np.nan if m.part_electricite is None else m.part_electricite for m in mois],
         "complet": [m.complet for m in mois]},
        columns=["libelle", "ouverture", "hors_occupation", "part", "complet"],
    )


def _tendance(uai: str, fin: date) -> list:
    mois = mois_de_la_tendance(uai, fin)
    return [
        html.P("Les douze derniers mois : ce que le numérique consomme pendant les heures d'ouverture et en dehors."),
        html.Figure([
            dcc.Graph(id=ids.LYCEE_NUMERIQUE_GRAPHIQUE, figure=figures.numerique_par_mois(mois), config=figures.CONFIGURATION_FIXE),
            composants.alternative_differee("lycee-numerique", uai=uai, fin=fin.isoformat()),
        ], className="figure"),
    ]


@composants.differe("lycee-numerique")
def tableau_tendance(uai: str, fin: str) -> html.Table:
    mois = mois_de_la_tendance(uai, date.fromisoformat(fin))
    return composants.tableau(
        "Le numérique mois par mois (kWh)",
        ["Mois", "Heures d'ouverture (kWh)", "Hors occupation (kWh)", "Part de l'électricité", "Données"],
        [[m.libelle, texte.nombre(m.ouverture), texte.nombre(m.hors_occupation), _pourcent(None if pd.isna(m.part) else m.part),
          "complet" if m.complet else "incomplet"] for m in mois.itertuples()],
    )


# --- Vue régionale ---


def region(dernier_jour: str | None) -> list:
    """Rappel, à l'ouverture puis à chaque jour choisi : les lycées équipés depuis le 1er janvier,
    du plus sobre au plus gourmand."""
    if not dernier_jour:
        raise dash.exceptions.PreventUpdate
    debut, fin = donnees.Fenetres(date.fromisoformat(dernier_jour[:10]) + timedelta(days=1)).annee
    lignes = _numerique.parc(donnees.stockage(), donnees.minuit(debut), donnees.minuit(fin))
    if not lignes:
        return [html.P("Aucun lycée n'a encore de compteur numérique (sous-compteur d'usage « numerique-… »).")]
    rangs_part = _rangs([part.part_electricite for _, part in lignes])
    rangs_m2 = _rangs([_numerique.par_m2(lycee, part) for lycee, part in lignes])
    ordre = sorted(range(len(lignes)), key=lambda k: (rangs_part[k] is None, rangs_part[k] or 0, lignes[k][0].nom))
    return [
        html.P(f"Électricité des équipements numériques (sous-compteurs d'usage « numerique-… »), {texte.periode(debut, fin)}. "
               "Classés par part de l'électricité du lycée, puis par kWh par m² : le registre ne donne pas d'effectifs "
               "d'élèves, la surface tient lieu de taille."),
        composants.tableau(
            "Les lycées équipés, du numérique le plus sobre au plus gourmand (part de l'électricité)",
            ["Lycée", "Rang (part)", "Part de l'électricité", "Rang (par m²)", "Numérique par m² (kWh/m²)",
             "Numérique (kWh)", "Hors occupation", "Données"],
            [_ligne(*lignes[k], rangs_part[k], rangs_m2[k]) for k in ordre],
        ),
        html.P(["Les mêmes nombres mois par mois, avec leur méthode : ",
                html.A("part du numérique depuis le 1er janvier (CSV)",
                       href=f"/api/v1/export/numerique?debut={debut.isoformat()}&fin={fin.isoformat()}&format=csv"), "."]),
    ]


def _ligne(lycee, part: _numerique.PartNumerique, rang_part: int | None, rang_m2: int | None) -> list:
    par_m2 = _numerique.par_m2(lycee, part)
    return [
        dcc.Link(lycee.nom, href=f"/lycee/{lycee.uai}"), str(rang_part or "—"), _pourcent(part.part_electricite),
        str(rang_m2 or "—"), "—" if par_m2 is None else texte.nombre(par_m2, 2), texte.nombre(part.total),
        _pourcent(part.hors_occupation / part.total if part.total else None),
        "complet" if part.complet else "incomplet",
    ]


def _rangs(valeurs: list[float | None]) -> list[int | None]:
    """Le rang de chaque valeur, la plus petite d'abord ; None sans valeur."""
    connues = sorted(v for v in valeurs if v is not None)
    return [None if v is None else connues.index(v) + 1 for v in valeurs]


def enregistrer_lycee(app: dash.Dash) -> None:
    app.callback(
        Output(ids.LYCEE_NUMERIQUE, "children"),
        Input(ids.LYCEE_DEBUT, "date"),
        Input(ids.LYCEE_FIN, "date"),
        State(ids.LYCEE_UAI, "data"),
    )(lycee)


def enregistrer_region(app: dash.Dash) -> None:
    app.callback(Output(ids.REGION_NUMERIQUE, "children"), Input(ids.REGION_FIN, "date"))(region)
