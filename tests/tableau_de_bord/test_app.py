"""Le cadre : application Flask servie à la racine, en français, sans CDN, créable plusieurs fois."""

import json

import dash

from noyau.stockage import ouvrir_stockage
from tableau_de_bord import version
from tableau_de_bord.app import creer_tableau_de_bord
from tests.conftest import LYCEE_A
from tests.tableau_de_bord.test_rappels import RAPPEL, routeur


def _ouvrir(app: dash.Dash, chemin: str, recherche: str = "") -> dict:
    """Ce que le routeur de Dash Pages renvoie au navigateur pour une adresse."""
    reponse = app.server.test_client().post(RAPPEL, json=routeur(chemin, recherche))
    assert reponse.status_code == 200
    return reponse.get_json()["response"]


def test_page_html_en_francais_et_sans_cdn(app):
    reponse = app.server.test_client().get("/")
    assert reponse.status_code == 200
    page = reponse.get_data(as_text=True)
    assert '<html lang="fr">' in page and "<title>Enerlycée</title>" in page
    assert "cdn" not in page and "unpkg" not in page
    assert "/_dash-component-suites/" in page


def test_chaque_page_porte_la_version_du_tableau_de_bord(app, tmp_path):
    """L'écran du hall se recharge quand le serveur en sert une autre (assets/kiosque.js)."""
    page = app.server.test_client().get("/eleves?kiosque=1").get_data(as_text=True)
    assert f'<meta name="enerlycee-version" content="{version.empreinte()}">' in page
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "kiosque.js").write_text("// 1")
    (tmp_path / "notes.txt").write_text("hors version")
    avant = version.empreinte.__wrapped__(tmp_path)
    (tmp_path / "notes.txt").write_text("toujours hors version")
    assert version.empreinte.__wrapped__(tmp_path) == avant
    (tmp_path / "assets" / "kiosque.js").write_text("// 2")
    assert version.empreinte.__wrapped__(tmp_path) != avant


def test_stockage_dans_la_configuration_flask(app, stockage_rempli):
    assert app.server.config["STOCKAGE"] is stockage_rempli


def test_creer_deux_fois_chaque_application_lit_son_stockage(app, tmp_path):
    vide = ouvrir_stockage(f"sqlite:///{tmp_path}/vide.db")
    seconde = creer_tableau_de_bord(vide)
    assert len([p for p in dash.page_registry.values() if p["path"] == "/"]) == 1
    premiere = json.dumps(_ouvrir(app, f"/lycee/{LYCEE_A.uai}", "?fin=2026-04-01"), ensure_ascii=False)
    assert LYCEE_A.nom in premiere
    assert "Lycée inconnu" in json.dumps(_ouvrir(seconde, f"/lycee/{LYCEE_A.uai}"), ensure_ascii=False)
    vide.fermer()


def test_routeur_titres_et_page_introuvable(app):
    assert _ouvrir(app, "/")["_pages_store"]["data"]["title"] == "Enerlycée — vue régionale"
    assert _ouvrir(app, f"/lycee/{LYCEE_A.uai}")["_pages_store"]["data"]["title"] == f"Enerlycée — lycée {LYCEE_A.uai}"
    assert "Page introuvable" in json.dumps(_ouvrir(app, "/nulle-part"), ensure_ascii=False)


def test_plotly_servi_est_le_paquet_cartesien_de_la_version_de_plotly_py():
    """Le tableau de bord sert le paquet « cartesian » de plotly.js (assets/), trois fois plus léger
    que le complet : il doit être de la version qu'attend plotly.py."""
    from pathlib import Path

    from plotly.offline import get_plotlyjs_version

    entete = (Path(__file__).resolve().parents[2] / "tableau_de_bord/assets/plotly-cartesian.min.js").read_text()[:200]
    assert f"plotly.js (cartesian - minified) v{get_plotlyjs_version()}" in entete


def test_scripts_de_dash_hors_liste_introuvables(app):
    """Une remontée de dossiers ou un script que Dash ne sert pas : 404 en JSON, pas une erreur interne."""
    client = app.server.test_client()
    for chemin in ("/_dash-component-suites/../..", "/_dash-component-suites/../../etc/passwd",
                   "/_dash-component-suites/dash/../../../etc/passwd", "/_dash-component-suites/%2e%2e/%2e%2e",
                   "/_dash-component-suites/dash/%2e%2e/%2e%2e/x.js", "/_dash-component-suites/dash/dcc/inconnu.js"):
        reponse = client.get(chemin)
        assert reponse.status_code == 404, chemin
        assert reponse.get_json()["detail"].startswith("adresse inconnue : /_dash-component-suites/")
    assert client.get("/_dash-component-suites/dash/dcc/async-graph.js").status_code == 200
