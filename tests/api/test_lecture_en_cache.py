"""Les lectures en cache (noyau.calculs.cache) sur les deux moteurs : un relevé arrivé en retard,
écrit par un autre processus (un autre objet stockage : le collecteur), apparaît dans chaque
résultat gardé qui en dépend, et dans aucun autre ; le direct ne recalcule pas les jours clos."""

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from api import creer_app
from noyau.calculs.cache import CALCULS
from noyau.communaute.defis import creer_defi
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import a_paris, maintenant
from noyau.stockage import ouvrir_stockage
from tests.noyau.jeu_journalier import SITES, UAI, UAI_B, compteurs, minuit, releves_journaliers

TROUE = date(2025, 12, 3)  # le lycée A n'a aucun relevé de 11 h à 13 h ce jour-là


def par_jour(avant: float, pendant: float):
    return lambda jour: pendant if jour >= date(2025, 12, 1) else avant


def test_un_releve_en_retard_apparait_dans_chaque_resultat_garde(url_stockage):
    api, collecteur = ouvrir_stockage(url_stockage), ouvrir_stockage(url_stockage)  # deux processus : deux caches
    collecteur.enregistrer_registre(SITES, compteurs(UAI) + compteurs(UAI_B))
    collecteur.ecrire(releves_journaliers(UAI, "principal", par_jour(100.0, 80.0), date(2025, 10, 27), date(2026, 1, 1), troues={TROUE})
                      + releves_journaliers(UAI_B, "principal", par_jour(50.0, 45.0), date(2025, 10, 27), date(2026, 1, 1)))
    defi = creer_defi(collecteur, "Défi", "electricite", date(2025, 12, 1), date(2025, 12, 8), [(UAI, None), (UAI_B, None)])
    lectures = {
        "consommation": f"/api/v1/sites/{UAI}/consommation?energie=electricite&debut=2025-12-01&fin=2025-12-08",
        "classement": f"/api/v1/defis/{defi.identifiant}",
        "trajectoire": f"/api/v1/sites/{UAI}/trajectoire?energie=electricite&annee=2025&annee_reference=2025",
        "trajectoire-parc": "/api/v1/trajectoire?energie=electricite&annee=2025&annee_reference=2025",
        "comparaison": "/api/v1/comparaison?energie=electricite&debut=2025-12-01&fin=2025-12-08",
        "autre-lycee": f"/api/v1/sites/{UAI_B}/consommation?energie=electricite&debut=2025-12-01&fin=2025-12-08",
        "gaz": f"/api/v1/sites/{UAI}/consommation?energie=gaz&debut=2025-12-01&fin=2025-12-08",
    }
    try:
        with TestClient(creer_app(api)) as client:
            avant = {nom: client.get(adresse).json() for nom, adresse in lectures.items()}
            assert {nom: client.get(adresse).json() for nom, adresse in lectures.items()} == avant  # gardés
            generations = api.generations(["0350028R/electricite", "*/electricite", "0350028R/gaz"])

            index = 1000.0 + 100.0 * 35 + 80.0 * 2  # celui du lycée A le 3 décembre à minuit, puis 80 kWh par jour
            collecteur.ecrire([Releve(UAI, "principal", Grandeur.INDEX_KWH, minuit(TROUE) + h * 3600, index + 80.0 * h / 24) for h in (11, 12, 13)])

            apres = {nom: client.get(adresse).json() for nom, adresse in lectures.items()}
            assert api.generations(["0350028R/electricite", "*/electricite", "0350028R/gaz"])[2] == generations[2]
            with TestClient(creer_app(ouvrir_stockage(url_stockage))) as neuf:  # sans rien de gardé
                assert apres == {nom: neuf.get(adresse).json() for nom, adresse in lectures.items()}
    finally:
        api.fermer()
        collecteur.fermer()
    change = {nom for nom in lectures if apres[nom] != avant[nom]}
    assert change == {"consommation", "classement", "trajectoire", "trajectoire-parc", "comparaison"}
    point_troue = avant["consommation"]["points"][2]
    assert (point_troue["complet"], apres["consommation"]["points"][2]["complet"]) == (False, True)


def test_le_direct_ne_recalcule_pas_les_jours_clos_un_retard_de_trois_mois_change_l_annee(url_stockage):
    """Une année au pas jour, jusqu'à demain : un relevé de maintenant ne recalcule que le jour
    courant (les jours clos sont gardés, compté par noyau.calculs.cache.CALCULS) ; un relevé en
    retard dans un jour d'il y a trois mois le recalcule, et l'année est celle d'un serveur neuf."""
    aujourd_hui = a_paris(maintenant()).date()
    debut, troue = aujourd_hui - timedelta(days=365), aujourd_hui - timedelta(days=91)
    api, collecteur = ouvrir_stockage(url_stockage), ouvrir_stockage(url_stockage)
    collecteur.enregistrer_registre(SITES, compteurs(UAI))
    collecteur.ecrire(releves_journaliers(UAI, "principal", lambda jour: 100.0, debut, aujourd_hui, troues={troue}))
    annee = f"/api/v1/sites/{UAI}/consommation?energie=electricite&debut={debut}&fin={aujourd_hui + timedelta(days=1)}&pas=jour"
    index_minuit = 1000.0 + 100.0 * 365
    try:
        with TestClient(creer_app(api)) as client:
            avant = client.get(annee).json()
            calculs = CALCULS.copy()
            collecteur.ecrire([Releve(UAI, "principal", Grandeur.INDEX_KWH, maintenant() - 60, index_minuit + 2.0)])  # le direct
            direct = client.get(annee).json()
            assert (CALCULS["consommation-close"], CALCULS["consommation"]) == (calculs["consommation-close"], calculs["consommation"] + 1)
            assert direct["points"][:-1] == avant["points"] and direct["points"][-1]["valeur"] == pytest.approx(2.0)

            index = 1000.0 + 100.0 * (troue - debut).days
            collecteur.ecrire([Releve(UAI, "principal", Grandeur.INDEX_KWH, minuit(troue) + h * 3600, index + 100.0 * h / 24) for h in (11, 12, 13)])
            apres = client.get(annee).json()
            assert CALCULS["consommation-close"] == calculs["consommation-close"] + 1
            with TestClient(creer_app(ouvrir_stockage(url_stockage))) as neuf:  # sans rien de gardé
                assert apres == neuf.get(annee).json()
    finally:
        api.fermer()
        collecteur.fermer()
    rang = next(k for k, p in enumerate(avant["points"]) if p["debut"].startswith(troue.isoformat()))
    assert (avant["points"][rang]["complet"], apres["points"][rang]["complet"]) == (False, True)
    assert [p for k, p in enumerate(apres["points"]) if k != rang] == [p for k, p in enumerate(direct["points"]) if k != rang]
