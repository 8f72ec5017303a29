"""Le graphique du confort des salles : une fonction pure, d'un DataFrame à une figure Plotly, dans le
cadre commun des graphiques (tableau_de_bord.figures : palette d'Okabe et Ito, nombres à la française)."""

import pandas as pd
import plotly.graph_objects as go

from noyau.calculs.confort import CONSIGNE_MAX_C
from tableau_de_bord import figures

CONFIGURATION = figures.CONFIGURATION
# Une couleur et un symbole par salle : elles se distinguent sans la couleur.
COULEURS = (figures.BLEU, figures.VERMILLON, "#009E73", figures.ORANGE, "#CC79A7", "#56B4E9", figures.GRIS)
SYMBOLES = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star")


def temperatures_des_cours(jours: pd.DataFrame, actions: list[tuple]) -> go.Figure:
    """Une ligne par salle (colonnes salle, jour, temperature) : la température moyenne de chaque jour
    de classe pendant les cours ; les 19 °C du code de l'énergie en pointillé ; les actions marquées."""
    figure = figures._cadre(go.Figure(), "Jour de classe", "Température pendant les cours (°C)")  # le cadre commun
    figure.update_layout(height=360)
    figure.update_xaxes(tickformatstops=figures.FORMATS_DATES)
    mesures = jours.dropna(subset=["temperature"])
    if mesures.empty:
        return figures._vide(figure)
    for rang, (salle, lignes) in enumerate(mesures.groupby("salle", sort=True)):
        figure.add_scatter(
            name=salle, x=pd.to_datetime(lignes["jour"]), y=lignes["temperature"], mode="lines+markers",
            line={"color": COULEURS[rang % len(COULEURS)], "width": 2},
            marker={"symbol": SYMBOLES[rang % len(SYMBOLES)], "size": 7, "color": COULEURS[rang % len(COULEURS)]},
            hovertemplate=f"{salle}<br>%{{x|%d/%m/%Y}}<br>%{{y:.1f}} °C pendant les cours<extra></extra>",
        )
    figure.add_hline(y=CONSIGNE_MAX_C, line={"color": figures.GRIS, "dash": "dash", "width": 2},
                     annotation_text="19 °C (code de l'énergie)", annotation_position="bottom right")
    return figures.annoter_actions(figure, actions)
