"""La publication de la part du numérique (noyau.publication.numerique) dans les formats des
exports, sur le jeu de tests/conftest.py et ses deux sous-compteurs numériques (lycée A) :
du 2 au 31 mars, 2 567,5 kWh ; du 1er au 5 avril, 240 + 165 kWh."""

import io
import json
from datetime import datetime

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from noyau.domaine.temps import lire_borne
from noyau.publication import numerique
from noyau.publication.donnees_ouvertes import publier
from noyau.publication.export import en_csv, en_json, en_parquet, en_xlsx
from tests.conftest import LYCEE_A, compteurs_numeriques, releves_numeriques

MARS = (30 * 24 - 1) * 2 + 22 * 47 + 8 * 12 - 0.5
AVRIL = 5 * 24 * 2.0 + 3 * 47 + 2 * 12


@pytest.fixture
def equipe(stockage_rempli):
    stockage_rempli.enregistrer_registre(compteurs=compteurs_numeriques())
    stockage_rempli.ecrire(releves_numeriques())
    return stockage_rempli


def flux(stockage):
    return list(numerique.paquets(stockage, stockage.sites(), lire_borne("2026-03-02"), lire_borne("2026-04-06")))


def test_une_ligne_par_mois_du_lycee_equipe(equipe):
    (paquet,) = flux(equipe)  # le lycée B n'a pas de compteur numérique
    texte = b"".join(en_csv([paquet], forme=numerique.FORME)).decode()
    entete, mars, avril = texte.splitlines()
    assert entete == ",".join(numerique.COLONNES)
    assert mars.startswith(f"{LYCEE_A.uai},{LYCEE_A.nom},2026-03-02T00:00:00+01:00,2026-04-01T00:00:00+02:00,{MARS},")
    assert avril.startswith(f"{LYCEE_A.uai},{LYCEE_A.nom},2026-04-01T00:00:00+02:00,2026-04-06T00:00:00+02:00,{AVRIL},")
    assert mars.endswith(",true")
    francais = b"".join(en_csv([paquet], francais=True, forme=numerique.FORME)).decode("utf-8-sig")
    assert francais.splitlines()[1].split(";")[4] == str(MARS).replace(".", ",")
    (ligne, _) = json.loads(b"".join(en_json([paquet], numerique.FORME)))
    assert (ligne["total_kwh"], ligne["kwh_par_m2"]) == (MARS, pytest.approx(MARS / 21000))
    assert ligne["part_electricite"] == pytest.approx(MARS / ((30 * 24 - 1) * 60))


def test_parquet_et_xlsx(equipe):
    table = pq.read_table(io.BytesIO(b"".join(en_parquet(flux(equipe), numerique.FORME))))
    assert table.schema.names == list(numerique.COLONNES) and table.num_rows == 2
    debut = table.column("debut").to_pylist()[0]
    assert debut == datetime.fromisoformat("2026-03-02T00:00:00+01:00") and table.column("total_kwh").to_pylist() == [MARS, AVRIL]
    classeur = load_workbook(io.BytesIO(b"".join(en_xlsx(flux(equipe), numerique.FORME))), read_only=True)
    assert classeur.sheetnames == ["numerique", "methode"]
    assert [c.value for c in next(classeur["numerique"].iter_rows())] == list(numerique.COLONNES)


def test_donnees_ouvertes_du_numerique(equipe, tmp_path):
    publier(equipe, tmp_path, lire_borne("2026-03-01"), lire_borne("2026-04-06"))
    assert {"numerique-mensuel.csv", "numerique-mensuel.parquet", "schema-numerique.json", "methode-numerique.json"} <= {
        f.name for f in tmp_path.iterdir()}
    schema = json.loads((tmp_path / "schema-numerique.json").read_text())
    assert [c["name"] for c in schema["fields"]] == list(numerique.COLONNES)
    catalogue = json.loads((tmp_path / "catalogue.json").read_text())
    jeu = next(j for j in catalogue["dcat:dataset"] if j["dct:identifier"] == "part-numerique-mensuelle")
    assert jeu["dct:conformsTo"] == "schema-numerique.json"
    assert {d["dcat:downloadURL"] for d in jeu["dcat:distribution"]} == {"numerique-mensuel.csv", "numerique-mensuel.parquet"}
    assert "hors des horaires" in json.loads((tmp_path / "methode-numerique.json").read_text())["calcul"]


def test_sans_lycee_equipe_rien_a_publier(stockage_rempli, tmp_path):
    assert flux(stockage_rempli) == []
    publier(stockage_rempli, tmp_path, lire_borne("2026-03-01"), lire_borne("2026-04-06"))
    assert not (tmp_path / "numerique-mensuel.csv").exists()
    catalogue = json.loads((tmp_path / "catalogue.json").read_text())
    assert [j["dct:identifier"] for j in catalogue["dcat:dataset"]] == ["consommations-quotidiennes", "consommations-mensuelles"]
