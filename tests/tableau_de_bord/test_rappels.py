"""Les requêtes de rappel forgées (une sonde, un onglet d'une ancienne version) : 400 « requête
invalide » et une ligne au journal, jamais une erreur interne avec sa pile ; un tableau des valeurs
ne se calcule que sur les paramètres qu'une page du serveur a proposés (signés)."""

import json
import logging

import pytest

from tableau_de_bord import ids
from tests.conftest import LYCEE_A

RAPPEL = "/_dash-update-component"
ROUTEUR = ".._pages_content.children..._pages_store.data.."


def routeur(chemin: str, recherche: str = "") -> dict:
    """Le corps que le moteur de Dash envoie pour ouvrir une page."""
    return {
        "output": ROUTEUR,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": chemin},
                   {"id": "_pages_location", "property": "search", "value": recherche}],
        "changedPropIds": ["_pages_location.pathname"],
    }


def ouverture_du_tableau(cle: object) -> dict:
    """Le corps du moteur au dépliage d'un tableau des valeurs (rappel à motif MATCH)."""
    bouton = {"type": ids.ALTERNATIVE, "cle": cle}
    return {
        "output": json.dumps({"cle": ["MATCH"], "type": ids.ALTERNATIVE_CONTENU}, separators=(",", ":")) + ".children",
        "outputs": {"id": {"type": ids.ALTERNATIVE_CONTENU, "cle": cle}, "property": "children"},
        "inputs": [{"id": bouton, "property": "n_clicks", "value": 1}],
        "state": [{"id": bouton, "property": "id", "value": bouton}],
        "changedPropIds": [json.dumps(bouton, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }


def cles_des_tableaux(noeud) -> list[str]:
    """Les clés des tableaux des valeurs d'une page (identifiants {"type": "alternative", "cle": …})."""
    if isinstance(noeud, dict):
        propre = [noeud["cle"]] if noeud.get("type") == ids.ALTERNATIVE else []
        return propre + [c for v in noeud.values() for c in cles_des_tableaux(v)]
    if isinstance(noeud, list):
        return [c for v in noeud for c in cles_des_tableaux(v)]
    return []


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.mark.parametrize("corps", [
    [],
    {},
    {"output": "a.b", "inputs": []},
    {**routeur("/"), "output": "..inconnu.children.."},
    {**routeur("/"), "inputs": []},
    {**routeur("/"), "inputs": "/"},
    {**routeur("/"), "inputs": [{"id": "ailleurs", "property": "pathname", "value": "/"}, routeur("/")["inputs"][1]]},
    {**routeur("/"), "inputs": ["/", ""]},
    {**routeur("/"), "state": [{"id": "_pages_location", "property": "hash", "value": ""}]},
    {**routeur("/"), "changedPropIds": "_pages_location.pathname"},
    {**ouverture_du_tableau("x"), "inputs": [{"id": "pas-un-motif", "property": "n_clicks", "value": 1}]},
], ids=["liste", "vide", "sortie-inconnue", "sortie-inconnue-du-routeur", "entrees-manquantes", "entrees-pas-une-liste",
        "entree-d-un-autre-composant", "entrees-sans-forme", "etat-en-trop", "declencheurs-pas-une-liste", "motif-sans-objet"])
def test_requete_forgee_refusee_sans_erreur_interne(client, corps, caplog):
    with caplog.at_level(logging.INFO):
        reponse = client.post(RAPPEL, json=corps)
    assert reponse.status_code == 400 and reponse.get_json() == {"detail": "requête invalide"}, reponse.get_data(as_text=True)
    assert [r.getMessage()[:15] for r in caplog.records if r.name == "tableau_de_bord.rappels"] == ["rappel refusé ("]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_un_tableau_des_valeurs_ne_s_ouvre_que_sur_une_cle_signee_par_le_serveur(client, caplog):
    page = client.post(RAPPEL, json=routeur(f"/lycee/{LYCEE_A.uai}", "?fin=2026-04-01"))
    assert page.status_code == 200
    cles = cles_des_tableaux(page.get_json()["response"])
    [cle] = [c for c in cles if '"lycee-consommation"' in c]
    ouvert = client.post(RAPPEL, json=ouverture_du_tableau(cle))
    assert ouvert.status_code == 200 and "et la même période un an plus tôt" in ouvert.get_data(as_text=True)

    donnees, signature = cle.rsplit(".", 1)
    nom, parametres = json.loads(donnees)
    un_siecle = json.dumps([nom, {**parametres, "debut": "1926-01-01", "pas": "heure"}], sort_keys=True)  # heure par heure
    with caplog.at_level(logging.INFO):
        for forgee in (f"{un_siecle}.{signature}", un_siecle, 42):
            reponse = client.post(RAPPEL, json=ouverture_du_tableau(forgee))
            assert reponse.status_code == 400 and reponse.get_json() == {"detail": "requête invalide"}, forgee
    assert [r.getMessage() for r in caplog.records if r.name == "tableau_de_bord.composants"] == [
        "tableau des valeurs refusé : clé non signée par ce serveur"] * 3
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
