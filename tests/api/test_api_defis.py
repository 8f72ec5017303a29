"""Les défis par l'API : création par jeton, règle du gestionnaire, classement calculé à la main."""

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from api import creer_app
from noyau.communaute.audit import ecritures
from noyau.domaine.temps import a_paris, maintenant
from tests.api.conftest import entete_nouveau_jeton, verifier_erreur
from tests.noyau.jeu_journalier import SITES, UAI, UAI_B, compteurs, releves_journaliers

DEBUT = date(2025, 12, 1)


def avant_pendant(avant: float, pendant: float):
    return lambda jour: pendant if jour >= DEBUT else avant


@pytest.fixture
def jeu(stockage):
    """Lycée A : 100 kWh par jour puis 80 (20 %) ; lycée B : 50 puis 45 (10 %)."""
    stockage.enregistrer_registre(SITES, compteurs(UAI) + compteurs(UAI_B))
    stockage.ecrire(releves_journaliers(UAI, "principal", avant_pendant(100.0, 80.0), date(2025, 11, 3), date(2025, 12, 8))
                    + releves_journaliers(UAI_B, "principal", avant_pendant(50.0, 45.0), date(2025, 11, 3), date(2025, 12, 8)))
    return stockage


@pytest.fixture
def client(jeu):
    with TestClient(creer_app(jeu)) as client:
        yield client


def corps(*participants, **champs) -> dict:
    return {"nom": "Défi de décembre", "energie": "electricite", "debut": "2025-12-01", "fin": "2025-12-08",
            "participants": [{"uai": u, "compteur": c} for u, c in participants]} | champs


def test_creer_puis_lire_le_classement(client, jeu):
    cree = client.post("/api/v1/defis", json=corps((UAI_B, None), (UAI, None)), headers=entete_nouveau_jeton(jeu, "region"))
    assert cree.status_code == 201, cree.text
    defi = cree.json()
    assert (defi["type"], defi["energie"], defi["fin"]) == ("entre_lycees", "electricite", "2025-12-08")
    [journal] = ecritures(jeu)
    assert journal.contenu["objet"] == defi["identifiant"] and journal.contenu["action"] == "POST /api/v1/defis"
    lu = client.get(f"/api/v1/defis/{defi['identifiant']}").json()
    premier, second = lu["classement"]
    assert (premier["rang"], premier["uai"], premier["economie_pct"], premier["economise"]) == (1, UAI, 20.0, 140.0)
    assert (second["rang"], second["uai"], second["economie_pct"], second["economise"]) == (2, UAI_B, 10.0, 35.0)
    assert premier["completude_pct"] == 100.0 and premier["unite"] == "kWh" and len(premier["jours"]) == 7
    assert premier["correction_climatique"] == "sans_objet"
    assert [d["identifiant"] for d in client.get("/api/v1/defis").json()] == [defi["identifiant"]]
    assert [d["identifiant"] for d in client.get(f"/api/v1/sites/{UAI_B.lower()}/defis").json()] == [defi["identifiant"]]


def test_un_gestionnaire_cree_un_defi_ou_son_lycee_participe(client, jeu):
    gestionnaire_a = entete_nouveau_jeton(jeu, "gestionnaire", UAI)
    assert client.post("/api/v1/defis", json=corps((UAI, None), (UAI_B, None)), headers=gestionnaire_a).status_code == 201
    interne = client.post("/api/v1/defis", json=corps((UAI, "principal"), (UAI, "cantine")), headers=gestionnaire_a)
    assert interne.status_code == 201 and interne.json()["type"] == "interne"
    sans_lui = corps((UAI_B, "principal"), (UAI_B, "cantine"))
    verifier_erreur(client.post("/api/v1/defis", json=sans_lui, headers=gestionnaire_a), 403, f"lycée {UAI} : il doit participer")
    eleves = entete_nouveau_jeton(jeu, "eco-delegue", UAI)
    verifier_erreur(client.post("/api/v1/defis", json=corps((UAI, None), (UAI_B, None)), headers=eleves), 403, "eco-delegue ne permet pas")
    enseignant_b = entete_nouveau_jeton(jeu, "enseignant", UAI_B)  # contrat : un enseignant crée les défis de son lycée
    assert client.post("/api/v1/defis", json=corps((UAI_B, None), (UAI, None)), headers=enseignant_b).status_code == 201
    verifier_erreur(client.post("/api/v1/defis", json=sans_lui, headers=entete_nouveau_jeton(jeu, "enseignant", UAI)), 403,
                    f"lycée {UAI} : il doit participer")
    verifier_erreur(client.post("/api/v1/defis", json=corps((UAI, None), (UAI_B, None))), 401, "jeton manquant")
    assert len(client.get(f"/api/v1/sites/{UAI}/defis").json()) == 3 and len(client.get(f"/api/v1/sites/{UAI_B}/defis").json()) == 2


