"""Le tableau de bord sur le stockage rempli de tests/conftest.py, et de quoi lire ses pages."""

import re

import pytest
from dash import html
from dash.development.base_component import Component

from tableau_de_bord.app import creer_tableau_de_bord
from tests.tableau_de_bord.navigateur import chromium, script_axe, servir


@pytest.fixture
def app(stockage_rempli):
    return creer_tableau_de_bord(stockage_rempli)


@pytest.fixture
def contexte(app):
    """Le contexte Flask où les pages lisent leur stockage, comme pendant une requête."""
    with app.server.app_context():
        yield


def enfants(noeud) -> list:
    if isinstance(noeud, (list, tuple)):
        return list(noeud)
    if isinstance(noeud, Component):
        contenu = getattr(noeud, "children", None)
        return [] if contenu is None else enfants(contenu) if isinstance(contenu, (list, tuple)) else [contenu]
    return []


def texte_de(noeud) -> str:
    """Tout le texte lisible d'un arbre de composants, espaces normalisés."""
    if isinstance(noeud, str):
        return noeud
    if isinstance(noeud, (int, float)):
        return str(noeud)
    return re.sub(" +", " ", " ".join(texte_de(e) for e in enfants(noeud)))


def composants(noeud, genre: type) -> list:
    """Les composants d'un type donné, dans l'ordre du document."""
    trouves = [noeud] if isinstance(noeud, genre) else []
    for enfant in enfants(noeud):
        trouves += composants(enfant, genre)
    return trouves


def par_id(noeud, identifiant: str):
    for composant in composants(noeud, Component):
        if getattr(composant, "id", None) == identifiant:
            return composant
    raise LookupError(identifiant)


def lignes_du_tableau(table) -> list[list[str]]:
    """Le texte de chaque cellule des lignes du corps d'un html.Table."""
    corps = composants(table, html.Tbody)[0]
    return [[texte_de(cellule) for cellule in enfants(ligne)] for ligne in enfants(corps)]


# --- Tests en vrai navigateur (tests/tableau_de_bord/navigateur.py) ---


@pytest.fixture(scope="module")
def navigateur(tmp_path_factory):
    """Un Chromium sans tête, le même pour tout le module de tests."""
    with chromium(tmp_path_factory.mktemp("profil")) as pilote:
        yield pilote


@pytest.fixture(scope="module")
def axe() -> str:
    return script_axe()


@pytest.fixture(scope="module")
def adresse(stockage):
    """Le serveur (API et tableau de bord) sur le `stockage` du module, sur un port libre."""
    with servir(stockage) as adresse_du_serveur:
        yield adresse_du_serveur
