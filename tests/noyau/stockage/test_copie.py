"""`enerlycee stockage copier|etat|purger` entre un fichier SQLite et un vrai InfluxDB, dans les deux sens."""

import pytest
from click.testing import CliRunner

from enerlycee.cli import main
from noyau.calculs.lecture import consommation_site
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Grandeur, Rejet
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import lire_borne
from noyau.exploitation.copie import copier, plan, verifier_copie
from noyau.stockage import Document, Jeton, ouvrir_stockage
from tests.conftest import LYCEE_A, LYCEE_B, compteurs_du_jeu, releves_du_jeu


@pytest.fixture
def source(stockage_sqlite):
    """Le jeu de tests/conftest.py, une quarantaine, un jeton, et les relevés bruts de mars purgés."""
    stockage_sqlite.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
    stockage_sqlite.ecrire(releves_du_jeu(), [Rejet(1.78e9 + k, "lycees/x", "JSON invalide", "{", None) for k in range(3)])
    stockage_sqlite.enregistrer_jeton(Jeton("ab" * 32, "region", None, 1.78e9))
    stockage_sqlite.enregistrer_document(Document("objectifs", "o1", LYCEE_A.uai, {"taux": 0.1}, 1.78e9))
    stockage_sqlite.purger(lire_borne("2026-03-20").timestamp())
    return stockage_sqlite


def url(stockage) -> str:
    return f"sqlite:///{stockage.chemin}" if hasattr(stockage, "chemin") else f"influxdb://{stockage.adresse.racine[7:]}/{stockage.adresse.base}"


def mensuel(stockage, uai=LYCEE_A.uai) -> list:
    return consommation_site(stockage, uai, Energie.ELECTRICITE, lire_borne("2026-03-01"), lire_borne("2026-05-01"), Pas.MOIS).points


def test_aller_vers_influxdb_et_retour(source, stockage_influxdb, tmp_path):
    sortie = CliRunner().invoke(main, ["stockage", "copier", "--de", url(source), "--vers", url(stockage_influxdb)])
    assert sortie.exit_code == 0, sortie.output
    assert "Copie vérifiée : 8 totaux mensuels" in sortie.output
    retour = ouvrir_stockage(f"sqlite:///{tmp_path}/retour.db")
    sortie = CliRunner().invoke(main, ["stockage", "copier", "--de", url(stockage_influxdb), "--vers", url(retour)])
    assert sortie.exit_code == 0, sortie.output
    assert mensuel(retour) == mensuel(source) and mensuel(retour, LYCEE_B.uai) == mensuel(source, LYCEE_B.uai)
    assert retour.documents() == source.documents() and len(source.documents()) == 1
    assert retour.jetons() == source.jetons() and retour.derniers_rejets(None, 9) == source.derniers_rejets(None, 9)
    energie = [(s.compteur, s.premier, s.dernier) for s in retour.series() if s.compteur != "sonde-exterieure"]
    assert energie == [(s.compteur, s.premier, s.dernier) for s in source.series() if s.compteur != "sonde-exterieure"]
    assert [(v.uai, v.resolution, v.lignes) for v in retour.volumes()] == [(v.uai, v.resolution, v.lignes) for v in source.volumes()]
    assert statistiques_de_la_sonde(retour) == statistiques_de_la_sonde(source)
    assert len(statistiques_de_la_sonde(source)[0]) == 35 * 24 + 1  # heures purgées comprises


def statistiques_de_la_sonde(stockage) -> list:
    heures = stockage.lire_heures_ambiance(LYCEE_A.uai, "sonde-exterieure", Grandeur.TEMPERATURE_C, 0, 4e9)
    return [heures.heure.tolist(), heures.nombre.tolist(), heures.somme.tolist(), heures.minimum.tolist(), heures.maximum.tolist()]


def test_une_copie_interrompue_reprend_ou_elle_en_etait(source, stockage_influxdb):
    taches = plan(source, stockage_influxdb)
    copier(source, stockage_influxdb, [(etat, debuts[:4]) for etat, debuts in taches], lambda n: None)
    assert verifier_copie(source, stockage_influxdb)[1] != []
    reste = plan(source, stockage_influxdb)
    assert sum(map(len, (d for _, d in reste))) < sum(map(len, (d for _, d in taches)))
    copier(source, stockage_influxdb, reste, lambda n: None)
    assert verifier_copie(source, stockage_influxdb) == (8, [])
    assert len(stockage_influxdb.derniers_rejets(None, 10)) == 3


def test_etat_et_purger_en_ligne_de_commande(stockage_rempli):
    lignes = CliRunner().invoke(main, ["stockage", "etat", "--stockage", url(stockage_rempli)]).output.splitlines()
    assert lignes[1].split()[:4] == [LYCEE_B.uai, "relevés", "bruts", "20"]
    assert lignes[-3].startswith("total relevés bruts : 40\u00a0328 lignes, ") and lignes[-3].endswith("\u00a0Mo")
    sortie = CliRunner().invoke(main, ["stockage", "purger", "--stockage", url(stockage_rempli), "--retention-brute-jours", "1"])
    assert sortie.exit_code == 0 and sortie.output.startswith("40\u00a0328 relevés bruts d'avant le ")
    assert mensuel(stockage_rempli)[0].valeur == 30 * 1440.0 - 60
