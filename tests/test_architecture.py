"""Les dépendances entre paquets, lues dans les imports (ast) : le noyau au centre.

- les paquets applicatifs ne s'importent jamais entre eux ;
- le noyau n'importe aucun d'eux, ni paho, ni FastAPI, ni Dash ;
- paho reste dans le collecteur et le simulateur, FastAPI dans l'API, Dash dans le tableau de bord ;
- influxdb-client (et urllib3) ne sortent pas de noyau/stockage/, apscheduler reste dans enerlycee/.
"""

import ast
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]
APPLICATIFS = {"collecteur", "api", "tableau_de_bord", "capteurs_sim"}
BIBLIOTHEQUES_RESERVEES = {
    "paho": {"collecteur", "capteurs_sim"},
    "fastapi": {"api", "enerlycee"},
    "starlette": {"api"},
    "dash": {"tableau_de_bord"},
    "flask": {"tableau_de_bord"},
    "influxdb_client": {"noyau"},
    "prometheus_client": {"collecteur", "enerlycee"},
    "urllib3": {"noyau"},
    "apscheduler": {"enerlycee"},
}
# Dans le noyau, la bibliothèque d'un moteur de stockage ne sort pas de noyau/stockage/.
MODULES_DU_STOCKAGE = {"influxdb_client", "urllib3"}


def modules_importes(chemin: Path) -> set[str]:
    arbre = ast.parse(chemin.read_text(encoding="utf-8"))
    noms = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            noms |= {alias.name.split(".")[0] for alias in noeud.names}
        elif isinstance(noeud, ast.ImportFrom) and noeud.module and noeud.level == 0:
            noms.add(noeud.module.split(".")[0])
    return noms


def fichiers(paquet: str) -> list[Path]:
    return sorted((RACINE / paquet).rglob("*.py"))


@pytest.mark.parametrize("paquet", sorted(APPLICATIFS | {"noyau"}))
def test_aucun_paquet_applicatif_n_en_importe_un_autre(paquet):
    interdits = APPLICATIFS - {paquet}
    fautes = [f"{f.relative_to(RACINE)} importe {m}" for f in fichiers(paquet) for m in modules_importes(f) & interdits]
    assert fautes == []


@pytest.mark.parametrize("bibliotheque", sorted(BIBLIOTHEQUES_RESERVEES))
def test_bibliotheques_a_leur_place(bibliotheque):
    permis = BIBLIOTHEQUES_RESERVEES[bibliotheque]
    paquets = (APPLICATIFS | {"noyau", "enerlycee"}) - permis
    fautes = [f"{f.relative_to(RACINE)}" for p in paquets for f in fichiers(p) if bibliotheque in modules_importes(f)]
    assert fautes == []


def test_les_paquets_existent():
    assert all(fichiers(p) for p in APPLICATIFS | {"noyau", "enerlycee"})


def test_moteurs_de_stockage_derriere_la_couture():
    hors_couture = [f for f in fichiers("noyau") if "stockage" not in f.relative_to(RACINE).parts]
    fautes = [f"{f.relative_to(RACINE)}" for f in hors_couture if modules_importes(f) & MODULES_DU_STOCKAGE]
    assert fautes == []


def test_le_collecteur_ne_charge_pas_les_calculs():
    """`enerlycee collecteur` ne fait que ranger : ni pandas ni les modules des tâches (alertes,
    météo, purge) dans son processus (environ 70 Mo et une demi-seconde de démarrage)."""
    import subprocess
    import sys

    sonde = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from enerlycee.cli import main\n"
        "assert CliRunner().invoke(main, ['collecteur', '--help']).exit_code == 0\n"
        "import collecteur.service, noyau.aiguillage, noyau.correspondances, noyau.stockage.sqlite\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas' or m in ('noyau.alertes', 'noyau.meteo', 'noyau.retention')))\n"
    )
    sortie = subprocess.run([sys.executable, "-c", sonde], cwd=RACINE, capture_output=True, text=True, check=True, timeout=60)
    assert sortie.stdout.strip() == "[]"
