"""Les nombres attendus se calculent à la main depuis le jeu de tests/conftest.py."""

import pytest

from tests.api.conftest import LYCEE_A, LYCEE_B, verifier_erreur


def consommation(client, uai=LYCEE_A, **parametres):
    reponse = client.get(f"/api/v1/sites/{uai}/consommation", params=parametres)
    assert reponse.status_code == 200, reponse.text
    return reponse.json()


def point(debut: str, fin: str, valeur: float) -> dict:
    return {"debut": debut, "fin": fin, "valeur": valeur, "complet": True}


def test_jour_du_passage_a_l_heure_d_ete(client):
    corps = consommation(client, energie="electricite", debut="2026-03-28", fin="2026-03-31", pas="jour")
    assert corps == {
        "uai": LYCEE_A,
        "energie": "electricite",
        "unite": "kWh",
        "pas": "jour",
        "points": [
            point("2026-03-28T00:00:00+01:00", "2026-03-29T00:00:00+01:00", 1440.0),
            # le jour du passage à l'heure d'été dure 23 heures : 23 × 6 relevés × 10 kWh
            point("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00", 1380.0),
            point("2026-03-30T00:00:00+02:00", "2026-03-31T00:00:00+02:00", 1440.0),
        ],
        "total": 4260.0,
        "resolution": "jour",
    }


def test_resolution_des_releves_bruts_quand_une_borne_coupe_une_heure(client):
    corps = consommation(client, energie="electricite", debut="2026-03-28T00:30:00+01:00", fin="2026-03-28T02:00:00+01:00")
    assert corps["resolution"] == "releve"
    assert corps["total"] == 90.0


def test_pas_par_defaut_jour_et_minuscules(client):
    corps = consommation(client, uai=LYCEE_B.lower(), energie="electricite", debut="2026-03-02", fin="2026-03-09")
    assert corps["pas"] == "jour"
    assert [p["valeur"] for p in corps["points"]] == [720.0] * 7


def test_heures_du_jour_de_23_heures(client):
    corps = consommation(client, energie="electricite", debut="2026-03-29", fin="2026-03-30", pas="heure")
    assert len(corps["points"]) == 23
    assert {p["valeur"] for p in corps["points"]} == {60.0}
    assert corps["points"][2]["debut"] == "2026-03-29T03:00:00+02:00"


def test_semaines_et_bornes_rfc3339(client):
    corps = consommation(
        client, energie="electricite", debut="2026-03-02T00:00:00+01:00", fin="2026-04-05T22:00:00Z", pas="semaine"
    )
    assert [p["valeur"] for p in corps["points"]] == [10080.0, 10080.0, 10080.0, 10020.0, 10080.0]
    assert corps["points"][-1]["fin"] == "2026-04-06T00:00:00+02:00"
    assert corps["total"] == (35 * 24 - 1) * 60


def test_sous_compteur_hors_du_total_mais_lisible_seul(client):
    periode = {"energie": "electricite", "debut": "2026-03-10", "fin": "2026-03-11"}
    assert consommation(client, **periode)["total"] == 1440.0  # principal seul, sans la cantine
    assert consommation(client, **periode, compteur="cantine")["total"] == 288.0  # 2 kWh par pas


def test_gaz_converti_en_kwh(client):
    corps = consommation(client, energie="gaz", debut="2026-03-28", fin="2026-03-30")
    valeurs = [p["valeur"] for p in corps["points"]]
    assert valeurs == pytest.approx([144 * 10.8, 138 * 10.8])  # 1 m³ par pas, 10,8 kWh/m³
    assert corps["unite"] == "kWh"


def test_fin_des_releves_incomplete_puis_absente(client):
    corps = consommation(client, energie="electricite", debut="2026-04-05", fin="2026-04-08")
    points = [(p["debut"][:10], p["valeur"], p["complet"]) for p in corps["points"]]
    assert points == [("2026-04-05", 1440.0, True), ("2026-04-06", 60.0, False)]


