"""`enerlycee opendata publier` : fichiers lisibles, mêmes nombres que l'API, métadonnées DCAT et Table Schema."""

import json

import pandas as pd
import pyarrow.parquet as pq
from click.testing import CliRunner
from fastapi.testclient import TestClient

from api import creer_app
from enerlycee.cli import main
from noyau.publication.export import COLONNES
from tests.api.conftest import LYCEE_A
from tests.conftest import releves_bruites

PERIODE = ["--debut", "2026-03-01", "--fin", "2026-04-06"]


def test_publier_jours_et_mois_pour_chaque_energie(stockage_rempli, tmp_path):
    dossier = tmp_path / "ouvert"
    url = f"sqlite:///{tmp_path}/enerlycee.db"
    resultat = CliRunner().invoke(main, ["opendata", "publier", str(dossier), "--stockage", url, *PERIODE])
    assert resultat.exit_code == 0, resultat.output
    assert sorted(f.name for f in dossier.iterdir()) == [
        "catalogue.json", "consommations-mensuelles-electricite.csv", "consommations-mensuelles-electricite.parquet",
        "consommations-mensuelles-gaz.csv", "consommations-mensuelles-gaz.parquet",
        "consommations-quotidiennes-electricite.csv", "consommations-quotidiennes-electricite.parquet",
        "consommations-quotidiennes-gaz.csv", "consommations-quotidiennes-gaz.parquet", "methode.json", "schema.json",
    ]

    jours = pd.read_csv(dossier / "consommations-quotidiennes-electricite.csv", dtype={"uai": str})
    assert list(jours.columns) == list(COLONNES)
    with TestClient(creer_app(stockage_rempli)) as client:
        api = client.get(f"/api/v1/sites/{LYCEE_A}/consommation",
                         params={"energie": "electricite", "debut": "2026-03-01", "fin": "2026-04-06", "pas": "jour"}).json()
    du_lycee = jours[jours["uai"] == LYCEE_A]
    assert du_lycee["valeur"].tolist() == [p["valeur"] for p in api["points"]]
    assert du_lycee["debut"].tolist() == [p["debut"] for p in api["points"]]
    mois = pq.read_table(dossier / "consommations-mensuelles-gaz.parquet").to_pandas()
    assert mois.groupby("uai")["valeur"].sum().round(6).to_dict() == jours_gaz(dossier)

    schema = json.loads((dossier / "schema.json").read_text())
    assert [c["name"] for c in schema["fields"]] == list(COLONNES)
    assert all({"name", "title", "type", "description", "example"} <= set(c) for c in schema["fields"])
    catalogue = json.loads((dossier / "catalogue.json").read_text())
    assert catalogue["@type"] == "dcat:Catalog"
    [quotidien, mensuel] = catalogue["dcat:dataset"]
    assert quotidien["dct:identifier"] == "consommations-quotidiennes" and mensuel["dct:identifier"] == "consommations-mensuelles"
    assert quotidien["dct:license"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert quotidien["dct:publisher"]["foaf:name"] == "Région Bretagne"
    assert quotidien["dct:accrualPeriodicity"].endswith("/frequency/MONTHLY")
    assert quotidien["dct:temporal"] == {"@type": "dct:PeriodOfTime", "dcat:startDate": "2026-03-01T00:00:00+01:00",
                                         "dcat:endDate": "2026-04-06T00:00:00+02:00"}
    fichiers = {d["dcat:downloadURL"]: d for d in quotidien["dcat:distribution"]}
    assert set(fichiers) == {f"consommations-quotidiennes-{e}.{x}" for e in ("electricite", "gaz") for x in ("csv", "parquet")}
    assert all(d["dcat:byteSize"] == (dossier / nom).stat().st_size for nom, d in fichiers.items())
    assert "Aucune" in json.loads((dossier / "methode.json").read_text())["correction_climatique"]


def jours_gaz(dossier) -> dict:
    jours = pd.read_csv(dossier / "consommations-quotidiennes-gaz.csv", dtype={"uai": str})
    return jours.groupby("uai")["valeur"].sum().round(6).to_dict()


def test_valeurs_publiees_au_millieme_et_couverture_en_uri(stockage, tmp_path):
    releves_bruites(stockage)
    dossier = tmp_path / "ouvert"
    resultat = CliRunner().invoke(main, ["opendata", "publier", str(dossier), "--stockage", f"sqlite:///{tmp_path}/enerlycee.db",
                                         "--debut", "2025-01-01", "--fin", "2026-01-01"])
    assert resultat.exit_code == 0, resultat.output
    for fichier in ("consommations-quotidiennes-electricite.csv", "consommations-mensuelles-electricite.csv"):
        valeurs = valeurs_du_csv(dossier / fichier)
        assert valeurs and all(len(v.split(".")[1]) <= 3 for v in valeurs), valeurs[:3]
    parquet = pq.read_table(dossier / "consommations-quotidiennes-electricite.parquet")["valeur"].to_pylist()
    assert parquet[0] == 9.665 and str(parquet[0]) == valeurs_du_csv(dossier / "consommations-quotidiennes-electricite.csv")[0]
    [quotidien, _] = json.loads((dossier / "catalogue.json").read_text())["dcat:dataset"]
    assert quotidien["dct:spatial"]["@id"] == "http://id.insee.fr/geo/region/53"
    assert "arrondies au millième" in json.loads((dossier / "methode.json").read_text())["precision"]


def valeurs_du_csv(chemin) -> list[str]:
    return [ligne.split(",")[5] for ligne in chemin.read_text().splitlines()[1:]]


def test_stockage_sans_releve(stockage, tmp_path):
    resultat = CliRunner().invoke(main, ["opendata", "publier", str(tmp_path / "o"), "--stockage", f"sqlite:///{tmp_path}/enerlycee.db"])
    assert resultat.exit_code == 1 and "aucun relevé dans le stockage" in resultat.output


def test_aide():
    aide = CliRunner().invoke(main, ["opendata", "publier", "--help"])
    assert aide.exit_code == 0 and "ENERLYCEE_FREQUENCE" in aide.output and "catalogue.json" in aide.output
    assert "ENERLYCEE_LECTURE_AVEC_JETON" in CliRunner().invoke(main, ["api", "--help"]).output
