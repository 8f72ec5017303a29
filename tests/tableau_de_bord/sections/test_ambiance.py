"""Le confort et l'air des salles dans les pages (tableau_de_bord.sections.ambiance et air), sur le jeu
de tests/conftest.py (chaufferie : 1 m³ de gaz par 10 minutes à 10,8 kWh/m³, sonde extérieure à 8 °C)
et les deux sondes de salle de tests/jeu_ambiance.py (du 27 au 31 mars 2026 : salle B12 à 21 °C en
cours, 1 600 ppm de 10 h à 12 h ; salle C01 à 19 °C)."""

from datetime import date

import pandas as pd
import pytest
from dash import dcc, html

from noyau.communaute.actions import creer_action
from noyau.domaine import texte
from tableau_de_bord import ids
from tableau_de_bord.pages import eleves, lycee, region
from tableau_de_bord.sections import air, ambiance
from tableau_de_bord.sections.figures_ambiance import temperatures_des_cours
from tests.conftest import LYCEE_A, LYCEE_B
from tests.jeu_ambiance import releves_des_salles, sondes_de_salle
from tests.tableau_de_bord.conftest import composants, lignes_du_tableau, par_id, texte_de

pytestmark = pytest.mark.usefixtures("contexte")
E = "\u00a0"


@pytest.fixture(autouse=True)
def salles(stockage_rempli):
    stockage_rempli.enregistrer_registre(compteurs=sondes_de_salle())
    stockage_rempli.ecrire(releves_des_salles())
    return stockage_rempli


def test_section_du_lycee_les_plus_chaudes_d_abord():
    contenu = ambiance.lycee("2026-03-30", LYCEE_A.uai)
    lu = texte_de(contenu)
    assert "Saison de chauffe, du 01/10/2025 au 30/03/2026 : les 2 salles mesurées ont été à 20,0" in lu
    assert f"1,0{E}°C au-dessus de 19{E}°C" in lu
    assert f"environ {texte.quantite(22 * 64.8 * 0.07, 'kWh')} de chauffage en trop" in lu  # 22 h de cours mesurées
    chaleur = lignes_du_tableau(composants(contenu, html.Table)[0])
    air_ = lignes_du_tableau(ambiance.tableau_air(LYCEE_A.uai, "2026-03-31"))  # construit quand on le déplie
    assert chaleur == [["salle B12", f"21,0{E}°C", f"21,0{E}°C", "44", f"14{E}%", "24 h / 11 h"],
                       ["salle C01", f"19,0{E}°C", f"19,0{E}°C", "0", f"0{E}%", "24 h / 11 h"]]
    assert air_[0] == ["salle B12", f"27{E}%", "6", "4", "22"]  # 3 heures sur 11 par jour de classe
    graphique = par_id(contenu, ids.LYCEE_AMBIANCE_GRAPHIQUE)
    assert [trace.name for trace in graphique.figure.data] == ["salle B12", "salle C01"]


def test_courbe_tableau_des_valeurs_et_effet_d_une_action(salles):
    creer_action(salles, LYCEE_A.uai, "Aérer 5 minutes toutes les heures", "eco-geste", date(2026, 3, 30),
                 energie="gaz", salle="salle-b12")
    contenu = ambiance.lycee("2026-03-30", LYCEE_A.uai)
    effets = lignes_du_tableau(composants(contenu, html.Table)[1])
    assert effets == [["Aérer 5 minutes toutes les heures (30/03/2026)", "salle B12", f"21,0{E}°C → 21,0{E}°C",
                       f"27{E}% → 27{E}%"]]
    assert "action 1" in [a.text for a in par_id(contenu, ids.LYCEE_AMBIANCE_GRAPHIQUE).figure.layout.annotations]
    tableau = ambiance.tableau_courbe(LYCEE_A.uai, "2025-10-01", "2026-03-31")
    assert lignes_du_tableau(tableau)[:2] == [["27/03/2026", "salle B12", "21,0", "768"], ["27/03/2026", "salle C01", "19,0", "—"]]


def test_lycee_sans_sonde_de_salle_et_figure_vide():
    assert texte_de(ambiance.lycee("2026-03-30", LYCEE_B.uai)).startswith("Aucune sonde de salle")
    vide = temperatures_des_cours(pd.DataFrame(columns=["salle", "jour", "temperature", "co2"]), [])
    assert vide.layout.annotations[0].text == "Aucune donnée pour cette période"


def test_classement_regional_par_degres_heures():
    contenu = ambiance.region("2026-03-30")
    (ligne,) = lignes_du_tableau(composants(contenu, html.Table)[0])
    assert ligne == [LYCEE_A.nom, "1", "2", "22", f"1,0{E}°C", texte.quantite(22 * 64.8 * 0.07, "kWh"), "2,0"]
    assert composants(contenu, dcc.Link)[0].href == f"/lycee/{LYCEE_A.uai}"
    assert not composants(contenu, html.Details)  # un seul lycée mesuré : rien à déplier
    assert lignes_du_tableau(ambiance.tableau_region("2026-03-31")) == [ligne]  # le tableau complet, déplié


def test_l_air_des_salles_pour_les_eleves():
    contenu = air.eleves(LYCEE_A.uai, date(2026, 3, 31))  # la page finit mardi à minuit : lundi 23 h
    lu = texte_de(contenu)
    assert "L'air de la salle B12" in lu and "L'air de la salle C01" in lu
    assert "Moyenne de 23 h à 0 h, le 30/03/2026" in lu
    assert f"450{E}ppm Air bien renouvelé" in lu
    assert f"17,0{E}°C Bien : 19 °C visés pendant les cours" in lu and f"50{E}%" in lu
    symboles = [s.children for s in composants(contenu, html.Span) if s.className == "symbole"]
    assert symboles == ["✓", "✓", "✓"]  # B12 : CO2 et température ; C01 : température
    muettes = air.eleves(LYCEE_A.uai, date(2026, 4, 5))
    assert "Pas de mesure récente" in texte_de(muettes)


def test_niveaux_lisibles_sans_la_couleur():
    assert [air._niveau(air.NIVEAUX_CO2, v)[:2] for v in (420, 900, 1200, 1800)] == [
        ("✓", "Air bien renouvelé"), ("~", "Air correct : on aère à la pause"), ("!", "Air confiné : il faut aérer"),
        ("!!", "Air très confiné : aérez maintenant, 5 minutes")]
    assert air._niveau(air.NIVEAUX_TEMPERATURE, 22.0)[1] == "Trop chaud : la consigne peut baisser d'un degré"


def test_sections_dans_les_pages():
    assert "Le confort et l'air des salles" in texte_de(lycee.layout(LYCEE_A.uai, fin="2026-04-01"))
    assert par_id(region.layout(fin="2026-04-01"), ids.REGION_AMBIANCE) is not None
    assert par_id(eleves.layout(uai=LYCEE_A.uai, fin="2026-03-31"), ids.ELEVES_AIR) is not None
