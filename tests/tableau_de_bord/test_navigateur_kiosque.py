"""L'écran du hall laissé ouvert, dans un vrai navigateur (Chromium, 1920 × 1080) sur le vrai serveur
et un vrai fichier SQLite : de nouveaux relevés arrivent, ses chiffres changent sans rechargement ;
le serveur s'arrête, l'écran garde ses données et dit « Mis à jour il y a... » sans erreur ; le serveur
repart sur le même port, l'écran reprend seul ; une page d'une autre version que le serveur, et le
lendemain (l'horloge de la page avancée d'un jour), il se recharge une fois, proprement. Un seul parcours (c'est cher), rafraîchissement toutes les
6 secondes (`&rafraichir=0.1`), une vue toutes les 2 secondes (`&duree=2`), `prefers-reduced-motion`.

Le jeu : le lycée A du 1er au 6 avril 2026 (1 440 kWh par jour), les mêmes jours de la semaine
52 semaines plus tôt (1 728 kWh par jour) ; la page montre la semaine du 1er au 7 avril 2026.
"""

from datetime import datetime

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from noyau.domaine import texte
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import PARIS
from noyau.stockage import ouvrir_stockage
from tableau_de_bord import ids
from tests.conftest import LYCEE_A, compteurs_du_jeu
from tests.tableau_de_bord.navigateur import ATTENTE_S, accessible, chromium, sans_chromium, script_axe, servir

pytestmark = sans_chromium

PAS_S = 600
ADRESSE = f"/eleves?uai={LYCEE_A.uai}&fin=2026-04-08&kiosque=1&duree=2&rafraichir=0.1"
POLICE_MIN_PX = 24

# Dans la page : l'état rendu par le dernier rafraîchissement (dash-renderer garde la mise en page
# dans window.store), les erreurs de rappel qu'il a notées, le nombre de nœuds et de graphiques.
ETAT = """
const etat = window.store.getState();
let noeud = etat.layout;
for (const cle of etat.paths.strs[arguments[0]]) { noeud = noeud[cle]; }
return {demande: (noeud.props.data || {}).demande, erreurs: etat.error.backEnd.length + etat.error.frontEnd.length,
        noeuds: document.getElementsByTagName("*").length, graphiques: document.querySelectorAll(".js-plotly-plot").length,
        meme_page: window.kiosque_ouvert === true, meme_graphique: document.getElementById(arguments[1]).kiosque_ouvert === true};
"""
# Chaque texte de l'écran (les vues cachées par la rotation comprises, le graphique aussi) : sa taille.
PETITS_TEXTES = """
const petits = [];
document.querySelectorAll(".eleves *").forEach(function (e) {
  if (e.closest(".choix")) { return; }
  const texte = Array.from(e.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join("");
  const taille = parseFloat(getComputedStyle(e).fontSize);
  if (texte && taille < arguments[0]) { petits.push(e.tagName + "." + e.getAttribute("class") + " " + taille + "px : " + texte.slice(0, 40)); }
});
return petits;
"""


