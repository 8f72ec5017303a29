"""La courbe de charge des 7 derniers jours d'une période et le profil de la semaine (puissance
moyenne heure × jour) d'un lycée : ce qui reste allumé la nuit et le week-end.
"""

from datetime import date, timedelta

import pandas as pd
from dash import dcc, html

from noyau.domaine import texte
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
from tableau_de_bord import composants, donnees, figures, ids, suivi
from tableau_de_bord.sections.consommation import etat


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
            [ligne.libelle, texte.nombre(puissance, 1), texte.nombre(ligne.valeur, 1), etat(ligne.complet)]
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
