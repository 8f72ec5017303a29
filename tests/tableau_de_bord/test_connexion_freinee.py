"""/connexion freinée par client, par le même compteur que les jetons de l'API (noyau.communaute.frein)."""

from fastapi.testclient import TestClient

from api import creer_app
from noyau.communaute.frein import ECHECS_PERMIS
from noyau.communaute.jetons import creer_jeton
from tableau_de_bord.formulaires import ErreursDeChamps
from tableau_de_bord.pages import connexion
from tests.conftest import LYCEE_A


def _se_connecter(app, code: str, adresse: str) -> str:
    """Le message de /connexion pour ce code venu de cette adresse (« Connecté… » ou l'erreur du champ)."""
    with app.server.test_request_context("/_dash-update-component", method="POST", environ_base={"REMOTE_ADDR": adresse}):
        try:
            return connexion.se_connecter({"code": code}, "/").message
        except ErreursDeChamps as erreurs:
            return erreurs.erreurs["code"]


def test_codes_refuses_freines_avec_les_jetons_de_l_api(app, stockage_rempli):
    bon = creer_jeton(stockage_rempli, "gestionnaire", LYCEE_A.uai)
    api = TestClient(creer_app(stockage_rempli), client=("203.0.113.5", 4000))
    for essai in range(ECHECS_PERMIS // 2):
        assert _se_connecter(app, f"faux-{essai}", "203.0.113.5") == "Code d'accès inconnu."
        assert api.put(f"/api/v1/sites/{LYCEE_A.uai}", json={"nom": "x"}, headers={"Authorization": f"Bearer faux-{essai}"}).status_code == 401
        assert _se_connecter(app, bon, "192.0.2.44").startswith("Connecté")  # une autre adresse : pas gênée
    refus = _se_connecter(app, bon, "203.0.113.5")  # même le bon code, tant que le frein tient
    assert refus.startswith("Trop d'essais de jetons ou de codes d'accès refusés depuis votre adresse") and "réessayez dans" in refus
    assert api.put(f"/api/v1/sites/{LYCEE_A.uai}", json={"nom": "x"}, headers={"Authorization": f"Bearer {bon}"}).status_code == 429
    assert _se_connecter(app, "", "203.0.113.5") == "Saisissez votre code d'accès."  # rien présenté : rien à freiner
    assert _se_connecter(app, bon, "192.0.2.44").startswith("Connecté")
