import io

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
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
        ({"format": "pdf"}, 422, "format inconnu « pdf » : csv, json, xlsx ou parquet"),
        ({"csv": "excel"}, 422, "variante de CSV inconnue « excel » : rfc4180 ou fr"),
        ({"format": "json", "csv": "fr"}, 422, "csv=fr ne vaut qu'avec format=csv"),
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


def lignes_attendues(client):
    return attendu(client, LYCEE_A, "Lycée Chateaubriand") + attendu(client, LYCEE_B, "Lycée de Kerichen")


def test_csv_francais_lu_par_pandas_avec_point_virgule_et_virgule_decimale(client):
    reponse = exporter(client, uai=[LYCEE_A, LYCEE_B], csv="fr")
    assert reponse.content.startswith("\ufeffuai;nom;energie;debut;fin;valeur;unite;complet\r\n".encode())
    assert ";1440,0;kWh;" in reponse.text
    tableau = pd.read_csv(io.BytesIO(reponse.content), sep=";", decimal=",", dtype={"uai": str}, encoding="utf-8-sig")
    assert tableau.to_dict("records") == [{c: ligne[c] for c in COLONNES} for ligne in lignes_attendues(client)]


def test_xlsx_lu_par_openpyxl(client):
    reponse = exporter(client, uai=[LYCEE_A, LYCEE_B], format="xlsx")
    assert reponse.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    classeur = openpyxl.load_workbook(io.BytesIO(reponse.content), read_only=True)
    assert classeur.sheetnames == ["consommation", "methode"]
    entete, *lignes = [list(ligne) for ligne in classeur["consommation"].values]
    assert entete == COLONNES
    assert [dict(zip(COLONNES, ligne)) for ligne in lignes] == [{c: l[c] for c in COLONNES} for l in lignes_attendues(client)]
    assert dict(classeur["methode"].values)["correction_climatique"].startswith("Aucune")


def test_parquet_lu_par_pyarrow_colonnes_typees(client):
    reponse = exporter(client, uai=[LYCEE_A, LYCEE_B], format="parquet")
    assert reponse.headers["content-type"] == "application/vnd.apache.parquet"
    fichier = pq.ParquetFile(io.BytesIO(reponse.content))
    assert fichier.num_row_groups == 2  # un groupe par lycée
    table = fichier.read()
    assert table.schema.names == COLONNES
    assert str(table.schema.field("debut").type) == "timestamp[ms, tz=Europe/Paris]"
    assert str(table.schema.field("valeur").type) == "double" and str(table.schema.field("complet").type) == "bool"
    lues = table.to_pandas()
    for colonne in ("debut", "fin"):
        lues[colonne] = lues[colonne].map(lambda instant: instant.isoformat())
    assert lues.to_dict("records") == [{c: l[c] for c in COLONNES} for l in lignes_attendues(client)]


def test_chaque_export_porte_sa_methode(client):
    for forme in ("csv", "json", "xlsx", "parquet"):
        reponse = exporter(client, uai=LYCEE_A, format=forme)
        assert "sans correction climatique" in reponse.headers["x-enerlycee-methode"]
        assert reponse.headers["link"] == '</api/v1/export/methode>; rel="describedby"'
    methode = client.get("/api/v1/export/methode").json()
    assert {"calcul", "perimetre", "periodes", "completude", "unites", "correction_climatique"} <= set(methode)
    assert "interpolée linéairement" in methode["calcul"]


@pytest.mark.parametrize("forme", ["xlsx", "parquet"])
def test_formats_binaires_sans_ligne(client, forme):
    reponse = exporter(client, energie="eau", format=forme)
    if forme == "xlsx":
        assert list(openpyxl.load_workbook(io.BytesIO(reponse.content))["consommation"].values) == [tuple(COLONNES)]
    else:
        assert pq.read_table(io.BytesIO(reponse.content)).num_rows == 0
