"""La consommation d'un lycée par période, comparée à l'an dernier (et, pour le chauffage, au
climat de cette année) : la première section de la page du lycée, son graphique et son tableau.
"""

from datetime import date

import pandas as pd
from dash import dcc, html

from noyau.domaine import texte
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
from tableau_de_bord import composants, donnees, figures, ids, suivi

JOURS_MAX_PAR_HEURE = 31


def section(uai: str, energie: Energie, debut: date, fin: date, pas: Pas) -> list:
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
        [p.libelle, texte.nombre(p.valeur, 1), etat(p.complet), "—" if pd.isna(v) else texte.nombre(v, 1)]
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


def etat(complet: bool) -> str:
    return "complet" if complet else "incomplet"
