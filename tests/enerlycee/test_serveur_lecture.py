"""Le serveur d'un seul port : quand la lecture exige un jeton, l'API fermée et le tableau de bord
absent ; les erreurs de chaque couche (API, tableau de bord) en JSON français."""

import pytest
from fastapi.testclient import TestClient

from enerlycee.serveur import creer_application
from noyau.communaute.jetons import creer_jeton


def test_lecture_avec_jeton_sans_tableau_de_bord(stockage_rempli):
    jeton = creer_jeton(stockage_rempli, "gestionnaire", "0350028R")
    with TestClient(creer_application(stockage_rempli, lecture_publique=False)) as client:
        assert client.get("/api/v1/sites").status_code == 401
        assert client.get("/api/v1/sites", headers={"Authorization": f"Bearer {jeton}"}).status_code == 200
        assert client.get("/sante").status_code == 200
        assert client.get("/").status_code == 404  # pas de tableau de bord qui lirait sans jeton
    with TestClient(creer_application(stockage_rempli)) as client:
        assert client.get("/api/v1/sites").status_code == 200 and client.get("/").status_code == 200


@pytest.mark.parametrize("methode, adresse, statut, message", [
    ("DELETE", "/api/v1/sites", 405, "méthode DELETE non autorisée pour /api/v1/sites"),
    ("DELETE", "/sante", 405, "méthode DELETE non autorisée pour /sante"),
    ("PUT", "/docs", 405, "méthode PUT non autorisée pour /docs"),
    ("POST", "/api/v1/inconnue", 405, "méthode POST non autorisée pour /api/v1/inconnue"),  # seul GET y répond
    ("POST", "/", 405, "méthode POST non autorisée pour /"),  # le tableau de bord
    ("GET", "/assets/inexistant.css", 404, "adresse inconnue : /assets/inexistant.css"),
    ("GET", "/_dash-component-suites/%2e%2e/%2e%2e/etc/passwd", 404, "adresse inconnue : /_dash-component-suites/../../etc/passwd"),
    ("POST", "/_dash-update-component", 413, "requête trop volumineuse : au plus 1 Mo dans le corps d'une requête"),
])
def test_erreurs_de_chaque_couche_en_json_francais(stockage_rempli, methode, adresse, statut, message):
    corps = b"{" + b" " * 2_000_000 + b"}" if statut == 413 else None  # un rappel du tableau de bord de 2 Mo
    with TestClient(creer_application(stockage_rempli)) as client:
        reponse = client.request(methode, adresse, content=corps)
    assert (reponse.status_code, reponse.headers["content-type"], reponse.json()) == (statut, "application/json", {"detail": message})
    if statut == 405:
        assert "GET" in reponse.headers["allow"]
