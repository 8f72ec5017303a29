"""Le tableau de bord ne dépend que du noyau, jamais de l'API, du collecteur ni du simulateur."""

import ast
from pathlib import Path

import tableau_de_bord

INTERDITS = {"api", "collecteur", "capteurs_sim", "enerlycee", "fastapi", "paho", "influxdb_client"}


def _modules_importes(fichier: Path) -> set[str]:
    arbre = ast.parse(fichier.read_text(encoding="utf-8"))
    noms = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            noms |= {alias.name.split(".")[0] for alias in noeud.names}
        elif isinstance(noeud, ast.ImportFrom) and noeud.module:
            noms.add(noeud.module.split(".")[0])
    return noms


def test_le_tableau_de_bord_ne_lit_que_le_noyau():
    for fichier in Path(tableau_de_bord.__file__).parent.rglob("*.py"):
        assert not _modules_importes(fichier) & INTERDITS, fichier
