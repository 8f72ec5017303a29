"""La vue régionale (/) : chaque lycée, ses 7 derniers jours et son année, comparée à l'an dernier.

`?energie=gaz&fin=2026-04-01` dans l'adresse choisit l'énergie et le jour de fin (exclu,
comme dans l'API) ; par défaut, aujourd'hui : les nombres couvrent les jours déjà finis.
"""

from datetime import date, timedelta

import dash
import pandas as pd
from dash import Input, Output, dcc, html

from noyau.erreurs import DonneeInvalide
from noyau.identifiants import Energie, valider_energie
from noyau.temps import lire_borne
from tableau_de_bord import composants, figures, ids, texte
from tableau_de_bord.donnees import Fenetres, LigneRegion, Total, aujourd_hui, vue_region


def layout(energie: str = "electricite", fin: str | None = None, **_autres) -> html.Div:
    try:
        choix = valider_energie(energie)
        jour_fin = lire_borne(fin).date() if fin else aujourd_hui()
    except DonneeInvalide as erreur:
        return composants.message("Adresse invalide", str(erreur))
    return html.Div(
        [
            html.H1("Consommations des lycées de Bretagne"),
            html.Div(
                [
                    composants.choix_energie(ids.REGION_ENERGIE, choix),
                    composants.choix_jour(ids.REGION_FIN, "Dernier jour compté", jour_fin - timedelta(days=1)),
                ],
                className="choix",
            ),
            dcc.Loading(html.Div(contenu(choix, Fenetres(jour_fin)), id=ids.REGION_CONTENU)),
        ]
    )


def mettre_a_jour(energie: str, dernier_jour: str | None) -> list:
    """Rappel : une autre énergie ou un autre dernier jour refait le tableau."""
    if not dernier_jour:
        return [html.P("Choisissez le dernier jour compté.")]
    fin = date.fromisoformat(dernier_jour[:10]) + timedelta(days=1)
    return contenu(valider_energie(energie), Fenetres(fin))


def contenu(energie: Energie, fenetres: Fenetres) -> list:
    lignes = vue_region(energie, fenetres)
    unite = energie.unite
    an_passe = fenetres.annee_precedente[0].year
    return [
        html.P(
            f"{texte.NOMS_ENERGIES[energie]}, en {texte.unite(unite)}. 7 derniers jours : "
            f"{texte.periode(*fenetres.semaine)}. Depuis le 1er janvier : {texte.periode(*fenetres.annee)}, "
            f"comparé à la même période de {an_passe} ({texte.periode(*fenetres.annee_precedente)})."
        ),
        composants.tableau(
            "Consommation de chaque lycée (cliquez sur un nom pour le détail)",
            [
                "Lycée",
                "Commune",
                f"7 derniers jours ({texte.unite(unite)})",
                f"Depuis le 1er janvier ({texte.unite(unite)})",
                f"Même période {an_passe} ({texte.unite(unite)})",
                "Évolution sur un an",
                f"Depuis le 1er janvier par m² ({texte.unite(unite)}/m²)",
            ],
            [_ligne(ligne, energie, fenetres) for ligne in lignes],
        ),
        html.P(composants.NOTE_INCOMPLET, className="note"),
        html.H2(f"Depuis le 1er janvier, comparé à {an_passe}"),
        dcc.Graph(
            id=ids.REGION_GRAPHIQUE,
            figure=figures.comparaison(
                _comparaison(lignes, fenetres), unite, f"Consommation ({texte.unite(unite)}, depuis le 1er janvier)"
            ),
            config=figures.CONFIGURATION,
        ),
    ]


def _ligne(ligne: LigneRegion, energie: Energie, fenetres: Fenetres) -> list:
    lien = dcc.Link(ligne.site.nom, href=f"/lycee/{ligne.site.uai}?energie={energie.value}&fin={fenetres.fin.isoformat()}")
    return [
        lien,
        ligne.site.commune,
        _cellule(ligne.semaine, energie.unite),
        _cellule(ligne.annee, energie.unite),
        _cellule(ligne.annee_precedente, energie.unite),
        _evolution(ligne.annee, ligne.annee_precedente),
        _par_m2(ligne.annee, ligne.site.surface_m2, energie.unite),
    ]


def _cellule(total: Total, unite: str, decimales: int = 0) -> list | str:
    if total.valeur is None:
        return "aucune donnée"
    return composants.avec_etat(texte.quantite(total.valeur, unite, decimales), total.complet)


def _evolution(annee: Total, precedente: Total) -> list | str:
    if annee.valeur is None or not precedente.valeur:
        return "—"
    if not precedente.complet:  # une base partielle donnerait une « hausse » qui n'en est pas une
        return "non comparable (année précédente incomplète)"
    return composants.avec_etat(texte.evolution(annee.valeur / precedente.valeur - 1), annee.complet)


def _par_m2(annee: Total, surface_m2: float | None, unite: str) -> list | str:
    if annee.valeur is None or not surface_m2:
        return "—"
    return _cellule(Total(annee.valeur / surface_m2, annee.complet), f"{texte.unite(unite)}/m²", 1)


def _comparaison(lignes: list[LigneRegion], fenetres: Fenetres) -> pd.DataFrame:
    series = (
        (f"Depuis le 1er janvier {fenetres.annee[0].year}", lambda l: l.annee),
        (f"Même période {fenetres.annee_precedente[0].year}", lambda l: l.annee_precedente),
    )
    return pd.DataFrame(
        [
            {"nom": l.site.nom, "serie": serie, "valeur": choisi(l).valeur, "complet": choisi(l).complet}
            for serie, choisi in series
            for l in lignes
        ],
        columns=["nom", "serie", "valeur", "complet"],
    )


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path="/", name="Vue régionale", title="Enerlycée — vue régionale", order=0, layout=layout)
    app.callback(
        Output(ids.REGION_CONTENU, "children"),
        Input(ids.REGION_ENERGIE, "value"),
        Input(ids.REGION_FIN, "date"),
        prevent_initial_call=True,
    )(mettre_a_jour)
