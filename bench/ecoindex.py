"""Banc de sobriété du tableau de bord (pas un test) : EcoIndex de chaque page et temps jusqu'au
graphique principal, dans Chromium sans tête ; et, avec `--captures`, les captures d'écran du
README (bureau 1280 px, téléphone 390 px), plus, avec `--donnees`, celle du formulaire principal de
chaque rôle (connecté par un code d'accès créé dans la copie : `formulaire-<rôle>.png`).

    enerlycee demo --donnees /tmp/demo-tdb --port 8050      # une fois, pour avoir les données
    .venv/bin/python bench/ecoindex.py --donnees /tmp/demo-tdb [--captures docs/captures]
    .venv/bin/python bench/ecoindex.py --adresse http://127.0.0.1:8050   # un serveur déjà lancé

Avec `--donnees`, le banc copie le fichier SQLite de la démonstration (l'original n'est pas
touché ; la démonstration y a rangé sa communauté, ses alertes et sa quarantaine), puis sert cette
copie avec le serveur d'Enerlycée (API et tableau de bord, réponses compressées) sur un port libre
de la boucle locale.

Mesure de chaque page, comme la référence (cnumr/ecoindex_python, ecoindex/scraper/scrap.py) :
première visite (cache du navigateur vidé), fenêtre 1920 × 1080, 1 s d'attente, défilement en
bas de page, 1 s d'attente ; requêtes et octets transférés lus dans le journal réseau de Chrome
(`Network.loadingFinished.encodedDataLength`, réponses http seulement), taille en Ko = octets /
1000 ; éléments du DOM = tous les éléments moins ceux dans un <svg>. Le graphique principal est
« dessiné » quand son `.main-svg` existe (observateur installé avant le chargement de la page) ;
le temps part du début de la navigation (`performance.now()`).

EcoIndex (GreenIT / collectif Conception numérique responsable) : quantiles et notes de
cnumr/ecoindex_python (ecoindex/compute/ecoindex.py et ecoindex/data) :
score = 100 - 5 × (3 × q_dom + 2 × q_req + q_taille) / 6, arrondi ; note A si score > 80,
B > 70, C > 55, D > 40, E > 25, F > 10, sinon G.
"""

import argparse
import json
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))

import uvicorn  # noqa: E402 (après le chemin du dépôt)
from selenium import webdriver  # noqa: E402

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

# Quantiles de la référence (HTTP Archive) : éléments du DOM, requêtes, taille en Ko.
QUANTILES_DOM = (0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459, 1801,
                 2479, 594601)
QUANTILES_REQUETES = (0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920)
QUANTILES_TAILLE_KO = (0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27,
                       1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26)
NOTES = (("A", 80), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 10))

OBSERVATEUR = """
window.__dessins = {};
new MutationObserver(function () {
  document.querySelectorAll('.js-plotly-plot .main-svg').forEach(function (svg) {
    var graphique = svg.closest('.js-plotly-plot').parentElement;
    var cle = graphique && graphique.id;
    if (cle && !(cle in window.__dessins)) { window.__dessins[cle] = performance.now(); }
  });
}).observe(document, {childList: true, subtree: true});
"""


def quantile(quantiles: tuple, valeur: float) -> float:
    for k in range(1, len(quantiles)):
        if valeur < quantiles[k]:
            return k - 1 + (valeur - quantiles[k - 1]) / (quantiles[k] - quantiles[k - 1])
    return len(quantiles) - 1


def ecoindex(dom: int, requetes: int, taille_ko: float) -> tuple[int, str]:
    score = round(100 - 5 * (3 * quantile(QUANTILES_DOM, dom) + 2 * quantile(QUANTILES_REQUETES, requetes)
                             + quantile(QUANTILES_TAILLE_KO, taille_ko)) / 6)
    return score, next((note for note, seuil in NOTES if score > seuil), "G")


@dataclass
class Mesure:
    page: str
    octets: int
    requetes: int
    dom: int
    graphique_ms: float | None
    graphique_cache_ms: float | None = None  # seconde visite, scripts en cache

    @property
    def note(self) -> tuple[int, str]:
        return ecoindex(self.dom, self.requetes, self.octets / 1000)


def pages(uai: str) -> list[tuple[str, str, str]]:
    """(nom, chemin, identifiant du graphique principal)."""
    return [
        ("Région", "/", "region-carte"),
        ("Lycée", f"/lycee/{uai}", "lycee-graphique"),
        ("Élèves", f"/eleves?uai={uai}", "eleves-graphique"),
        ("Élèves, écran du hall", f"/eleves?uai={uai}&kiosque=1", "eleves-graphique"),
        ("Qualité des données", "/qualite", "qualite-graphique"),
    ]


