import io

import pandas as pd
import pytest

from tests.api.conftest import LYCEE_A, LYCEE_B, verifier_erreur

PERIODE = {"energie": "electricite", "debut": "2026-03-28", "fin": "2026-04-01", "pas": "jour"}
COLONNES = ["uai", "nom", "energie", "debut", "fin", "valeur", "unite", "complet"]


def exporter(client, **parametres):
    reponse = client.get("/api/v1/export", params=PERIODE | parametres)
    assert reponse.status_code == 200, reponse.text
    return reponse


def attendu(client, uai, nom):
    """Les lignes d'export d'un lycée, reconstruites depuis la route de consommation."""
    corps = client.get(f"/api/v1/sites/{uai}/consommation", params=PERIODE).json()
    return [
        {"uai": uai, "nom": nom, "energie": corps["energie"], **p, "unite": corps["unite"]} for p in corps["points"]
    ]


def test_csv_egal_a_la_consommation(client):
    reponse = exporter(client, uai=[LYCEE_A.lower(), LYCEE_B])
    assert reponse.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = 'attachment; filename="consommation-electricite-2026-03-28-2026-04-01.csv"'
    assert reponse.headers["content-disposition"] == disposition
    assert reponse.text.startswith("uai,nom,energie,debut,fin,valeur,unite,complet\r\n")
    tableau = pd.read_csv(io.BytesIO(reponse.content), dtype={"uai": str}, encoding="utf-8")
    lignes = attendu(client, LYCEE_A, "Lycée Chateaubriand") + attendu(client, LYCEE_B, "Lycée de Kerichen")
    assert tableau.to_dict("records") == [{c: ligne[c] for c in COLONNES} for ligne in lignes]
    assert tableau["valeur"].tolist() == [1440.0, 1380.0, 1440.0, 1440.0, 720.0, 690.0, 720.0, 720.0]


def test_csv_complet_en_toutes_lettres(client):
    reponse = exporter(client, uai=LYCEE_A, debut="2026-04-05", fin="2026-04-08")
    lignes = reponse.text.splitlines()
    assert lignes[1].endswith(",1440.0,kWh,true")
    assert lignes[2] == (
        "0350028R,Lycée Chateaubriand,electricite,2026-04-06T00:00:00+02:00,2026-04-07T00:00:00+02:00,60.0,kWh,false"
    )


def test_sans_uai_tous_les_lycees_dans_l_ordre_et_sans_doublon(client):
    tous = pd.read_csv(io.BytesIO(exporter(client).content), dtype={"uai": str})
    assert tous["uai"].unique().tolist() == [LYCEE_B, LYCEE_A]
    doublons = pd.read_csv(io.BytesIO(exporter(client, uai=[LYCEE_A, LYCEE_A.lower()]).content), dtype={"uai": str})
    assert doublons["uai"].tolist() == [LYCEE_A] * 4


def test_json_memes_colonnes(client):
    reponse = exporter(client, uai=[LYCEE_A, LYCEE_B], format="json")
    assert reponse.headers["content-type"] == "application/json"
    assert reponse.headers["content-disposition"].endswith('.json"')
    lignes = attendu(client, LYCEE_A, "Lycée Chateaubriand") + attendu(client, LYCEE_B, "Lycée de Kerichen")
    assert reponse.json() == lignes
    assert list(reponse.json()[0]) == COLONNES


def test_export_sans_ligne(client):
    assert exporter(client, energie="eau", format="json").json() == []


def test_export_sans_lycee(client_vide):
    assert exporter(client_vide).text == "uai,nom,energie,debut,fin,valeur,unite,complet\r\n"


@pytest.mark.parametrize(
    ("changes", "statut", "fragment"),
    [
        ({"format": "xlsx"}, 422, "le format xlsx n'est pas encore disponible : csv ou json"),
        ({"format": "parquet"}, 422, "le format parquet n'est pas encore disponible"),
        ({"format": "pdf"}, 422, "format inconnu « pdf » : csv ou json"),
        ({"uai": ["0350028A"]}, 422, "UAI invalide « 0350028A »"),
        ({"uai": [LYCEE_A, "0750654D"]}, 404, "lycée inconnu : 0750654D"),
        ({"energie": "vent"}, 422, "énergie inconnue « vent »"),
        ({"pas": "quinzaine"}, 422, "pas inconnu « quinzaine »"),
        ({"fin": "2026-03-01"}, 422, "fin doit être postérieure à debut"),
    ],
)
def test_parametres_invalides(client, changes, statut, fragment):
    verifier_erreur(client.get("/api/v1/export", params=PERIODE | changes), statut, fragment)


def test_parametre_manquant(client):
    verifier_erreur(client.get("/api/v1/export", params={"energie": "gaz"}), 422, "paramètre manquant : debut")
