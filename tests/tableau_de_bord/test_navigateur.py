"""Un vrai navigateur (Chromium de Debian, sans tête) sur le tableau de bord servi en local.

Les outils de développement de Dash sont activés pour que toute erreur (rappel qui lève,
propriété invalide) s'affiche dans leur menu : le test vérifie qu'il n'y en a aucune, ni
d'erreur grave dans la console. Chaque attente est bornée.
"""

import shutil
import threading

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from tableau_de_bord import ids
from tableau_de_bord.app import creer_tableau_de_bord
from tests.conftest import LYCEE_A, LYCEE_B

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ATTENTE_S = 30

pytestmark = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)),
    reason="Chromium et chromedriver absents : apt-get install chromium chromium-driver",
)


@pytest.fixture
def adresse(stockage_rempli):
    """Le tableau de bord servi sur un port libre de la boucle locale, le temps du test."""
    app = creer_tableau_de_bord(stockage_rempli)
    app.enable_dev_tools(dev_tools_ui=True, dev_tools_props_check=True, dev_tools_serve_dev_bundles=True,
                         dev_tools_hot_reload=False, dev_tools_disable_version_check=True)  # hors ligne
    serveur = make_server("127.0.0.1", 0, app.server, threaded=True)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{serveur.server_port}"
    serveur.shutdown()
    fil.join(timeout=ATTENTE_S)


@pytest.fixture
def navigateur(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for drapeau in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", f"--user-data-dir={tmp_path / 'profil'}", "--window-size=1280,1000"):
        options.add_argument(drapeau)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    pilote = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    pilote.set_page_load_timeout(ATTENTE_S)
    pilote.set_script_timeout(ATTENTE_S)
    yield pilote
    pilote.quit()


def _attendre_texte(pilote, texte: str) -> None:
    WebDriverWait(pilote, ATTENTE_S).until(ec.text_to_be_present_in_element((By.TAG_NAME, "main"), texte))


def _attendre_graphique(pilote, identifiant: str) -> None:
    """Plotly a dessiné le graphique (son SVG existe)."""
    WebDriverWait(pilote, ATTENTE_S).until(ec.presence_of_element_located((By.CSS_SELECTOR, f"#{identifiant} .main-svg")))


def _sans_erreur(pilote) -> None:
    assert pilote.find_elements(By.CSS_SELECTOR, ".dash-debug-menu__outer")  # les outils qui montreraient l'erreur
    assert not pilote.find_elements(By.CSS_SELECTOR, ".test-devtools-error-count, .dash-fe-error__title")
    graves = [entree for entree in pilote.get_log("browser") if entree["level"] == "SEVERE"]
    assert not graves


def test_vue_regionale_puis_page_d_un_lycee(adresse, navigateur):
    navigateur.get(f"{adresse}/?fin=2026-04-01")
    _attendre_texte(navigateur, LYCEE_B.nom)
    _attendre_graphique(navigateur, ids.REGION_GRAPHIQUE)
    assert navigateur.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert navigateur.title == "Enerlycée — vue régionale"
    assert "10 020 kWh" in navigateur.find_element(By.TAG_NAME, "table").text  # 7 jours du lycée A
    _sans_erreur(navigateur)

    navigateur.find_element(By.LINK_TEXT, LYCEE_A.nom).click()  # navigation sans rechargement
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), LYCEE_A.nom))
    _attendre_graphique(navigateur, ids.LYCEE_GRAPHIQUE)
    _attendre_graphique(navigateur, ids.LYCEE_COURBE_GRAPHIQUE)
    assert navigateur.find_elements(By.CSS_SELECTOR, f"#{ids.LYCEE_GRAPHIQUE} .bars path")
    assert "Total :" in navigateur.find_element(By.ID, ids.LYCEE_CONSOMMATION).text

    navigateur.find_element(By.XPATH, "//label[normalize-space()='7 jours']").click()  # durée → dates → graphique
    WebDriverWait(navigateur, ATTENTE_S).until(
        ec.text_to_be_present_in_element((By.ID, ids.LYCEE_CONSOMMATION), "du 25/03/2026 au 31/03/2026")
    )
    _sans_erreur(navigateur)
