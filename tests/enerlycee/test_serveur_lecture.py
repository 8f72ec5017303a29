"""Le serveur d'un seul port quand la lecture exige un jeton : l'API fermée, le tableau de bord absent."""

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
