from tests.api.conftest import LYCEE_A, LYCEE_B, verifier_erreur


def test_liste_des_sites_par_uai(client):
    reponse = client.get("/api/v1/sites")
    assert reponse.status_code == 200
    assert reponse.json() == [
        {
            "uai": LYCEE_B,
            "nom": "Lycée de Kerichen",
            "commune": "Brest",
            "surface_m2": 15500.0,
            "latitude": 48.4120,
            "longitude": -4.4730,
        },
        {
            "uai": LYCEE_A,
            "nom": "Lycée Chateaubriand",
            "commune": "Rennes",
            "surface_m2": 21000.0,
            "latitude": 48.1209,
            "longitude": -1.6559,
        },
    ]


def test_liste_vide(client_vide):
    assert client_vide.get("/api/v1/sites").json() == []


def test_un_site_avec_ses_compteurs_uai_en_minuscules(client):
    reponse = client.get(f"/api/v1/sites/{LYCEE_A.lower()}")
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["uai"] == LYCEE_A
    assert corps["nom"] == "Lycée Chateaubriand"
    assert corps["compteurs"] == [
        {"compteur": "cantine", "energie": "electricite", "principal": False, "usage": "cantine"},
        {"compteur": "chaufferie", "energie": "gaz", "principal": True, "usage": "chauffage"},
        {"compteur": "principal", "energie": "electricite", "principal": True, "usage": "général"},
        {"compteur": "sonde-exterieure", "energie": None, "principal": False, "usage": "température extérieure"},
    ]


def test_uai_invalide(client):
    verifier_erreur(client.get("/api/v1/sites/0350028A"), 422, "UAI invalide « 0350028A »")
    verifier_erreur(client.get("/api/v1/sites/lycee"), 422, "7 chiffres suivis d'une lettre")


def test_uai_inconnu(client):
    verifier_erreur(client.get("/api/v1/sites/0750654D"), 404, "lycée inconnu : 0750654D")
