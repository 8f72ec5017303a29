"""Équivalences : kg CO2e (facteurs ADEME), euros (tarifs), équivalents de tous les jours."""

import pytest

from noyau.calculs.equivalences import enregistrer_tarifs, equivalences, tarifs_du_lycee
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Site

UAI = "0350028R"


def test_1000_kwh_d_electricite():
    e = equivalences(Energie.ELECTRICITE, 1000.0)
    assert e.kg_co2e == pytest.approx(52.0)  # 0,052 kg CO2e/kWh
    assert e.euros == pytest.approx(200.0)  # 0,20 €/kWh par défaut
    assert e.recharges_smartphone == pytest.approx(1000 / 0.015)  # 66 667 recharges de 15 Wh
    assert e.heures_television == pytest.approx(10000.0)  # 100 W
    assert e.km_voiture == pytest.approx(52 / 0.218)  # 238,5 km


def test_gaz_en_kwh_pcs_avec_le_tarif_du_lycee():
    """500 kWh PCS (facture, coefficient du fournisseur) = 450,5 kWh PCI ; × 0,227 kg CO2e/kWh PCI."""
    e = equivalences(Energie.GAZ, 500.0, tarif=0.09)
    assert e.kg_co2e == pytest.approx(500 / 1.11 * 0.227)  # 102,3 kg, pas 113,5 (PCS pris pour du PCI)
    assert e.euros == pytest.approx(45.0) and e.km_voiture == pytest.approx(500 / 1.11 * 0.227 / 0.218)


def test_eau_sans_co2_ni_equivalent_energetique():
    e = equivalences(Energie.EAU, 10.0)
    assert (e.unite, e.euros, e.kg_co2e, e.recharges_smartphone, e.km_voiture) == ("m3", pytest.approx(43.0), None, None, None)


def test_tarifs_declares_par_lycee(stockage):
    stockage.enregistrer_registre([Site(UAI, "Lycée Chateaubriand", "Rennes")])
    tarifs = enregistrer_tarifs(stockage, UAI, {"electricite": 0.25})
    assert tarifs[Energie.ELECTRICITE] == 0.25 and tarifs[Energie.GAZ] == 0.10
    assert tarifs_du_lycee(stockage, UAI) == tarifs
    with pytest.raises(DonneeInvalide, match="énergie inconnue « vapeur »"):
        enregistrer_tarifs(stockage, UAI, {"vapeur": 0.1})
    with pytest.raises(DonneeInvalide, match="positive"):
        equivalences(Energie.GAZ, -1.0)
