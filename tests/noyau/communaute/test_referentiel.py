"""Le référentiel des défis et des actions, calculé à la main sur de petits jeux."""

from dataclasses import replace
from datetime import date

import pytest

from noyau.calculs.horaires import declaration, en_json, enregistrer_horaires, horaires_du_lycee
from noyau.communaute.referentiel import (
    A_VENIR,
    CALENDRIER_INCONNU,
    INCOMPLET,
    SANS_REFERENCE,
    Participant,
    comparer,
    part_chauffage,
)
from noyau.domaine.calendrier import NatureDuJour, nature_du_jour
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from tests.noyau.jeu_journalier import (
    SITES,
    UAI,
    compteurs,
    heures_du_jour,
    puissance_constante,
    releves_journaliers,
    temperatures,
)

DEBUT, FIN = date(2025, 12, 1), date(2025, 12, 8)  # une semaine de classe, un lundi
HISTOIRE = date(2025, 10, 6)
AUJOURD_HUI = date(2026, 1, 15)
AUJOURD_HUI_2026 = date(2026, 6, 1)


def electricite(jour: date) -> float:
    """100 kWh par jour avant la période, 80 pendant ; 40 le 11 novembre (férié), 30 en vacances,
    160 le jeudi 16 octobre (il entre dans la référence du jeudi)."""
    if jour >= DEBUT:
        return 80.0
    if jour == date(2025, 11, 11):
        return 40.0
    if date(2025, 10, 18) <= jour <= date(2025, 11, 2):
        return 30.0
    return 160.0 if jour == date(2025, 10, 16) else 100.0


@pytest.fixture
def jeu(stockage):
    stockage.enregistrer_registre(SITES, compteurs())
    troues = {date(2025, 12, 3), date(2025, 11, 27)}  # un mercredi de la période, un jeudi de référence
    stockage.ecrire(releves_journaliers(UAI, "principal", electricite, HISTOIRE, FIN, troues))
    return stockage


def test_meme_jour_de_la_semaine_meme_nature_jours_incomplets_exclus(jeu):
    comparaison = comparer(jeu, Participant(UAI, Energie.ELECTRICITE), DEBUT, FIN, AUJOURD_HUI)
    mardi, mercredi, jeudi = comparaison.jours[1:4]
    # mardi 2 : le 11 novembre (férié) et les 28 et 21 octobre (vacances) sont sautés
    assert mardi.jours_reference == (date(2025, 11, 25), date(2025, 11, 18), date(2025, 11, 4), date(2025, 10, 14))
    assert (mardi.reel, mardi.reference) == (80.0, 100.0)
    assert (mercredi.exclu, mercredi.reel, mercredi.reference) == (INCOMPLET, None, None)
    # jeudi 4 : le 27 novembre est incomplet, les 30 et 23 octobre en vacances ; le 16 octobre compte 160
    assert jeudi.jours_reference == (date(2025, 11, 20), date(2025, 11, 13), date(2025, 11, 6), date(2025, 10, 16))
    assert jeudi.reference == pytest.approx((100 + 100 + 100 + 160) / 4)
    # six jours retenus : 6 × 80 réels contre 5 × 100 + 115 de référence
    assert comparaison.reel == pytest.approx(480.0)
    assert comparaison.reference == pytest.approx(615.0)
    assert comparaison.economie == pytest.approx(1 - 480 / 615)
    assert comparaison.economise == pytest.approx(135.0)
    assert comparaison.completude == pytest.approx(6 / 7)
    assert comparaison.correction_climatique == "sans_objet"  # le lycée a une chaufferie au gaz


@pytest.mark.parametrize("debut, fin", [
    (date(2026, 3, 23), date(2026, 3, 30)),  # le dimanche 29 mars (23 heures) est jugé
    (date(2026, 4, 20), date(2026, 4, 27)),  # il est l'un des jours de référence du dimanche 26 avril
])
def test_un_jour_de_changement_d_heure_ne_cree_aucune_economie(stockage, debut, fin):
    """Une charge plate de 12 kW : 276 kWh le 29 mars, 288 les autres jours ; comparés par heure,
    réel et référence sont égaux (comparés jour à jour : 12 kWh d'économie fantôme, ou 3 de perte)."""
    stockage.enregistrer_registre(SITES, compteurs())
    stockage.ecrire(releves_journaliers(UAI, "principal", puissance_constante(12.0), date(2026, 1, 5), fin))
    comparaison = comparer(stockage, Participant(UAI, Energie.ELECTRICITE), debut, fin, AUJOURD_HUI_2026)
    assert comparaison.completude == 1.0
    assert [j.reference for j in comparaison.jours] == pytest.approx([j.reel for j in comparaison.jours])
    assert comparaison.economise == pytest.approx(0.0, abs=1e-9)


