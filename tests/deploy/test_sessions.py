"""Ce que le courtier de production garde pour un collecteur (issue 22, points 1 et 2) : un kit ne
peut pas prendre sa session, et un arrêt brutal du courtier ne perd pas ce qu'il a acquitté."""

import time

import pytest

from collecteur import Collecteur
from noyau.domaine.modele import Grandeur
from noyau.mesures.protocole import encoder, sujet
from tests.conftest import LYCEE_A, attendre
from tests.deploy.conftest import Kit

TS = 1_790_000_000  # 2026-09-21, dans le passé
SESSION = "enerlycee-collecteur-9464"


@pytest.fixture
def collecteur(courtier_production, registre, tmp_path):
    """collecteur() : le vrai collecteur, avec son compte (enerlycee courtier ajouter-collecteur),
    par l'écouteur des collecteurs, sous l'identifiant de session SESSION ; démarré et connecté."""
    compte = courtier_production.ajouter_collecteur("9464", tmp_path / "collecteur-9464.env")
    lances = []

    def demarrer() -> Collecteur:
        service = Collecteur(registre, courtier_production.adresse_collecteurs(compte), tmp_path / "spool.db", SESSION)
        service.demarrer()
        lances.append(service)
        attendre(lambda: service.client.connecte, "connexion du collecteur")
        return service

    yield demarrer
    for service in lances:
        service.arreter()


def releves(stockage) -> int:
    return len(stockage.lire_releves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, 0, 4e9).ts)


def publier(kit: Kit, nombre: int) -> None:
    for n in range(nombre):
        assert kit.publier(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS + 60 * n, "index_kwh": float(n)})) == 0


def test_un_kit_ne_prend_pas_la_session_du_collecteur(courtier_production, collecteur, registre):
    """Un kit qui se présente sous l'identifiant du collecteur, avec « clean start », n'efface
    pas les messages que sa session garde, et ne déconnecte pas le collecteur en service."""
    collecteur().arreter()  # sa session persistante garde la suite
    publier(Kit(courtier_production.adresse("kit-0350028R-a")), 500)
    intrus = Kit(courtier_production.adresse("kit-0290009C-b"), identifiant=SESSION)
    assert intrus.accepte  # accepté, mais sous son propre compte
    intrus.fermer()

    service = collecteur()
    attendre(lambda: releves(registre) == 500, "les 500 relevés gardés par la session du collecteur")
    deconnexions = []
    service.client._client.on_disconnect = lambda *arguments: deconnexions.append(arguments)
    Kit(courtier_production.adresse("kit-0290009C-b"), identifiant=SESSION).fermer()
    time.sleep(0.5)
    assert deconnexions == [] and service.client.connecte


def test_un_arret_brutal_du_courtier_ne_perd_pas_ce_qu_il_a_acquitte(courtier_production, collecteur, registre):
    """3 000 relevés acquittés par le courtier pendant que le collecteur est arrêté, puis kill -9
    du courtier dès qu'il a écrit sa mémoire (dès qu'une seconde entière a passé : toutes les 2 s
    au plus, plus sur une machine chargée)."""
    collecteur().arreter()
    publier(Kit(courtier_production.adresse("kit-0350028R-a")), 3000)
    acquittes_le = time.time()
    instantane = courtier_production.dossier / "mosquitto.db"
    attendre(lambda: instantane.exists() and instantane.stat().st_mtime > acquittes_le, "un instantané après le dernier accusé")
    courtier_production.arreter_brutalement_et_relancer()
    collecteur()
    attendre(lambda: releves(registre) == 3000, "les 3 000 relevés acquittés avant l'arrêt brutal", 60)
