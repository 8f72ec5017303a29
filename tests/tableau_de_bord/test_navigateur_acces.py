"""La connexion par code d'accès dans un vrai navigateur : se connecter au clavier, la session côté
serveur (cookies, stockage), se déconnecter ; les refus : code faux, code révoqué (la session finit
à la requête suivante), session expirée, écriture sans jeton CSRF (même origine sans l'en-tête, et
depuis un autre site)."""

from dataclasses import replace

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from noyau.communaute.jetons import creer_jeton, empreinte, revoquer_jeton
from noyau.communaute.sessions import DUREE_MAX_S
from noyau.domaine.temps import maintenant
from noyau.stockage import ouvrir_stockage
from tableau_de_bord import ids
from tests.conftest import LYCEE_A, LYCEE_B, compteurs_du_jeu
from tests.tableau_de_bord.navigateur import ATTENTE_S, accessible, attendre_texte, chromium, sans_chromium, sans_erreur, script_axe, servir

pytestmark = sans_chromium


@pytest.fixture(scope="module")
def stockage(tmp_path_factory):
    ouvert = ouvrir_stockage(f"sqlite:///{tmp_path_factory.mktemp('acces')}/enerlycee.db")
    ouvert.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
    yield ouvert
    ouvert.fermer()


@pytest.fixture(scope="module")
def adresse(stockage):
    with servir(stockage) as adresse_du_serveur:
        yield adresse_du_serveur


@pytest.fixture(scope="module")
def navigateur(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("profil")) as pilote:
        yield pilote


@pytest.fixture(scope="module")
def axe() -> str:
    return script_axe()


def se_connecter(pilote, adresse: str, code: str, suite: str = "/") -> None:
    """Au clavier : le code, puis Entrée ; la page suivante se recharge, connectée."""
    pilote.get(f"{adresse}/connexion?suite={suite}")
    champ = WebDriverWait(pilote, ATTENTE_S).until(ec.element_to_be_clickable((By.ID, "connexion-code")))
    champ.send_keys(code, Keys.ENTER)
    WebDriverWait(pilote, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, ids.COMPTE), "Connecté"))


def se_deconnecter(pilote) -> None:
    pilote.find_element(By.ID, ids.DECONNEXION).click()
    WebDriverWait(pilote, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, ids.COMPTE), "Se connecter"))


def _cookies(pilote) -> dict:
    return {c["name"]: c for c in pilote.get_cookies()}


def test_connexion_au_clavier_erreurs_annoncees_puis_deconnexion(adresse, navigateur, axe, stockage):
    code = creer_jeton(stockage, "gestionnaire", LYCEE_A.uai)
    navigateur.get(f"{adresse}/")
    lien = WebDriverWait(navigateur, ATTENTE_S).until(ec.element_to_be_clickable((By.LINK_TEXT, "Se connecter")))
    lien.click()
    champ = WebDriverWait(navigateur, ATTENTE_S).until(ec.element_to_be_clickable((By.ID, "connexion-code")))
    etiquette = navigateur.find_element(By.CSS_SELECTOR, "label[for='connexion-code']")
    assert etiquette.text == "Code d'accès" and champ.get_attribute("type") == "password"
    assert navigateur.find_element(By.ID, "connexion-envoyer").text == "Se connecter"
    accessible(navigateur, axe)

    champ.send_keys("code-faux", Keys.ENTER)  # au clavier
    erreur = navigateur.find_element(By.ID, "connexion-code-erreur")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: erreur.text == "Code d'accès inconnu.")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: champ.get_attribute("aria-invalid") == "true")
    assert "connexion-code-erreur" in champ.get_attribute("aria-describedby").split()
    assert navigateur.switch_to.active_element == champ  # le focus sur le champ en erreur
    assert navigateur.find_element(By.CSS_SELECTOR, "#connexion-etat [role=alert]").text.startswith("1 champ à corriger")
    accessible(navigateur, axe)  # l'état d'erreur aussi
    assert stockage.session(empreinte("code-faux")) is None

    champ.send_keys(Keys.CONTROL, "a")
    champ.send_keys(code)  # remplace le code faux
    navigateur.find_element(By.ID, "connexion-envoyer").send_keys(Keys.ENTER)  # le bouton, au clavier
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, ids.COMPTE), LYCEE_A.nom))
    assert f"gestionnaire, {LYCEE_A.nom} ({LYCEE_A.uai})" in navigateur.find_element(By.ID, ids.COMPTE).text
    cookies = _cookies(navigateur)
    session = cookies["enerlycee_session"]
    assert session["httpOnly"] and session["sameSite"] == "Lax" and "expiry" not in session  # oublié à la fermeture
    assert not cookies["_csrf_token"]["httpOnly"]  # lu par la page, renvoyé en en-tête par Dash
    assert stockage.session(empreinte(session["value"])).jeton == empreinte(code)
    accessible(navigateur, axe)
    sans_erreur(navigateur)

    se_deconnecter(navigateur)
    assert "enerlycee_session" not in _cookies(navigateur)
    assert stockage.session(empreinte(session["value"])) is None
    sans_erreur(navigateur)


def test_code_revoque_ou_session_expiree_la_session_finit(adresse, navigateur, stockage):
    for finir, motif in (
        (lambda code, _: revoquer_jeton(stockage, empreinte(code)[:12]), "code d'accès révoqué"),
        (lambda _, ouverte: stockage.enregistrer_session(replace(ouverte, cree_le=maintenant() - DUREE_MAX_S - 1)),
         "session expirée"),
    ):
        code = creer_jeton(stockage, "region", None)
        se_connecter(navigateur, adresse, code)
        ouverte = stockage.session(empreinte(_cookies(navigateur)["enerlycee_session"]["value"]))
        finir(code, ouverte)
        navigateur.get(f"{adresse}/connexion")  # la requête suivante
        attendre_texte(navigateur, f"Votre session a pris fin : {motif}")
        assert "Se connecter" in navigateur.find_element(By.ID, ids.COMPTE).text
