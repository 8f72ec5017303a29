"""L'accès en écriture par jeton, sur une route d'écriture réelle montée dans l'application."""

from typing import Annotated

import pytest
from fastapi import Depends, Request
from fastapi.testclient import TestClient

from api import creer_app
from api.acces import ecriture
from noyau.communaute.audit import ecritures
from noyau.communaute.frein import ECHECS_PERMIS, FENETRE_S, cle_client
from noyau.communaute.jetons import creer_jeton, empreinte, revoquer_jeton
from noyau.domaine.temps import maintenant
from noyau.stockage import Document, Jeton, ouvrir_stockage
from tests.api.conftest import LYCEE_A, LYCEE_B, entete, verifier_erreur


@pytest.fixture
def app(stockage_rempli):
    app = creer_app(stockage_rempli)

    @app.post("/essai/{uai}/notes")
    def noter(uai: str, request: Request, jeton: Annotated[Jeton, Depends(ecriture("region", "gestionnaire"))]) -> dict:
        stockage_rempli.enregistrer_document(Document("notes", "n1", uai.upper(), {"par": jeton.role}, 0.0))
        request.state.objet = "n1"
        return {"ecrit": "n1"}

    return app


def test_sans_jeton_ou_jeton_faux_401_et_rien_d_ecrit(app, stockage_rempli):
    with TestClient(app) as client:
        sans = client.post(f"/essai/{LYCEE_A}/notes")
        verifier_erreur(sans, 401, "jeton manquant")
        assert sans.headers["www-authenticate"] == "Bearer"
        verifier_erreur(client.post(f"/essai/{LYCEE_A}/notes", headers=entete("faux")), 401, "jeton inconnu")
    assert stockage_rempli.documents("notes") == [] and ecritures(stockage_rempli) == []


def test_autre_lycee_ou_role_insuffisant_403(app, stockage_rempli):
    gestionnaire = creer_jeton(stockage_rempli, "gestionnaire", LYCEE_A)
    eleves = creer_jeton(stockage_rempli, "eco-delegue", LYCEE_A)
    with TestClient(app) as client:
        verifier_erreur(client.post(f"/essai/{LYCEE_B}/notes", headers=entete(gestionnaire)), 403, f"que pour le lycée {LYCEE_A}")
        verifier_erreur(client.post(f"/essai/{LYCEE_A}/notes", headers=entete(eleves)), 403, "eco-delegue ne permet pas")
    assert stockage_rempli.documents("notes") == [] and ecritures(stockage_rempli) == []


def test_ecriture_permise_puis_journalisee_puis_jeton_revoque(app, stockage_rempli):
    gestionnaire = creer_jeton(stockage_rempli, "gestionnaire", LYCEE_A)
    with TestClient(app) as client:
        reponse = client.post(f"/essai/{LYCEE_A.lower()}/notes", headers=entete(gestionnaire))
        assert reponse.status_code == 200 and reponse.json() == {"ecrit": "n1"}
        [journal] = ecritures(stockage_rempli, LYCEE_A)
        assert journal.contenu == {"role": "gestionnaire", "jeton": empreinte(gestionnaire)[:12],
                                   "action": f"POST /essai/{LYCEE_A.lower()}/notes", "objet": "n1"}
        revoquer_jeton(stockage_rempli, empreinte(gestionnaire)[:12])
        verifier_erreur(client.post(f"/essai/{LYCEE_A}/notes", headers=entete(gestionnaire)), 401, "jeton révoqué")
    assert len(ecritures(stockage_rempli)) == 1


def test_jetons_refuses_freines_par_client_meme_a_plusieurs_processus(app, stockage_rempli):
    """Deux processus de l'API (deux applications, deux connexions au même fichier) comptent les
    échecs d'un client ensemble ; au-delà, 429 en français avec Retry-After, même avec un bon jeton ;
    un autre client n'est pas gêné."""
    bon = entete(creer_jeton(stockage_rempli, "region", None))
    second_processus = ouvrir_stockage(f"sqlite:///{stockage_rempli.chemin}")
    assaillant = [TestClient(app, client=("198.51.100.9", 4000)),
                  TestClient(creer_app(second_processus), client=("198.51.100.9", 4001))]
    honnete = TestClient(app, client=("192.0.2.20", 5000))
    site = f"/api/v1/sites/{LYCEE_A}"
    for essai in range(ECHECS_PERMIS):
        reponse = assaillant[essai % 2].put(site, json={"nom": "Pirate"}, headers=entete(f"faux-{essai}"))
        verifier_erreur(reponse, 401, "jeton inconnu")
        assert honnete.put(site, json={"nom": "Lycée A"}, headers=bon).status_code == 200  # jamais compté
    for client in assaillant:
        for en_tete in (entete("encore-faux"), bon):
            reponse = client.put(site, json={"nom": "Pirate"}, headers=en_tete)
            verifier_erreur(reponse, 429, "trop d'essais de jetons ou de codes d'accès refusés depuis votre adresse")
            assert 0 < int(reponse.headers["retry-after"]) <= FENETRE_S
        verifier_erreur(client.get("/api/v1/ecritures", headers=bon), 429, "réessayez dans")
    _, echecs = stockage_rempli.compter_dans_fenetre(cle_client("198.51.100.9"), maintenant(), FENETRE_S, ECHECS_PERMIS, compter=False)
    assert len(echecs) == ECHECS_PERMIS  # refusé avant d'être compté
    sans_jeton = assaillant[0].put(site, json={"nom": "Pirate"})  # rien présenté : rien à freiner
    verifier_erreur(sans_jeton, 401, "jeton manquant")
    assert honnete.put(site, json={"nom": "Lycée A"}, headers=bon).status_code == 200
    assert "Pirate" not in str(stockage_rempli.sites())
    second_processus.fermer()
