"""Les dépendances entre paquets, lues dans les imports (ast) : le noyau au centre.

- les paquets applicatifs ne s'importent jamais entre eux ;
- le noyau n'importe aucun d'eux, ni paho, ni FastAPI, ni Dash ;
- paho reste dans le collecteur et le simulateur, FastAPI dans l'API, Dash dans le tableau de bord ;
- influxdb-client (et urllib3) ne sortent pas de noyau/stockage/, apscheduler reste dans enerlycee/ ;
- dans le noyau, un quartier n'importe que des quartiers des étages inférieurs (shared/NOYAU.md).
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
# Les quartiers du noyau et leur étage : un quartier importe ceux d'un étage inférieur, jamais un
# quartier de son étage ou d'un étage supérieur.
ETAGES_DU_NOYAU = {
    "domaine": 1,
    "mesures": 2,
    "stockage": 3,
    "calculs": 4,
    "communaute": 5,
    "publication": 5,
    "exploitation": 5,
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


def quartiers_importes(chemin: Path) -> set[str]:
    arbre = ast.parse(chemin.read_text(encoding="utf-8"))
    noms = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.ImportFrom) and noeud.module and noeud.module.split(".")[0] == "noyau":
            noms |= {noeud.module.split(".")[1]} if "." in noeud.module else {a.name for a in noeud.names}
        elif isinstance(noeud, ast.Import):
            noms |= {a.name.split(".")[1] for a in noeud.names if a.name.startswith("noyau.")}
    return noms


def test_le_noyau_n_a_que_ses_quartiers():
    assert {f.relative_to(RACINE / "noyau").parts[0] for f in fichiers("noyau")} == set(ETAGES_DU_NOYAU) | {"__init__.py"}


@pytest.mark.parametrize("quartier", sorted(ETAGES_DU_NOYAU))
def test_un_quartier_n_importe_que_les_etages_inferieurs(quartier):
    etage = ETAGES_DU_NOYAU[quartier]
    fautes = [
        f"{f.relative_to(RACINE)} importe noyau.{q}"
        for f in sorted((RACINE / "noyau" / quartier).rglob("*.py"))
        for q in quartiers_importes(f) - {quartier}
        if ETAGES_DU_NOYAU[q] >= etage
    ]
    assert fautes == []


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
        "import collecteur.service, noyau.mesures.aiguillage, noyau.mesures.correspondances, noyau.stockage.sqlite\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas' "
        "or m in ('noyau.communaute.alertes', 'noyau.calculs.meteo', 'noyau.exploitation.retention')))\n"
    )
    sortie = subprocess.run([sys.executable, "-c", sonde], cwd=RACINE, capture_output=True, text=True, check=True, timeout=60)
    assert sortie.stdout.strip() == "[]"