def test_defis_refuses_et_inconnus(client, jeu):
    region = entete_nouveau_jeton(jeu, "region")
    verifier_erreur(client.post("/api/v1/defis", json=corps((UAI, None)), headers=region), 422, "participants")
    verifier_erreur(client.post("/api/v1/defis", json=corps((UAI, None), ("0750654D", None)), headers=region), 404, "lycée inconnu")
    verifier_erreur(client.post("/api/v1/defis", json=corps((UAI, None), (UAI_B, None), fin="2025-11-01"), headers=region), 422, "doit suivre")
    verifier_erreur(client.post("/api/v1/defis", json=corps((UAI, None), (UAI_B, None), debut="hier"), headers=region), 422, "debut")
    verifier_erreur(client.post("/api/v1/defis", json=corps((UAI, None), (UAI_B, None), energie="vent"), headers=region), 422, "énergie inconnue")
    verifier_erreur(client.get("/api/v1/defis/inconnu"), 404, "défi inconnu")
    verifier_erreur(client.get("/api/v1/sites/0750654D/defis"), 404, "lycée inconnu")
    assert jeu.documents("defis") == []


def test_accepter_une_invitation_puis_clore_le_defi(client, jeu):
    enseignant_a = entete_nouveau_jeton(jeu, "enseignant", UAI)
    aujourd_hui = a_paris(maintenant()).date()
    en_cours = {"debut": str(aujourd_hui - timedelta(days=3)), "fin": str(aujourd_hui + timedelta(days=10))}
    defi = client.post("/api/v1/defis", json=corps((UAI, None), (UAI_B, None), **en_cours), headers=enseignant_a).json()
    ident = defi["identifiant"]
    assert (defi["organisateur"], defi["acceptes"], defi["clos_le"]) == (UAI, [UAI], None)

    gestionnaire_b = entete_nouveau_jeton(jeu, "gestionnaire", UAI_B)
    verifier_erreur(client.post(f"/api/v1/sites/{UAI_B}/defis/{ident}/acceptation", headers=entete_nouveau_jeton(jeu, "eco-delegue", UAI_B)),
                    403, "eco-delegue ne permet pas")
    verifier_erreur(client.post(f"/api/v1/sites/{UAI_B}/defis/{ident}/acceptation", headers=enseignant_a), 403, f"lycée {UAI}")
    accepte = client.post(f"/api/v1/sites/{UAI_B.lower()}/defis/{ident}/acceptation", headers=gestionnaire_b)
    assert accepte.status_code == 200, accepte.text
    assert accepte.json()["acceptes"] == [UAI, UAI_B]
    verifier_erreur(client.post(f"/api/v1/sites/{UAI_B}/defis/{ident}/acceptation", headers=gestionnaire_b), 422, "déjà accepté")
    verifier_erreur(client.post(f"/api/v1/sites/{UAI_B}/defis/inconnu/acceptation", headers=gestionnaire_b), 404, "défi inconnu")

    verifier_erreur(client.post(f"/api/v1/defis/{ident}/cloture", headers=gestionnaire_b), 403, "seul le lycée qui a lancé")
    clos = client.post(f"/api/v1/defis/{ident}/cloture", headers=enseignant_a)
    assert clos.status_code == 200, clos.text
    assert clos.json()["clos_le"] == str(aujourd_hui)
    assert client.get(f"/api/v1/defis/{ident}").json()["clos_le"] == clos.json()["clos_le"]
    verifier_erreur(client.post(f"/api/v1/defis/{ident}/cloture", headers=entete_nouveau_jeton(jeu, "region")), 422, "déjà clos")
    actions = [e.contenu["action"] for e in ecritures(jeu)]
    assert f"POST /api/v1/sites/{UAI_B.lower()}/defis/{ident}/acceptation" in actions
    assert f"POST /api/v1/defis/{ident}/cloture" in actions
