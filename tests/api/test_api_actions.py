"""Les actions par l'API : jetons du lycée, pas de donnée personnelle, effet calculé à la main."""


import pytest
from fastapi.testclient import TestClient

from api import creer_app
from tests.api.conftest import entete_nouveau_jeton, verifier_erreur
from tests.noyau.jeu_journalier import JOUR_ACTION, UAI, UAI_B, ecrire_jeu_action

JOUR = JOUR_ACTION


@pytest.fixture
def jeu(stockage):
    ecrire_jeu_action(stockage)
    return stockage


@pytest.fixture
def client(jeu):
    with TestClient(creer_app(jeu)) as client:
        yield client


ACTION = {"titre": "Extinction des écrans le soir", "type": "eco-geste", "jour": "2025-12-01", "energie": "electricite",
          "groupe": "éco-délégués"}


def test_noter_une_action_puis_lire_son_effet(client, jeu):
    notee = client.post(f"/api/v1/sites/{UAI}/actions", json=ACTION, headers=entete_nouveau_jeton(jeu, "eco-delegue", UAI))
    assert notee.status_code == 201, notee.text
    action = notee.json()
    assert (action["uai"], action["jour"], action["groupe"], action["compteur"]) == (UAI, "2025-12-01", "éco-délégués", None)
    assert client.get(f"/api/v1/sites/{UAI}/actions").json() == [action]
    assert client.get(f"/api/v1/sites/{UAI}/actions?debut=2025-12-02").json() == []
    effet = client.get(f"/api/v1/sites/{UAI}/actions/{action['identifiant']}").json()["effet"]
    # 15 jours de classe à 80 contre 100, 13 jours sans classe à 30 contre 30
    assert (effet["debut"], effet["fin"], effet["reel"], effet["reference"]) == ("2025-12-01", "2025-12-29", 1590.0, 1890.0)
    assert (effet["economie_pct"], effet["economise"], effet["completude_pct"]) == (round(100 * 300 / 1890, 2), 300.0, 100.0)
    assert effet["jours"][21]["jours_reference"] == ["2025-10-27", "2025-10-20"]  # lundi de Noël : lundis de la Toussaint


def test_jetons_et_lycee(client, jeu):
    verifier_erreur(client.post(f"/api/v1/sites/{UAI}/actions", json=ACTION), 401, "jeton manquant")
    verifier_erreur(client.post(f"/api/v1/sites/{UAI_B}/actions", json=ACTION, headers=entete_nouveau_jeton(jeu, "eco-delegue", UAI)), 403,
                    f"que pour le lycée {UAI}")
    assert client.post(f"/api/v1/sites/{UAI_B}/actions", json=ACTION, headers=entete_nouveau_jeton(jeu, "gestionnaire", UAI_B)).status_code == 201
    assert client.post(f"/api/v1/sites/{UAI}/actions", json=ACTION, headers=entete_nouveau_jeton(jeu, "region")).status_code == 201
    assert client.post(f"/api/v1/sites/{UAI_B}/actions", json=ACTION, headers=entete_nouveau_jeton(jeu, "enseignant", UAI_B)).status_code == 201
    verifier_erreur(client.post(f"/api/v1/sites/{UAI_B}/actions", json=ACTION, headers=entete_nouveau_jeton(jeu, "enseignant", UAI)), 403,
                    f"que pour le lycée {UAI}")
    assert len(client.get(f"/api/v1/sites/{UAI_B}/actions").json()) == 2


def test_refus(client, jeu):
    region = entete_nouveau_jeton(jeu, "region")
    verifier_erreur(client.post(f"/api/v1/sites/{UAI}/actions", json=ACTION | {"groupe": "Léa Martin, 06 12 34 56 78"}, headers=region),
                    422, "pas de donnée personnelle")
    verifier_erreur(client.post(f"/api/v1/sites/{UAI}/actions", json=ACTION | {"groupe": "x" * 41}, headers=region), 422, "groupe")
    verifier_erreur(client.post(f"/api/v1/sites/{UAI}/actions", json=ACTION | {"nom_eleve": "Léa"}, headers=region), 422, "nom_eleve")
    verifier_erreur(client.post(f"/api/v1/sites/{UAI}/actions", json=ACTION | {"compteur": "absent"}, headers=region), 404, "compteur inconnu")
    verifier_erreur(client.post("/api/v1/sites/0750654D/actions", json=ACTION, headers=region), 404, "lycée inconnu")
    verifier_erreur(client.get(f"/api/v1/sites/{UAI}/actions/inconnue"), 404, "action inconnue")
    assert jeu.documents("actions") == []
