"""Les routes de suivi (météo, trajectoire, objectifs, analyse, comparaison, équivalences) sur le
jeu de tests/conftest.py : du 2 mars au 6 avril 2026, électricité 60 kWh par heure au lycée A
(21 000 m²), 30 au lycée B (15 500 m²), gaz 1 m³ × 10,8 par 10 minutes, 8 °C dehors."""

import pytest

from noyau.communaute.jetons import creer_jeton
from tests.api.conftest import LYCEE_A, LYCEE_B, verifier_erreur


@pytest.fixture
def gestionnaire(stockage_rempli):
    return {"Authorization": f"Bearer {creer_jeton(stockage_rempli, 'gestionnaire', LYCEE_A)}"}


def test_meteo_jours_presents_et_manquants(client):
    reponse = client.get(f"/api/v1/sites/{LYCEE_A}/meteo", params={"debut": "2026-02-27", "fin": "2026-03-04"})
    assert reponse.status_code == 200, reponse.text
    corps = reponse.json()
    assert corps["jours"] == [{"jour": "2026-03-02", "temperature_c": 8.0, "dju": 10.0},
                              {"jour": "2026-03-03", "temperature_c": 8.0, "dju": 10.0}]
    assert (corps["jours_manquants"], corps["total_dju"], corps["base_dju_c"]) == (3, 20.0, 18.0)
    verifier_erreur(client.get(f"/api/v1/sites/{LYCEE_A}/meteo", params={"debut": "hier", "fin": "2026-03-04"}), 422, "debut invalide")


def test_analyse_d_un_jour_de_classe_et_du_passage_a_l_heure_d_ete(client):
    corps = client.get(f"/api/v1/sites/{LYCEE_A}/analyse",
                       params={"energie": "electricite", "debut": "2026-03-04", "fin": "2026-03-05"}).json()
    assert corps["talon"]["valeur"] == pytest.approx(60.0)
    assert corps["repartition"]["categories"]["ouverture"] == pytest.approx(660.0)  # 11 h × 60 kWh
    assert corps["repartition"]["hors_horaires"] == pytest.approx(780.0)
    assert corps["par_m2"] == pytest.approx(1440 / 21000)
    assert corps["horaires"]["jours"]["lundi"] == [["07:30", "18:30"]] and corps["horaires"]["zone"] == "B"
    dimanche = client.get(f"/api/v1/sites/{LYCEE_A}/analyse",
                          params={"energie": "electricite", "debut": "2026-03-29", "fin": "2026-03-30"}).json()
    assert dimanche["repartition"]["heures"] == 23
    assert dimanche["repartition"]["categories"]["week_end"] == pytest.approx(23 * 60.0)
    verifier_erreur(client.get(f"/api/v1/sites/{LYCEE_A}/analyse",
                               params={"energie": "electricite", "debut": "2025-01-01", "fin": "2026-03-05"}), 422, "400 jours")


def test_horaires_declares_avec_jeton(client, gestionnaire):
    corps = {"jours": {"lundi": [["08:00", "17:00"]]}, "internat": True}
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json=corps), 401, "jeton")
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_B}/horaires", json=corps, headers=gestionnaire), 403, LYCEE_A)
    reponse = client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json=corps, headers=gestionnaire)
    assert reponse.status_code == 200, reponse.text
    lues = client.get(f"/api/v1/sites/{LYCEE_A}/horaires").json()
    assert lues["jours"]["lundi"] == [["08:00", "17:00"]] and lues["jours"]["mardi"] == [] and lues["internat"]
    faux = {"jours": {"lundi": [["18:00", "08:00"]]}}
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json=faux, headers=gestionnaire), 422, "la fin doit suivre")


def test_comparaison_par_kwh_m2(client):
    corps = client.get("/api/v1/comparaison", params={"energie": "electricite", "debut": "2026-03-04", "fin": "2026-03-05"}).json()
    b, a = corps["lycees"]  # 720 / 15 500 < 1440 / 21 000
    assert (b["uai"], b["consommation"], b["par_m2"]) == (LYCEE_B, pytest.approx(720.0), pytest.approx(720 / 15500))
    assert (a["uai"], a["par_m2"], a["complet"]) == (LYCEE_A, pytest.approx(1440 / 21000), True)
    assert a["annee_precedente"] is None and a["evolution_pct"] is None


def test_equivalences_et_tarif_du_lycee(client, gestionnaire):
    corps = client.get("/api/v1/equivalences", params={"energie": "gaz", "valeur": 100}).json()
    assert (corps["kg_co2e"], corps["euros"], corps["unite"]) == (pytest.approx(100 / 1.11 * 0.227), pytest.approx(10.0), "kWh")
    reponse = client.put(f"/api/v1/sites/{LYCEE_A}/tarifs", json={"tarifs": {"gaz": 0.09}}, headers=gestionnaire)
    assert reponse.status_code == 200 and reponse.json()["gaz"] == 0.09
    avec = client.get("/api/v1/equivalences", params={"energie": "gaz", "valeur": 100, "uai": LYCEE_A.lower()}).json()
    assert avec["euros"] == pytest.approx(9.0)
    verifier_erreur(client.get("/api/v1/equivalences", params={"energie": "gaz", "valeur": -1}), 422, "valeur")


