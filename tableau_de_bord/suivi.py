"""Les sections « suivi » de la page d'un lycée : analyse (talon, hors horaires), objectifs et
trajectoire, alertes, actions. Elles lisent les calculs du noyau (objectifs, défis, alertes,
analyses) par `tableau_de_bord.donnees` ; tant que le noyau ne les expose pas, la section le dit.
"""

from datetime import date

from dash import html

from noyau.identifiants import Energie


def sections(uai: str, energie: Energie, debut: date, fin: date) -> list:
    return []


def vues_eleves(uai: str, fin: date) -> list[list]:
    """Les vues de la page des élèves qui viennent des calculs d'objectifs, de défis,
    d'équivalences et d'actions du noyau."""
    return [
        [
            html.H2("Nos défis, nos objectifs, nos gestes"),
            html.P(
                "Les défis, le classement, la jauge de l'objectif, les équivalences (CO2, euros) et les actions "
                "des éco-délégués viendront ici dès que le noyau d'Enerlycée les calculera.",
                className="a-venir",
            ),
        ]
    ]