def navigateur(largeur: int = 1920, hauteur: int = 1080) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for drapeau in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", "--lang=fr-FR", f"--window-size={largeur},{hauteur}"):
        options.add_argument(drapeau)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    pilote = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    pilote.set_page_load_timeout(60)
    pilote.execute_cdp_cmd("Network.enable", {})
    pilote.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVATEUR})
    return pilote


def mesurer(pilote: webdriver.Chrome, adresse: str, nom: str, chemin: str, graphique: str, vider: bool = True) -> Mesure:
    if vider:
        pilote.execute_cdp_cmd("Network.clearBrowserCache", {})
    pilote.get("about:blank")
    pilote.get_log("performance")
    pilote.get(adresse + chemin)
    limite = time.monotonic() + 30
    dessine = None
    while dessine is None and time.monotonic() < limite:
        dessine = pilote.execute_script("return (window.__dessins || {})[arguments[0]];", graphique)
        time.sleep(0.05)
    time.sleep(1)
    pilote.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    time.sleep(1)
    dom = pilote.execute_script(
        "return document.getElementsByTagName('*').length - document.querySelectorAll('svg *').length;")
    requetes: dict[str, int] = {}
    for entree in pilote.get_log("performance"):
        message = json.loads(entree["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.responseReceived" and params["response"]["url"].startswith("http"):
            requetes.setdefault(params["requestId"], 0)
        elif message["method"] == "Network.loadingFinished" and params["requestId"] in requetes:
            requetes[params["requestId"]] = params["encodedDataLength"]
    return Mesure(nom, sum(requetes.values()), len(requetes), dom, dessine)


def _mediane(essais: list[Mesure]) -> float | None:
    temps = sorted(m.graphique_ms for m in essais if m.graphique_ms is not None)
    return temps[len(temps) // 2] if temps else None


def tableau(mesures: list[Mesure]) -> str:
    lignes = ["| page | octets transférés | requêtes | éléments du DOM | EcoIndex | note | graphique principal "
              "| 2e visite |", "| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: |"]
    for m in mesures:
        score, note = m.note
        temps, cache = (f"{t / 1000:.2f} s".replace(".", ",") if t is not None else "jamais"
                        for t in (m.graphique_ms, m.graphique_cache_ms))
        octets = f"{m.octets:,}".replace(",", "\u202f")
        lignes.append(f"| {m.page} | {octets} | {m.requetes} | {m.dom} | {score} | {note} | {temps} | {cache} |")
    return "\n".join(lignes)


def capturer(adresse: str, uai: str, dossier: Path) -> list[Path]:
    """Chaque page, premier écran, au bureau (1280 × 1000) et au téléphone (390 × 844, mobile)."""
    dossier.mkdir(parents=True, exist_ok=True)
    faites = []
    noms = {"Région": "region", "Lycée": "lycee", "Élèves": "eleves", "Élèves, écran du hall": "eleves-kiosque",
            "Qualité des données": "qualite"}
    for format_, largeur, hauteur in (("bureau", 1280, 1000), ("telephone", 390, 844)):
        pilote = navigateur(largeur, hauteur)
        pilote.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": largeur, "height": hauteur, "deviceScaleFactor": 1, "mobile": format_ == "telephone"})
        try:
            for nom, chemin, graphique in pages(uai):
                pilote.get(adresse + chemin)
                limite = time.monotonic() + 30
                while not pilote.execute_script("return (window.__dessins || {})[arguments[0]];", graphique):
                    if time.monotonic() > limite:
                        break
                    time.sleep(0.1)
                time.sleep(1.0)
                fichier = dossier / f"{noms[nom]}-{format_}.png"
                fichier.write_bytes(pilote.get_screenshot_as_png())
                faites.append(fichier)
        finally:
            pilote.quit()
    return faites


FORMULAIRES = (  # (rôle, page, formulaire) : la tâche principale de chaque rôle
    ("region", "/codes", "codes-creer"),
    ("gestionnaire", "/lycee/{uai}", "lycee-objectif"),
    ("enseignant", "/eleves?uai={uai}", "eleves-defi"),
    ("eco-delegue", "/eleves?uai={uai}", "eleves-action"),
)


def capturer_formulaires(adresse: str, stockage, uai: str, dossier: Path) -> list[Path]:
    """Le formulaire principal de chaque rôle, au bureau, connecté par un code créé pour l'occasion
    dans la copie (valable un jour)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from noyau.communaute.jetons import creer_jeton

    dossier.mkdir(parents=True, exist_ok=True)
    faites = []
    pilote = navigateur(1280, 1800)  # assez haut pour le plus long des formulaires
    try:
        for role, page, formulaire in FORMULAIRES:
            code = creer_jeton(stockage, role, None if role == "region" else uai, 1)
            pilote.delete_all_cookies()
            pilote.get(f"{adresse}/connexion?suite={page.format(uai=uai)}")
            _attendre(pilote, lambda: pilote.find_elements(By.ID, "connexion-code"))
            pilote.find_element(By.ID, "connexion-code").send_keys(code, Keys.ENTER)
            selecteur = f"[data-formulaire='{formulaire}']"
            _attendre(pilote, lambda s=selecteur: pilote.find_elements(By.CSS_SELECTOR, s))
            element = pilote.find_element(By.CSS_SELECTOR, selecteur)
            pilote.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
            time.sleep(1.0)
            fichier = dossier / f"formulaire-{role}.png"
            fichier.write_bytes(element.screenshot_as_png)
            faites.append(fichier)
    finally:
        pilote.quit()
    return faites


def _attendre(pilote, condition, delai_s: float = 30) -> None:
    limite = time.monotonic() + delai_s
    while not condition():
        if time.monotonic() > limite:
            raise SystemExit(f"délai dépassé sur {pilote.current_url}")
        time.sleep(0.1)


def servir_copie(donnees: Path, uai: str | None) -> tuple[str, str, object]:
    """Copie le stockage de la démonstration et la sert ; (adresse, uai, stockage de la copie)."""
    from enerlycee.serveur import creer_application
    from noyau.stockage import ouvrir_stockage

    source = donnees / "enerlycee.db"
    if not source.exists():
        raise SystemExit(f"{source} introuvable : lancez d'abord « enerlycee demo --donnees {donnees} »")
    copie = Path(tempfile.mkdtemp(prefix="banc-ecoindex-")) / "enerlycee.db"
    with sqlite3.connect(source) as de, sqlite3.connect(copie) as vers:
        de.backup(vers)
    stockage = ouvrir_stockage(f"sqlite:///{copie}")
    uai = uai or stockage.sites()[0].uai
    prise = socket.socket()
    prise.bind(("127.0.0.1", 0))
    serveur = uvicorn.Server(uvicorn.Config(creer_application(stockage), log_level="warning"))
    threading.Thread(target=serveur.run, kwargs={"sockets": [prise]}, daemon=True).start()
    while not serveur.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{prise.getsockname()[1]}", uai, stockage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--adresse", help="un serveur Enerlycée déjà lancé (enerlycee demo)")
    parser.add_argument("--donnees", type=Path, default=Path("/tmp/demo-tdb"), help="dossier de `enerlycee demo --donnees`")
    parser.add_argument("--uai", help="le lycée des pages Lycée et Élèves (par défaut le premier)")
    parser.add_argument("--captures", type=Path, help="dossier où écrire les captures d'écran (PNG)")
    parser.add_argument("--essais", type=int, default=3, help="mesures de chaque page (la médiane du temps est gardée)")
    args = parser.parse_args()
    if args.adresse:
        import urllib.request

        adresse = args.adresse.rstrip("/")
        with urllib.request.urlopen(f"{adresse}/api/v1/sites") as reponse:
            uai = args.uai or json.load(reponse)[0]["uai"]
        copie = None
    else:
        adresse, uai, copie = servir_copie(args.donnees, args.uai)
    pilote = navigateur()
    try:
        mesures = []
        for nom, chemin, graphique in pages(uai):
            essais = [mesurer(pilote, adresse, nom, chemin, graphique) for _ in range(args.essais)]
            en_cache = [mesurer(pilote, adresse, nom, chemin, graphique, vider=False) for _ in range(args.essais)]
            mesure = essais[-1]
            mesure.graphique_ms, mesure.graphique_cache_ms = _mediane(essais), _mediane(en_cache)
            mesures.append(mesure)
    finally:
        pilote.quit()
    print(f"\nEcoIndex du tableau de bord ({adresse}, lycée {uai}) : première visite (cache vidé) ; temps : médiane de "
          f"{args.essais} essais, à la première visite et à la seconde (scripts en cache) :\n")
    print(tableau(mesures))
    if args.captures:
        faites = capturer(adresse, uai, args.captures)
        faites += capturer_formulaires(adresse, copie, uai, args.captures) if copie is not None else []
        for fichier in faites:
            print(f"{fichier} : {fichier.stat().st_size // 1024} Kio")


if __name__ == "__main__":
    main()
