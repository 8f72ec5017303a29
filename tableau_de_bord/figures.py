"""Les graphiques : des fonctions pures, d'un DataFrame à une figure Plotly.

Palette d'Okabe et Ito (lisible par les daltoniens) ; une période incomplète est hachurée et
plus claire, et sa bulle le dit ; nombres à la française (virgule décimale, espace entre
les milliers) ; unité et période dans les titres des axes.
"""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from noyau.domaine import texte
from noyau.domaine.periodes import Pas
from tableau_de_bord import carte_bretagne

BLEU = "#0072B2"
ORANGE = "#E69F00"
VERMILLON = "#D55E00"
VERMILLON_TEXTE = "#A33F00"  # 4,5:1 sur blanc
GRIS = "#595959"
HACHURE = "/"
AXE_TEMPS = "Période (heure de Paris)"
FORMAT_NOMBRE = ",~r"  # 1 400 ; 0,25 (pas de « k » anglo-saxon)
# Dates à la française selon l'écart entre graduations (en millisecondes, « M1 » = un mois).
FORMATS_DATES = [
    {"dtickrange": [None, 43_200_000], "value": "%d/%m %H:%M"},
    {"dtickrange": [43_200_000, "M1"], "value": "%-d %b"},
    {"dtickrange": ["M1", "M12"], "value": "%b %Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]


# Le gabarit de toutes nos figures, donné par défaut à chaque go.Figure() : plotly l'y copie sans le
# revalider, quand `update_layout(template=...)` le reconstruisait et le validait à chaque figure (la
# moitié d'une vue de l'écran du hall). Les figures sont les mêmes ; seul le tableau de bord fait des
# figures dans le processus.
pio.templates.default = "simple_white"


def _cadre(figure: go.Figure, titre_x: str, titre_y: str) -> go.Figure:
    figure.update_layout(
        separators=", ",
        font={"family": "system-ui, sans-serif", "size": 14},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hovermode="closest",
    )
    figure.update_xaxes(title_text=titre_x)
    figure.update_yaxes(title_text=titre_y)
    return figure


def _axes(figure: go.Figure) -> go.Figure:
    """Le temps en abscisse, les nombres en ordonnée, à partir de zéro."""
    figure.update_xaxes(tickformatstops=FORMATS_DATES)
    figure.update_yaxes(tickformat=FORMAT_NOMBRE, rangemode="tozero")
    return figure


def _vide(figure: go.Figure) -> go.Figure:
    figure.add_annotation(text="Aucune donnée pour cette période", showarrow=False, font={"size": 16, "color": GRIS},
                          xref="paper", yref="paper", x=0.5, y=0.5)
    return figure


def _heure_locale(moments: pd.Series) -> pd.Series:
    """Plotly ne connaît pas les fuseaux : on lui donne l'heure de Paris « murale »."""
    return pd.to_datetime(moments).dt.tz_localize(None)


def _etat(complet: pd.Series) -> np.ndarray:
    return np.where(complet, "complet", "incomplet : relevés manquants")


def barres_consommation(points: pd.DataFrame, unite: str, pas: Pas, an_passe: pd.DataFrame | None = None) -> go.Figure:
    """Une barre par période (colonnes debut, fin, valeur, complet, libelle), large de sa durée ;
    `an_passe` (mêmes lignes, un an plus tôt, valeur absente possible) : un losange par période."""
    u = texte.unite(unite)
    figure = _axes(_cadre(go.Figure(), AXE_TEMPS, f"Consommation ({u} par {texte.NOMS_PAS[pas]})"))
    if points.empty:
        return _vide(figure)
    debut, fin = _heure_locale(points["debut"]), _heure_locale(points["fin"])
    for complet, nom, opacite, motif in ((True, "Période complète", 1.0, ""), (False, "Période incomplète", 0.45, HACHURE)):
        choisis = points["complet"] == complet
        if not choisis.any():
            continue
        duree_ms = (fin[choisis] - debut[choisis]).dt.total_seconds() * 1000
        figure.add_bar(
            name=nom,
            x=debut[choisis] + (fin[choisis] - debut[choisis]) / 2,
            y=points["valeur"][choisis],
            width=duree_ms * 0.9,
            marker={"color": BLEU, "opacity": opacite, "pattern": {"shape": motif}},
            customdata=np.column_stack([points["libelle"][choisis], _etat(points["complet"][choisis])]),
            hovertemplate=f"%{{customdata[0]}}<br>%{{y:,.1f}} {u}<br>%{{customdata[1]}}<extra></extra>",
        )
    if an_passe is not None and an_passe["valeur"].notna().any():
        presents = an_passe["valeur"].notna().to_numpy()
        figure.add_scatter(
            name="Un an plus tôt",
            x=(debut + (fin - debut) / 2)[presents],
            y=an_passe["valeur"][presents],
            mode="markers",
            marker={"color": ORANGE, "symbol": "diamond", "size": 10, "line": {"color": "#1A1A1A", "width": 1}},
            customdata=_etat(an_passe["complet"][presents].to_numpy(bool)),
            hovertemplate=f"un an plus tôt<br>%{{y:,.1f}} {u}<br>%{{customdata}}<extra></extra>",
        )
    return figure


def puissances(points: pd.DataFrame) -> pd.Series:
    """Puissance (ou débit) moyenne de chaque période : l'énergie divisée par la durée en heures."""
    heures = (points["fin"] - points["debut"]).dt.total_seconds() / 3600
    return points["valeur"] / heures


def unite_de_puissance(unite: str) -> str:
    """kWh par heure → kW ; m³ par heure → m³/h."""
    return "kW" if unite == "kWh" else f"{texte.unite(unite)}/h"


def nom_de_puissance(unite: str) -> str:
    """Une énergie par heure est une puissance, un volume par heure un débit."""
    return "Puissance moyenne" if unite == "kWh" else "Débit moyen"


def courbe_de_charge(points: pd.DataFrame, unite: str) -> go.Figure:
    """La puissance (ou le débit) moyenne heure par heure, à partir des consommations horaires."""
    u, nom = unite_de_puissance(unite), nom_de_puissance(unite)
    figure = _axes(_cadre(go.Figure(), AXE_TEMPS, f"{nom} par heure ({u})"))
    if points.empty:
        return _vide(figure)
    debut, valeurs = _heure_locale(points["debut"]), puissances(points)
    figure.add_scatter(
        name=nom,
        x=debut,
        y=valeurs,
        mode="lines",
        line={"color": BLEU, "shape": "hv"},
        customdata=np.column_stack([points["libelle"], _etat(points["complet"])]),
        hovertemplate=f"%{{customdata[0]}}<br>%{{y:,.1f}} {u}<br>%{{customdata[1]}}<extra></extra>",
    )
    incompletes = ~points["complet"]
    if incompletes.any():
        figure.add_scatter(
            name="Heure incomplète",
            x=debut[incompletes],
            y=valeurs[incompletes],
            mode="markers",
            marker={"color": VERMILLON, "symbol": "x", "size": 9},
            customdata=points["libelle"][incompletes],
            hovertemplate=f"%{{customdata}}<br>%{{y:,.1f}} {u}<br>incomplet : relevés manquants<extra></extra>",
        )
    return figure


def comparaison(lignes: pd.DataFrame, unite: str, titre_x: str) -> go.Figure:
    """Barres horizontales groupées : une ligne par (nom, serie, valeur, complet), valeur absente
    quand il n'y a aucune donnée. Les barres incomplètes sont hachurées et plus claires."""
    u = texte.unite(unite)
    noms = list(dict.fromkeys(lignes["nom"]))
    figure = _cadre(go.Figure(), titre_x, "")
    figure.update_layout(barmode="group", height=140 + 60 * len(noms), legend_title_text="Hachuré = incomplet ;")
    figure.update_xaxes(tickformat=FORMAT_NOMBRE)
    figure.update_yaxes(categoryorder="array", categoryarray=noms[::-1])
    for couleur, (serie, groupe) in zip((BLEU, ORANGE), lignes.groupby("serie", sort=False)):
        complet = groupe["complet"].to_numpy(bool)
        figure.add_bar(
            name=serie,
            orientation="h",
            y=groupe["nom"],
            x=groupe["valeur"],
            marker={
                "color": couleur,
                "opacity": np.where(complet, 1.0, 0.45).tolist(),
                "pattern": {"shape": np.where(complet, "", HACHURE).tolist()},
            },
            customdata=np.column_stack([np.full(len(groupe), serie), _etat(complet)]),
            hovertemplate=f"%{{y}}<br>%{{customdata[0]}} : %{{x:,.0f}} {u}<br>%{{customdata[1]}}<extra></extra>",
        )
    return figure


# Configuration des graphiques : barre d'outils réduite et en français, dates à la française.
CONFIGURATION = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"],
    "locale": "fr",
    "locales": {
        "fr": {
            "dictionary": {
                "Autoscale": "Échelle automatique",
                "Download plot as a png": "Télécharger le graphique (PNG)",
                "Download plot": "Télécharger le graphique",
                "Pan": "Déplacer",
                "Reset axes": "Réinitialiser les axes",
                "Zoom": "Zoomer",
                "Zoom in": "Zoom avant",
                "Zoom out": "Zoom arrière",
                "Double-click to zoom back out": "Double-cliquez pour revenir à la vue d'ensemble",
            },
            "format": {
                "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
                "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
                "months": list(texte.MOIS),
                "shortMonths": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
                "date": "%d/%m/%Y",
                "decimal": ",",
                "thousands": " ",
            },
        }
    },
}


# Échelles lisibles par les daltoniens : cividis (séquentielle, conçue pour eux) ; bleu-blanc-vermillon
# (divergente, centrée sur zéro : baisse en bleu, hausse en vermillon).
ECHELLE_SEQUENTIELLE = "cividis"
ECHELLE_DIVERGENTE = [[0.0, BLEU], [0.5, "#F7F7F7"], [1.0, VERMILLON]]
COS_LATITUDE_BRETAGNE = 0.67  # cos(48°) : un degré de longitude y vaut 0,67 degré de latitude


def carte(lycees: pd.DataFrame, titre_couleur: str, divergente: bool = False) -> go.Figure:
    """Les lycées sur le tracé de la Bretagne (longitude, latitude), colorés par `valeur`.

    Colonnes : nom, commune, latitude, longitude, valeur (absente : point gris creux), libelle
    (la valeur écrite). Aucune tuile : un repère plan, longitude et latitude à la même échelle."""
    figure = go.Figure()
    figure.update_layout(
        separators=", ", font={"family": "system-ui, sans-serif", "size": 14},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=420, showlegend=False, hovermode="closest",
        dragmode=False, plot_bgcolor="#EAF2F8",
    )
    figure.update_xaxes(visible=False, range=[-5.25, -0.95], fixedrange=True)
    figure.update_yaxes(visible=False, range=[47.2, 48.95], scaleanchor="x", scaleratio=1 / COS_LATITUDE_BRETAGNE,
                        fixedrange=True)
    for contour in carte_bretagne.CONTOURS:
        x, y = zip(*contour)
        figure.add_scatter(x=x, y=y, mode="lines", fill="toself", fillcolor="#FFFFFF",
                           line={"color": GRIS, "width": 1}, hoverinfo="skip")
    connus = lycees.dropna(subset=["latitude", "longitude"])
    sans = connus["valeur"].isna()
    if sans.any():
        figure.add_scatter(
            x=connus["longitude"][sans], y=connus["latitude"][sans], mode="markers",
            marker={"size": 11, "color": "#FFFFFF", "line": {"color": GRIS, "width": 2}},
            customdata=np.column_stack([connus["nom"][sans], connus["commune"][sans]]),
            hovertemplate="%{customdata[0]} (%{customdata[1]})<br>aucune donnée<extra></extra>",
        )
    avec = connus[~sans]
    if not avec.empty:
        bornes_couleur = _bornes_couleur(avec["valeur"], divergente)
        figure.add_scatter(
            x=avec["longitude"], y=avec["latitude"], mode="markers",
            marker={"size": 14, "color": avec["valeur"], "colorscale": ECHELLE_DIVERGENTE if divergente else ECHELLE_SEQUENTIELLE,
                    **bornes_couleur, "line": {"color": "#1A1A1A", "width": 1},
                    "colorbar": {"title": {"text": titre_couleur, "side": "right"}, "tickformat": FORMAT_NOMBRE,
                                 "thickness": 14, "len": 0.8}},
            customdata=np.column_stack([avec["nom"], avec["commune"], avec["libelle"]]),
            hovertemplate="%{customdata[0]} (%{customdata[1]})<br>%{customdata[2]}<extra></extra>",
        )
    return figure


def _bornes_couleur(valeurs: pd.Series, divergente: bool) -> dict:
    if divergente:  # zéro au milieu de l'échelle : le blanc veut dire « stable »
        ecart = float(valeurs.abs().max()) or 1.0
        return {"cmin": -ecart, "cmax": ecart}
    return {"cmin": float(valeurs.min()), "cmax": float(valeurs.max())}


JOURS_SEMAINE = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def carte_de_chaleur(moyennes: pd.DataFrame, unite: str) -> go.Figure:
    """La puissance moyenne par heure de la journée (colonnes 0 à 23) et jour de la semaine
    (lignes 0 = lundi à 6 = dimanche) ; une case sans donnée reste vide."""
    u = unite_de_puissance(unite)
    figure = _cadre(go.Figure(), "Heure de la journée (heure de Paris)", "")
    figure.update_layout(height=320)
    if moyennes.isna().all().all():
        return _vide(figure)
    heures = [f"{h} h" for h in range(24)]
    figure.add_heatmap(
        z=moyennes.to_numpy(), x=heures, y=list(JOURS_SEMAINE), colorscale=ECHELLE_SEQUENTIELLE, xgap=1, ygap=1,
        colorbar={"title": {"text": u, "side": "right"}, "tickformat": FORMAT_NOMBRE, "thickness": 14},
        hovertemplate=f"%{{y}}, %{{x}}<br>%{{z:,.1f}} {u} en moyenne<extra></extra>",
        hoverongaps=False,
    )
    figure.update_yaxes(autorange="reversed", showline=False, ticks="")
    figure.update_xaxes(showline=False, ticks="", tickangle=0, dtick=2)
    return figure


def completude(lycees: pd.DataFrame) -> go.Figure:
    """La part des jours complets de chaque lycée (colonnes nom, part en %, libelle), en barres
    horizontales sur 0-100 %, dans l'ordre des lignes (la première en haut)."""
    figure = _cadre(go.Figure(), "Jours complets (%)", "")
    figure.update_layout(height=120 + 24 * len(lycees), showlegend=False, bargap=0.25)
    if lycees.empty:
        return _vide(figure)
    figure.update_xaxes(range=[0, 100], ticksuffix=" %")
    figure.update_yaxes(categoryorder="array", categoryarray=list(lycees["nom"])[::-1], automargin=True)
    figure.add_bar(
        orientation="h", y=lycees["nom"], x=lycees["part"], marker={"color": BLEU},
        customdata=lycees["libelle"], hovertemplate="%{y}<br>%{customdata}<extra></extra>",
    )
    return figure


def semaine_eleves(jours: pd.DataFrame, police: int = 18, hauteur: int = 360) -> go.Figure:
    """Pour les élèves : une barre par jour (colonnes jour, cette, avant), cette semaine en bleu et
    l'an dernier en orange, gros caractères (`police` en pixels : 24 sur l'écran du hall)."""
    figure = _cadre(go.Figure(), "", "kWh par jour")
    figure.update_layout(barmode="group", height=hauteur, font={"size": police}, bargap=0.2)
    figure.update_yaxes(tickformat=FORMAT_NOMBRE, rangemode="tozero")
    if jours[["cette", "avant"]].isna().all().all():
        return _vide(figure).update_annotations(font_size=police)
    for colonne, nom, couleur, motif in (("avant", "L'an dernier", ORANGE, HACHURE), ("cette", "Cette semaine", BLEU, "")):
        figure.add_bar(
            name=nom, x=jours["jour"], y=jours[colonne], marker={"color": couleur, "pattern": {"shape": motif}},
            hovertemplate=f"%{{x}}<br>{nom} : %{{y:,.0f}} kWh<extra></extra>",
        )
    return figure


def trajectoire(mois: pd.DataFrame, unite: str) -> go.Figure:
    """Les mois de l'année (colonnes libelle, consommation, objectif, complet) : la consommation
    en barres (hachurées si incomplètes), l'objectif de la trajectoire en marches orange."""
    u = texte.unite(unite)
    figure = _cadre(go.Figure(), "", f"Consommation ({u} par mois)")
    figure.update_yaxes(tickformat=FORMAT_NOMBRE, rangemode="tozero")
    figure.update_layout(height=340)
    if mois.empty:
        return _vide(figure)
    complet = mois["complet"].to_numpy(bool)
    figure.add_bar(
        name="Consommation (corrigée du climat pour le chauffage)", x=mois["libelle"], y=mois["consommation"],
        marker={"color": BLEU, "opacity": np.where(complet, 1.0, 0.45).tolist(),
                "pattern": {"shape": np.where(complet, "", HACHURE).tolist()}},
        customdata=_etat(complet), hovertemplate=f"%{{x}}<br>%{{y:,.0f}} {u}<br>%{{customdata}}<extra></extra>",
    )
    figure.add_scatter(
        name="Objectif de la trajectoire", x=mois["libelle"], y=mois["objectif"], mode="lines+markers",
        line={"color": ORANGE, "shape": "hvh", "width": 3}, marker={"symbol": "diamond", "size": 8, "color": ORANGE},
        hovertemplate=f"%{{x}}<br>objectif : %{{y:,.0f}} {u}<extra></extra>",
    )
    return figure


def numerique_par_mois(mois: pd.DataFrame) -> go.Figure:
    """Le numérique d'un lycée mois par mois (colonnes libelle, ouverture, hors_occupation, complet) : barres
    empilées, heures d'ouverture en bleu, hors occupation en orange, hachurées si incomplètes."""
    figure = _cadre(go.Figure(), "", "Numérique (kWh par mois)")
    figure.update_yaxes(tickformat=FORMAT_NOMBRE, rangemode="tozero")
    figure.update_layout(barmode="stack", height=320, legend_title_text="Hachuré = incomplet ;")
    if mois.empty:
        return _vide(figure)
    complet = mois["complet"].to_numpy(bool)
    for nom, colonne, couleur in (("Heures d'ouverture", "ouverture", BLEU), ("Hors occupation", "hors_occupation", ORANGE)):
        figure.add_bar(
            name=nom, x=mois["libelle"], y=mois[colonne],
            marker={"color": couleur, "opacity": np.where(complet, 1.0, 0.45).tolist(),
                    "pattern": {"shape": np.where(complet, "", HACHURE).tolist()}},
            customdata=_etat(complet), hovertemplate=f"%{{x}}<br>{nom} : %{{y:,.0f}} kWh<br>%{{customdata}}<extra></extra>",
        )
    return figure


def annoter_actions(figure: go.Figure, actions: list[tuple]) -> go.Figure:
    """Un trait vertical pointillé et un numéro par action (jour, titre) : les actions sur la courbe ;
    le numéro renvoie au tableau des actions sous le graphique."""
    for numero, (jour, titre) in enumerate(actions, 1):
        moment = pd.Timestamp(jour)
        figure.add_shape(type="line", x0=moment, x1=moment, yref="paper", y0=0, y1=1,
                         line={"color": VERMILLON, "width": 2, "dash": "dot"})
        figure.add_annotation(x=moment, yref="paper", y=1, text=f"action {numero}", showarrow=False, yanchor="bottom",
                              font={"color": VERMILLON_TEXTE, "size": 12}, hovertext=titre)
    return figure


# La carte ne se zoome ni ne se déplace : pas de barre d'outils.
CONFIGURATION_FIXE = {**CONFIGURATION, "displayModeBar": False, "scrollZoom": False, "doubleClick": False}
