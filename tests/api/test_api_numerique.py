"""La part du numérique par l'API, sur le jeu de tests/conftest.py (électricité 60 kWh par heure au
lycée A, 21 000 m²) plus ses deux sous-compteurs numériques (`serveurs` 2 kW en continu ;
`salle-info` 4 kW de 8 h à 18 h du lundi au vendredi, 0,5 kW sinon), un relevé par heure."""

from datetime import date

import pytest
from fastapi.testclient import TestClient

from api import creer_app
from noyau.communaute.alertes import Seuils, verifier_site
from tests.api.conftest import LYCEE_A, LYCEE_B, verifier_erreur
from tests.conftest import compteurs_numeriques, releves_numeriques
from tests.noyau.communaute.test_alertes_numerique import index_horaires
from tests.noyau.jeu_journalier import minuit


@pytest.fixture
def client_numerique(stockage_rempli):
    stockage_rempli.enregistrer_registre(compteurs=compteurs_numeriques())
    stockage_rempli.ecrire(releves_numeriques())
    with TestClient(creer_app(stockage_rempli)) as client:
        yield client


def test_part_du_numerique_autour_du_passage_a_l_heure_d_ete(client_numerique):
    """Du vendredi 27 au lundi 30 mars : 95 heures, dont 22 d'ouverture (7 h 30 - 18 h 30)."""
    reponse = client_numerique.get(f"/api/v1/sites/{LYCEE_A.lower()}/numerique", params={"debut": "2026-03-27", "fin": "2026-03-31"})
    assert reponse.status_code == 200, reponse.text
    corps = reponse.json()
    assert list(corps) == ["uai", "debut", "fin", "unite", "total", "part_electricite", "hors_occupation", "co2_kg",
                           "complet", "compteurs"]
    assert (corps["uai"], corps["debut"], corps["fin"], corps["unite"]) == (LYCEE_A, "2026-03-27T00:00:00+01:00",
                                                                           "2026-03-31T00:00:00+02:00", "kWh")
    assert corps["compteurs"] == [{"compteur": "salle-info", "usage": "numerique-salle", "total": 117.5},
                                  {"compteur": "serveurs", "usage": "numerique-serveurs", "total": 190.0}]
    assert (corps["total"], corps["hors_occupation"], corps["complet"]) == (307.5, 182.5, True)
    assert corps["part_electricite"] == pytest.approx(307.5 / (95 * 60))
    assert corps["co2_kg"] == pytest.approx(307.5 * 0.052)


def test_lycee_sans_numerique_et_erreurs(client_numerique):
    corps = client_numerique.get(f"/api/v1/sites/{LYCEE_B}/numerique", params={"debut": "2026-03-27", "fin": "2026-03-31"}).json()
    assert (corps["compteurs"], corps["total"], corps["part_electricite"], corps["complet"]) == ([], 0.0, None, False)
    verifier_erreur(client_numerique.get("/api/v1/sites/0350028A/numerique", params={"debut": "2026-03-27", "fin": "2026-03-31"}),
                    422, "UAI")
    verifier_erreur(client_numerique.get("/api/v1/sites/0750654D/numerique", params={"debut": "2026-03-27", "fin": "2026-03-31"}),
                    404, "lycée inconnu")
    verifier_erreur(client_numerique.get(f"/api/v1/sites/{LYCEE_A}/numerique", params={"debut": "2025-01-01", "fin": "2026-03-31"}),
                    422, "400 jours")
    verifier_erreur(client_numerique.get(f"/api/v1/sites/{LYCEE_A}/numerique", params={"debut": "2026-03-27"}), 422, "fin")


