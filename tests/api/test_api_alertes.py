"""Les alertes par l'API : liste par lycée et par état, changement d'état par jeton."""

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from api import creer_app
from noyau.communaute.alertes import Seuils, verifier_site
from noyau.communaute.audit import ecritures
from noyau.communaute.jetons import creer_jeton, empreinte
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import PARIS
from tests.api.conftest import entete, entete_nouveau_jeton, verifier_erreur
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
    assert (alerte["id"], alerte["identifiant"], alerte["uai"], alerte["regle"], alerte["jour"], alerte["etat"], alerte["note"]) == (
        IDENTIFIANT, IDENTIFIANT, UAI, "kit-silencieux", "2026-03-02", "nouvelle", "")
    assert (alerte["debut"], alerte["gravite"], alerte["modifiee_par"]) == ("2026-03-02T01:00:00+01:00", "haute", None)
    assert alerte["details"]["heures"] == 10.0 and alerte["message"].startswith("Kit silencieux : aucun relevé")
    chemin = f"/api/v1/sites/{UAI}/alertes/{IDENTIFIANT}"
    stockage = client.app.state.stockage
    valeur = creer_jeton(stockage, "gestionnaire", UAI)
    prise = client.patch(chemin, json={"etat": "prise-en-charge", "note": "Agent prévenu"}, headers=entete(valeur))
    assert prise.status_code == 200, prise.text
    assert (prise.json()["etat"], prise.json()["note"], prise.json()["modifiee_par"]) == (
        "prise-en-charge", "Agent prévenu", empreinte(valeur)[:12])
    assert client.get(f"/api/v1/sites/{UAI}/alertes?etat=nouvelle").json() == []
    assert [a["etat"] for a in client.get(f"/api/v1/sites/{UAI}/alertes?etat=prise-en-charge").json()] == ["prise-en-charge"]
    [ecrit] = ecritures(stockage, UAI)
    assert (ecrit.contenu["action"], ecrit.contenu["objet"], ecrit.contenu["role"]) == (f"PATCH {chemin}", IDENTIFIANT, "gestionnaire")
    resolue = client.patch(chemin, json={"etat": "resolue"}, headers=entete_nouveau_jeton(stockage, "region"))
    assert (resolue.json()["etat"], resolue.json()["note"]) == ("resolue", "Agent prévenu")
    assert client.get(f"/api/v1/sites/{UAI_B}/alertes").json() == []


def test_la_file_de_la_region(client):
    """GET /api/v1/alertes : tous les lycées, filtrés par état, lycée, règle."""
    stockage = client.app.state.stockage
    debut = datetime(2026, 3, 1, tzinfo=PARIS).timestamp()
    stockage.ecrire([Releve(UAI_B, "principal", Grandeur.INDEX_KWH, debut + 3600 * h, float(h)) for h in range(72) if not 40 <= h < 50])
    verifier_site(stockage, UAI_B, Seuils(), datetime(2026, 3, 5, tzinfo=PARIS).timestamp())
    toutes = client.get("/api/v1/alertes").json()
    assert sorted(a["uai"] for a in toutes) == sorted([UAI, UAI_B])
    premiere = client.get("/api/v1/alertes?limite=1")
    assert premiere.headers["X-Total-Count"] == "2" and "decalage=1" in premiere.headers["Link"] and premiere.json() == toutes[:1]
    assert [a["uai"] for a in client.get(f"/api/v1/alertes?uai={UAI_B.lower()}").json()] == [UAI_B]
    assert len(client.get("/api/v1/alertes?regle=kit-silencieux&etat=nouvelle").json()) == 2
    assert client.get("/api/v1/alertes?regle=nuit").json() == []
    client.patch(f"/api/v1/sites/{UAI}/alertes/{IDENTIFIANT}", json={"etat": "fausse-alerte", "note": "Coupure EDF"},
                 headers=entete_nouveau_jeton(stockage, "region"))
    [fausse] = client.get("/api/v1/alertes?etat=fausse-alerte").json()
    assert (fausse["id"], fausse["note"]) == (IDENTIFIANT, "Coupure EDF")
    verifier_erreur(client.get("/api/v1/alertes?etat=close"), 422, "etat")
    verifier_erreur(client.get("/api/v1/alertes?regle=orage"), 422, "regle")
    verifier_erreur(client.get("/api/v1/alertes?uai=123"), 422, "UAI")


def test_refus(client):
    chemin = f"/api/v1/sites/{UAI}/alertes/{IDENTIFIANT}"
    corps = {"etat": "prise-en-charge"}
    verifier_erreur(client.patch(chemin, json=corps), 401, "jeton manquant")
    stockage = client.app.state.stockage
    gestionnaire_b, eco_delegue, region = (entete_nouveau_jeton(stockage, "gestionnaire", UAI_B), entete_nouveau_jeton(stockage, "eco-delegue", UAI),
                                           entete_nouveau_jeton(stockage, "region"))
    verifier_erreur(client.patch(chemin, json=corps, headers=gestionnaire_b), 403, f"que pour le lycée {UAI_B}")
    verifier_erreur(client.patch(chemin, json=corps, headers=eco_delegue), 403, "eco-delegue ne permet pas")
    verifier_erreur(client.patch(chemin, json={"etat": "vue"}, headers=region), 422, "etat")
    verifier_erreur(client.patch(chemin, json={"etat": "resolue", "note": "x" * 1001}, headers=region), 422, "note")
    verifier_erreur(client.patch(f"/api/v1/sites/{UAI}/alertes/inconnue", json=corps, headers=region), 404, "alerte inconnue")
    verifier_erreur(client.get(f"/api/v1/sites/{UAI}/alertes?etat=lue"), 422, "etat")
    verifier_erreur(client.get("/api/v1/sites/0750654D/alertes"), 404, "lycée inconnu")
    assert [a["etat"] for a in client.get(f"/api/v1/sites/{UAI}/alertes").json()] == ["nouvelle"]
