"""La mémoire du cache des résultats (noyau.calculs.cache) est bornée en octets : les résultats
les moins récemment lus partent d'abord, quel que soit leur nombre."""

from datetime import datetime

from noyau.calculs import cache
from noyau.calculs.lecture import consommation_site
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS
from tests.conftest import LYCEE_A


def test_les_resultats_les_moins_recemment_lus_partent_au_dela_de_la_borne(stockage, monkeypatch):
    monkeypatch.setattr(cache, "OCTETS_MAX", 3_500_000)
    calculs = []

    def lire(cle: str) -> bytes:
        def calcul() -> bytes:
            calculs.append(cle)
            return bytes(1_000_000)
        return cache.en_cache(stockage, cache.du_parc(Energie.ELECTRICITE), ("essai", cle), calcul)

    for cle in "abc":
        lire(cle)
    lire("a")  # relu : le plus récent
    lire("d")  # 4 Mo : « b », le moins récemment lu, part
    assert calculs == ["a", "b", "c", "d"]
    lire("a"), lire("c"), lire("d")
    assert calculs == ["a", "b", "c", "d"]
    lire("b")
    assert calculs == ["a", "b", "c", "d", "b"]


def test_taille_d_une_consommation_suit_son_nombre_de_points(stockage_rempli):
    debut = datetime(2026, 3, 2, tzinfo=PARIS)
    jours = consommation_site(stockage_rempli, LYCEE_A.uai, Energie.ELECTRICITE, debut, datetime(2026, 4, 1, tzinfo=PARIS), Pas.JOUR)
    heures = consommation_site(stockage_rempli, LYCEE_A.uai, Energie.ELECTRICITE, debut, datetime(2026, 4, 1, tzinfo=PARIS), Pas.HEURE)
    assert len(heures.points) == 24 * len(jours.points) - 1  # le passage à l'heure d'été
    assert 20 < cache.taille(heures) / cache.taille(jours) < 26
    assert cache.taille(heures) > 150 * len(heures.points)  # un point : un objet, deux instants, une valeur, son état