def profil_internat(zone: str):
    """Un lycée à internat dans la zone : 4 kW un jour de classe ; un jour sans classe, 2,5 kW la
    veille d'un jour de classe (les internes rentrent le soir), 1 kW sinon."""
    puissances = {NatureDuJour.CLASSE: 4.0, NatureDuJour.VEILLE_DE_CLASSE: 2.5, NatureDuJour.SANS_CLASSE: 1.0}
    return lambda jour: puissances[nature_du_jour(jour, zone)] * heures_du_jour(jour)


def test_un_dimanche_avant_la_classe_est_compare_aux_dimanches_avant_la_classe(stockage):
    """Le dimanche 3 mai 2026 précède la reprise : ses jours de référence sont les dimanches
    d'avant une reprise (26 avril, 29, 22 et 15 mars), pas ceux des vacances de printemps."""
    stockage.enregistrer_registre(SITES, compteurs())
    stockage.ecrire(releves_journaliers(UAI, "principal", profil_internat("B"), date(2026, 1, 5), date(2026, 5, 4)))
    comparaison = comparer(stockage, Participant(UAI, Energie.ELECTRICITE), date(2026, 4, 27), date(2026, 5, 4), AUJOURD_HUI_2026)
    dimanche = comparaison.jours[-1]
    assert dimanche.jours_reference == (date(2026, 4, 26), date(2026, 3, 29), date(2026, 3, 22), date(2026, 3, 15))
    assert (dimanche.reel, dimanche.reference) == (60.0, pytest.approx(60.0))
    assert comparaison.economise == pytest.approx(0.0, abs=1e-9)


def test_la_zone_de_vacances_est_celle_du_lycee(stockage):
    """Un lycée déclaré en zone C (vacances de printemps du 18 avril au 3 mai 2026, la zone B du
    11 au 26 avril) : le lundi 4 mai est comparé aux lundis de classe de la zone C (13 avril,
    30, 23 et 16 mars), pas au 27 avril, jour de classe de la zone B."""
    stockage.enregistrer_registre(SITES, compteurs())
    enregistrer_horaires(stockage, UAI, {**en_json(horaires_du_lycee(stockage, UAI)), "zone": "C"})
    stockage.ecrire(releves_journaliers(UAI, "principal", profil_internat("C"), date(2026, 1, 5), date(2026, 5, 11)))
    comparaison = comparer(stockage, Participant(UAI, Energie.ELECTRICITE), date(2026, 5, 4), date(2026, 5, 11), AUJOURD_HUI_2026)
    assert comparaison.jours[0].jours_reference == (date(2026, 4, 13), date(2026, 3, 30), date(2026, 3, 23), date(2026, 3, 16))
    assert [j.reference for j in comparaison.jours] == pytest.approx([j.reel for j in comparaison.jours])


def test_jours_a_venir_et_sans_reference(jeu):
    comparaison = comparer(jeu, Participant(UAI, Energie.ELECTRICITE), DEBUT, FIN, aujourd_hui=date(2025, 12, 5))
    assert [j.exclu for j in comparaison.jours] == [None, None, INCOMPLET, None, A_VENIR, A_VENIR, A_VENIR]
    assert comparaison.economie == pytest.approx(1 - 240 / 315)
    # le sous-compteur n'a aucun relevé : rien n'est retenu, pas d'économie inventée
    vide = comparer(jeu, Participant(UAI, Energie.ELECTRICITE, "cantine"), DEBUT, FIN, AUJOURD_HUI)
    assert {j.exclu for j in vide.jours} == {INCOMPLET} and vide.economie is None and vide.completude == 0
    # une période au début de l'histoire n'a pas de jour de référence
    tot = comparer(jeu, Participant(UAI, Energie.ELECTRICITE), HISTOIRE, date(2025, 10, 7), AUJOURD_HUI)
    assert tot.jours[0].exclu == SANS_REFERENCE and tot.economie is None


def test_correction_climatique_du_chauffage(stockage):
    """Référence à 8 °C (10 DJU par jour), période à 13 °C (5 DJU) : la référence du gaz est
    divisée par deux ; 200 kWh par jour avant, 90 pendant : 10 % d'économie corrigée."""
    stockage.enregistrer_registre(SITES, compteurs())
    avant_apres = lambda avant, pendant: (lambda jour: pendant if jour >= DEBUT else avant)  # noqa: E731
    stockage.ecrire(releves_journaliers(UAI, "chaufferie", avant_apres(200.0, 90.0), date(2025, 11, 3), FIN)
                    + temperatures(UAI, avant_apres(8.0, 13.0), date(2025, 11, 3), FIN))
    comparaison = comparer(stockage, Participant(UAI, Energie.GAZ), DEBUT, FIN, AUJOURD_HUI)
    assert (comparaison.correction_climatique, comparaison.facteur_climatique) == ("appliquee", pytest.approx(0.5))
    assert comparaison.reference == pytest.approx(7 * 100.0)
    assert comparaison.economie == pytest.approx(0.1)


