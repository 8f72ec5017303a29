"""Le confort et l'air des salles dans un vrai navigateur : la section de la page d'un lycée (sa
courbe, son tableau des valeurs ouvert au clavier), le classement régional, et l'air des salles sur
la page des élèves et l'écran du hall ; sur le serveur et le jeu de test_navigateur.py (deux sondes
de salle au lycée A, du 27 au 31 mars 2026 : tests/jeu_ambiance.py) ; axe-core : aucune violation
grave ou critique."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tableau_de_bord import ids
from tests.conftest import LYCEE_A, LYCEE_B
from tests.tableau_de_bord import test_navigateur as voisin
from tests.tableau_de_bord.test_navigateur import ATTENTE_S, _accessible, _attendre_graphique, _attendre_texte, _ouvrir, _sans_erreur

# Le serveur (et son jeu), le navigateur et axe-core de test_navigateur.py, pour ce module.
adresse, navigateur, axe, pytestmark = voisin.adresse, voisin.navigateur, voisin.axe, voisin.pytestmark
FIN = "fin=2026-03-31"


def test_section_du_lycee_courbe_et_tableau_des_valeurs(adresse, navigateur, axe):
    _ouvrir(navigateur, adresse, f"/lycee/{LYCEE_A.uai}?{FIN}", ids.LYCEE_GRAPHIQUE)
    _attendre_graphique(navigateur, ids.LYCEE_AMBIANCE_GRAPHIQUE)
    section = navigateur.find_element(By.ID, ids.LYCEE_AMBIANCE)
    assert "les 2 salles mesurées ont été à 20,0" in section.text
    premiere = section.find_element(By.CSS_SELECTOR, "table tbody tr th")
    assert premiere.text == "salle B12"  # la plus surchauffée d'abord
    assert len(navigateur.find_elements(By.CSS_SELECTOR, f"#{ids.LYCEE_AMBIANCE_GRAPHIQUE} .scatterlayer .trace")) == 2
    _accessible(navigateur, axe)
    _sans_erreur(navigateur)

    air, valeurs = section.find_elements(By.CSS_SELECTOR, "details.alternative summary")[:2]
    assert air.text.startswith("L'air des salles")
    navigateur.execute_script("arguments[0].scrollIntoView({block: 'center'})", air)
    air.send_keys(Keys.ENTER)  # au clavier : l'air de chaque salle, construit quand on le déplie
    WebDriverWait(navigateur, ATTENTE_S).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, f"#{ids.LYCEE_AMBIANCE} details table tbody"), "salle B12"))
    navigateur.execute_script("arguments[0].scrollIntoView({block: 'center'})", valeurs)
    valeurs.send_keys(Keys.ENTER)  # chaque jour de classe de chaque salle
    depliees = valeurs.find_element(By.XPATH, "./..")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda _: "30/03/2026" in depliees.find_element(By.TAG_NAME, "div").text)
    _sans_erreur(navigateur)

    _ouvrir(navigateur, adresse, f"/lycee/{LYCEE_B.uai}?{FIN}", ids.LYCEE_GRAPHIQUE)
    _attendre_texte(navigateur, "Aucune sonde de salle", (By.ID, ids.LYCEE_AMBIANCE))


def test_classement_regional_par_degres_heures(adresse, navigateur, axe):
    _ouvrir(navigateur, adresse, f"/?{FIN}", ids.REGION_CARTE)
    _attendre_texte(navigateur, LYCEE_A.nom, (By.ID, ids.REGION_AMBIANCE))
    tableau = navigateur.find_element(By.CSS_SELECTOR, f"#{ids.REGION_AMBIANCE} table")
    assert "Degrés-heures par salle" in tableau.text and LYCEE_B.nom not in tableau.text
    _accessible(navigateur, axe)
    _sans_erreur(navigateur)


def test_l_air_des_salles_pour_les_eleves_et_sur_l_ecran_du_hall(adresse, navigateur, axe):
    _ouvrir(navigateur, adresse, f"/eleves?uai={LYCEE_A.uai}&{FIN}", ids.ELEVES_GRAPHIQUE)
    _attendre_texte(navigateur, "L'air de la salle B12", (By.ID, ids.ELEVES_AIR))
    carte = navigateur.find_element(By.CSS_SELECTOR, f"#{ids.ELEVES_AIR} .air-salle")
    assert "✓ 450 ppm" in carte.text and "Air bien renouvelé" in carte.text  # le symbole et la phrase, pas la couleur seule
    assert carte.find_element(By.CSS_SELECTOR, ".symbole").get_attribute("aria-hidden") == "true"
    _accessible(navigateur, axe)
    _sans_erreur(navigateur)

    _ouvrir(navigateur, adresse, f"/eleves?uai={LYCEE_A.uai}&{FIN}&kiosque=1&duree=2", ids.ELEVES_GRAPHIQUE)
    air = navigateur.find_element(By.ID, ids.ELEVES_AIR).find_element(By.XPATH, "./ancestor::section")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: air.is_displayed())  # sa vue vient à son tour
    assert "L'air de la salle C01" in air.text
    assert float(navigateur.find_element(By.CSS_SELECTOR, ".air-salle .niveau").value_of_css_property("font-size")[:-2]) >= 32
    _accessible(navigateur, axe)
    _sans_erreur(navigateur)
