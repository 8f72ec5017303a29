"""Import des fichiers quotidiens Météo-France : TM, sinon (TN+TX)/2 ; choix du poste ; fusion."""

import gzip
from datetime import date

import pytest
from click.testing import CliRunner

from enerlycee.cli import main
from noyau.calculs.meteo import temperatures_journalieres
from noyau.calculs.meteo_import import importer_temperatures
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Site
from noyau.stockage import ouvrir_stockage

UAI = "0350028R"  # Rennes, 48.12 N -1.66 E
ENTETE = "NUM_POSTE;NOM_USUEL;LAT;LON;ALTI;AAAAMMJJ;RR;QRR;TN;QTN;HTN;TX;QTX;HTX;TM;QTM\n"
FICHIER = ENTETE + (
    "35281001;RENNES-ST JACQUES;48.068833;-1.734000;36;20260105;0.2;1;1.5;1;0650;8.5;1;1400;4.6;1\n"
    "35281001;RENNES-ST JACQUES;48.068833;-1.734000;36;20260106;;;2.0;1;0650;9.0;1;1400;;\n"  # (2+9)/2
    "35281001;RENNES-ST JACQUES;48.068833;-1.734000;36;20260107;;;;;;12.0;1;1400;;\n"  # rien d'utilisable
    "29075001;BREST-GUIPAVAS;48.444167;-4.412000;94;20260105;;;5.0;1;;11.0;1;;8.0;1\n"
)


def _fichier(tmp_path, texte=FICHIER, nom="Q_35_latest-2025-2026_RR-T-Vent.csv.gz"):
    chemin = tmp_path / nom
    with gzip.open(chemin, "wt", encoding="utf-8") as f:
        f.write(texte)
    return chemin


@pytest.fixture
def lycee(stockage):
    stockage.enregistrer_registre([Site(UAI, "Lycée Chateaubriand", "Rennes", 21000.0, 48.1209, -1.6559)])
    return stockage


def test_poste_le_plus_proche_tm_sinon_moyenne_tn_tx(lycee, tmp_path):
    bilan = importer_temperatures(lycee, UAI, _fichier(tmp_path))
    assert (bilan.poste, bilan.nom, bilan.jours) == ("35281001", "RENNES-ST JACQUES", 2)
    assert temperatures_journalieres(lycee, UAI, date(2026, 1, 1), date(2026, 2, 1)) == {
        date(2026, 1, 5): 4.6, date(2026, 1, 6): 5.5,
    }


def test_poste_choisi_et_nouvel_import_fusionne(lycee, tmp_path):
    importer_temperatures(lycee, UAI, _fichier(tmp_path))
    autre = ENTETE + "35281001;RENNES-ST JACQUES;48.07;-1.73;36;20260106;;;;;;;;;7.25;1\n"
    importer_temperatures(lycee, UAI, _fichier(tmp_path, autre, "a.csv"), poste="35281001")
    assert temperatures_journalieres(lycee, UAI, date(2026, 1, 1), date(2026, 2, 1)) == {
        date(2026, 1, 5): 4.6, date(2026, 1, 6): 7.25,
    }
    with pytest.raises(DonneeInvalide, match="pas de température pour le poste 99999999"):
        importer_temperatures(lycee, UAI, _fichier(tmp_path), poste="99999999")


def test_colonnes_manquantes(lycee, tmp_path):
    chemin = tmp_path / "faux.csv"
    chemin.write_text("date;temperature\n2026-01-05;4.6\n", encoding="utf-8")
    with pytest.raises(DonneeInvalide, match="colonnes manquantes NUM_POSTE"):
        importer_temperatures(lycee, UAI, chemin)


def test_commande_enerlycee_meteo_importer(tmp_path):
    url = f"sqlite:///{tmp_path}/e.db"
    stockage = ouvrir_stockage(url)
    stockage.enregistrer_registre([Site(UAI, "Lycée Chateaubriand", "Rennes", 21000.0, 48.1209, -1.6559)])
    stockage.fermer()
    env = {"ENERLYCEE_STOCKAGE": url}
    aide = CliRunner().invoke(main, ["meteo", "importer", "--help"])
    assert aide.exit_code == 0 and "ENERLYCEE_UAI" in aide.output
    resultat = CliRunner().invoke(main, ["meteo", "importer", str(_fichier(tmp_path)), "--uai", "0350028r"], env=env)
    assert resultat.exit_code == 0, resultat.output
    assert "2 jour(s) du 2026-01-05 au 2026-01-06, poste 35281001 (RENNES-ST JACQUES)" in resultat.output
    inconnu = CliRunner().invoke(main, ["meteo", "importer", str(_fichier(tmp_path)), "--uai", "0290009C"], env=env)
    assert inconnu.exit_code == 1 and "lycée inconnu : 0290009C" in inconnu.output
