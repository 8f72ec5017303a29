"""Un vrai navigateur (Chromium de Debian, sans tête) sur le vrai serveur (API et tableau de bord
sur un port, comme `enerlycee api`), servi en local pour le module : les pages publiques, à la
souris et au clavier. Outils de Dash, axe-core et attentes bornées : tests/tableau_de_bord/navigateur.py.
"""

from datetime import date

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from noyau.communaute.defis import creer_defi
from noyau.stockage import ouvrir_stockage
from tableau_de_bord import ids
from tests.conftest import LYCEE_A, LYCEE_B, compteurs_du_jeu, compteurs_numeriques, releves_du_jeu, releves_numeriques
from tests.jeu_ambiance import releves_des_salles, sondes_de_salle
from tests.tableau_de_bord.navigateur import ATTENTE_S, chromium, sans_chromium, script_axe, servir
from tests.tableau_de_bord.navigateur import accessible as _accessible
from tests.tableau_de_bord.navigateur import attendre_graphique as _attendre_graphique
from tests.tableau_de_bord.navigateur import attendre_texte as _attendre_texte
from tests.tableau_de_bord.navigateur import sans_erreur as _sans_erreur
from tests.tableau_de_bord.test_suivi import kit_revenu_apres_un_trou

FIN = "fin=2026-04-01"  # le jeu couvre mars 2026

pytestmark = sans_chromium


@pytest.fixture(scope="module")
def adresse(tmp_path_factory):
    """Le serveur d'Enerlycée sur un port libre de la boucle locale, le temps du module."""
    stockage = ouvrir_stockage(f"sqlite:///{tmp_path_factory.mktemp('navigateur')}/enerlycee.db")
    stockage.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu() + compteurs_numeriques() + sondes_de_salle())
    stockage.ecrire(releves_du_jeu() + releves_numeriques() + releves_des_salles())
    kit_revenu_apres_un_trou(stockage)  # une alerte « kit silencieux » au lycée A
    creer_defi(stockage, "Défi de printemps", "electricite", date(2026, 3, 23), date(2026, 3, 30),
               [(LYCEE_A.uai, None), (LYCEE_B.uai, None)])
    with servir(stockage) as adresse_du_serveur:
        yield adresse_du_serveur
    stockage.fermer()


@pytest.fixture(scope="module")
def navigateur(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("profil")) as pilote:
        yield pilote


@pytest.fixture(scope="module")
def axe() -> str:
    return script_axe()


def _ouvrir(pilote, adresse: str, chemin: str, graphique: str) -> None:
    pilote.get_log("browser")  # vide le journal des pages précédentes
    pilote.get(f"{adresse}{chemin}")
    _attendre_graphique(pilote, graphique)


def test_vue_regionale_carte_indicateur_et_lien_vers_un_lycee(adresse, navigateur, axe):
    _ouvrir(navigateur, adresse, f"/?{FIN}", ids.REGION_CARTE)
    _attendre_graphique(navigateur, ids.REGION_GRAPHIQUE)
    assert navigateur.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    WebDriverWait(navigateur, ATTENTE_S).until(ec.title_is("Enerlycée — vue régionale"))
    assert "10 020 kWh" in navigateur.find_element(By.TAG_NAME, "table").text  # 7 jours du lycée A
    _accessible(navigateur, axe)
    _sans_erreur(navigateur)

    navigateur.find_element(By.XPATH, "//label[normalize-space()='7 derniers jours']").click()  # recolore la carte
    WebDriverWait(navigateur, ATTENTE_S).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, f"#{ids.REGION_CARTE} .colorbar"), "kWh")
    )
    electricite = navigateur.find_element(By.CSS_SELECTOR, f"#{ids.REGION_ENERGIE} input[value=electricite]")
    electricite.send_keys(Keys.ARROW_RIGHT)  # au clavier : la flèche passe au gaz, la page suit
    _attendre_texte(navigateur, "Gaz, en kWh", (By.ID, ids.REGION_CONTENU))
    assert navigateur.switch_to.active_element.value_of_css_property("outline-style") == "solid"  # focus visible
    navigateur.find_element(By.LINK_TEXT, LYCEE_A.nom).click()  # navigation sans rechargement
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), LYCEE_A.nom))
    _attendre_graphique(navigateur, ids.LYCEE_GRAPHIQUE)
    _sans_erreur(navigateur)


def test_export_csv_depuis_le_lien_de_la_page(adresse, navigateur):
    _ouvrir(navigateur, adresse, f"/?{FIN}", ids.REGION_CARTE)
    lien = navigateur.find_element(By.CSS_SELECTOR, f"#{ids.REGION_EXPORT} a[href*='format=csv']").get_attribute("href")
    reponse = navigateur.execute_async_script(
        "const fini = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(async r => fini({statut: r.status, type: r.headers.get('content-type'), corps: await r.text()}));",
        lien,
    )
    assert reponse["statut"] == 200 and reponse["type"].startswith("text/csv")
    lignes = reponse["corps"].splitlines()
    assert lignes[0] == "uai,nom,energie,debut,fin,valeur,unite,complet"
    assert any(ligne.startswith(f"{LYCEE_A.uai},{LYCEE_A.nom},electricite,2026-03-01") for ligne in lignes)


