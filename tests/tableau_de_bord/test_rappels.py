"""Les requêtes de rappel forgées (une sonde, un onglet d'une ancienne version) : 400 « requête
invalide » et une ligne au journal, jamais une erreur interne avec sa pile ; un tableau des valeurs
ne se calcule que sur les paramètres qu'une page du serveur a proposés (signés). Chaque rappel du
serveur reçoit des valeurs de travers dans chacune de ses entrées, sans session et en session."""

import json
import logging
from collections import Counter

import pytest

from noyau.communaute.jetons import creer_jeton
from noyau.communaute.limite import LimiteEcritures
from noyau.communaute.sessions import ouvrir_session
from tableau_de_bord import ids
from tableau_de_bord.app import creer_tableau_de_bord
from tests.conftest import LYCEE_A

DE_TRAVERS = [None, 0, -1, 1e308, "x", "", "../..", "2026-02-30", [], ["x"], {}, {"a": 1}, True, "x" * 5000]

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
    dix_ans = json.dumps([nom, {**parametres, "debut": "2016-04-01", "pas": "heure"}], sort_keys=True)  # la page : 31 jours au plus
    with caplog.at_level(logging.INFO):
        for forgee in (f"{dix_ans}.{signature}", dix_ans, 42):
            reponse = client.post(RAPPEL, json=ouverture_du_tableau(forgee))
            assert reponse.status_code == 400 and reponse.get_json() == {"detail": "requête invalide"}, forgee
    assert [r.getMessage() for r in caplog.records if r.name == "tableau_de_bord.composants"] == [
        "tableau des valeurs refusé : clé non signée par ce serveur"] * 2
    [refus] = [r.getMessage() for r in caplog.records if r.name == "tableau_de_bord.rappels"]  # la clé 42 : pas un texte
    assert refus.startswith("rappel refusé (127.0.0.1) : TypeError") and "(tableau_de_bord/composants.py:" in refus, refus
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def _identifiant(declare: str) -> tuple[object, bool]:
    """Un identifiant déclaré (texte, ou objet à motif écrit en JSON) tel que le moteur l'envoie, et
    s'il est à motif `ALL` (une liste de composants)."""
    if not declare.startswith("{"):
        return declare, False
    motif = json.loads(declare)
    return {cle: "x" if isinstance(v, list) else v for cle, v in motif.items()}, ["ALL"] in motif.values()


def _sorties(sortie: str) -> object:
    """Les sorties d'un rappel (`Dash.callback_map`) telles que le moteur les envoie."""
    parties = sortie[2:-2].split("...") if sortie.startswith("..") else [sortie]
    elements = []
    for partie in parties:
        declare, propriete = partie.rsplit(".", 1)
        identifiant, tous = _identifiant(declare)
        elements.append([{"id": identifiant, "property": propriete}] if tous else {"id": identifiant, "property": propriete})
    return elements if sortie.startswith("..") else elements[0]


def _de_travers(sortie: str, rappel: dict, rang: int, valeur: object, ailleurs: object) -> dict:
    """Le corps du moteur pour ce rappel, `valeur` dans l'entrée (ou l'état) de ce rang, `ailleurs` dans les autres."""
    declares = rappel["inputs"] + rappel["state"]
    valeurs = []
    for k, declare in enumerate(declares):
        identifiant, tous = _identifiant(declare["id"])
        element = {"id": identifiant, "property": declare["property"], "value": valeur if k == rang else ailleurs}
        valeurs.append([element] if tous else element)
    premier = rappel["inputs"][0]
    return {"output": sortie, "outputs": _sorties(sortie), "inputs": valeurs[:len(rappel["inputs"])],
            "state": valeurs[len(rappel["inputs"]):], "changedPropIds": [f"{premier['id']}.{premier['property']}"]}


@pytest.mark.parametrize("role", [None, "region", "gestionnaire"])
def test_chaque_rappel_refuse_une_valeur_de_travers_sans_erreur_interne(stockage_rempli, role, caplog):
    app = creer_tableau_de_bord(stockage_rempli, LimiteEcritures(stockage_rempli, 1_000_000))
    client = app.server.test_client()
    entetes = {}
    if role:
        jeton = creer_jeton(stockage_rempli, role, None if role == "region" else LYCEE_A.uai)
        client.set_cookie("enerlycee_session", ouvrir_session(stockage_rempli, jeton).identifiant)
        client.get("/")
        entetes = {"X-CSRFToken": client.get_cookie("_csrf_token").value}
    client.get("/")
    rappels = {sortie: rappel for sortie, rappel in app.callback_map.items() if "callback" in rappel}
    assert len(rappels) > 30  # ceux du navigateur (clientside) n'ont pas de fonction côté serveur
    statuts, en_panne = Counter(), set()
    with caplog.at_level(logging.WARNING):
        for sortie, rappel in rappels.items():
            for rang in range(len(rappel["inputs"]) + len(rappel["state"])):
                for ailleurs in (None, "x"):
                    for valeur in DE_TRAVERS:
                        reponse = client.post(RAPPEL, json=_de_travers(sortie, rappel, rang, valeur, ailleurs), headers=entetes)
                        statuts[reponse.status_code] += 1
                        if reponse.status_code not in (200, 204, 400):
                            en_panne.add((sortie, rang, repr(valeur)[:20]))
    assert not en_panne, sorted(en_panne)[:10]
    assert statuts[400] and statuts[200]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
