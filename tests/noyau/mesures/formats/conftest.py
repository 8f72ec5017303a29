from pathlib import Path

import pytest

ECHANTILLONS = Path(__file__).parent / "echantillons"
RECU_LE = 1_795_885_000.0  # 2026-11-28T11:56:40+01:00


@pytest.fixture
def echantillon():
    return lambda nom: (ECHANTILLONS / nom).read_bytes()
