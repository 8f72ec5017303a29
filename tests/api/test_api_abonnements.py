"""Les abonnements par l'API : des adultes seulement, chacun ne voit et n'efface que les siens,
l'adresse n'est jamais au journal ; une panne du relais se voit dans /sante."""

from datetime import date

import pytest
from fastapi.testclient import TestClient

from api import creer_app
from noyau.communaute.audit import ecritures
from noyau.communaute.canaux import lire_relais
from noyau.communaute.envoi import ReglagesEnvoi, envoyer
from noyau.communaute.file_alertes import Alerte, ranger
from noyau.communaute.jetons import creer_jeton
from noyau.communaute.regles import Regle
from noyau.domaine.temps import maintenant
from tests.api.conftest import entete, verifier_erreur
from tests.conftest import port_libre
from tests.noyau.jeu_journalier import SITES, UAI, UAI_B, compteurs


@pytest.fixture
def client(stockage):
    stockage.enregistrer_registre(SITES, compteurs(UAI) + compteurs(UAI_B))
    with TestClient(creer_app(stockage)) as client:
        yield client


def test_s_abonner_lister_se_desabonner(client):
    stockage = client.app.state.stockage
    gestion, region = entete(creer_jeton(stockage, "gestionnaire", UAI)), entete(creer_jeton(stockage, "region", None))
    corps = {"canal": "courriel", "destination": "gestion@lycee-a.fr", "uai": UAI, "regles": ["nuit", "week-end"], "rythme": "quotidien",
             "heures_calmes": "22:00-07:00"}
    cree = client.post("/api/v1/abonnements", json=corps, headers=gestion)
    assert cree.status_code == 201, cree.text
    a = cree.json()
    assert (a["canal"], a["destination"], a["uai"], a["regles"], a["rythme"], a["heures_calmes"], a["secret"], a["echecs"]) == (
        "courriel", "gestion@lycee-a.fr", UAI, ["nuit", "week-end"], "quotidien", "22:00-07:00", None, 0)
    crochet = client.post("/api/v1/abonnements", json={"canal": "webhook", "destination": "https://outils.region.example/alertes",
                                                       "uai": None, "regles": [], "rythme": "immediat"}, headers=region).json()
    assert len(crochet["secret"]) >= 40 and crochet["uai"] is None
    assert [x["id"] for x in client.get("/api/v1/abonnements", headers=gestion).json()] == [a["id"]]
    [du_region] = client.get("/api/v1/abonnements", headers=region).json()
    assert du_region["id"] == crochet["id"] and du_region["secret"] is None  # montré une fois
    journal = [d.contenu for d in ecritures(stockage)]
    assert [(j["action"], j["objet"]) for j in journal] == [("POST /api/v1/abonnements", a["id"]), ("POST /api/v1/abonnements", crochet["id"])]
    assert "gestion@lycee-a.fr" not in str(journal)
    verifier_erreur(client.delete(f"/api/v1/abonnements/{a['id']}", headers=region), 404, "abonnement inconnu")
    assert client.delete(f"/api/v1/abonnements/{a['id']}", headers=gestion).status_code == 204
    assert client.get("/api/v1/abonnements", headers=gestion).json() == []
    assert "gestion@lycee-a.fr" not in str([d.contenu for d in stockage.documents()])  # effacée


def test_refus(client):
    stockage = client.app.state.stockage
    corps = {"canal": "courriel", "destination": "x@lycee-a.fr", "uai": UAI, "regles": [], "rythme": "immediat"}
    verifier_erreur(client.post("/api/v1/abonnements", json=corps), 401, "jeton manquant")
    verifier_erreur(client.get("/api/v1/abonnements"), 401, "jeton manquant")
    for role in ("enseignant", "eco-delegue"):
        eleve_ou_prof = entete(creer_jeton(stockage, role, UAI))
        verifier_erreur(client.post("/api/v1/abonnements", json=corps, headers=eleve_ou_prof), 403, f"le rôle {role} ne permet pas")
        verifier_erreur(client.get("/api/v1/abonnements", headers=eleve_ou_prof), 403, f"le rôle {role} ne permet pas")
    gestion = entete(creer_jeton(stockage, "gestionnaire", UAI))
    verifier_erreur(client.post("/api/v1/abonnements", json=corps | {"uai": None}, headers=gestion), 403, f"que pour le lycée {UAI}")
    verifier_erreur(client.post("/api/v1/abonnements", json=corps | {"uai": UAI_B}, headers=gestion), 403, f"que pour le lycée {UAI}")
    verifier_erreur(client.post("/api/v1/abonnements", json=corps | {"destination": "personne"}, headers=gestion), 422,
                    "adresse électronique invalide")
    verifier_erreur(client.post("/api/v1/abonnements", json=corps | {"regles": ["orage"]}, headers=gestion), 422, "regles")
    verifier_erreur(client.post("/api/v1/abonnements", json=corps | {"heures_calmes": "la nuit"}, headers=gestion), 422,
                    "heures calmes illisibles")
    assert ecritures(stockage) == []


def test_une_panne_du_relais_se_voit_dans_la_sante(client):
    stockage = client.app.state.stockage
    client.post("/api/v1/abonnements", json={"canal": "courriel", "destination": "g@lycee-a.fr", "uai": UAI, "regles": [],
                                             "rythme": "immediat"}, headers=entete(creer_jeton(stockage, "gestionnaire", UAI)))
    assert client.get("/sante").json()["envoi"]["etat"] == "inconnu"
    ranger(stockage, Alerte(f"{UAI}-kit-silencieux-2026-03-02", UAI, Regle.KIT_SILENCIEUX, date(2026, 3, 2), "Kit silencieux : …", {},
                            levee_le=maintenant()))
    port = port_libre()
    envoyer(stockage, ReglagesEnvoi(lire_relais(f"smtp://127.0.0.1:{port}"), "a@b.fr", "http://x"), maintenant() + 1)
    sante = client.get("/sante").json()
    assert sante["etat"] == "degrade" and sante["envoi"]["etat"] == "en-panne" and sante["envoi"]["en_echec"] == 1
    assert f"relais smtp://127.0.0.1:{port} injoignable" in sante["envoi"]["derniere_erreur"] and "g@lycee-a.fr" not in str(sante)