def test_energie_sans_compteur(client):
    corps = consommation(client, energie="eau", debut="2026-03-10", fin="2026-03-11")
    assert corps["unite"] == "m3"
    assert corps["points"] == []
    assert corps["total"] == 0.0


URL = f"/api/v1/sites/{LYCEE_A}/consommation"
VALIDE = {"energie": "electricite", "debut": "2026-03-10", "fin": "2026-03-11", "pas": "jour"}


@pytest.mark.parametrize(
    ("url", "changes", "statut", "fragment"),
    [
        ("/api/v1/sites/0350028A/consommation", {}, 422, "UAI invalide"),
        ("/api/v1/sites/0750654D/consommation", {}, 404, "lycée inconnu : 0750654D"),
        (URL, {"energie": "nucleaire"}, 422, "énergie inconnue « nucleaire »"),
        (URL, {"debut": "2026-02-30"}, 422, "debut invalide : date illisible « 2026-02-30 »"),
        (URL, {"fin": "demain"}, 422, "fin invalide : horodatage illisible « demain »"),
        (URL, {"debut": "2026-03-10T08:00:00"}, 422, "debut invalide : horodatage sans fuseau"),
        (URL, {"fin": "9999-12-31T23:00:00-10:00"}, 422, "instant hors des années 1 à 9999"),
        (URL, {"fin": "2026-03-10"}, 422, "fin doit être postérieure à debut"),
        (URL, {"fin": "2026-03-09"}, 422, "fin doit être postérieure à debut"),
        (URL, {"pas": "minute"}, 422, "pas inconnu « minute »"),
        (URL, {"debut": "0001-01-01", "fin": "9999-01-01", "pas": "heure"}, 422, "trop de périodes demandées : au plus 100000 au pas « heure »"),
        (URL, {"compteur": "inconnu"}, 404, "compteur inconnu pour le lycée 0350028R : inconnu"),
        (URL, {"compteur": "Pas Un Slug"}, 422, "identifiant de compteur invalide"),
        (URL, {"compteur": "chaufferie"}, 422, "le compteur chaufferie compte gaz, pas electricite"),
        (URL, {"compteur": "sonde-exterieure"}, 422, "aucune énergie (sonde)"),
        (URL, {"debut": None}, 422, "paramètre manquant : debut"),
        (URL, {"energie": None, "fin": None}, 422, "paramètre manquant : energie ; paramètre manquant : fin"),
    ],
)
def test_parametres_invalides(client, url, changes, statut, fragment):
    parametres = {k: v for k, v in (VALIDE | changes).items() if v is not None}
    verifier_erreur(client.get(url, params=parametres), statut, fragment)


def test_lectures_lourdes_bornees_les_legeres_passent(client):
    """Dix ans au pas horaire (87 600 périodes) : une lecture lourde. Toutes les places prises, elle
    attend puis reçoit 503 avec Retry-After ; une lecture légère passe ; une place libérée, elle passe."""
    lourdes = client.app.state.lectures_lourdes
    lourdes.attente_s = 0.2
    dix_ans = {"energie": "electricite", "debut": "2016-06-01", "fin": "2026-06-01", "pas": "heure"}
    for _ in range(lourdes.simultanees):
        lourdes._places.acquire()  # d'autres lectures lourdes en cours
    reponse = client.get(f"/api/v1/sites/{LYCEE_A}/consommation", params=dix_ans)
    verifier_erreur(reponse, 503, "trop de lectures lourdes en cours")
    assert reponse.headers["retry-after"] == "0"
    export = client.get("/api/v1/export", params={**dix_ans, "debut": "2025-06-01"})  # un an horaire, deux lycées : légère
    assert export.status_code == 200 and "503" not in export.text
    verifier_erreur(client.get("/api/v1/export", params=dix_ans), 503, "trop de lectures lourdes en cours")
    assert consommation(client, **{**dix_ans, "pas": "jour"})["pas"] == "jour"  # dix ans par jour : légère
    lourdes._places.release()
    assert len(consommation(client, **dix_ans)["points"]) > 0
    assert lourdes._places.acquire(blocking=False)  # la place est rendue une fois la réponse envoyée