def test_page_d_un_lycee_periode_et_choix_du_lycee(adresse, navigateur, axe):
    _ouvrir(navigateur, adresse, f"/lycee/{LYCEE_A.uai}?{FIN}", ids.LYCEE_GRAPHIQUE)
    for graphique in (ids.LYCEE_COURBE_GRAPHIQUE, ids.LYCEE_CHALEUR_GRAPHIQUE):
        _attendre_graphique(navigateur, graphique)
    assert navigateur.find_elements(By.CSS_SELECTOR, f"#{ids.LYCEE_GRAPHIQUE} .bars path")
    assert "Total :" in navigateur.find_element(By.ID, ids.LYCEE_CONSOMMATION).text
    _accessible(navigateur, axe)
    _sans_erreur(navigateur)

    valeurs = navigateur.find_element(By.CSS_SELECTOR, f"#{ids.LYCEE_CONSOMMATION} details.alternative summary")
    navigateur.execute_script("arguments[0].scrollIntoView({block: 'center'})", valeurs)
    valeurs.click()  # le tableau des valeurs, construit à l'ouverture
    WebDriverWait(navigateur, ATTENTE_S).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, f"#{ids.LYCEE_CONSOMMATION} details table"), "le 31/03/2026")
    )

    alerte = navigateur.find_element(By.CSS_SELECTOR, f"#{ids.LYCEE_ALERTES} li")  # constat lisible sans clic
    assert "Kit silencieux" in alerte.text and "aucun relevé d'énergie" in alerte.text

    navigateur.find_element(By.XPATH, "//label[normalize-space()='7 jours']").click()  # durée → dates → graphiques
    _attendre_texte(navigateur, "du 25/03/2026 au 31/03/2026", (By.ID, ids.LYCEE_CONSOMMATION))

    choix = navigateur.find_element(By.ID, ids.LYCEE_CHOIX)  # au clavier : taper, Entrée
    choix.clear()
    choix.send_keys("Kerichen", Keys.ENTER)
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), LYCEE_B.nom))
    assert navigateur.current_url.endswith(f"/lycee/{LYCEE_B.uai}")
    _attendre_graphique(navigateur, ids.LYCEE_GRAPHIQUE)
    _sans_erreur(navigateur)


def test_page_des_eleves_et_mode_kiosque(adresse, navigateur, axe):
    _ouvrir(navigateur, adresse, f"/eleves?uai={LYCEE_A.uai}&{FIN}", ids.ELEVES_GRAPHIQUE)
    assert "Nos économies d'énergie" in navigateur.find_element(By.TAG_NAME, "h1").text
    assert "Défi : Défi de printemps" in navigateur.find_element(By.TAG_NAME, "main").text
    _accessible(navigateur, axe)
    _sans_erreur(navigateur)

    _ouvrir(navigateur, adresse, f"/eleves?uai={LYCEE_A.uai}&{FIN}&kiosque=1&duree=2", ids.ELEVES_GRAPHIQUE)
    assert not navigateur.find_element(By.TAG_NAME, "header").is_displayed()  # écran du hall : sans menu
    vues = navigateur.find_elements(By.CSS_SELECTOR, ".vues > section")
    assert vues[0].is_displayed() and not vues[1].is_displayed()
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: vues[1].is_displayed() and not vues[0].is_displayed())
    pause = navigateur.find_element(By.ID, ids.ELEVES_PAUSE)
    pause.click()
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: pause.get_attribute("aria-pressed") == "true")
    assert pause.text == "Reprendre"
    _accessible(navigateur, axe)
    _sans_erreur(navigateur)


def test_qualite_des_donnees(adresse, navigateur, axe):
    _ouvrir(navigateur, adresse, f"/qualite?{FIN}", ids.QUALITE_GRAPHIQUE)
    _attendre_texte(navigateur, "Aucun relevé en quarantaine")
    WebDriverWait(navigateur, ATTENTE_S).until(ec.title_is("Enerlycée — qualité des données"))
    assert _page_ouverte(navigateur) == ["Qualité des données"]
    _accessible(navigateur, axe)
    _sans_erreur(navigateur)


def _page_ouverte(pilote) -> list[str]:
    """Les liens de la navigation marqués comme la page ouverte (aria-current, accessibilite.js)."""
    return [e.text for e in pilote.find_elements(By.CSS_SELECTOR, 'nav a[aria-current="page"]')]


def test_navigation_au_clavier_et_page_introuvable(adresse, navigateur, axe):
    navigateur.get(f"{adresse}/nulle-part")
    _attendre_texte(navigateur, "Page introuvable")
    corps = navigateur.find_element(By.TAG_NAME, "body")
    for _ in range(5):  # le menu des outils de Dash (absent en production) peut passer avant
        corps.send_keys(Keys.TAB)
        evitement = navigateur.switch_to.active_element
        if evitement.text == "Aller au contenu":
            break
    assert evitement.text == "Aller au contenu" and evitement.is_displayed()  # visible une fois atteint
    assert evitement.value_of_css_property("outline-style") == "solid"  # focus visible
    liens = [e.text for e in navigateur.find_elements(By.CSS_SELECTOR, "nav a")]
    assert liens == ["Vue régionale", "Élèves", "Qualité des données"]
    assert _page_ouverte(navigateur) == []  # aucune page de la navigation
    _accessible(navigateur, axe)
    _sans_erreur(navigateur)
    navigateur.find_element(By.LINK_TEXT, "Élèves").send_keys(Keys.ENTER)  # au clavier ; Dash change de page sans recharger
    WebDriverWait(navigateur, ATTENTE_S).until(lambda pilote: _page_ouverte(pilote) == ["Élèves"])
