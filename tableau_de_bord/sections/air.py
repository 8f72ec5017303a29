"""« L'air de la salle B12 » maintenant, pour les élèves et l'écran du hall : une vue de la page des
élèves (/eleves), une carte par salle, la dernière heure mesurée (noyau.calculs.ambiance.air_des_salles).

Lisible sans la couleur : chaque valeur porte un symbole (✓, ~, !, !!) et une phrase ; la couleur ne
fait que le redire. Seuils du CO2 : 800 ppm (renouvellement satisfaisant, HCSP), 1 000 ppm (valeur
guide), 1 500 ppm (action rapide, arrêté du 27 décembre 2022) ; la température : 19 °C visés
pendant les cours (code de l'énergie, R241-26).
"""

import math
from datetime import date

from dash import html

from noyau.calculs.ambiance import AirDeLaSalle, air_des_salles
from noyau.domaine import texte
from noyau.domaine.modele import Grandeur
from noyau.domaine.temps import a_paris, maintenant
from tableau_de_bord import donnees, ids

E = texte.ESPACE_INSECABLE
# (jusqu'à, symbole, phrase, classe CSS), du meilleur au pire
NIVEAUX_CO2 = (
    (800.0, "✓", "Air bien renouvelé", "niveau-bon"),
    (1000.0, "~", "Air correct : on aère à la pause", "niveau-moyen"),
    (1500.0, "!", "Air confiné : il faut aérer", "niveau-mauvais"),
    (math.inf, "!!", "Air très confiné : aérez maintenant, 5 minutes", "niveau-alerte"),
)
NIVEAUX_TEMPERATURE = (
    (17.0, "~", "Frais", "niveau-moyen"),
    (19.5, "✓", "Bien : 19 °C visés pendant les cours", "niveau-bon"),
    (21.0, "!", "Un peu chaud : 19 °C suffisent", "niveau-moyen"),
    (math.inf, "!!", "Trop chaud : la consigne peut baisser d'un degré", "niveau-mauvais"),
)


def vue_eleves() -> list:
    """La vue, vide : un rappel la remplit après la première vue de la page."""
    return [html.Div(html.P("Chargement…", className="note"), id=ids.ELEVES_AIR)]


def eleves(uai: str, fin: date) -> list:
    """L'air de chaque salle du lycée, à la fin de la page (maintenant, par défaut) ; rempli par le
    rappel de la page des élèves (`tableau_de_bord.pages.eleves.rafraichir`)."""
    instant = min(maintenant(), donnees.minuit(fin).timestamp())
    salles = air_des_salles(donnees.stockage(), uai, instant)
    titre = html.H2("L'air de nos salles")
    if not salles:
        return [titre, html.P("Pas de mesure récente des salles (sondes muettes depuis plus de deux heures, ou "
                              "aucune sonde de salle).", className="grand-chiffre")]
    return [titre, html.Div([_carte(s) for s in salles], className="salles")]


def _carte(salle: AirDeLaSalle) -> html.Article:
    debut = a_paris(salle.heure)
    lignes = []
    co2, temperature = salle.grandeurs[Grandeur.CO2_PPM], salle.grandeurs[Grandeur.TEMPERATURE_C]
    if co2 is not None:
        lignes += _mesure("CO2", f"{texte.nombre(co2)}{E}ppm", *_niveau(NIVEAUX_CO2, co2))
    if temperature is not None:
        lignes += _mesure("Température", f"{texte.nombre(temperature, 1)}{E}°C", *_niveau(NIVEAUX_TEMPERATURE, temperature))
    humidite = salle.grandeurs[Grandeur.HUMIDITE_PCT]
    if humidite is not None:
        lignes += [html.Dt("Humidité"), html.Dd(f"{texte.nombre(humidite)}{E}%")]
    return html.Article([
        html.H3(f"L'air de la {salle.salle}" if salle.salle.startswith("salle ") else f"L'air : {salle.salle}"),
        html.P(f"Moyenne de {debut:%H} h à {(debut.hour + 1) % 24} h, le {texte.jour(debut.date())}", className="note"),
        html.Dl(lignes),
    ], className="air-salle")


def _niveau(niveaux: tuple, valeur: float) -> tuple[str, str, str]:
    return next((symbole, phrase, classe) for jusqu_a, symbole, phrase, classe in niveaux if valeur < jusqu_a)


def _mesure(nom: str, valeur: str, symbole: str, phrase: str, classe: str) -> list:
    return [html.Dt(nom), html.Dd([html.Span([html.Span(symbole, className="symbole", **{"aria-hidden": "true"}), f" {valeur}"],
                                              className=f"niveau {classe}"), " ", html.Span(phrase, className="phrase")])]

