"""La fabrique : documentation, adresses inconnues et erreurs imprévues, toujours en JSON français."""

import pytest
from fastapi.testclient import TestClient

from api import creer_app
from noyau.domaine.erreurs import ErreurStockage
from noyau.stockage.sqlite import StockageSQLite
from tests.api.conftest import entete_nouveau_jeton, verifier_erreur


def test_openapi_en_francais(client_vide):
    schema = client_vide.get("/openapi.json").json()
    assert schema["info"]["title"] == "Enerlycée"
    assert "lycées de Bretagne" in schema["info"]["description"]
    assert set(schema["paths"]) >= {  # les routes de gestion s'y ajoutent
        "/api/v1/sites",
        "/api/v1/sites/{uai}",
        "/api/v1/sites/{uai}/consommation",
        "/api/v1/sites/{uai}/compteurs/{compteur}",
        "/api/v1/export",
        "/api/v1/export/methode",
        "/api/v1/qualite",
        "/api/v1/ecritures",
        "/sante",
    }
    description = schema["paths"]["/api/v1/sites/{uai}/consommation"]["get"]["description"]
    assert "par défaut `jour`" in description
    assert client_vide.get("/docs").status_code == 200


def test_adresses_inconnues(client_vide):
    verifier_erreur(client_vide.get("/api/v1/lycees"), 404, "adresse inconnue : /api/v1/lycees")
    verifier_erreur(client_vide.get("/inconnue"), 404, "adresse inconnue : /inconnue")
    verifier_erreur(client_vide.get("/"), 404, "adresse inconnue : /")


def test_methode_non_autorisee(client_vide):
    reponse = client_vide.post("/sante")
    verifier_erreur(reponse, 405, "méthode POST non autorisée pour /sante")
    assert reponse.headers["allow"] == "GET"


class StockageCasse(StockageSQLite):
    def sites(self):
        raise ErreurStockage("erreur SQLite (/secret/enerlycee.db) : no such table: sites")

    def motifs_rejet(self):
        raise RuntimeError("bogue")


@pytest.fixture
def client_casse(tmp_path):
    stockage = StockageCasse(tmp_path / "casse.db")
    with TestClient(creer_app(stockage), raise_server_exceptions=False) as client:
        yield client
    stockage.fermer()


def test_erreur_du_stockage_sans_detail_interne(client_casse):
    reponse = client_casse.get("/api/v1/sites")
    assert reponse.status_code == 500
    assert reponse.json() == {"detail": "erreur du stockage"}


def test_erreur_imprevue_en_json(client_casse):
    reponse = client_casse.get("/api/v1/qualite")
    assert reponse.status_code == 500
    assert reponse.json() == {"detail": "erreur interne du serveur"}


def test_titres_de_la_documentation_en_francais(client_vide):
    """Des titres en français, pas tirés mot à mot des identifiants (« Cree Le », « Uai »)."""
    schema = client_vide.get("/openapi.json").json()
    composants = schema["components"]["schemas"]
    assert composants["DefiSortie"]["properties"]["cree_le"]["title"] == "Créé le"
    assert composants["SiteSortie"]["properties"]["uai"]["title"] == "UAI"
    assert composants["SiteSortie"]["properties"]["surface_m2"]["title"] == "Surface (m²)"
    assert composants["MoisObjectifSortie"]["properties"]["annee_precedente"]["title"] == "Année précédente"
    [parametre] = [p for p in schema["paths"]["/api/v1/operat"]["get"]["parameters"] if p["name"] == "annee_reference"]
    assert parametre["schema"]["title"] == "Année de référence"
    titres = list(_titres(schema))
    assert titres and not [t for t in titres if t.startswith("Response ") or t in ("Cree Le", "Annee", "Debut", "Energie", "Uai")]


def _titres(noeud):
    """Les titres des propriétés et des paramètres de la documentation."""
    if isinstance(noeud, dict):
        for propriete in noeud.get("properties", {}).values():
            yield propriete.get("title", "")
        for parametre in noeud.get("parameters", []):
            yield parametre.get("schema", {}).get("title", "")
        for valeur in noeud.values():
            yield from _titres(valeur)
    elif isinstance(noeud, list):
        for valeur in noeud:
            yield from _titres(valeur)


def test_erreur_de_validation_sans_echo_du_corps(client, stockage_rempli):
    """Le 422 nomme le champ et dit ce qui ne va pas, sans jamais renvoyer le corps reçu."""
    region = entete_nouveau_jeton(stockage_rempli, "region")
    envoye = "<script>" + "x" * 300_000
    reponse = client.put("/api/v1/sites/0350028R", json={"nom": envoye, "surface_m2": "grande"}, headers=region)
    verifier_erreur(reponse, 422, "valeur invalide pour nom (au plus 200 caractères)")
    assert "valeur invalide pour surface_m2 (nombre attendu)" in reponse.json()["detail"]
    assert "<script>" not in reponse.text and "grande" not in reponse.text and len(reponse.content) < 500
    reponse = client.put("/api/v1/sites/0350028R", content=b'{"nom": "' + b"y" * 50_000,
                          headers={**region, "Content-Type": "application/json"})
    verifier_erreur(reponse, 422, "JSON invalide")
    assert "yyy" not in reponse.text and len(reponse.content) < 500


def test_parametre_de_requete_cite_en_extrait_court(client):
    reponse = client.get("/api/v1/qualite", params={"derniers": "9" * 5000})
    verifier_erreur(reponse, 422, "valeur invalide pour derniers : « 999")
    assert len(reponse.content) < 300


def test_corps_trop_volumineux_refuse_sans_etre_lu(client, stockage_rempli):
    region = entete_nouveau_jeton(stockage_rempli, "region")
    vingt_mo = b'{"nom": "' + b"z" * 20_000_000 + b'"}'
    reponse = client.put("/api/v1/sites/0350028R", content=vingt_mo, headers=region)
    verifier_erreur(reponse, 413, "requête trop volumineuse : au plus 1 Mo")
    assert "zzz" not in reponse.text

    def par_morceaux():  # sans Content-Length : compté au fil de la lecture
        for _ in range(30):
            yield b"z" * 100_000

    reponse = client.put("/api/v1/sites/0350028R", content=par_morceaux(), headers=region)
    verifier_erreur(reponse, 413, "requête trop volumineuse : au plus 1 Mo")
    # Sous la borne, rien ne change.
    assert client.put("/api/v1/sites/0350028R", json={"nom": "Lycée Chateaubriand"}, headers=region).status_code == 200


def test_valeur_citee_par_le_noyau_bornee(client, stockage_rempli):
    """Une valeur du corps refusée par le noyau (« énergie inconnue « … » ») ne fait pas enfler la réponse."""
    region = entete_nouveau_jeton(stockage_rempli, "region")
    reponse = client.put("/api/v1/sites/0350028R/compteurs/c1", json={"energie": "v" * 500_000, "principal": True}, headers=region)
    verifier_erreur(reponse, 422, "énergie inconnue « vvv")
    assert len(reponse.json()["detail"]) <= 1000
