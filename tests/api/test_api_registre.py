"""Le registre en écriture (jeton region), le journal des écritures, la limite de débit, la pagination."""

import pytest
from fastapi.testclient import TestClient

from api import creer_app
from noyau.communaute.audit import ecritures
from noyau.communaute.jetons import creer_jeton, empreinte, revoquer_jeton
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Site
from noyau.domaine.temps import maintenant
from noyau.stockage import Jeton
from tests.api.conftest import LYCEE_A, entete, verifier_erreur

NOUVEAU = "0750654D"
CORPS_SITE = {"nom": "Lycée Henri-IV", "commune": "Paris", "surface_m2": 30000, "latitude": 48.846, "longitude": 2.347}


@pytest.fixture
def region(stockage_rempli):
    return creer_jeton(stockage_rempli, "region", None)


def test_creer_puis_mettre_a_jour_un_lycee_et_un_compteur(client, stockage_rempli, region):
    cree = client.put(f"/api/v1/sites/{NOUVEAU.lower()}", json=CORPS_SITE, headers=entete(region))
    assert cree.status_code == 201, cree.text
    assert cree.json() == {"uai": NOUVEAU, **CORPS_SITE}
    maj = client.put(f"/api/v1/sites/{NOUVEAU}", json=CORPS_SITE | {"nom": "Lycée Henri IV"}, headers=entete(region))
    assert maj.status_code == 200
    assert Site(NOUVEAU, "Lycée Henri IV", "Paris", 30000.0, 48.846, 2.347) in stockage_rempli.sites()

    corps = {"energie": "gaz", "principal": True, "usage": "chauffage", "coef_kwh_m3": 10.9}
    compteur = client.put(f"/api/v1/sites/{NOUVEAU}/compteurs/chaufferie", json=corps, headers=entete(region))
    assert compteur.status_code == 201, compteur.text
    assert compteur.json() == {"compteur": "chaufferie", "energie": "gaz", "principal": True, "usage": "chauffage"}
    assert stockage_rempli.compteurs(NOUVEAU) == [Compteur(NOUVEAU, "chaufferie", Energie.GAZ, True, "chauffage", 10.9)]
    assert client.get(f"/api/v1/sites/{NOUVEAU}").json()["compteurs"][0]["compteur"] == "chaufferie"

    journal = [d.contenu["action"] for d in ecritures(stockage_rempli)]
    assert journal == [f"PUT /api/v1/sites/{NOUVEAU.lower()}", f"PUT /api/v1/sites/{NOUVEAU}",
                       f"PUT /api/v1/sites/{NOUVEAU}/compteurs/chaufferie"]
    lu = client.get("/api/v1/ecritures", headers=entete(region), params={"limite": 2})
    assert lu.status_code == 200 and lu.headers["x-total-count"] == "3"
    assert [e["objet"] for e in lu.json()] == [f"{NOUVEAU}/chaufferie", NOUVEAU]  # le plus récent d'abord
    assert lu.json()[0]["role"] == "region" and lu.json()[0]["jeton"] == empreinte(region)[:12]
    assert 'decalage=2' in lu.headers["link"] and lu.headers["link"].endswith('rel="next"')


def test_sans_jeton_ou_gestionnaire_refuse_et_rien_ne_change(client, stockage_rempli):
    gestionnaire = creer_jeton(stockage_rempli, "gestionnaire", LYCEE_A)
    avant = (stockage_rempli.sites(), stockage_rempli.compteurs())
    verifier_erreur(client.put(f"/api/v1/sites/{NOUVEAU}", json=CORPS_SITE), 401, "jeton manquant")
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_A}", json=CORPS_SITE, headers=entete(gestionnaire)), 403,
                    "le rôle gestionnaire ne permet pas")
    corps = {"energie": "eau", "principal": True}
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_A}/compteurs/eau", json=corps), 401, "jeton manquant")
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_A}/compteurs/eau", json=corps, headers=entete(gestionnaire)),
                    403, "gestionnaire")
    verifier_erreur(client.get("/api/v1/ecritures"), 401, "jeton manquant")
    verifier_erreur(client.get("/api/v1/ecritures", headers=entete(gestionnaire)), 403, "gestionnaire")
    assert (stockage_rempli.sites(), stockage_rempli.compteurs()) == avant
    assert ecritures(stockage_rempli) == []


def test_jeton_expire_ou_revoque_refuse(client, stockage_rempli, region):
    expire = "expire-" + "x" * 30
    stockage_rempli.enregistrer_jeton(Jeton(empreinte(expire), "region", None, maintenant() - 10, maintenant() - 1))
    verifier_erreur(client.put(f"/api/v1/sites/{NOUVEAU}", json=CORPS_SITE, headers=entete(expire)), 401, "jeton expiré")
    revoquer_jeton(stockage_rempli, empreinte(region)[:12])
    verifier_erreur(client.put(f"/api/v1/sites/{NOUVEAU}", json=CORPS_SITE, headers=entete(region)), 401, "jeton révoqué")
    assert NOUVEAU not in {s.uai for s in stockage_rempli.sites()}


