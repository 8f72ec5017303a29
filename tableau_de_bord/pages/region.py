"""La vue régionale (/) : carte des lycées, classement, fraîcheur des données et exports.

`?energie=gaz&fin=2026-04-01&indicateur=evolution` dans l'adresse choisit l'énergie, le jour de
fin (exclu, comme dans l'API) et ce que colore la carte ; par défaut, aujourd'hui : les nombres
couvrent les jours déjà finis. Les nombres de la carte sont gardés dans le navigateur
(`dcc.Store`) : changer d'indicateur recolore la carte sans rien relire.
"""

from datetime import date, timedelta

import dash
import pandas as pd
from dash import Input, Output, State, dcc, html

from noyau.calculs.cache import en_cache
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie, valider_energie
from noyau.domaine.temps import lire_borne, maintenant
from tableau_de_bord import composants, figures, ids, suivi
from tableau_de_bord.donnees import (
    Fenetres,
    LigneRegion,
    Total,
    aujourd_hui,
    dependances_region,
    derniers_recus,
    energies,
    sites,
    stockage,
    vue_region,
)
from tableau_de_bord.sections import ambiance, numerique

SILENCE_S = 2 * 3600  # au-delà, un lycée est dit « muet » (aucun kit n'a parlé)

# indicateur → (libellé du choix, titre de l'échelle de couleur, échelle divergente)
INDICATEURS = {
    "par_m2": ("Consommation par m² depuis le 1er janvier", "{u}/m²", False),
    "evolution": ("Évolution sur un an", "%", True),
    "semaine": ("7 derniers jours", "{u}", False),
    "silence": ("Fraîcheur des données", "heures sans message", False),
}


def layout(energie: str = "electricite", fin: str | None = None, indicateur: str = "par_m2", **_autres) -> html.Div:
    try:
        choix = valider_energie(energie)
        jour_fin = lire_borne(fin).date() if fin else aujourd_hui()
    except DonneeInvalide as erreur:
        return composants.message("Adresse invalide", str(erreur))
    indicateur = indicateur if indicateur in INDICATEURS else "par_m2"
    return html.Div(
        [
            html.H1("Consommations des lycées de Bretagne"),
            html.Div(
                [
                    composants.choix_energie(ids.REGION_ENERGIE, choix, energies()),
                    composants.choix_jour(ids.REGION_FIN, "Dernier jour compté", jour_fin - timedelta(days=1)),
                    composants.boutons(
                        ids.REGION_INDICATEUR, "Couleur de la carte",
                        [{"label": libelle, "value": cle} for cle, (libelle, _, _) in INDICATEURS.items()], indicateur,
                    ),
                ],
                className="choix",
            ),
            dcc.Loading(html.Div(contenu(choix, Fenetres(jour_fin), indicateur), id=ids.REGION_CONTENU)),
            html.H2("Trajectoire du parc (décret tertiaire)"),
            dcc.Loading(html.Div(html.P("Chargement…", className="note"), id=ids.REGION_TRAJECTOIRE)),
            *numerique.section_region(),
            *ambiance.section_region(),
        ]
    )


def mettre_a_jour(energie: str, dernier_jour: str | None, indicateur: str) -> list:
    """Rappel : une autre énergie ou un autre dernier jour refait la page (une lecture)."""
    if not dernier_jour:
        return [html.P("Choisissez le dernier jour compté.")]
    fin = date.fromisoformat(dernier_jour[:10]) + timedelta(days=1)
    return contenu(valider_energie(energie), Fenetres(fin), indicateur)


def recolorer(indicateur: str, lignes: dict):
    """Rappel : un autre indicateur recolore la carte avec les nombres déjà reçus (dcc.Store)."""
    return carte(pd.DataFrame(lignes["lycees"]), indicateur, lignes["unite"])


