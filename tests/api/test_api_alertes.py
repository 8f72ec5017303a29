"""Les alertes par l'API : liste par lycée et par état, changement d'état par jeton."""

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from api import creer_app
from noyau.communaute.alertes import Seuils, verifier_site
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import PARIS
from tests.api.conftest import entete_nouveau_jeton, verifier_erreur
from tests.noyau.jeu_journalier import SITES, UAI, UAI_B, compteurs

IDENTIFIANT = f"{UAI}-kit-silencieux-2026-03-02"


@pytest.fixture
def client(stockage):
    """Un kit muet 10 heures le 2 mars : une alerte."""
    stockage.enregistrer_registre(SITES, compteurs(UAI) + compteurs(UAI_B))
    debut = datetime(2026, 3, 1, tzinfo=PARIS).timestamp()
    stockage.ecrire([Releve(UAI, "principal", Grandeur.INDEX_KWH, debut + 3600 * h, float(h)) for h in range(72) if not 26 <= h < 35])
    verifier_site(stockage, UAI, Seuils(), datetime(2026, 3, 5, tzinfo=PARIS).timestamp())
    with TestClient(creer_app(stockage)) as client:
        yield client


def test_lister_puis_changer_l_etat(client):
    [alerte] = client.get(f"/api/v1/sites/{UAI}/alertes").json()
    assert (alerte["identifiant"], alerte["regle"], alerte["jour"], alerte["etat"]) == (IDENTIFIANT, "kit-silencieux", "2026-03-02", "nouvelle")
    assert alerte["details"]["heures"] == 10.0
    chemin = f"/api/v1/sites/{UAI}/alertes/{IDENTIFIANT}"
    vue = client.patch(chemin, json={"etat": "vue"}, headers=entete_nouveau_jeton(client.app.state.stockage, "gestionnaire", UAI))
    assert vue.status_code == 200 and vue.json()["etat"] == "vue"
    assert client.get(f"/api/v1/sites/{UAI}/alertes?etat=nouvelle").json() == []
    assert [a["etat"] for a in client.get(f"/api/v1/sites/{UAI}/alertes?etat=vue").json()] == ["vue"]
    close = client.patch(chemin, json={"etat": "close"}, headers=entete_nouveau_jeton(client.app.state.stockage, "region"))
    assert close.json()["etat"] == "close"
    assert client.get(f"/api/v1/sites/{UAI_B}/alertes").json() == []


def test_refus(client):
    chemin = f"/api/v1/sites/{UAI}/alertes/{IDENTIFIANT}"
    verifier_erreur(client.patch(chemin, json={"etat": "vue"}), 401, "jeton manquant")
    stockage = client.app.state.stockage
    gestionnaire_b, eco_delegue, region = (entete_nouveau_jeton(stockage, "gestionnaire", UAI_B), entete_nouveau_jeton(stockage, "eco-delegue", UAI),
                                           entete_nouveau_jeton(stockage, "region"))
    verifier_erreur(client.patch(chemin, json={"etat": "vue"}, headers=gestionnaire_b), 403, f"que pour le lycée {UAI_B}")
    verifier_erreur(client.patch(chemin, json={"etat": "vue"}, headers=eco_delegue), 403, "eco-delegue ne permet pas")
    verifier_erreur(client.patch(chemin, json={"etat": "lue"}, headers=region), 422, "etat")
    verifier_erreur(client.patch(f"/api/v1/sites/{UAI}/alertes/inconnue", json={"etat": "vue"}, headers=region), 404, "alerte inconnue")
    verifier_erreur(client.get(f"/api/v1/sites/{UAI}/alertes?etat=lue"), 422, "etat")
    verifier_erreur(client.get("/api/v1/sites/0750654D/alertes"), 404, "lycée inconnu")
    assert [a["etat"] for a in client.get(f"/api/v1/sites/{UAI}/alertes").json()] == ["nouvelle"]
