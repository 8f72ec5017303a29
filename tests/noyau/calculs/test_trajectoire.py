"""Trajectoire du décret tertiaire et correction climatique, attendus calculés à la main.

Jeu : un lycée, un compteur de gaz principal d'usage « général » (part de chauffage par défaut :
85 %), un relevé par heure du 1er janvier 2025 au 10 février 2026 ; 10 kWh par heure en 2025,
5 kWh par heure en 2026. Sonde extérieure : 8 °C en 2025 (10 DJU par jour), 13 °C en 2026 (5 DJU).
"""

from datetime import datetime

import pytest

from noyau.calculs.correction_climatique import chauffage_de, corriger, dju_de_reference, enregistrer_normale, mois_de_l_annee
from noyau.calculs.trajectoire import declarer_reference, reduction_visee, trajectoire_parc, trajectoire_site
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve, Site
from noyau.domaine.temps import PARIS

UAI, AUTRE = "0350028R", "0290009C"
HEURES_2025 = 8760


@pytest.fixture
def lycee(stockage):
    stockage.enregistrer_registre(
        [Site(UAI, "Lycée Chateaubriand", "Rennes", 21000.0), Site(AUTRE, "Lycée de Kerichen", "Brest", 15500.0)],
        [Compteur(UAI, "gaz", Energie.GAZ, True, "général"),
         Compteur(UAI, "sonde-exterieure", None, False, "température extérieure")],
    )
    debut = datetime(2025, 1, 1, tzinfo=PARIS).timestamp()
    bascule = datetime(2026, 1, 1, tzinfo=PARIS).timestamp()
    fin = datetime(2026, 2, 10, tzinfo=PARIS).timestamp()
    releves, index, ts = [], 0.0, debut
    while ts <= fin:
        releves.append(Releve(UAI, "gaz", Grandeur.INDEX_KWH, ts, index))
        releves.append(Releve(UAI, "sonde-exterieure", Grandeur.TEMPERATURE_C, ts, 8.0 if ts < bascule else 13.0))
        index += 10.0 if ts < bascule else 5.0
        ts += 3600
    stockage.ecrire(releves)
    return stockage


def test_reduction_interpolee_entre_les_jalons():
    assert reduction_visee(2020, 2020) == 0.0
    assert reduction_visee(2020, 2025) == pytest.approx(0.20)
    assert reduction_visee(2020, 2030) == pytest.approx(0.40)
    assert reduction_visee(2020, 2035) == pytest.approx(0.45)
    assert reduction_visee(2020, 2050) == pytest.approx(0.60)


def test_correction_du_seul_chauffage():
    # 1000 kWh dont 800 de chauffage, mois deux fois plus doux que la référence : 800 × 2 + 200
    assert corriger(1000.0, 800.0, 150.0, 300.0) == 1800.0
    assert corriger(1000.0, 800.0, 0.0, 300.0) == 1000.0  # hors saison de chauffe : rien à corriger
    assert corriger(1000.0, 800.0, None, 300.0) is None  # DJU inconnus : pas de correction inventée


def test_part_de_chauffage_sous_comptee_ou_par_defaut(stockage):
    stockage.enregistrer_registre([Site(UAI, "L", "Rennes")], [
        Compteur(UAI, "general", Energie.ELECTRICITE, True, "général"),
        Compteur(UAI, "pac", Energie.ELECTRICITE, False, "chauffage (pompe à chaleur)"),
        Compteur(UAI, "chaudiere", Energie.FIOUL, True, "production ECS"),
    ])
    assert chauffage_de(stockage, UAI, Energie.ELECTRICITE) == (["pac"], 0.0)
    assert chauffage_de(stockage, UAI, Energie.FIOUL) == ([], 0.85)