def _releves(debut: datetime, jours: int, kwh_par_pas: float, index: float) -> list[Releve]:
    t0 = debut.timestamp()
    return [Releve(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, t0 + PAS_S * k, index + kwh_par_pas * k)
            for k in range(jours * 86400 // PAS_S + 1)]


def _avril(jour: int) -> datetime:
    return datetime(2026, 4, jour, tzinfo=PARIS)


@pytest.fixture
def stockage(tmp_path):
    ouvert = ouvrir_stockage(f"sqlite:///{tmp_path}/enerlycee.db")
    ouvert.enregistrer_registre([LYCEE_A], [c for c in compteurs_du_jeu() if c.uai == LYCEE_A.uai])
    ouvert.ecrire(_releves(datetime(2025, 4, 2, tzinfo=PARIS), 7, 12.0, 0.0)  # 1 728 kWh par jour
                  + _releves(_avril(1), 5, 10.0, 0.0))  # 1 440 kWh par jour, jusqu'au 6 avril à minuit
    yield ouvert
    ouvert.fermer()


def _etat(pilote) -> dict:
    return pilote.execute_script(ETAT, ids.ELEVES_ETAT, ids.ELEVES_GRAPHIQUE)


def _attendre(pilote, condition, delai: float = ATTENTE_S):
    return WebDriverWait(pilote, delai, poll_frequency=0.2).until(condition)


def _texte(pilote, selecteur: str) -> str:
    """Lu en une fois dans la page : un rafraîchissement peut remplacer l'élément à tout moment."""
    return pilote.execute_script("const e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
                                 selecteur).replace("\u00a0", " ")


def _grand_chiffre(pilote) -> str:
    return _texte(pilote, ".grand-chiffre")


def _mention(pilote) -> str:
    return _texte(pilote, f"#{ids.ELEVES_MISE_A_JOUR}")


def _vue_montree(pilote) -> str:
    return _texte(pilote, ".vues > section:not([hidden]) h2")


def _moins(kwh: float) -> str:
    return f"({texte.quantite(kwh, 'kWh')} de moins)".replace("\u00a0", " ")


def test_l_ecran_du_hall_se_met_a_jour_seul_et_survit_a_un_arret_du_serveur(stockage, tmp_path):
    axe = script_axe()
    with chromium(tmp_path / "profil") as pilote:
        pilote.set_window_size(1920, 1080)
        pilote.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
        with servir(stockage) as adresse:
            pilote.get(adresse + ADRESSE)
            _attendre(pilote, lambda p: "Mis à jour à" in _mention(p))
            # Mouvement réduit : chaque vue reste deux tics (4 s), sans transition.
            assert pilote.execute_script("return window.dash_clientside.kiosque.defiler(1, [0, 1, 2])") == [False, True, True]
            assert {s.value_of_css_property("transition-duration") for s in pilote.find_elements(By.CSS_SELECTOR, ".vue")} == {"0s"}
            assert "Une vue toutes les 4 secondes (" in pilote.find_element(By.CSS_SELECTOR, ".barre-kiosque .note").text  # texte visible
            assert _moins(5 * 288) in _grand_chiffre(pilote)  # 5 jours comparables : 7 200 contre 8 640 kWh
            pilote.execute_script("window.kiosque_ouvert = true; document.getElementById(arguments[0]).kiosque_ouvert = true;",
                                  ids.ELEVES_GRAPHIQUE)
            assert pilote.execute_script(PETITS_TEXTES, POLICE_MIN_PX) == []  # lisible de loin, graphique compris
            assert pilote.execute_script(  # la première vue tient dans l'écran, sans défiler, axe des jours compris
                "return document.getElementById(arguments[0]).getBoundingClientRect().bottom <= window.innerHeight",
                ids.ELEVES_GRAPHIQUE)
            accessible(pilote, axe)

            # Le 6 avril arrive (720 kWh) : les chiffres changent, sans rechargement ni nouveau graphique.
            stockage.ecrire(_releves(_avril(6), 1, 5.0, 7200.0))
            _attendre(pilote, lambda p: _moins(5 * 288 + 1728 - 720) in _grand_chiffre(p))
            apres = _etat(pilote)
            assert apres["meme_page"] and apres["meme_graphique"] and apres["graphiques"] == 1 and apres["erreurs"] == 0, apres
            _attendre(pilote, lambda p: _etat(p)["demande"] >= apres["demande"] + 2)  # deux rafraîchissements de plus
            stable = _etat(pilote)
            assert stable["noeuds"] == apres["noeuds"] and stable["graphiques"] == 1, (apres, stable)  # rien ne s'accumule
            port = int(adresse.rsplit(":", 1)[1])
            vue = _vue_montree(pilote)

        # Serveur arrêté : les données restent, la rotation continue, la mention le dit ; aucune erreur.
        _attendre(pilote, lambda p: "Mis à jour il y a" in _mention(p))
        assert pilote.find_elements(By.CSS_SELECTOR, f"#{ids.ELEVES_MISE_A_JOUR}.en-retard")
        assert _moins(5 * 288 + 1728 - 720) in _grand_chiffre(pilote)
        _attendre(pilote, lambda p: _vue_montree(p) != vue)
        assert _etat(pilote)["erreurs"] == 0 and not pilote.find_elements(By.CSS_SELECTOR, ".dash-fe-error__title")
        stockage.ecrire(_releves(_avril(7), 1, 5.0, 7920.0))  # le 7 avril, rangé pendant l'arrêt

        # Relancé sur le même port : l'écran reprend seul, sans rechargement (même version).
        with servir(stockage, port=port):
            _attendre(pilote, lambda p: _moins(5 * 288 + 2 * (1728 - 720)) in _grand_chiffre(p))
            _attendre(pilote, lambda p: "Mis à jour à" in _mention(p))
            repris = _etat(pilote)
            assert repris["meme_page"] and repris["meme_graphique"] and repris["erreurs"] == 0, repris

            # Une page d'une autre version que le serveur (mis à jour pendant l'arrêt) : rechargée une fois.
            pilote.execute_script("document.querySelector('meta[name=\"enerlycee-version\"]').content = 'ancienne';")
            _attendre(pilote, lambda p: not p.execute_script("return window.kiosque_ouvert === true"))
            _attendre(pilote, lambda p: "Mis à jour à" in _mention(p))
            pilote.execute_script("window.kiosque_ouvert = true;")

            # Le lendemain : au premier rafraîchissement après minuit, un rechargement complet (la
            # mémoire du navigateur repart de zéro), puis la même page, à jour.
            pilote.execute_script("const vrai = Date.now; Date.now = () => vrai() + 86400000;")
            _attendre(pilote, lambda p: not p.execute_script("return window.kiosque_ouvert === true"))
            _attendre(pilote, lambda p: "Mis à jour à" in _mention(p))
            assert _moins(5 * 288 + 2 * (1728 - 720)) in _grand_chiffre(pilote)
            assert _etat(pilote)["erreurs"] == 0
        graves = [e for e in pilote.get_log("browser") if e["level"] == "SEVERE" and "ERR_CONNECTION_REFUSED" not in e["message"]]
        assert not graves, graves  # seules les sondes refusées pendant l'arrêt
