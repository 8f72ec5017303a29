"""L'API sur les vrais stockages SQLite de tests/conftest.py."""

import pytest
from fastapi.testclient import TestClient

from api import creer_app
from noyau.communaute.jetons import creer_jeton

LYCEE_A = "0350028R"  # 10 kWh par pas de 10 minutes, soit 1440 kWh par jour
LYCEE_B = "0290009C"  # 5 kWh par pas, soit 720 kWh par jour


@pytest.fixture
def client(stockage_rempli):
    with TestClient(creer_app(stockage_rempli)) as client:
        yield client


@pytest.fixture
def client_vide(stockage):
    with TestClient(creer_app(stockage)) as client:
        yield client


def verifier_erreur(reponse, statut: int, fragment: str) -> None:
    """Une erreur JSON `{"detail": ...}` au statut attendu, dont le message contient `fragment`."""
    assert reponse.status_code == statut, reponse.text
    assert reponse.headers["content-type"] == "application/json"
    assert list(reponse.json()) == ["detail"]
    assert fragment in reponse.json()["detail"]


def entete(valeur: str) -> dict:
    """L'en-tête d'authentification d'un jeton."""
    return {"Authorization": f"Bearer {valeur}"}


def entete_nouveau_jeton(stockage, role: str, uai: str | None = None) -> dict:
    """L'en-tête d'un jeton créé pour l'occasion."""
    return entete(creer_jeton(stockage, role, uai))
