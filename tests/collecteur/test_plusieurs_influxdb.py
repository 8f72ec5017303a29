"""Trois collecteurs d'un groupe écrivent la même base d'un vrai InfluxDB : les mêmes heures des
mêmes séries, en même temps. Aucun relevé perdu, et aucun perdu dans un agrégat."""

import pytest

from collecteur import Collecteur
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from noyau.stockage import ouvrir_stockage
from tests.collecteur.test_fiabilite import publier_rafale, valeurs_exactes
from tests.collecteur.test_plusieurs import agregats_egaux_au_recalcul
from tests.conftest import LYCEE_A, LYCEE_B, attendre, compteurs_du_jeu
from tests.noyau.stockage.conftest import serveur_influxdb, stockage_influxdb  # noqa: F401 (fixtures)


@pytest.fixture
def registre_influxdb(stockage_influxdb):  # noqa: F811
    stockage_influxdb.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
    return stockage_influxdb


def test_trois_collecteurs_d_un_groupe_sur_une_base_influxdb(registre_influxdb, courtier, tmp_path):
    adresse = lire_adresse_mqtt(courtier)
    url = f"influxdb://{registre_influxdb.adresse.racine.split('://')[1]}/{registre_influxdb.adresse.base}"
    stockages = [ouvrir_stockage(url) for _ in range(3)]  # un par collecteur, comme trois processus
    collecteurs = [Collecteur(s, adresse, tmp_path / f"spool-{n}.db", f"influx-{n}", groupe="enerlycee")
                   for n, s in enumerate(stockages)]
    for collecteur in collecteurs:
        collecteur.demarrer()
    try:
        for collecteur in collecteurs:
            attendre(lambda c=collecteur: c.client.connecte, "connexion")
        total = publier_rafale(courtier, 0, tableaux=10, unitaires=3000)
        attendre(lambda: valeurs_exactes(registre_influxdb, total), "tous les relevés, une fois chacun", delai=60)
        assert all(c.ecrivain.compteurs.recus > 0 for c in collecteurs)
    finally:
        for collecteur in collecteurs:
            collecteur.arreter()
        for stockage in stockages:
            stockage.fermer()
    agregats_egaux_au_recalcul(registre_influxdb)