@pytest.mark.parametrize(
    ("chemin", "corps", "statut", "fragment"),
    [
        (f"/api/v1/sites/{NOUVEAU}", CORPS_SITE | {"nom": "  "}, 422, "valeur invalide pour nom (au moins 1 caractère(s))"),
        (f"/api/v1/sites/{NOUVEAU}", CORPS_SITE | {"latitude": 91}, 422, "valeur invalide pour latitude (au plus 90"),
        (f"/api/v1/sites/{NOUVEAU}", CORPS_SITE | {"ville": "Paris"}, 422, "valeur invalide pour ville (champ inconnu)"),
        ("/api/v1/sites/0750654A", CORPS_SITE, 422, "la lettre de contrôle devrait être D"),
        (f"/api/v1/sites/{LYCEE_A}/compteurs/Chaufferie", {"energie": "gaz", "principal": True}, 422,
         "identifiant de compteur invalide « Chaufferie »"),
        (f"/api/v1/sites/{LYCEE_A}/compteurs/c1", {"energie": "vent", "principal": True}, 422, "énergie inconnue « vent »"),
        (f"/api/v1/sites/{LYCEE_A}/compteurs/c1", {"energie": "gaz"}, 422, "paramètre manquant : principal"),
        (f"/api/v1/sites/{LYCEE_A}/compteurs/c1", {"energie": "gaz", "principal": True, "coef_kwh_m3": 0}, 422,
         "valeur invalide pour coef_kwh_m3 (plus de 0"),
        (f"/api/v1/sites/{NOUVEAU}/compteurs/c1", {"energie": "gaz", "principal": True}, 404, f"lycée inconnu : {NOUVEAU}"),
    ],
)
def test_validation_en_francais_et_rien_ne_change(client, stockage_rempli, region, chemin, corps, statut, fragment):
    avant = (stockage_rempli.sites(), stockage_rempli.compteurs())
    verifier_erreur(client.put(chemin, json=corps, headers=entete(region)), statut, fragment)
    assert (stockage_rempli.sites(), stockage_rempli.compteurs()) == avant
    assert ecritures(stockage_rempli) == []


def test_limite_de_debit_par_jeton_429(stockage_rempli, region):
    autre = creer_jeton(stockage_rempli, "region", None)
    with TestClient(creer_app(stockage_rempli, ecritures_par_minute=3)) as client:
        statuts = [client.put(f"/api/v1/sites/{NOUVEAU}", json=CORPS_SITE, headers=entete(region)).status_code for _ in range(4)]
        assert statuts == [201, 200, 200, 429]
        refus = client.put(f"/api/v1/sites/{NOUVEAU}", json=CORPS_SITE, headers=entete(region))
        verifier_erreur(refus, 429, "trop d'écritures : au plus 3 par minute pour un jeton")
        assert 1 <= int(refus.headers["retry-after"]) <= 60
        assert client.put(f"/api/v1/sites/{NOUVEAU}", json=CORPS_SITE, headers=entete(autre)).status_code == 200
    assert len(ecritures(stockage_rempli)) == 4


def test_lecture_avec_jeton(stockage_rempli):
    lecteur = creer_jeton(stockage_rempli, "eco-delegue", LYCEE_A)
    with TestClient(creer_app(stockage_rempli, lecture_publique=False)) as client:
        for chemin in ("/api/v1/sites", f"/api/v1/sites/{LYCEE_A}", "/api/v1/qualite", "/api/v1/export/methode",
                       "/api/v1/export?energie=gaz&debut=2026-03-02&fin=2026-03-03", "/api/v1/inconnue"):
            verifier_erreur(client.get(chemin), 401, "jeton manquant")
            verifier_erreur(client.get(chemin, headers=entete("faux")), 401, "jeton inconnu")
        assert client.get("/api/v1/sites", headers=entete(lecteur)).status_code == 200
        assert client.get("/sante").status_code == 200
        assert client.get("/docs").status_code == 200 and client.get("/openapi.json").status_code == 200


def test_liste_des_lycees_paginee(client):
    tous = client.get("/api/v1/sites")
    assert [s["uai"] for s in tous.json()] == ["0290009C", LYCEE_A] and tous.headers["x-total-count"] == "2"
    assert "link" not in tous.headers
    premiere = client.get("/api/v1/sites", params={"limite": 1})
    assert [s["uai"] for s in premiere.json()] == ["0290009C"]
    suivante = premiere.headers["link"].split(">")[0].lstrip("<")
    assert [s["uai"] for s in client.get(suivante).json()] == [LYCEE_A]
    # Le Host de la requête n'est pas repris : le lien est relatif à l'adresse demandée (RFC 8288).
    piege = client.get("/api/v1/sites", params={"limite": 1, "energie": "x"}, headers={"Host": "pirate.example"})
    assert piege.headers["link"] == '</api/v1/sites?energie=x&limite=1&decalage=1>; rel="next"'
    verifier_erreur(client.get("/api/v1/sites", params={"limite": 0}), 422, "au moins 1")
    verifier_erreur(client.get("/api/v1/sites", params={"limite": 1001}), 422, "au plus 1000")
