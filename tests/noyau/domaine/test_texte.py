"""L'écriture à la française de ce que lit une personne."""

from datetime import date, datetime

from noyau.domaine import texte
from noyau.domaine.identifiants import Energie
from noyau.domaine.temps import PARIS


def test_nombres_energies_dates():
    assert texte.nombre(12345.678, 1) == "12\u00a0345,7" and texte.quantite(2.5, "m3", 1) == "2,5\u00a0m³"
    assert texte.evolution(-0.008) == "-0,8\u00a0%" and texte.evolution(0.042) == "+4,2\u00a0%"
    assert texte.pourcentage(-0.008) == "0,8\u00a0%"
    assert texte.ENERGIES[Energie.ELECTRICITE] == "électricité" and texte.NOMS_ENERGIES[Energie.ELECTRICITE] == "Électricité"
    assert (texte.de("électricité"), texte.de("gaz"), texte.de("eau")) == ("d'électricité", "de gaz", "d'eau")
    assert texte.mois(date(2025, 12, 9)) == "décembre 2025" and texte.jour(date(2025, 12, 9)) == "09/12/2025"
    assert texte.instant(datetime(2026, 4, 6, 0, 10, tzinfo=PARIS).timestamp()) == "06/04/2026 à 00:10"