def test_sans_temperature_la_correction_est_impossible_et_signalee(stockage):
    stockage.enregistrer_registre(SITES, compteurs())
    stockage.ecrire(releves_journaliers(UAI, "chaufferie", lambda jour: 50.0, date(2025, 11, 3), FIN))
    comparaison = comparer(stockage, Participant(UAI, Energie.GAZ), DEBUT, FIN, AUJOURD_HUI)
    assert (comparaison.correction_climatique, comparaison.economie) == ("impossible", pytest.approx(0.0))


def test_part_chauffage():
    """Un compteur « chauffage » chauffe tout entier ; sinon la part par défaut de la trajectoire."""
    avec_gaz = compteurs()
    sans_usage = [replace(c, usage="") for c in avec_gaz]
    assert part_chauffage(Energie.GAZ, avec_gaz) == part_chauffage(Energie.GAZ, avec_gaz, "chaufferie") == 1.0
    assert part_chauffage(Energie.GAZ, sans_usage) == part_chauffage(Energie.CHALEUR, []) == 0.85
    assert part_chauffage(Energie.ELECTRICITE, avec_gaz) == part_chauffage(Energie.ELECTRICITE, avec_gaz, "cantine") == 0.0
    chauffage_electrique = [replace(c, usage="chauffage") if c.compteur == "cantine" else c for c in avec_gaz]
    assert part_chauffage(Energie.ELECTRICITE, chauffage_electrique, "cantine") == 1.0
    assert part_chauffage(Energie.EAU, avec_gaz) == 0.0


def test_annee_hors_du_calendrier_des_vacances(stockage):
    """Le calendrier des vacances s'arrête à 2028 : un jour ouvré de 2029 est exclu, jamais une
    erreur, et le dimanche aussi (on ne sait pas s'il précède un jour de classe) ; un samedi est
    sans classe et précède un dimanche, quelle que soit l'année."""
    stockage.enregistrer_registre(SITES, compteurs())
    stockage.ecrire(releves_journaliers(UAI, "principal", lambda jour: 10.0, date(2029, 1, 1), date(2029, 2, 8)))
    comparaison = comparer(stockage, Participant(UAI, Energie.ELECTRICITE), date(2029, 2, 1), date(2029, 2, 8), date(2030, 1, 1))
    assert [j.exclu for j in comparaison.jours] == [CALENDRIER_INCONNU] * 2 + [None] + [CALENDRIER_INCONNU] * 4
    assert comparaison.economie == 0.0 and comparaison.completude == pytest.approx(1 / 7)


def test_periode_invalide(jeu):
    with pytest.raises(DonneeInvalide, match="doit suivre"):
        comparer(jeu, Participant(UAI, Energie.ELECTRICITE), FIN, DEBUT)
    with pytest.raises(DonneeInvalide, match="trop longue"):
        comparer(jeu, Participant(UAI, Energie.ELECTRICITE), date(2024, 1, 1), date(2025, 6, 1))


def test_un_jour_ferme_est_compare_aux_jours_sans_classe(stockage):
    """Le vendredi 5 décembre 2025, le lycée est fermé (grève) : un jour sans classe, comparé aux
    vendredis sans classe d'avant (31 et 24 octobre, vacances de la Toussaint), pas aux vendredis de
    classe ; réel et référence égaux (1 kW), pas d'économie fantôme de 75 %."""
    stockage.enregistrer_registre(SITES, compteurs())
    horaires = enregistrer_horaires(stockage, UAI, {**declaration(stockage, UAI),
                                                    "fermetures": [{"debut": "2025-12-05", "fin": "2025-12-06", "motif": "Grève"}]})
    puissances = {NatureDuJour.CLASSE: 4.0, NatureDuJour.VEILLE_DE_CLASSE: 2.5, NatureDuJour.SANS_CLASSE: 1.0}
    stockage.ecrire(releves_journaliers(UAI, "principal", lambda jour: puissances[horaires.nature_du_jour(jour)] * heures_du_jour(jour),
                                        HISTOIRE, FIN))
    comparaison = comparer(stockage, Participant(UAI, Energie.ELECTRICITE), DEBUT, FIN, AUJOURD_HUI)
    vendredi = comparaison.jours[4]
    assert vendredi.jour == date(2025, 12, 5)
    assert vendredi.jours_reference == (date(2025, 10, 31), date(2025, 10, 24))
    assert (vendredi.reel, vendredi.reference) == (24.0, pytest.approx(24.0))
    assert comparaison.economise == pytest.approx(0.0, abs=1e-9)
