"""L'air des salles (noyau.calculs.ambiance) et leurs indicateurs (noyau.calculs.confort) sur chaque
moteur, attendus calculés à la main sur le jeu de tests/jeu_ambiance.py (passage à l'heure d'été)."""

from datetime import date, datetime

import pytest

from noyau.calculs.ambiance import air_des_salles, ambiance_site
from noyau.calculs.confort import confort_lycee, jours_de_cours
from noyau.domaine.ambiance import Statistique
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.modele import Grandeur
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS, lire_borne
from tests.conftest import LYCEE_A
from tests.jeu_ambiance import DEBUT, FIN, UAI, compteurs, releves

T, CO2, HUM = Grandeur.TEMPERATURE_C, Grandeur.CO2_PPM, Grandeur.HUMIDITE_PCT


@pytest.fixture
def salles(stockage):
    stockage.enregistrer_registre([LYCEE_A], compteurs())
    stockage.ecrire(releves())
    return stockage


def paris(texte: str) -> datetime:
    return lire_borne(texte)


def test_jours_du_changement_d_heure(salles):
    ambiance = ambiance_site(salles, UAI, paris(DEBUT), paris(FIN), Pas.JOUR)
    assert [s.compteur for s in ambiance.sondes] == ["salle-b12", "salle-c01", "sonde-exterieure"]
    b12, c01, _ = ambiance.sondes
    assert [p.fin - p.debut for p in b12.points] == [86400, 86400, 23 * 3600, 86400]
    vendredi, samedi, dimanche, lundi = b12.points
    assert vendredi.grandeurs[T] == Statistique(19.0, 17.0, 21.0, 96)  # 12 heures à 21 °C, 12 à 17 °C
    assert dimanche.grandeurs[T] == Statistique(17.0, 17.0, 17.0, 92)  # 23 heures
    assert lundi.grandeurs[T] == vendredi.grandeurs[T]  # 7 h - 19 h à l'heure d'été aussi
    assert vendredi.grandeurs[CO2] == Statistique((4 * 900 + 4 * 1200 + 8 * 1600 + 80 * 450) / 96, 450.0, 1600.0, 96)
    assert samedi.grandeurs[HUM] == Statistique(50.0, 50.0, 50.0, 96)
    assert c01.points[0].grandeurs[CO2] is None and c01.points[0].grandeurs[HUM] is None


def test_heures_et_sonde_choisie(salles):
    debut = datetime(2026, 3, 30, 10, tzinfo=PARIS)
    ambiance = ambiance_site(salles, UAI, debut, datetime(2026, 3, 30, 13, tzinfo=PARIS), Pas.HEURE, "salle-b12")
    (b12,) = ambiance.sondes
    assert [p.grandeurs[CO2].moyenne for p in b12.points] == [1600.0, 1600.0, 450.0]
    assert [p.debut for p in b12.points] == [debut.timestamp() + 3600 * k for k in range(3)]
    hors = ambiance_site(salles, UAI, paris("2026-04-02"), paris("2026-04-03"), Pas.HEURE, "salle-b12")
    assert hors.sondes[0].points == []  # aucun relevé : aucune période


def test_la_meme_reponse_apres_la_purge(salles):
    avant = ambiance_site(salles, UAI, paris(DEBUT), paris(FIN), Pas.JOUR)
    assert salles.purger(paris(FIN).timestamp()) > 0
    assert ambiance_site(salles, UAI, paris(DEBUT), paris(FIN), Pas.JOUR) == avant
    assert confort_lycee(salles, UAI, paris(DEBUT), paris(FIN)).salles[0].degres_heures == 44.0


def test_demandes_refusees(salles):
    with pytest.raises(DonneeInvalide, match="heure ou jour"):
        ambiance_site(salles, UAI, paris(DEBUT), paris(FIN), Pas.SEMAINE)
    with pytest.raises(DonneeInvalide, match="heure pleine"):
        ambiance_site(salles, UAI, datetime(2026, 3, 27, 10, 30, tzinfo=PARIS), paris(FIN), Pas.HEURE)
    with pytest.raises(DonneeInvalide, match="pas une sonde"):
        ambiance_site(salles, UAI, paris(DEBUT), paris(FIN), Pas.JOUR, "chaufferie")
    with pytest.raises(Introuvable):
        ambiance_site(salles, UAI, paris(DEBUT), paris(FIN), Pas.JOUR, "salle-z99")


