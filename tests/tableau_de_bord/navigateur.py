"""Ce que partagent les tests en navigateur : le vrai serveur (API et tableau de bord sur un port,
comme `enerlycee api`, avec les outils de développement de Dash) servi sur un port libre, un
Chromium sans tête, axe-core, et les attentes bornées.

Les outils de développement de Dash sont activés pour que toute erreur (rappel qui lève,
propriété invalide) s'affiche dans leur menu : `sans_erreur` vérifie qu'il n'y en a aucune, ni
d'erreur grave dans la console. axe-core (paquet npm, `npm ci` à la racine) : `accessible`
vérifie qu'il n'y a aucune violation « serious » ou « critical ».
"""

import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

import enerlycee.serveur
from noyau.stockage import Stockage
from tableau_de_bord import ids
from tableau_de_bord.app import creer_tableau_de_bord

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ATTENTE_S = 30
RACINE = Path(__file__).resolve().parents[2]
AXE = RACINE / "node_modules" / "axe-core" / "axe.min.js"

sans_chromium = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)),
    reason="Chromium et chromedriver absents : apt-get install chromium chromium-driver",
)


@contextmanager
def servir(stockage: Stockage, hote: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Le serveur d'Enerlycée (enerlycee.serveur.creer_application) sur un port libre (ou sur `port`,
    pour le relancer à la même adresse) ; rend son adresse."""
    def avec_outils(magasin, limite=None):
        app = creer_tableau_de_bord(magasin, limite)
        app.enable_dev_tools(dev_tools_ui=True, dev_tools_props_check=True, dev_tools_serve_dev_bundles=True,
                             dev_tools_hot_reload=False, dev_tools_disable_version_check=True)  # hors ligne
        return app

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(enerlycee.serveur, "creer_tableau_de_bord", avec_outils)
        application = enerlycee.serveur.creer_application(stockage)
    prise = socket.socket()
    prise.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # comme uvicorn : relancé aussitôt sur le même port
    prise.bind((hote, port))
    serveur = uvicorn.Server(uvicorn.Config(application, log_level="warning"))
    fil = threading.Thread(target=serveur.run, kwargs={"sockets": [prise]}, daemon=True)
    fil.start()
    limite = time.monotonic() + ATTENTE_S
    while not serveur.started and time.monotonic() < limite:
        time.sleep(0.02)
    try:
        yield f"http://{hote}:{prise.getsockname()[1]}"
    finally:
        serveur.should_exit = True
        fil.join(timeout=ATTENTE_S)
        prise.close()


@contextmanager
def chromium(profil: Path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for drapeau in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", f"--user-data-dir={profil}", "--window-size=1280,1000"):
        options.add_argument(drapeau)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    pilote = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    pilote.set_page_load_timeout(ATTENTE_S)
    pilote.set_script_timeout(ATTENTE_S)
    try:
        yield pilote
    finally:
        pilote.quit()


def script_axe() -> str:
    """Le script d'axe-core ; `npm ci` l'installe s'il manque (package-lock.json à la racine)."""
    if not AXE.exists():
        if not shutil.which("npm"):
            pytest.skip("axe-core absent et npm introuvable : apt-get install npm, puis npm ci à la racine")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=RACINE, check=True, capture_output=True, timeout=300)
    return AXE.read_text(encoding="utf-8")


def attendre_texte(pilote, texte: str, par=(By.TAG_NAME, "main")) -> None:
    WebDriverWait(pilote, ATTENTE_S).until(ec.text_to_be_present_in_element(par, texte))


def attendre_graphique(pilote, identifiant: str) -> None:
    """Plotly a dessiné le graphique (son SVG existe)."""
    WebDriverWait(pilote, ATTENTE_S).until(ec.presence_of_element_located((By.CSS_SELECTOR, f"#{identifiant} .main-svg")))


def sans_erreur(pilote) -> None:
    assert pilote.find_elements(By.CSS_SELECTOR, ".dash-debug-menu__outer")  # les outils qui montreraient l'erreur
    assert not pilote.find_elements(By.CSS_SELECTOR, ".test-devtools-error-count, .dash-fe-error__title")
    graves = [entree for entree in pilote.get_log("browser") if entree["level"] == "SEVERE"]
    assert not graves, graves


