"""La part du numérique dans les pages (tableau_de_bord.sections.numerique) : les nombres du noyau
sur le jeu de tests/conftest.py (électricité 60 kWh par heure au lycée A, 21 000 m²) et ses deux
sous-compteurs numériques (`serveurs` 2 kW en continu ; `salle-info` 4 kW de 8 h à 18 h du lundi
au vendredi, 0,5 kW sinon)."""

from datetime import date

import pytest
from dash import dcc, html

from noyau.domaine import texte
from tableau_de_bord import figures, ids
from tableau_de_bord.pages import lycee, region
from tableau_de_bord.sections import numerique
from tests.conftest import LYCEE_A, LYCEE_B, compteurs_numeriques, releves_numeriques
from tests.tableau_de_bord.conftest import composants, lignes_du_tableau, par_id, texte_de

pytestmark = pytest.mark.usefixtures("contexte")


@pytest.fixture(autouse=True)
def equipe(stockage_rempli):
    stockage_rempli.enregistrer_registre(compteurs=compteurs_numeriques())
    stockage_rempli.ecrire(releves_numeriques())


def test_section_du_lycee_autour_du_passage_a_l_heure_d_ete():
    """Du vendredi 27 au lundi 30 mars : 307,5 kWh, dont 182,5 hors des 22 heures d'ouverture."""
    contenu = numerique.lycee("2026-03-27", "2026-03-30", LYCEE_A.uai)
    lu = texte_de(contenu)
    assert "Numérique : 308\u00a0kWh du 27/03/2026 au 30/03/2026" in lu  # 307,5 arrondi
    assert f"{texte.nombre(100 * 307.5 / (95 * 60), 1)}\u00a0% de l'électricité du lycée" in lu
    assert f"{texte.nombre(100 * 182.5 / 307.5, 1)}\u00a0% hors occupation" in lu and "données complètes" in lu
    assert not composants(contenu, html.Table)  # le détail des équipements, construit quand on le déplie
    equipements = lignes_du_tableau(numerique.tableau_equipements(LYCEE_A.uai, "2026-03-27", "2026-03-31"))
    assert equipements == [["Salle informatique", "salle-info", "118", "36", "31,1\u00a0%", "complet"],
                           ["Serveurs", "serveurs", "190", "146", "76,8\u00a0%", "complet"]]
    graphique = par_id(contenu, ids.LYCEE_NUMERIQUE_GRAPHIQUE)
    assert list(graphique.figure.data[0].x)[-1] == "du 01/03/2026 au 30/03/2026"  # le dernier mois, rogné


def test_tendance_des_douze_derniers_mois():
    mois = numerique.mois_de_la_tendance(LYCEE_A.uai, date(2026, 4, 6))
    assert list(mois["libelle"])[:2] == ["mai 2025", "juin 2025"] and len(mois) == 12
    assert list(mois["libelle"])[-1] == "du 01/04/2026 au 05/04/2026"
    mars = mois.iloc[-2]
    assert (mars.libelle, mars.complet) == ("mars 2026", False)  # le jeu commence le 2 mars
    assert mars.ouverture + mars.hors_occupation == (30 * 24 - 1) * 2 + 22 * 47 + 8 * 12 - 0.5
    assert mois.iloc[0].ouverture + mois.iloc[0].hors_occupation == 0  # avant les relevés : rien
    tableau = numerique.tableau_tendance(LYCEE_A.uai, "2026-04-06")
    assert lignes_du_tableau(tableau)[-1][0] == "du 01/04/2026 au 05/04/2026"
    figure = figures.numerique_par_mois(mois)
    assert [barres.name for barres in figure.data] == ["Heures d'ouverture", "Hors occupation"]


def test_lycee_sans_numerique_et_periode_trop_longue():
    assert texte_de(numerique.lycee("2026-03-27", "2026-03-30", LYCEE_B.uai)).startswith("Aucun compteur numérique")
    assert "1 à 400 jours" in texte_de(numerique.lycee("2025-01-01", "2026-03-30", LYCEE_A.uai))


def test_classement_regional_par_part_et_par_m2():
    contenu = numerique.region("2026-04-05")  # depuis le 1er janvier : le jeu commence le 2 mars
    (ligne,) = lignes_du_tableau(composants(contenu, html.Table)[0])
    assert ligne[:2] == [LYCEE_A.nom, "1"] and ligne[3] == "1" and ligne[-1] == "incomplet"
    assert "effectifs" in texte_de(contenu)  # par m², faute d'effectifs d'élèves dans le registre
    lien = composants(contenu, dcc.Link)[0]
    assert lien.href == f"/lycee/{LYCEE_A.uai}"
    assert composants(contenu, html.A)[0].href == "/api/v1/export/numerique?debut=2026-01-01&fin=2026-04-06&format=csv"


def test_sections_dans_les_pages():
    page = lycee.layout(LYCEE_A.uai, fin="2026-04-01")
    assert par_id(page, ids.LYCEE_NUMERIQUE) is not None and "La part du numérique" in texte_de(page)
    assert par_id(region.layout(fin="2026-04-01"), ids.REGION_NUMERIQUE) is not None