def test_mois_par_mois_et_parc(client_numerique):
    corps = client_numerique.get(f"/api/v1/sites/{LYCEE_A}/numerique/mois", params={"debut": "2026-03-02", "fin": "2026-04-06"}).json()
    mars, avril = corps["mois"]
    assert (mars["debut"], mars["fin"], avril["fin"]) == ("2026-03-02T00:00:00+01:00", "2026-04-01T00:00:00+02:00",
                                                          "2026-04-06T00:00:00+02:00")
    assert mars["total"] == (30 * 24 - 1) * 2 + 22 * 47 + 8 * 12 - 0.5  # 29 mars : 23 heures
    assert mars["complet"] and avril["complet"]
    (ligne,) = client_numerique.get("/api/v1/numerique", params={"debut": "2026-03-27", "fin": "2026-03-31"}).json()
    assert (ligne["uai"], ligne["total"], ligne["hors_occupation"]) == (LYCEE_A, 307.5, 182.5)
    assert ligne["par_m2"] == pytest.approx(307.5 / 21000)


def test_dans_l_openapi(client_numerique):
    chemins = client_numerique.get("/openapi.json").json()["paths"]
    assert {"/api/v1/sites/{uai}/numerique", "/api/v1/sites/{uai}/numerique/mois", "/api/v1/numerique"} <= set(chemins)


def test_alerte_numerique_listee(stockage_rempli):
    """Une salle informatique restée allumée la nuit du 25 au 26 mars : l'alerte se lit par l'API
    (une règle inconnue du schéma de réponse ferait une erreur 500)."""
    def salle(jour: date, heure: int) -> float:
        oubliee = (jour == date(2026, 3, 25) and heure >= 18) or (jour == date(2026, 3, 26) and heure < 8)
        return 4.0 if oubliee or (jour.weekday() < 5 and 8 <= heure < 18) else 0.5

    stockage_rempli.enregistrer_registre(compteurs=compteurs_numeriques()[1:])
    stockage_rempli.ecrire(index_horaires("salle-info", salle, date(2026, 3, 2), date(2026, 4, 1)))
    verifier_site(stockage_rempli, LYCEE_A, Seuils(), minuit(date(2026, 4, 1)))
    with TestClient(creer_app(stockage_rempli)) as client:
        reponse = client.get(f"/api/v1/sites/{LYCEE_A}/alertes")
    assert reponse.status_code == 200, reponse.text
    (alerte,) = [a for a in reponse.json() if a["regle"] == "numerique-hors-occupation"]
    assert alerte["jour"] == "2026-03-26" and alerte["details"]["compteur"] == "salle-info"


def test_export_de_la_part_du_numerique(client_numerique):
    parametres = {"debut": "2026-03-02", "fin": "2026-04-06"}
    reponse = client_numerique.get("/api/v1/export/numerique", params=parametres)
    assert reponse.status_code == 200 and reponse.headers["content-type"].startswith("text/csv")
    entete, mars, avril = reponse.text.splitlines()
    assert entete == "uai,nom,debut,fin,total_kwh,part_electricite,hors_occupation_kwh,co2_kg,kwh_par_m2,complet"
    mois = client_numerique.get(f"/api/v1/sites/{LYCEE_A}/numerique/mois", params=parametres).json()["mois"]
    assert [float(ligne.split(",")[4]) for ligne in (mars, avril)] == [m["total"] for m in mois]  # les mêmes nombres
    assert reponse.headers["x-enerlycee-methode"].isascii() and "numerique/methode" in reponse.headers["link"]
    assert "horaires d'ouverture" in client_numerique.get("/api/v1/export/numerique/methode").json()["calcul"]
    json_ = client_numerique.get("/api/v1/export/numerique", params={**parametres, "format": "json", "uai": LYCEE_B}).json()
    assert json_ == []  # le lycée B n'a pas de compteur numérique
    verifier_erreur(client_numerique.get("/api/v1/export/numerique", params={**parametres, "pas": "heure"}), 422, "pas")
    verifier_erreur(client_numerique.get("/api/v1/export/numerique", params={**parametres, "uai": "0750654D"}), 404, "inconnu")
    verifier_erreur(client_numerique.get("/api/v1/export/numerique", params={**parametres, "format": "pdf"}), 422, "format")
