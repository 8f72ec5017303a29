"""L'API et le tableau de bord, tels quels, sur chaque moteur de stockage."""

from fastapi.testclient import TestClient

from enerlycee.serveur import creer_application
from tests.conftest import LYCEE_A


def test_api_et_tableau_de_bord_sur_chaque_moteur(stockage_rempli):
    with TestClient(creer_application(stockage_rempli)) as client:
        conso = client.get(
            f"/api/v1/sites/{LYCEE_A.uai}/consommation",
            params={"energie": "electricite", "debut": "2026-03-28", "fin": "2026-03-31"},
        ).json()
        assert [p["valeur"] for p in conso["points"]] == [1440.0, 1380.0, 1440.0] and conso["resolution"] == "jour"
        export = client.get("/api/v1/export", params={"energie": "gaz", "debut": "2026-03-01", "fin": "2026-05-01", "pas": "mois"})
        assert export.status_code == 200 and len(export.text.splitlines()) == 5
        assert client.get("/sante").json()["stockage"]["etat"] == "ok"
        assert client.get("/api/v1/qualite").status_code == 200
        for page in ("/", f"/lycee/{LYCEE_A.uai}"):
            assert client.get(page).status_code == 200
