import pytest
from fastapi.testclient import TestClient

from api import creer_app
from api.routes import sante
from noyau.domaine.erreurs import StockageIndisponible
from noyau.domaine.temps import en_texte, maintenant
from noyau.stockage.sqlite import StockageSQLite

ENVOI_INCONNU = {"etat": "inconnu", "note_le": None, "messages_envoyes": None, "en_echec": None, "derniere_erreur": None}
ETAT = {"connecte": True, "courtier": "mqtt://localhost:1883", "recus": 120, "stockes": 118, "rejetes": 2}


def test_sans_collecteur(client_vide):
    reponse = client_vide.get("/sante")
    assert reponse.status_code == 200
    assert reponse.json() == {
        "etat": "degrade",
        "stockage": {"etat": "ok"},
        "courtier": {
            "etat": "inconnu", "adresse": None, "note_le": None, "recus": None, "stockes": None, "rejetes": None,
            "spool_messages": None, "spool_octets": None, "rejoues": None, "stockage_en_panne": None,
            "metriques": None,
        },
        "envoi": ENVOI_INCONNU,
    }


def test_collecteur_connecte(client_vide, stockage):
    stockage.noter_etat("collecteur", ETAT)
    _, note_le = stockage.lire_etat("collecteur")
    corps = client_vide.get("/sante").json()
    assert corps == {
        "etat": "ok",
        "stockage": {"etat": "ok"},
        "courtier": {
            "etat": "connecte",
            "adresse": "mqtt://localhost:1883",
            "note_le": en_texte(note_le),
            "recus": 120,
            "stockes": 118,
            "rejetes": 2,
            "spool_messages": None,
            "spool_octets": None,
            "rejoues": None,
            "stockage_en_panne": None,
            "metriques": None,
        },
        "envoi": ENVOI_INCONNU,
    }


def test_spool_non_vide_degrade_la_sante(client_vide, stockage):
    panne = {"spool_messages": 12, "spool_octets": 3400, "rejoues": 0, "stockage_en_panne": "base SQLite indisponible"}
    stockage.noter_etat("collecteur", ETAT | panne)
    corps = client_vide.get("/sante").json()
    assert corps["etat"] == "degrade"
    assert {cle: corps["courtier"][cle] for cle in panne} == panne


def test_collecteur_deconnecte(client_vide, stockage):
    stockage.noter_etat("collecteur", ETAT | {"connecte": False})
    corps = client_vide.get("/sante").json()
    assert (corps["etat"], corps["courtier"]["etat"]) == ("degrade", "deconnecte")


def test_collecteur_silencieux_apres_deux_minutes(client_vide, stockage, monkeypatch):
    stockage.noter_etat("collecteur", ETAT)
    monkeypatch.setattr(sante, "maintenant", lambda: maintenant() + 121)
    corps = client_vide.get("/sante").json()
    assert (corps["etat"], corps["courtier"]["etat"], corps["courtier"]["recus"]) == ("degrade", "silencieux", 120)


class StockageEnPanne(StockageSQLite):
    def verifier(self) -> None:
        raise StockageIndisponible("base SQLite indisponible (/secret/enerlycee.db) : database is locked")

    def sites(self):
        self.verifier()


@pytest.fixture
def client_en_panne(tmp_path):
    stockage = StockageEnPanne(tmp_path / "panne.db")
    with TestClient(creer_app(stockage)) as client:
        yield client
    stockage.fermer()


def test_stockage_indisponible_reste_200(client_en_panne):
    reponse = client_en_panne.get("/sante")
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["etat"] == "degrade"
    assert corps["stockage"] == {"etat": "indisponible"}
    assert corps["courtier"]["etat"] == "inconnu"


def test_stockage_indisponible_ailleurs_503_sans_detail_interne(client_en_panne):
    reponse = client_en_panne.get("/api/v1/sites")
    assert reponse.status_code == 503
    assert reponse.headers["retry-after"] == "10"
    assert reponse.json() == {"detail": "stockage indisponible, réessayez dans un instant"}
