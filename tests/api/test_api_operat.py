"""La déclaration OPERAT : les mêmes nombres que la consommation annuelle, la référence déclarée ou calculée."""

import io

import pandas as pd
from fastapi.testclient import TestClient

from api import creer_app
from noyau.calculs.trajectoire import declarer_reference
from noyau.domaine.identifiants import Energie
from tests.api.conftest import LYCEE_A, LYCEE_B, verifier_erreur
from tests.conftest import releves_bruites


def annuelle(client, uai, energie, annee=2026):
    parametres = {"energie": energie, "debut": f"{annee}-01-01", "fin": f"{annee + 1}-01-01", "pas": "annee"}
    return client.get(f"/api/v1/sites/{uai}/consommation", params=parametres).json()


def test_consommation_de_l_annee_egale_a_la_consommation_annuelle(client, stockage_rempli):
    declarer_reference(stockage_rempli, LYCEE_A, Energie.ELECTRICITE, 2019, 500_000.0, None)
    reponse = client.get("/api/v1/operat", params={"annee": 2026, "annee_reference": 2026})
    assert reponse.status_code == 200, reponse.text
    lignes = reponse.json()
    assert [(l["uai"], l["energie"]) for l in lignes] == [
        (LYCEE_B, "electricite"), (LYCEE_B, "gaz"), (LYCEE_A, "electricite"), (LYCEE_A, "gaz")
    ]
    for ligne in lignes:
        annee = annuelle(client, ligne["uai"], ligne["energie"])
        assert ligne["consommation_kwh"] == annee["total"] and annee["total"] > 0
        assert ligne["complete"] is False and ligne["mois_complets"] == 0  # cinq semaines de relevés seulement
    [a_elec] = [l for l in lignes if l["uai"] == LYCEE_A and l["energie"] == "electricite"]
    assert a_elec | {"consommation_kwh": None} == {
        "uai": LYCEE_A, "nom": "Lycée Chateaubriand", "surface_m2": 21000.0, "annee": 2026, "energie": "electricite",
        "categorie_operat": "Électricité", "consommation_kwh": None, "mois_complets": 0, "complete": False,
        "annee_reference": 2019, "reference_kwh": 500_000.0, "reference_source": "declaree", "reference_complete": True,
    }
    [b_gaz] = [l for l in lignes if l["uai"] == LYCEE_B and l["energie"] == "gaz"]
    assert (b_gaz["annee_reference"], b_gaz["reference_source"]) == (2026, "calculee")
    assert b_gaz["reference_kwh"] == b_gaz["consommation_kwh"] and b_gaz["reference_complete"] is False


def test_csv_francais_et_annee_sans_releve(client):
    reponse = client.get("/api/v1/operat", params={"annee": 2026, "format": "csv", "csv": "fr"})
    assert reponse.headers["content-type"] == "text/csv; charset=utf-8"
    tableau = pd.read_csv(io.BytesIO(reponse.content), sep=";", decimal=",", dtype={"uai": str}, encoding="utf-8-sig")
    assert tableau["consommation_kwh"].tolist() == [l["consommation_kwh"] for l in client.get("/api/v1/operat?annee=2026").json()]
    vide = client.get("/api/v1/operat", params={"annee": 2024}).json()
    assert {l["consommation_kwh"] for l in vide} == {None} and len(vide) == 4


def test_consommation_publiee_au_millieme(stockage, tmp_path):
    """Des index à trois décimales toute l'année 2025 : 3504.065, pas 3504.0650000000005."""
    releves_bruites(stockage)
    with TestClient(creer_app(stockage)) as client:
        [ligne] = client.get("/api/v1/operat", params={"annee": 2025}).json()
        csv = client.get("/api/v1/operat", params={"annee": 2025, "format": "csv"}).text
    assert ligne["consommation_kwh"] == 3504.065 and ligne["complete"] is True
    assert "3504.065," in csv and "3504.0650000" not in csv


def test_parametres_invalides(client):
    verifier_erreur(client.get("/api/v1/operat"), 422, "paramètre manquant : annee")
    verifier_erreur(client.get("/api/v1/operat", params={"annee": 2009}), 422, "au moins 2010")
    verifier_erreur(client.get("/api/v1/operat", params={"annee": 2026, "format": "xlsx"}), 422, "format=json, ou format=csv")
