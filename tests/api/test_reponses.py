"""Le corps JSON de la consommation écrit par orjson (api.reponses) : octet pour octet celui du
modèle pydantic que /docs décrit, à chaque pas, bornes coupant une heure et bruit des flottants compris."""

import pytest

from api.reponses import consommation_json
from api.schemas import ConsommationSortie
from noyau.calculs.lecture import consommation_site
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import lire_borne
from tests.conftest import LYCEE_A, releves_bruites


@pytest.mark.parametrize("debut, fin", [("2025-01-01", "2026-01-01"), ("2025-03-29T10:17:00+01:00", "2025-04-02"),
                                        ("2025-10-20", "2025-11-03")])
def test_memes_octets_que_le_modele(stockage, debut, fin):
    releves_bruites(stockage)
    for pas in Pas:
        if pas is Pas.HEURE and debut == "2025-01-01":
            continue  # 8 760 points : les deux autres périodes couvrent déjà l'heure
        conso = consommation_site(stockage, LYCEE_A.uai, Energie.ELECTRICITE, lire_borne(debut), lire_borne(fin), pas)
        assert conso.points
        assert consommation_json(conso) == ConsommationSortie.depuis(conso).model_dump_json().encode()