def contenu(energie: Energie, fenetres: Fenetres, indicateur: str) -> list:
    vue = vue_region(energie, fenetres)
    lignes = sorted(vue.lignes, key=_ordre)
    recus = derniers_recus()
    unite, u = energie.unite, texte.unite(energie.unite)
    an_passe = fenetres.annee_precedente[0].year
    magasin = {"unite": unite, "lycees": [_pour_la_carte(l, recus.get(l.site.uai), u) for l in lignes]}
    return [
        html.P(
            f"{texte.NOMS_ENERGIES[energie]}, en {u}. 7 derniers jours : "
            f"{texte.periode(*fenetres.semaine)}. Depuis le 1er janvier : {texte.periode(*fenetres.annee)}, "
            f"comparé à la même période de {an_passe} ({texte.periode(*fenetres.annee_precedente)}). "
            f"Nombres calculés le {texte.instant(vue.calculee)}, recalculés dès qu'un relevé arrive."
        ),
        _fraicheur(lignes, recus),
        dcc.Store(id=ids.REGION_DONNEES, data=magasin),
        html.H2("Carte des lycées"),
        html.Figure(
            [
                dcc.Graph(id=ids.REGION_CARTE, figure=_carte_gardee(energie, fenetres, indicateur, magasin),
                          config=figures.CONFIGURATION_FIXE, className="carte"),
                html.Figcaption(
                    "Chaque point est un lycée, placé sur le tracé de la Bretagne ; sa couleur suit le choix "
                    "« Couleur de la carte » (point creux : aucune donnée). Les mêmes nombres, lycée par lycée, "
                    "sont dans le classement ci-dessous."
                ),
            ],
            className="figure",
        ),
        html.H2("Classement"),
        _classement(_extrait(lignes), energie, fenetres, recus,
                    "Les plus sobres et les plus consommateurs par m² depuis le 1er janvier "
                    "(cliquez sur un nom pour le détail)" if len(lignes) > EXTRAIT else
                    "Les lycées du plus sobre au plus consommateur par m² depuis le 1er janvier "
                    "(cliquez sur un nom pour le détail)"),
        *([composants.alternative_differee("region-classement", f"Tout le classement ({len(lignes)} lycées)",
                                           energie=energie.value, fin=fenetres.fin.isoformat())]
          if len(lignes) > EXTRAIT else []),
        html.P(composants.NOTE_INCOMPLET, className="note"),
        html.H2(f"Depuis le 1er janvier, comparé à {an_passe}"),
        html.Figure(
            [
                dcc.Graph(
                    id=ids.REGION_GRAPHIQUE,
                    figure=figures.comparaison(_comparaison(lignes, fenetres), unite, f"Consommation ({u}, depuis le 1er janvier)"),
                    config=figures.CONFIGURATION_FIXE,
                ),
                html.Figcaption("Les valeurs de ce graphique sont celles des colonnes « Depuis le 1er janvier » et "
                                f"« Même période {an_passe} » du classement."),
            ],
            className="figure",
        ),
        _exports(energie, fenetres),
    ]


EXTRAIT = 10  # au-delà, le classement montre les 5 premiers et les 5 derniers, le reste à la demande


