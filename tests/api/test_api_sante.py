import pytest
from fastapi.testclient import TestClient

from api import creer_app
from api.routes import sante
from noyau.domaine.erreurs import StockageIndisponible
from noyau.domaine.temps import en_texte, maintenant
from noyau.stockage.sqlite import StockageSQLite

ENVOI_INCONNU = {"etat": "inconnu", "note_le": None, "messages_envoyes": None, "en_echec": None, "derniere_erreur": None}
C1 = "collecteur:c1"
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
        "collecteurs": [],
        "envoi": ENVOI_INCONNU,
    }


def test_collecteur_connecte(client_vide, stockage):
    stockage.noter_etat(C1, ETAT)
    _, note_le = stockage.lire_etat(C1)
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
        "collecteurs": [{
            "identifiant": "c1", "groupe": None, "etat": "connecte", "degrade": False, "deconnecte_depuis": None,
            "repris_par": None, "adresse": "mqtt://localhost:1883", "note_le": en_texte(note_le), "dernier_message": None,
            "recus": 120, "stockes": 118, "rejetes": 2, "spool_messages": None, "spool_octets": None, "rejoues": None,
            "stockage_en_panne": None, "metriques": None,
        }],
        "envoi": ENVOI_INCONNU,
    }


def test_spool_non_vide_degrade_la_sante(client_vide, stockage):
    panne = {"spool_messages": 12, "spool_octets": 3400, "rejoues": 0, "stockage_en_panne": "base SQLite indisponible"}
    stockage.noter_etat(C1, ETAT | panne)
    corps = client_vide.get("/sante").json()
    assert corps["etat"] == "degrade"
    assert {cle: corps["courtier"][cle] for cle in panne} == panne


def test_collecteur_deconnecte(client_vide, stockage):
    stockage.noter_etat(C1, ETAT | {"connecte": False})
    corps = client_vide.get("/sante").json()
    assert (corps["etat"], corps["courtier"]["etat"]) == ("degrade", "deconnecte")


def test_collecteur_silencieux_apres_deux_minutes(client_vide, stockage, monkeypatch):
    stockage.noter_etat(C1, ETAT)
    monkeypatch.setattr(sante, "maintenant", lambda: maintenant() + 121)
    corps = client_vide.get("/sante").json()
    assert (corps["etat"], corps["courtier"]["etat"], corps["courtier"]["recus"]) == ("degrade", "silencieux", 120)


def test_un_etat_par_collecteur_d_un_groupe(client_vide, stockage, monkeypatch):
    """Deux membres : l'un relié, l'autre tombé (noté hors ligne par celui qui reprend sa session).
    Tout juste tombé, la santé reste bonne (l'autre range tout) ; au-delà d'une minute, dégradée."""
    t = maintenant()
    stockage.noter_etat(C1, ETAT | {"groupe": "enerlycee", "dernier_message": t, "metriques": "http://127.0.0.1:9464/metrics"})
    stockage.noter_etat("collecteur:c2", ETAT | {"groupe": "enerlycee", "recus": 80, "connecte": False, "hors_ligne": True,
                                                  "repris_par": "c1", "deconnecte_depuis": t})
    corps = client_vide.get("/sante").json()
    assert corps["etat"] == "ok"
    assert [(c["identifiant"], c["etat"], c["degrade"], c["repris_par"]) for c in corps["collecteurs"]] == [
        ("c1", "connecte", False, None), ("c2", "hors-ligne", False, "c1")]
    assert corps["collecteurs"][0]["dernier_message"] == en_texte(t)
    assert corps["collecteurs"][0]["metriques"] == "http://127.0.0.1:9464/metrics"
    assert (corps["courtier"]["etat"], corps["courtier"]["recus"], corps["courtier"]["metriques"]) == ("connecte", 200, None)
    monkeypatch.setattr(sante, "maintenant", lambda: t + 61)
    corps = client_vide.get("/sante").json()
    assert (corps["etat"], [c["degrade"] for c in corps["collecteurs"]]) == ("degrade", [False, True])


def test_collecteur_arrete_proprement_montre_puis_oublie(client_vide, stockage, monkeypatch):
    stockage.noter_etat(C1, ETAT)
    stockage.noter_etat("collecteur:c2", ETAT | {"connecte": False, "arrete": True, "deconnecte_depuis": maintenant()})
    corps = client_vide.get("/sante").json()
    assert (corps["etat"], [(c["identifiant"], c["etat"]) for c in corps["collecteurs"]]) == (
        "ok", [("c1", "connecte"), ("c2", "arrete")])
    assert corps["courtier"]["recus"] == 120  # un collecteur arrêté ne compte plus
    stockage.noter_etat(C1, ETAT)  # c1 note toutes les 10 s ; c2, arrêté, plus jamais
    monkeypatch.setattr(sante, "maintenant", lambda: maintenant() + 601)
    monkeypatch.setattr("noyau.exploitation.collecteurs.maintenant", lambda: maintenant() + 601)
    corps = client_vide.get("/sante").json()
    assert [c["identifiant"] for c in corps["collecteurs"]] == ["c1"]


def test_deconnecte_depuis_plus_d_une_minute_degrade(client_vide, stockage, monkeypatch):
    t = maintenant()
    stockage.noter_etat(C1, ETAT)
    stockage.noter_etat("collecteur:c2", ETAT | {"connecte": False, "deconnecte_depuis": t - 30})
    assert client_vide.get("/sante").json()["etat"] == "ok"  # un autre est relié : il range tout
    stockage.noter_etat("collecteur:c2", ETAT | {"connecte": False, "deconnecte_depuis": t - 61})
    corps = client_vide.get("/sante").json()
    assert (corps["etat"], corps["collecteurs"][1]["etat"], corps["collecteurs"][1]["degrade"]) == ("degrade", "deconnecte", True)


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
