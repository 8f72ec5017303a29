"""Les fermetures particulières d'un lycée par l'API : dans le document des horaires
(`PUT`/`GET /api/v1/sites/{uai}/horaires`, champ `fermetures`, jours [debut, fin)), sur le jeu de
tests/conftest.py (du 2 mars au 6 avril 2026, 60 kWh par heure au lycée A)."""

import pytest

from noyau.communaute.audit import ecritures
from noyau.communaute.jetons import creer_jeton
from tests.api.conftest import LYCEE_A, LYCEE_B, verifier_erreur

PLAGES = {"lundi": [["08:00", "17:00"]], "mercredi": [["08:00", "12:00"]]}
GREVE = {"debut": "2026-03-04", "fin": "2026-03-05", "motif": "Grève"}
PONT = {"debut": "2027-05-07", "fin": "2027-05-08", "motif": "Pont de l'Ascension"}


@pytest.fixture
def gestionnaire(stockage_rempli):
    return {"Authorization": f"Bearer {creer_jeton(stockage_rempli, 'gestionnaire', LYCEE_A)}"}


def test_declarees_relues_et_comptees_comme_des_jours_sans_classe(client, gestionnaire, stockage_rempli):
    corps = {"jours": PLAGES, "internat": True, "zone": "B", "fermetures": [PONT, GREVE]}
    reponse = client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json=corps, headers=gestionnaire)
    assert reponse.status_code == 200, reponse.text
    assert reponse.json()["fermetures"] == [GREVE, PONT]  # par premier jour
    lues = client.get(f"/api/v1/sites/{LYCEE_A}/horaires").json()
    assert (lues["fermetures"], lues["internat"], lues["zone"]) == ([GREVE, PONT], True, "B")
    # le mercredi 4 mars, fermé : toutes ses heures comptent avec les vacances, aucune n'est d'ouverture
    analyse = client.get(f"/api/v1/sites/{LYCEE_A}/analyse",
                         params={"energie": "electricite", "debut": "2026-03-04", "fin": "2026-03-05"}).json()
    assert analyse["repartition"]["categories"]["vacances"] == pytest.approx(24 * 60.0)
    assert analyse["repartition"]["categories"]["ouverture"] == 0
    assert analyse["horaires"]["fermetures"] == [GREVE, PONT]
    assert [d.contenu["action"] for d in ecritures(stockage_rempli)] == [f"PUT /api/v1/sites/{LYCEE_A}/horaires"]
    # un client d'avant, qui ne connaît pas le champ : son corps reste valide et n'efface pas les fermetures
    reponse = client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json={"jours": PLAGES}, headers=gestionnaire)
    assert reponse.status_code == 200 and reponse.json()["fermetures"] == [GREVE, PONT]
    assert reponse.json()["internat"] is False  # le reste du document est remplacé
    reponse = client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json={"jours": PLAGES, "fermetures": []}, headers=gestionnaire)
    assert reponse.status_code == 200 and reponse.json()["fermetures"] == []


@pytest.mark.parametrize("fermeture, message", [
    ({**GREVE, "fin": "2026-03-04"}, "fermeture n° 1 : fin (exclue) doit suivre debut ; un seul jour fermé, le 2026-03-04 : "
                                     "debut 2026-03-04, fin 2026-03-05"),
    ({**GREVE, "debut": "04/03/2026"}, "valeur invalide pour fermetures.0.debut (date AAAA-MM-JJ attendue)"),
    ({**GREVE, "debut": "2026-02-30"}, "valeur invalide pour fermetures.0.debut (date AAAA-MM-JJ attendue)"),
    ({"debut": "2026-03-04", "fin": "2026-03-05"}, "paramètre manquant : fermetures.0.motif"),
    ({**GREVE, "motif": "Grève : écrire à proviseur@lycee-a.fr"}, "fermeture n° 1, motif : pas de donnée personnelle"),
    ({**GREVE, "motif": "x" * 81}, "valeur invalide pour fermetures.0.motif (au plus 80 caractères)"),
    ({**GREVE, "classe": "2nde B"}, "valeur invalide pour fermetures.0.classe (champ inconnu)"),
])
def test_422_lisibles_et_rien_d_ecrit(client, gestionnaire, stockage_rempli, fermeture, message):
    reponse = client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json={"jours": PLAGES, "fermetures": [fermeture]},
                         headers=gestionnaire)
    verifier_erreur(reponse, 422, message)
    assert "proviseur@" not in reponse.text  # le corps reçu n'est jamais renvoyé
    assert client.get(f"/api/v1/sites/{LYCEE_A}/horaires").json()["fermetures"] == []
    assert ecritures(stockage_rempli) == []


def test_trop_de_fermetures_et_pas_une_liste(client, gestionnaire):
    trop = {"jours": PLAGES, "fermetures": [GREVE] * 101}
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json=trop, headers=gestionnaire), 422,
                    "valeur invalide pour fermetures (au plus 100 éléments)")
    pas_une_liste = {"jours": PLAGES, "fermetures": GREVE}
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json=pas_une_liste, headers=gestionnaire), 422,
                    "valeur invalide pour fermetures (liste attendue)")


def test_seuls_le_gestionnaire_du_lycee_et_la_region_ecrivent(client, gestionnaire, stockage_rempli):
    corps = {"jours": PLAGES, "fermetures": [GREVE]}
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json=corps), 401, "jeton")
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_B}/horaires", json=corps, headers=gestionnaire), 403, LYCEE_A)
    enseignant = {"Authorization": f"Bearer {creer_jeton(stockage_rempli, 'enseignant', LYCEE_A)}"}
    verifier_erreur(client.put(f"/api/v1/sites/{LYCEE_A}/horaires", json=corps, headers=enseignant), 403, "enseignant")
    assert client.get(f"/api/v1/sites/{LYCEE_B}/horaires").json()["fermetures"] == []
    region = {"Authorization": f"Bearer {creer_jeton(stockage_rempli, 'region', None)}"}
    assert client.put(f"/api/v1/sites/{LYCEE_B}/horaires", json=corps, headers=region).status_code == 200
    assert client.get(f"/api/v1/sites/{LYCEE_B}/horaires").json()["fermetures"] == [GREVE]