def _extrait(lignes: list[LigneRegion]) -> list[tuple[int, LigneRegion]]:
    classees = list(enumerate(lignes, 1))
    return classees if len(classees) <= EXTRAIT else classees[: EXTRAIT // 2] + classees[-EXTRAIT // 2:]


def _classement(classees: list[tuple[int, LigneRegion]], energie: Energie, fenetres: Fenetres, recus: dict,
                legende: str) -> html.Table:
    u, an_passe = texte.unite(energie.unite), fenetres.annee_precedente[0].year
    return composants.tableau(
        legende,
        [
            "Lycée", "Rang", "Commune", f"7 derniers jours ({u})", f"Depuis le 1er janvier ({u})",
            f"Même période {an_passe} ({u})", "Évolution sur un an", f"Économie sur un an ({u})",
            f"Depuis le 1er janvier par m² ({u}/m²)", "Dernier message reçu",
        ],
        [_ligne(rang, ligne, energie, fenetres, recus.get(ligne.site.uai)) for rang, ligne in classees],
    )


@composants.differe("region-classement")
def classement_complet(energie: str, fin: str) -> html.Table:
    choix, fenetres = Energie(energie), Fenetres(date.fromisoformat(fin))
    lignes = sorted(vue_region(choix, fenetres).lignes, key=_ordre)
    return _classement(list(enumerate(lignes, 1)), choix, fenetres, derniers_recus(),
                       "Tous les lycées, du plus sobre au plus consommateur par m² depuis le 1er janvier")


def trajectoire_du_parc(energie: str, dernier_jour: str | None) -> list:
    """Rappel, à l'ouverture puis à chaque énergie ou jour : la trajectoire du parc (la somme des
    lycées), après le reste de la page."""
    if not dernier_jour:
        raise dash.exceptions.PreventUpdate
    annee = date.fromisoformat(dernier_jour[:10]).year
    choix = valider_energie(energie)
    return [
        html.P(f"{texte.NOMS_ENERGIES[choix]}, la somme des lycées, chauffage corrigé du climat ; objectif : -40 % "
               "en 2030 par rapport à la référence (recalculée au plus une fois par minute)."),
        *suivi.trajectoire(None, choix, annee, ids.REGION_TRAJECTOIRE_GRAPHIQUE),
        composants.alternative_differee("region-trajectoires", "Chaque lycée face à sa trajectoire",
                                        energie=choix.value, annee=annee),
    ]


@composants.differe("region-trajectoires")
def trajectoires_des_lycees(energie: str, annee: int) -> html.Table:
    """Le progrès de chaque lycée vers sa trajectoire du décret : mois complets de l'année,
    consommation corrigée du climat contre l'objectif de ces mois."""
    choix, lignes = Energie(energie), []
    for lycee in sites():
        suivie = suivi.donnees.trajectoire(lycee.uai, choix, annee)
        lignes.append([lycee.nom, *suivi.progres(suivie, choix)])
    u = texte.unite(choix.unite)
    return composants.tableau(
        f"Progrès de chaque lycée vers sa trajectoire {annee} ({texte.NOMS_ENERGIES[choix].lower()}, chauffage corrigé du climat)",
        ["Lycée", "Référence", f"Objectif {annee} ({u})", f"Mois complets : consommation ({u})", f"Visé ({u})", "Écart"],
        lignes,
    )





def _ordre(ligne: LigneRegion) -> tuple:
    """Le classement : par consommation par m² croissante ; sans donnée ou sans surface, à la fin."""
    par_m2 = _valeur_par_m2(ligne)
    return (par_m2 is None, par_m2 or 0.0, ligne.site.nom)


def _valeur_par_m2(ligne: LigneRegion) -> float | None:
    if ligne.annee.valeur is None or not ligne.site.surface_m2:
        return None
    return ligne.annee.valeur / ligne.site.surface_m2


def _valeur_evolution(ligne: LigneRegion) -> float | None:
    annee, precedente = ligne.annee, ligne.annee_precedente
    if annee.valeur is None or not precedente.valeur or not precedente.complet:
        return None
    return 100 * (annee.valeur / precedente.valeur - 1)


def _pour_la_carte(ligne: LigneRegion, recu: float | None, u: str) -> dict:
    """Les seuls nombres que la carte reçoit : un lycée, quatre indicateurs."""
    silence = (maintenant() - recu) / 3600 if recu else None
    return {
        "nom": ligne.site.nom, "commune": ligne.site.commune,
        "latitude": ligne.site.latitude, "longitude": ligne.site.longitude,
        "par_m2": _valeur_par_m2(ligne), "evolution": _valeur_evolution(ligne), "semaine": ligne.semaine.valeur,
        "silence": silence,
    }


def _carte_gardee(energie: Energie, fenetres: Fenetres, indicateur: str, magasin: dict):
    """La carte, gardée (noyau.calculs.cache) avec la vue régionale dont elle vient : sa figure est
    le plus cher de la page. La fraîcheur des données change à chaque instant : jamais gardée."""
    def dessiner():
        return carte(pd.DataFrame(magasin["lycees"]), indicateur, magasin["unite"])

    if indicateur == "silence":
        return dessiner()
    return en_cache(stockage(), dependances_region(energie, fenetres), ("carte-region", energie, fenetres, indicateur), dessiner)


def carte(lycees: pd.DataFrame, indicateur: str, unite: str):
    libelle, titre, divergente = INDICATEURS.get(indicateur, INDICATEURS["par_m2"])
    u = texte.unite(unite)
    titre = titre.format(u=u)
    if lycees.empty:
        lycees = pd.DataFrame(columns=["nom", "commune", "latitude", "longitude", indicateur])
    valeurs = pd.to_numeric(lycees.get(indicateur), errors="coerce")
    decimales = 1 if indicateur in ("par_m2", "evolution", "silence") else 0
    lecture = {
        "par_m2": lambda v: f"{texte.quantite(v, f'{u}/m²', 1)} depuis le 1er janvier",
        "evolution": lambda v: f"{texte.evolution(v / 100)} sur un an",
        "semaine": lambda v: f"{texte.quantite(v, unite)} en 7 jours",
        "silence": lambda v: f"dernier message il y a {texte.nombre(v, decimales)} h",
    }[indicateur]
    table = pd.DataFrame(
        {
            "nom": lycees["nom"], "commune": lycees["commune"],
            "latitude": pd.to_numeric(lycees["latitude"]), "longitude": pd.to_numeric(lycees["longitude"]),
            "valeur": valeurs, "libelle": [lecture(v) if pd.notna(v) else "" for v in valeurs],
        }
    )
    return figures.carte(table, titre, divergente)


def _fraicheur(lignes: list[LigneRegion], recus: dict[str, float]) -> html.P:
    limite = maintenant() - SILENCE_S
    muets = [l.site.nom for l in lignes if recus.get(l.site.uai, 0.0) < limite]
    if not recus:
        return html.P("Aucun message reçu d'aucun kit pour l'instant.", className="fraicheur")
    dernier = texte.instant(max(recus.values()))
    if not muets:
        return html.P(f"Données fraîches : chaque lycée a envoyé un message depuis moins de 2 heures "
                      f"(le plus récent le {dernier}).", className="fraicheur")
    return html.P(
        [html.Strong(f"{len(muets)} lycée{'s' if len(muets) > 1 else ''} sans message depuis plus de 2 heures : "),
         ", ".join(muets), f". Dernier message reçu le {dernier}. Détail : ",
         dcc.Link("qualité des données", href="/qualite"), "."],
        className="fraicheur alerte",
    )


def _ligne(rang: int, ligne: LigneRegion, energie: Energie, fenetres: Fenetres, recu: float | None) -> list:
    lien = dcc.Link(ligne.site.nom, href=f"/lycee/{ligne.site.uai}?energie={energie.value}&fin={fenetres.fin.isoformat()}")
    return [
        lien,
        str(rang) if _valeur_par_m2(ligne) is not None else "—",
        ligne.site.commune,
        _cellule(ligne.semaine, energie.unite),
        _cellule(ligne.annee, energie.unite),
        _cellule(ligne.annee_precedente, energie.unite),
        _evolution(ligne.annee, ligne.annee_precedente),
        _economie(ligne.annee, ligne.annee_precedente, energie.unite),
        _par_m2(ligne.annee, ligne.site.surface_m2, energie.unite),
        _message(recu),
    ]


def _cellule(total: Total, unite: str, decimales: int = 0) -> list | str:
    if total.valeur is None:
        return "aucune donnée"
    return composants.avec_etat(texte.quantite(total.valeur, unite, decimales), total.complet)


def _evolution(annee: Total, precedente: Total) -> list | str:
    if annee.valeur is None or not precedente.valeur:
        return "—"
    if not precedente.complet:  # une base partielle donnerait une « hausse » qui n'en est pas une
        return "non comparable (an passé incomplet)"
    return composants.avec_etat(texte.evolution(annee.valeur / precedente.valeur - 1), annee.complet)


def _economie(annee: Total, precedente: Total, unite: str) -> list | str:
    """Ce qui n'a pas été consommé par rapport à l'an dernier (négatif : une surconsommation)."""
    if annee.valeur is None or not precedente.valeur or not precedente.complet:
        return "—"
    return composants.avec_etat(texte.quantite(precedente.valeur - annee.valeur, unite), annee.complet)


def _par_m2(annee: Total, surface_m2: float | None, unite: str) -> list | str:
    if annee.valeur is None or not surface_m2:
        return "—"
    return _cellule(Total(annee.valeur / surface_m2, annee.complet), f"{texte.unite(unite)}/m²", 1)


def _message(recu: float | None) -> list | str:
    if not recu:
        return "jamais"
    if recu < maintenant() - SILENCE_S:
        return [texte.instant(recu), " ", html.Span("(muet)", className="incomplet")]
    return texte.instant(recu)


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


def _exports(energie: Energie, fenetres: Fenetres) -> html.Section:
    """Les mêmes consommations, lycée par lycée, par l'API d'export (CSV pour un tableur, JSON)."""
    def lien(libelle: str, debut: date, fin: date, pas: str, forme: str) -> html.Li:
        adresse = (f"/api/v1/export?energie={energie.value}&debut={debut.isoformat()}&fin={fin.isoformat()}"
                   f"&pas={pas}&format={forme}")
        return html.Li(html.A(f"{libelle} ({forme.upper()})", href=adresse))

    annee, semaine = fenetres.annee, fenetres.semaine
    return html.Section(
        [
            html.H2("Exporter les données"),
            html.P("Tous les lycées, colonnes uai, nom, energie, debut, fin, valeur, unite, complet "
                   "(Licence Ouverte ; autres choix : documentation de l'API)."),
            html.Ul(
                [
                    lien("Depuis le 1er janvier, par mois", *annee, "mois", "csv"),
                    lien("7 derniers jours, par jour", *semaine, "jour", "csv"),
                    lien("Depuis le 1er janvier, par mois", *annee, "mois", "json"),
                ]
            ),
        ],
        id=ids.REGION_EXPORT,
    )


def enregistrer(app: dash.Dash) -> None:
    app.callback(
        Output(ids.REGION_TRAJECTOIRE, "children"),
        Input(ids.REGION_ENERGIE, "value"),
        Input(ids.REGION_FIN, "date"),
    )(trajectoire_du_parc)
    dash.register_page(__name__, path="/", name="Vue régionale", title="Enerlycée — vue régionale", order=0, layout=layout)
    numerique.enregistrer_region(app)
    ambiance.enregistrer_region(app)
    app.callback(
        Output(ids.REGION_CONTENU, "children"),
        Input(ids.REGION_ENERGIE, "value"),
        Input(ids.REGION_FIN, "date"),
        State(ids.REGION_INDICATEUR, "value"),
        prevent_initial_call=True,
    )(mettre_a_jour)
    app.callback(
        Output(ids.REGION_CARTE, "figure"),
        Input(ids.REGION_INDICATEUR, "value"),
        State(ids.REGION_DONNEES, "data"),
        prevent_initial_call=True,
    )(recolorer)
