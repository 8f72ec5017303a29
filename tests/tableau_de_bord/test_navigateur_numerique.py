"""La part du numérique dans un vrai navigateur : la section de la page d'un lycée (son graphique,
son tableau des valeurs ouvert au clavier) et le classement régional, sur le serveur et le jeu de
test_navigateur.py (le lycée A a deux sous-compteurs numériques) ; axe-core : aucune violation
grave ou critique."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tableau_de_bord import ids
from tests.conftest import LYCEE_A, LYCEE_B
from tests.tableau_de_bord import test_navigateur as voisin
from tests.tableau_de_bord.navigateur import ATTENTE_S, accessible, attendre_graphique, attendre_texte, sans_erreur
from tests.tableau_de_bord.test_navigateur import FIN, _ouvrir

# Le serveur (et son jeu) de test_navigateur.py, pour ce module.
adresse, pytestmark = voisin.adresse, voisin.pytestmark  # navigateur et axe : tests/tableau_de_bord/conftest.py


def test_section_numerique_de_la_page_d_un_lycee(adresse, navigateur, axe):
    _ouvrir(navigateur, adresse, f"/lycee/{LYCEE_A.uai}?{FIN}", ids.LYCEE_GRAPHIQUE)
    attendre_graphique(navigateur, ids.LYCEE_NUMERIQUE_GRAPHIQUE)
    section = navigateur.find_element(By.ID, ids.LYCEE_NUMERIQUE)
    assert "Numérique : " in section.text and "de l'électricité du lycée" in section.text
    accessible(navigateur, axe)
    sans_erreur(navigateur)

    detail, valeurs = section.find_elements(By.CSS_SELECTOR, "details.alternative summary")
    navigateur.execute_script("arguments[0].scrollIntoView({block: 'center'})", detail)
    detail.click()  # le détail des équipements, construit à l'ouverture
    WebDriverWait(navigateur, ATTENTE_S).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, f"#{ids.LYCEE_NUMERIQUE} details table"), "Serveurs"))
    navigateur.execute_script("arguments[0].scrollIntoView({block: 'center'})", valeurs)
    valeurs.send_keys(Keys.ENTER)  # au clavier : le tableau des douze mois, construit à l'ouverture
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element(
        (By.CSS_SELECTOR, f"#{ids.LYCEE_NUMERIQUE} figure details table"), "mars 2026"))
    navigateur.find_element(By.XPATH, "//label[normalize-space()='7 jours']").click()  # la période suit
    attendre_texte(navigateur, "du 25/03/2026 au 31/03/2026", (By.ID, ids.LYCEE_NUMERIQUE))
    sans_erreur(navigateur)

    _ouvrir(navigateur, adresse, f"/lycee/{LYCEE_B.uai}?{FIN}", ids.LYCEE_GRAPHIQUE)
    attendre_texte(navigateur, "Aucun compteur numérique", (By.ID, ids.LYCEE_NUMERIQUE))


def test_classement_regional_du_numerique(adresse, navigateur, axe):
    _ouvrir(navigateur, adresse, f"/?{FIN}", ids.REGION_CARTE)
    attendre_texte(navigateur, LYCEE_A.nom, (By.ID, ids.REGION_NUMERIQUE))
    tableau = navigateur.find_element(By.CSS_SELECTOR, f"#{ids.REGION_NUMERIQUE} table")
    assert "Part de l'électricité" in tableau.text and "kWh/m²" in tableau.text
    accessible(navigateur, axe)
    sans_erreur(navigateur)
    lien = tableau.find_element(By.LINK_TEXT, LYCEE_A.nom)
    navigateur.execute_script("arguments[0].scrollIntoView({block: 'center'})", lien)
    lien.click()  # vers la page du lycée, sans rechargement
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), LYCEE_A.nom))
    attendre_graphique(navigateur, ids.LYCEE_NUMERIQUE_GRAPHIQUE)
    sans_erreur(navigateur)
