"""L'air des salles par l'API (contrat, section 4), sur le jeu de tests/jeu_ambiance.py : le lycée
A et ses sondes autour du passage à l'heure d'été."""

import pytest
from fastapi.testclient import TestClient

from api import creer_app
from noyau.communaute.alertes import Seuils, verifier_site
from noyau.domaine.temps import lire_borne
from tests.api.conftest import LYCEE_A, entete_nouveau_jeton, verifier_erreur
from tests.conftest import LYCEE_A as SITE_A
from tests.jeu_ambiance import compteurs, releves
from tests.noyau.communaute.test_actions_confort import releves as releves_de_l_action


@pytest.fixture
def client_ambiance(stockage):
    stockage.enregistrer_registre([SITE_A], compteurs())
    stockage.ecrire(releves())
    with TestClient(creer_app(stockage)) as client:
        yield client


def lire(client, **params):
    return client.get(f"/api/v1/sites/{LYCEE_A.lower()}/ambiance", params=params)


def test_forme_du_contrat_par_jour(client_ambiance):
    reponse = lire(client_ambiance, debut="2026-03-28", fin="2026-03-30", pas="jour")
    assert reponse.status_code == 200, reponse.text
    corps = reponse.json()
    assert list(corps) == ["uai", "pas", "sondes"] and (corps["uai"], corps["pas"]) == (LYCEE_A, "jour")
    assert [(s["compteur"], s["usage"]) for s in corps["sondes"]] == [
        ("salle-b12", "salle de classe"), ("salle-c01", "salle de classe"), ("sonde-exterieure", "température extérieure")]
    samedi, dimanche = corps["sondes"][0]["points"]
    assert list(samedi) == ["debut", "fin", "temperature_c", "co2_ppm", "humidite_pct"]
    assert (dimanche["debut"], dimanche["fin"]) == ("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00")
    assert dimanche["temperature_c"] == {"moyenne": 17.0, "min": 17.0, "max": 17.0, "releves": 92}
    assert corps["sondes"][1]["points"][0]["co2_ppm"] is None


def test_par_heure_une_sonde_moyenne_arrondie_au_centieme(client_ambiance):
    reponse = lire(client_ambiance, debut="2026-03-27", fin="2026-03-28", pas="heure", compteur="salle-b12")
    (sonde,) = reponse.json()["sondes"]
    assert len(sonde["points"]) == 24 and sonde["points"][10]["co2_ppm"]["moyenne"] == 1600.0
    jour = lire(client_ambiance, debut="2026-03-27", fin="2026-03-28", compteur="salle-b12").json()  # pas : jour par défaut
    assert jour["pas"] == "jour" and jour["sondes"][0]["points"][0]["co2_ppm"]["moyenne"] == 595.83  # 57 200 / 96


@pytest.mark.parametrize(("params", "statut", "fragment"), [
    ({"debut": "2026-03-27", "fin": "2026-03-28", "pas": "mois"}, 422, "heure ou jour"),
    ({"debut": "2026-03-27T10:30:00+01:00", "fin": "2026-03-28", "pas": "heure"}, 422, "heure pleine"),
    ({"debut": "2026-03-28", "fin": "2026-03-27"}, 422, "fin doit être postérieure"),
    ({"debut": "2026-03-27", "fin": "2026-03-28", "compteur": "chaufferie"}, 422, "pas une sonde"),
    ({"debut": "2026-03-27", "fin": "2026-03-28", "compteur": "salle-z99"}, 404, "compteur inconnu"),
    ({"debut": "2026-03-27", "fin": "2026-03-28", "compteur": "Salle B12"}, 422, "compteur"),
    ({"debut": "hier", "fin": "2026-03-28"}, 422, "debut invalide"),
])
def test_erreurs_en_francais(client_ambiance, params, statut, fragment):
    verifier_erreur(lire(client_ambiance, **params), statut, fragment)


def test_lycee_inconnu(client_ambiance):
    verifier_erreur(client_ambiance.get("/api/v1/sites/0750654D/ambiance", params={"debut": "2026-03-27", "fin": "2026-03-28"}),
                    404, "lycée inconnu")


def test_alertes_d_ambiance_lisibles_par_l_api(stockage):
    stockage.enregistrer_registre([SITE_A], compteurs())
    stockage.ecrire(releves("2026-03-16", "2026-03-31"))
    verifier_site(stockage, LYCEE_A, Seuils(jours_examines=15), lire_borne("2026-03-31").timestamp())
    with TestClient(creer_app(stockage)) as client:
        reponse = client.get(f"/api/v1/sites/{LYCEE_A}/alertes")
    assert reponse.status_code == 200, reponse.text
    assert {a["regle"] for a in reponse.json()} == {"co2", "chauffage-inoccupe"}


def test_une_action_qui_nomme_une_salle_et_son_effet_sur_la_salle(stockage):
    stockage.enregistrer_registre([SITE_A], compteurs())
    stockage.ecrire(releves_de_l_action())
    with TestClient(creer_app(stockage)) as client:
        corps = {"titre": "Baisser la consigne d'un degré", "type": "intervention", "jour": "2026-03-23",
                 "compteur": "chaufferie", "groupe": "éco-délégués", "salle": "salle-b12"}
        notee = client.post(f"/api/v1/sites/{LYCEE_A}/actions", json=corps, headers=entete_nouveau_jeton(stockage, "eco-delegue", LYCEE_A))
        assert notee.status_code == 201, notee.text
        assert notee.json()["salle"] == "salle-b12"
        detail = client.get(f"/api/v1/sites/{LYCEE_A}/actions/{notee.json()['identifiant']}").json()
        refusee = client.post(f"/api/v1/sites/{LYCEE_A}/actions", json=corps | {"salle": "chaufferie"},
                              headers=entete_nouveau_jeton(stockage, "eco-delegue", LYCEE_A))
    assert detail["effet_salle"]["salle"] == "salle B12"
    assert (detail["effet_salle"]["avant"]["temperature_moyenne"], detail["effet_salle"]["apres"]["temperature_moyenne"]) == (21.0, 20.0)
    assert (detail["effet_salle"]["avant"]["part_co2_1000"], detail["effet_salle"]["apres"]["part_co2_1000"]) == (1.0, 0.0)
    assert detail["effet"]["economie_pct"] == pytest.approx(7.0)
    verifier_erreur(refusee, 422, "pas une sonde")
