"""Fixtures du déploiement : l'AC de test (deploy/mosquitto/creer_ac.sh)."""

import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.fixture(scope="session")
def ac(tmp_path_factory):
    """Une AC privée et le certificat d'un courtier « localhost » / 127.0.0.1, faits par le script livré."""
    dossier = tmp_path_factory.mktemp("ac")
    subprocess.run(["sh", str(DEPLOY / "mosquitto" / "creer_ac.sh"), str(dossier), "localhost", "127.0.0.1"],
                   check=True, capture_output=True, timeout=30)
    return dossier
