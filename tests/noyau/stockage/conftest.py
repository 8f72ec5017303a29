"""Chaque test du contrat du stockage tourne, pour de vrai, sur chaque moteur : un fichier
SQLite dans tmp_path et une base neuve d'un vrai InfluxDB (démarré une fois par session, tests/conftest.py),
écrite par /write (1.x) ou par l'API d'écriture d'influxdb-client (2.x, 3.x, via une façade)."""

import uuid

import pytest

from noyau.stockage import ouvrir_stockage
from tests.influxdb_local import creer_base, facade_influxdb2, supprimer_base


@pytest.fixture
def stockage_sqlite(tmp_path):
    ouvert = ouvrir_stockage(f"sqlite:///{tmp_path}/enerlycee.db")
    yield ouvert
    ouvert.fermer()


@pytest.fixture(scope="session")
def facade_2x(serveur_influxdb):
    with facade_influxdb2(serveur_influxdb) as (adresse, ecritures):
        yield adresse, ecritures


@pytest.fixture
def stockage_influxdb2(serveur_influxdb, facade_2x):
    """InfluxDB par l'API d'écriture et de suppression d'influxdb-client (façade 2.x)."""
    base = f"essai_{uuid.uuid4().hex[:12]}"
    creer_base(serveur_influxdb, base)
    ouvert = ouvrir_stockage(f"influxdb://{facade_2x[0]}/{base}?org=region", "jeton-secret")
    yield ouvert
    ouvert.fermer()
    supprimer_base(serveur_influxdb, base)


@pytest.fixture(params=["sqlite", "influxdb", "influxdb2"])
def stockage(request):
    """Remplace, dans ce dossier, le stockage SQLite de tests/conftest.py : chaque moteur à son tour."""
    return request.getfixturevalue(f"stockage_{request.param}")