def test_trajectoire_d_un_lycee(lycee):
    t = trajectoire_site(lycee, UAI, Energie.GAZ, 2025, 2026)
    assert t.reference == pytest.approx(10 * HEURES_2025) and t.reference_complete and not t.profil_uniforme
    assert t.objectifs_annuels[2026] == pytest.approx(87600 * 0.92)  # -40 % × 1/5
    assert t.objectifs_annuels[2030] == pytest.approx(87600 * 0.60)
    janvier, fevrier, mars = t.mois[:3]
    assert janvier.objectif == pytest.approx(80592 * 744 / 8760)  # 6844,8 kWh
    assert janvier.consommation == pytest.approx(3720.0) and janvier.complet
    # chauffage 85 % de 3720 = 3162, × 310 DJU (janvier 2025) / 155 DJU (janvier 2026) ; reste 558
    assert janvier.corrigee == pytest.approx(3162 * 2 + 558)
    assert janvier.reference == pytest.approx(7440.0)
    assert not fevrier.complet and fevrier.corrigee is None  # 9 jours de février : DJU non calculés
    assert mars.consommation is None and not mars.complet
    assert t.avancement == pytest.approx(
        {"mois_comptes": 1, "consommation_corrigee": 6882.0, "objectif": 6844.8, "reference": 7440.0, "reduction": 1 - 6882 / 7440}
    )


def test_reference_declaree_et_normale(lycee):
    declarer_reference(lycee, UAI, Energie.GAZ, 2025, 120000.0, None)
    enregistrer_normale(lycee, UAI, [620.0] + [0.0] * 11, "essai")
    assert dju_de_reference(lycee, UAI, 2025)[1] == 620.0
    t = trajectoire_site(lycee, UAI, Energie.GAZ, None, 2026)
    assert t.reference_declaree and t.profil_uniforme and t.annee_reference == 2025
    janvier = t.mois[0]
    assert janvier.objectif == pytest.approx(120000 * 0.92 / 12)
    assert janvier.reference == pytest.approx(10000.0)
    assert janvier.corrigee == pytest.approx(3162 * 620 / 155 + 558)


def test_parc_somme_des_lycees_avec_reference(lycee):
    parc = trajectoire_parc(lycee, Energie.GAZ, 2025, 2026)
    assert parc.uai is None and parc.sans_reference == [AUTRE]
    assert parc.reference == pytest.approx(87600.0)
    assert parc.mois[0].corrigee == pytest.approx(6882.0)


def test_annees_refusees(lycee):
    with pytest.raises(DonneeInvalide, match="hors de 2010 à 2029"):
        trajectoire_site(lycee, UAI, Energie.GAZ, 2031, 2032)
    with pytest.raises(DonneeInvalide, match="année de référence manquante"):
        trajectoire_site(lycee, UAI, Energie.GAZ, None, 2026)


def test_chauffage_sous_compte_seul_corrige(stockage):
    """Janvier 2026 : électricité 10 kWh/h dont une pompe à chaleur sous-comptée à 4 kWh/h ; 13 °C."""
    stockage.enregistrer_registre([Site(UAI, "L", "Rennes")], [
        Compteur(UAI, "general", Energie.ELECTRICITE, True, "général"),
        Compteur(UAI, "pac", Energie.ELECTRICITE, False, "chauffage"),
        Compteur(UAI, "sonde-exterieure", None, False, "température extérieure"),
    ])
    debut = datetime(2026, 1, 1, tzinfo=PARIS).timestamp()
    stockage.ecrire([
        releve
        for h in range(745)
        for releve in (Releve(UAI, "general", Grandeur.INDEX_KWH, debut + 3600 * h, 10.0 * h),
                       Releve(UAI, "pac", Grandeur.INDEX_KWH, debut + 3600 * h, 4.0 * h),
                       Releve(UAI, "sonde-exterieure", Grandeur.TEMPERATURE_C, debut + 3600 * h, 13.0))
    ])
    janvier = mois_de_l_annee(stockage, UAI, Energie.ELECTRICITE, 2026, {1: 310.0})[0]
    assert (janvier.consommation, janvier.chauffage, janvier.dju) == pytest.approx((7440.0, 2976.0, 155.0))
    assert janvier.corrigee == pytest.approx(2976 * 2 + 4464)  # le reste (4464 kWh) n'est pas corrigé