def test_degres_heures_co2_et_surcout_autour_du_changement_d_heure(salles):
    """Vendredi et lundi : 11 heures de cours (7 h 30 - 18 h 30), les heures de 7 h et de 18 h
    pour moitié ; la salle B12 à 21 °C de 7 h à 19 h : 0,5 × 2 + 10 × 2 + 0,5 × 2 = 22 degrés-heures
    par jour. Lundi, à l'heure d'été, les mêmes heures locales : encore 22."""
    confort = confort_lycee(salles, UAI, paris(DEBUT), paris(FIN))
    b12, c01 = confort.salles
    assert (b12.salle, b12.heures_de_cours, b12.degres_heures, b12.temperature_moyenne) == ("salle B12", 22.0, 44.0, 21.0)
    assert b12.exces_moyen == 2.0 and b12.surcout == pytest.approx(0.14)
    assert (c01.degres_heures, c01.temperature_moyenne, c01.exces_moyen) == (0.0, 19.0, 0.0)
    assert (b12.heures_co2, b12.heures_co2_guide, b12.heures_co2_action) == (22.0, 6.0, 4.0)
    assert c01.heures_co2 == 0.0
    assert confort.exces_moyen == 1.0 and confort.chauffage_en_cours_kwh == pytest.approx(220.0)
    assert confort.surcout_kwh == pytest.approx(15.4)  # 220 kWh × 7 % × 1 °C
    assert [s.compteur for s in confort.pires] == ["salle-b12", "salle-c01"]


def test_salles_chauffees_lycee_vide(salles):
    """Vide depuis vendredi 19 h (18 h UTC) : de 24 à 48 h écoulées, samedi 19 h - dimanche 20 h
    (l'heure d'été passe) ; 48 h et plus ensuite, jusqu'à lundi 7 h : 11 heures."""
    b12, c01 = confort_lycee(salles, UAI, paris(DEBUT), paris(FIN)).salles
    assert (b12.heures_vide_16, b12.heures_vide_8, b12.degres_heures_vide) == (24.0, 11.0, 24 * 1.0 + 11 * 9.0)
    assert (c01.heures_vide_16, c01.heures_vide_8, c01.degres_heures_vide) == (24.0, 11.0, 24 * 3.0 + 11 * 11.0)


def test_une_salle_vide_que_la_douceur_explique_n_est_pas_chauffee(stockage):
    """Dehors 12 °C : la salle B12 vide à 17 °C n'est que 5 °C au-dessus (moins de 6 °C) ; la C01 à 19 °C, 7 °C ;
    et ce ne sont plus des jours de chauffe : la B12 à 21 °C en cours ne compte plus de degrés-heures."""
    stockage.enregistrer_registre([LYCEE_A], compteurs())
    stockage.ecrire(releves(exterieur=12.0))
    b12, c01 = confort_lycee(stockage, UAI, paris(DEBUT), paris(FIN)).salles
    assert (b12.heures_vide_16, b12.heures_vide_8, b12.degres_heures_vide) == (0.0, 0.0, 0.0)
    assert (c01.heures_vide_16, c01.heures_vide_8) == (24.0, 11.0)
    assert (b12.heures_de_cours, b12.degres_heures) == (0.0, 0.0)  # 12 °C dehors : plus un jour de chauffe


def test_la_courbe_d_une_salle_jour_de_cours_par_jour_de_cours(salles):
    """Vendredi et lundi : 21 °C pendant les cours ; CO2 des 11 heures de cours (7 h et 18 h pour moitié) :
    (0,5 × 450 + 900 + 1 200 + 2 × 1 600 + 6 × 450 + 0,5 × 450) / 11 ppm."""
    courbe = jours_de_cours(salles, UAI, "salle-b12", date(2026, 3, 27), date(2026, 3, 31))
    assert [(j.jour, j.temperature) for j in courbe] == [(date(2026, 3, 27), 21.0), (date(2026, 3, 30), 21.0)]
    assert courbe[1].co2 == pytest.approx(8450 / 11)
    assert [j.co2 for j in jours_de_cours(salles, UAI, "salle-c01", date(2026, 3, 27), date(2026, 3, 31))] == [None, None]


def test_l_air_des_salles_maintenant(salles):
    lundi = datetime(2026, 3, 30, 10, 40, tzinfo=PARIS).timestamp()
    b12, c01 = air_des_salles(salles, UAI, lundi)
    assert (b12.salle, b12.heure, b12.grandeurs) == ("salle B12", lundi // 3600 * 3600, {T: 21.0, CO2: 1600.0, HUM: 50.0})
    assert (c01.salle, c01.grandeurs) == ("salle C01", {T: 19.0, CO2: None, HUM: None})
    assert air_des_salles(salles, UAI, datetime(2026, 3, 31, 12, tzinfo=PARIS).timestamp()) == []  # muettes depuis 13 h