def accessible(pilote, axe: str) -> None:
    """axe-core dans la page : aucune violation grave ou critique (hors menu des outils de Dash,
    absent en production)."""
    pilote.execute_script(axe)
    violations = pilote.execute_async_script(
        "const fini = arguments[arguments.length - 1];"
        "axe.run({exclude: [['.dash-debug-menu__outer'], ['.dash-debug-menu']]}, {resultTypes: ['violations']})"
        ".then(r => fini(r.violations)).catch(e => fini([{id: 'erreur axe', impact: 'critical', help: String(e), nodes: []}]));"
    )
    graves = [
        {"regle": v["id"], "impact": v["impact"], "aide": v["help"], "elements": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not graves, json.dumps(graves, ensure_ascii=False, indent=1)


# --- Se connecter et remplir les formulaires (tableau_de_bord/formulaires) ---


def se_connecter(pilote, adresse: str, code: str, suite: str = "/") -> None:
    """Au clavier : le code, puis Entrée ; la page suivante se recharge, connectée (la session d'un
    test précédent est d'abord fermée)."""
    pilote.get_log("browser")  # vide le journal des tests précédents
    pilote.get(f"{adresse}/connexion?suite={suite}")
    WebDriverWait(pilote, ATTENTE_S).until(ec.presence_of_element_located((By.ID, ids.COMPTE)))
    if pilote.find_elements(By.ID, ids.DECONNEXION):
        se_deconnecter(pilote)
        pilote.get(f"{adresse}/connexion?suite={suite}")
    champ = WebDriverWait(pilote, ATTENTE_S).until(ec.element_to_be_clickable((By.ID, "connexion-code")))
    champ.send_keys(code, Keys.ENTER)
    WebDriverWait(pilote, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, ids.COMPTE), "Connecté"))


def se_deconnecter(pilote) -> None:
    pilote.find_element(By.ID, ids.DECONNEXION).click()
    WebDriverWait(pilote, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, ids.COMPTE), "Se connecter"))


def agir(pilote, identifiant: str, action) -> None:
    """`action(element)` sur l'élément de cet identifiant, repris s'il vient d'être rendu à nouveau."""
    def essayer(p) -> bool:
        try:
            action(p.find_element(By.ID, identifiant))
            return True
        except StaleElementReferenceException:
            return False
    WebDriverWait(pilote, ATTENTE_S).until(essayer)


def envoyer(pilote, formulaire: str) -> None:
    def cliquer(bouton) -> None:
        pilote.execute_script("arguments[0].scrollIntoView({block: 'center'})", bouton)
        bouton.click()
    agir(pilote, f"{formulaire}-envoyer", cliquer)


def saisir(pilote, identifiant: str, valeur: str) -> None:
    def remplacer(champ) -> None:
        champ.send_keys(Keys.CONTROL, "a")  # la touche Ctrl reste enfoncée jusqu'à la fin de l'envoi
        champ.send_keys(valeur or Keys.DELETE)
    agir(pilote, identifiant, remplacer)


def etat(pilote, formulaire: str, texte: str) -> str:
    WebDriverWait(pilote, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, f"{formulaire}-etat"), texte))
    return pilote.find_element(By.ID, f"{formulaire}-etat").text


ESPION = """
window.__corps = []; window.__statuts = []; window.__sansCsrf = false;
const envoyer = window.fetch;
window.fetch = function (adresse, options) {
  const rappel = String(adresse).includes("_dash-update-component");
  if (rappel) {
    window.__corps.push(options.body);
    if (window.__sansCsrf) {
      const entetes = new Headers(options.headers);
      entetes.delete("X-CSRFToken");
      options = Object.assign({}, options, {headers: entetes});
    }
  }
  return envoyer.call(this, adresse, options).then(r => { if (rappel) { window.__statuts.push(r.status); } return r; });
};
"""