def test_objectif_cree_puis_suivi(client, gestionnaire):
    corps = {"energie": "electricite", "reduction_pct": 10, "debut": "2026-03-01", "fin": "2026-05-01", "libelle": "-10 %"}
    verifier_erreur(client.post(f"/api/v1/sites/{LYCEE_A}/objectifs", json=corps), 401, "jeton")
    cree = client.post(f"/api/v1/sites/{LYCEE_A}/objectifs", json=corps, headers=gestionnaire)
    assert cree.status_code == 201, cree.text
    identifiant = cree.json()["identifiant"]
    assert [o["identifiant"] for o in client.get(f"/api/v1/sites/{LYCEE_A}/objectifs").json()] == [identifiant]
    suivi = client.get(f"/api/v1/sites/{LYCEE_A}/objectifs/{identifiant}/suivi").json()
    mars, avril = suivi["mois"]
    # mars 2026 : relevés à partir du 2 (incomplet), rien en mars 2025 : signalé, pas d'objectif inventé
    assert (mars["complet"], mars["manquant"], mars["objectif"], mars["statut"]) == (
        False, ["consommation", "annee_precedente"], None, "incomplet")
    assert avril["annee_precedente"] is None and suivi["cumul"]["mois_comptes"] == 0
    verifier_erreur(client.get(f"/api/v1/sites/{LYCEE_A}/objectifs/inconnu/suivi"), 404, "objectif inconnu")
    faux = {**corps, "reduction_pct": 150}
    verifier_erreur(client.post(f"/api/v1/sites/{LYCEE_A}/objectifs", json=faux, headers=gestionnaire), 422, "reduction_pct")


def test_trajectoire_avec_reference_declaree_et_parc(client, gestionnaire):
    reference = {"energie": "gaz", "annee": 2025, "consommation": 120000}
    assert client.put(f"/api/v1/sites/{LYCEE_A}/trajectoire/reference", json=reference, headers=gestionnaire).status_code == 200
    corps = client.get(f"/api/v1/sites/{LYCEE_A}/trajectoire", params={"energie": "gaz", "annee": 2026}).json()
    assert corps["annee_reference"] == 2025 and corps["reference_declaree"] and corps["profil_uniforme"]
    assert corps["objectifs_annuels"]["2026"] == pytest.approx(120000 * 0.92)  # -40 % × 1/5
    assert corps["jalons"] == {"2030": 0.4, "2040": 0.5, "2050": 0.6}
    mars = corps["mois"][2]
    assert mars["objectif"] == pytest.approx(9200.0) and mars["reference"] == pytest.approx(10000.0)
    assert mars["complet"] is False and mars["corrigee"] is None  # pas de DJU de mars 2025
    parc = client.get("/api/v1/trajectoire", params={"energie": "gaz", "annee_reference": 2025, "annee": 2026}).json()
    assert parc["uai"] is None and parc["reference"] == pytest.approx(120000.0) and parc["sans_reference"] == [LYCEE_B]
    verifier_erreur(client.get(f"/api/v1/sites/{LYCEE_B}/trajectoire", params={"energie": "gaz", "annee_reference": 2031}),
                    422, "hors de 2010 à 2029")


def test_normale_de_dju(client, gestionnaire):
    normale = {"mois": [400, 350, 300, 200, 100, 20, 0, 0, 30, 150, 280, 380], "source": "essai"}
    assert client.put(f"/api/v1/sites/{LYCEE_A}/meteo/normale", json=normale, headers=gestionnaire).status_code == 200
    corps = client.get(f"/api/v1/sites/{LYCEE_A}/trajectoire",
                       params={"energie": "gaz", "annee_reference": 2025, "annee": 2026}).json()
    # mars 2026 : 30 jours sur 31 à 10 DJU, soit 310 DJU ; gaz du 2 mars au 1er avril, 719 heures (heure
    # d'été le 29) de 6 × 10,8 kWh, tout de chauffage (compteur « chauffage ») ramené à 300 DJU normaux
    mars, avril = corps["mois"][2:4]
    assert mars["consommation"] == pytest.approx(719 * 6 * 10.8)
    assert mars["corrigee"] == pytest.approx(719 * 6 * 10.8 * 300 / 310)
    assert avril["corrigee"] is None  # 5 jours sur 30 : moins de 80 %, pas de DJU
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_A}/meteo/normale", json={"mois": [1, 2]}, headers=gestionnaire),
                    422, "mois")


def test_routes_dans_openapi(client):
    chemins = client.get("/openapi.json").json()["paths"]
    for chemin in ("/api/v1/sites/{uai}/meteo", "/api/v1/sites/{uai}/trajectoire", "/api/v1/trajectoire",
                   "/api/v1/sites/{uai}/objectifs", "/api/v1/sites/{uai}/objectifs/{identifiant}/suivi",
                   "/api/v1/sites/{uai}/analyse", "/api/v1/comparaison", "/api/v1/equivalences",
                   "/api/v1/sites/{uai}/horaires", "/api/v1/sites/{uai}/tarifs"):
        assert chemin in chemins
