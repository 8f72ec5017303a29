"""La démonstration vue par un nouveau venu, dans un vrai navigateur : `enerlycee demo` lancé
aujourd'hui (quatre lycées, l'historique et le scénario de toujours), puis la vue régionale, la
qualité des données, la page de chaque lycée et celle de ses élèves. Aucune section n'y est vide :
ni « Pas encore… », ni « Aucun objectif », ni « Aucune action », ni « non comparable », ni
« Référence … incomplète » (les états vides restent pour un vrai lycée nouveau ; ils sont testés
ailleurs). La part du numérique a sa propre démonstration (capteurs_sim.numerique) : hors sujet ici.

Chaque attente est bornée ; la démonstration est arrêtée par Ctrl-C (SIGINT) à la fin.
"""

import os
import re
import signal
import subprocess
import sys
import time

import httpx2
import pytest
from selenium.webdriver.common.by import By

from capteurs_sim.lycees import lycees
from tableau_de_bord import ids
from tests.tableau_de_bord.navigateur import sans_chromium

LYCEES = 4
ATTENTE_S = 60  # des rappels qui remplissent une section (machine partagée)
DEMARRAGE_S = 300  # machine partagée : l'historique de 4 lycées se range en 15 à 60 s
VIDES = re.compile(
    r"Pas encore|Aucun objectif|Aucune action|non comparable|Référence \d{4} incomplète|Aucune alerte|"
    r"Aucun relevé en quarantaine|Aucun : chaque compteur|Aucune donnée|(?<!point creux : )aucune donnée|indisponible|"
    r"aucune nuit complète|Chargement…"
)

pytestmark = [sans_chromium, pytest.mark.skipif(sys.platform != "linux", reason="signaux POSIX")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`enerlycee demo` sur un port libre, rendu dès qu'il annonce son adresse."""
    dossier = tmp_path_factory.mktemp("demo")
    processus = subprocess.Popen(
        [sys.executable, "-m", "enerlycee.cli", "demo", "--donnees", str(dossier), "--lycees", str(LYCEES), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        yield _adresse_annoncee(processus)
    finally:
        processus.send_signal(signal.SIGINT)
        processus.communicate(timeout=60)


def _adresse_annoncee(processus: subprocess.Popen) -> str:
    limite, lues = time.monotonic() + DEMARRAGE_S, []
    while time.monotonic() < limite:
        lues.append(processus.stdout.readline())
        assert lues[-1] or processus.poll() is None, f"la démonstration s'est arrêtée : {''.join(lues)[-3000:]}"
        if trouve := re.search(r"prêt : (http://127\.0\.0\.1:\d+/)", lues[-1]):
            return trouve.group(1)
    pytest.fail("la démonstration n'a jamais annoncé son adresse")


def _attendre_les_alertes(url: str, uai: str) -> None:
    """Le premier examen des alertes remonte tout l'historique, lycée après lycée, après l'annonce."""
    limite = time.monotonic() + DEMARRAGE_S
    while not httpx2.get(f"{url}api/v1/sites/{uai}/alertes", timeout=30).json():
        if time.monotonic() > limite:
            pytest.fail(f"le lycée {uai} n'a toujours aucune alerte")
        time.sleep(2)


def _sections_remplies(pilote, selecteurs: list[str]) -> dict[str, str]:
    """Le texte de chaque section, une fois remplie par ses rappels (plus de « Chargement… »)."""
    limite = time.monotonic() + ATTENTE_S
    while True:
        textes = {s: " ".join(e.text for e in pilote.find_elements(By.CSS_SELECTOR, s)) for s in selecteurs}
        if all(t.strip() and "Chargement…" not in t for t in textes.values()) or time.monotonic() > limite:
            return textes
        time.sleep(0.5)


def _sans_etat_vide(pilote, chemin: str, selecteurs: list[str]) -> dict[str, str]:
    textes = _sections_remplies(pilote, selecteurs)
    vides = {s: VIDES.findall(t) or "section vide" for s, t in textes.items() if not t.strip() or VIDES.search(t)}
    assert not vides, f"{chemin} : {vides}"
    graves = [e["message"] for e in pilote.get_log("browser") if e["level"] == "SEVERE"]
    assert not graves, f"{chemin} : {graves}"
    return textes


def _ouvrir(pilote, url: str, chemin: str) -> None:
    pilote.get_log("browser")  # vide le journal des pages précédentes
    pilote.get(url + chemin.lstrip("/"))


def test_vue_regionale_et_qualite_des_donnees(demo, navigateur):
    _ouvrir(navigateur, demo, "/")
    regionale = _sans_etat_vide(navigateur, "/", [f"#{ids.REGION_CONTENU}", f"#{ids.REGION_TRAJECTOIRE}"])
    assert "sur un an" in regionale[f"#{ids.REGION_CONTENU}"] and "%" in regionale[f"#{ids.REGION_CONTENU}"]
    _ouvrir(navigateur, demo, "/qualite")
    qualite = _sans_etat_vide(navigateur, "/qualite", ["main"])["main"]
    assert "ateliers" in qualite  # le sous-compteur muet au lancement
    for motif in ("JSON invalide", "ts manquant", "compteur inconnu", "site inconnu", "horodatage dans le futur"):
        assert motif in qualite


@pytest.mark.parametrize("lycee", lycees(LYCEES), ids=lambda l: l.uai)
def test_page_du_lycee_et_page_des_eleves(demo, navigateur, lycee):
    _attendre_les_alertes(demo, lycee.uai)
    chemin = f"/lycee/{lycee.uai}"
    _ouvrir(navigateur, demo, chemin)
    sections = [f"#{i}" for i in (ids.LYCEE_CONSOMMATION, ids.LYCEE_ANALYSE, ids.LYCEE_OBJECTIFS, ids.LYCEE_ALERTES,
                                  ids.LYCEE_ACTIONS, ids.LYCEE_COURBE, ids.LYCEE_CHALEUR, ids.LYCEE_KITS)]
    page = _sans_etat_vide(navigateur, chemin, sections)
    assert "Objectif «" in page[f"#{ids.LYCEE_OBJECTIFS}"] and "Référence" in page[f"#{ids.LYCEE_OBJECTIFS}"]
    chemin = f"/eleves?uai={lycee.uai}"
    _ouvrir(navigateur, demo, chemin)
    vues = _sans_etat_vide(navigateur, chemin, [f".vues > section:nth-of-type({k})" for k in range(1, 6)])
    assert "Défi :" in " ".join(vues.values())
