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
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

import enerlycee.serveur
from noyau.stockage import Stockage
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
