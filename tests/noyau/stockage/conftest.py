"""Chaque test du contrat du stockage tourne, pour de vrai, sur chaque moteur : un fichier
SQLite dans tmp_path et une base neuve d'un vrai InfluxDB (démarré une fois par session)."""

import uuid

import pytest

from noyau.stockage import ouvrir_stockage
from tests.influxdb_local import creer_base, influxdb_local, supprimer_base


@pytest.fixture(scope="session")
def serveur_influxdb(tmp_path_factory):
    with influxdb_local(tmp_path_factory.mktemp("influxdb")) as adresse:
        yield adresse


@pytest.fixture
def stockage_sqlite(tmp_path):
    ouvert = ouvrir_stockage(f"sqlite:///{tmp_path}/enerlycee.db")
    yield ouvert
    ouvert.fermer()


@pytest.fixture
def stockage_influxdb(serveur_influxdb):
    base = f"essai_{uuid.uuid4().hex[:12]}"
    creer_base(serveur_influxdb, base)
    ouvert = ouvrir_stockage(f"influxdb://{serveur_influxdb}/{base}")
    yield ouvert
    ouvert.fermer()
    supprimer_base(serveur_influxdb, base)


@pytest.fixture(params=["sqlite", "influxdb"])
def stockage(request):
    """Remplace, dans ce dossier, le stockage SQLite de tests/conftest.py : chaque moteur à son tour."""
    return request.getfixturevalue(f"stockage_{request.param}")
