"""La part du numérique (noyau.calculs.numerique) sur chaque moteur, attendus calculés à la main.

Jeu : lycée A, électricité principale 20 kW, cantine 1 kW (sous-compteur, pas numérique), un
compteur de gaz marqué « numerique-serveurs » (pas de l'électricité : ignoré), et les deux
sous-compteurs numériques de tests/conftest.py (`serveurs` 2 kW en continu ; `salle-info` 4 kW
de 8 h à 18 h du lundi au vendredi, 0,5 kW sinon) ; un relevé par heure du 1er mars au 1er mai
2026. Horaires par défaut : 7 h 30 - 18 h 30 du lundi au vendredi ; zone B : vacances de
printemps du 11 au 26 avril, lundi de Pâques le 6 avril ; heure d'été le dimanche 29 mars.
"""

from datetime import datetime

import pytest

from noyau.calculs.numerique import CompteurNumerique, PartNumerique, est_numerique, par_m2, parc, part_numerique, parts_numeriques
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS, lire_borne
from tests.conftest import LYCEE_A, LYCEE_B, compteurs_numeriques, releves_numeriques

DEBUT, FIN = "2026-03-01", "2026-05-01"


def constant(compteur: str, kw: float) -> list[Releve]:
    debut, fin = lire_borne(DEBUT).timestamp(), lire_borne(FIN).timestamp()
    return [Releve(LYCEE_A.uai, compteur, Grandeur.INDEX_KWH, debut + 3600 * k, kw * k) for k in range(int((fin - debut) // 3600) + 1)]


@pytest.fixture
def lycee(stockage):
    stockage.enregistrer_registre([LYCEE_A, LYCEE_B], [
        Compteur(LYCEE_A.uai, "principal", Energie.ELECTRICITE, True, "général"),
        Compteur(LYCEE_A.uai, "cantine", Energie.ELECTRICITE, False, "cantine"),
        Compteur(LYCEE_A.uai, "chaufferie", Energie.GAZ, True, "numerique-serveurs", 10.0),
        Compteur(LYCEE_B.uai, "principal", Energie.ELECTRICITE, True, "général"),
        *compteurs_numeriques(),
    ])
    stockage.ecrire(constant("principal", 20.0) + constant("cantine", 1.0) + releves_numeriques(DEBUT, FIN))
    return stockage


def paris(texte: str) -> datetime:
    return lire_borne(texte)


def test_quatre_jours_autour_du_passage_a_l_heure_d_ete(lycee):
    """Du vendredi 27 au lundi 30 mars : 24 + 24 + 23 + 24 = 95 heures, 2 × 11 heures d'ouverture."""
    part = part_numerique(lycee, LYCEE_A.uai, paris("2026-03-27"), paris("2026-03-31"))
    salle, serveurs = part.compteurs  # dans l'ordre du registre
    assert (serveurs.compteur, serveurs.usage, serveurs.total, serveurs.hors_occupation) == ("serveurs", "numerique-serveurs", 190.0, 146.0)
    # salle : 47 kWh un jour de semaine (10 h à 4 kW, 14 h à 0,5), 12 le samedi, 11,5 le dimanche de 23 heures ;
    # ouverture 7 h 30 - 18 h 30 : 40 + 2 × 0,25 kWh par jour de classe
    assert (salle.total, salle.hors_occupation) == (117.5, 117.5 - 2 * 40.5)
    assert (part.total, part.hors_occupation, part.electricite) == (307.5, 182.5, 95 * 20.0)
    assert part.part_electricite == pytest.approx(307.5 / 1900)
    assert part.co2_kg == pytest.approx(307.5 * 0.052)
    assert part.complet and all(c.complet for c in part.compteurs)


def test_mois_par_mois(lycee):
    """Mars : 743 heures, 22 jours de classe ; avril : 720 heures, 11 jours de classe (lundi de
    Pâques, vacances du 11 au 26), 22 jours de semaine ; la salle allumée les jours de vacances
    en semaine compte hors occupation."""
    mars, avril = parts_numeriques(lycee, LYCEE_A.uai, paris(DEBUT), paris(FIN), Pas.MOIS)
    assert (mars.debut, mars.fin, avril.fin) == (paris(DEBUT).timestamp(), paris("2026-04-01").timestamp(), paris(FIN).timestamp())
    assert [(c.total, c.hors_occupation) for c in mars.compteurs] == [(1141.5, 1141.5 - 22 * 40.5), (1486.0, 1486.0 - 22 * 22.0)]
    assert [(c.total, c.hors_occupation) for c in avril.compteurs] == [(1130.0, 1130.0 - 11 * 40.5), (1440.0, 1440.0 - 11 * 22.0)]
    assert (mars.electricite, avril.electricite) == (743 * 20.0, 720 * 20.0)
    assert mars.complet and avril.complet
    entier = part_numerique(lycee, LYCEE_A.uai, paris(DEBUT), paris(FIN))  # les mois font la période
    assert (entier.total, entier.hors_occupation) == (mars.total + avril.total, mars.hors_occupation + avril.hors_occupation)


def test_bornes_au_milieu_d_une_heure_et_au_dela_des_releves(lycee):
    demi = part_numerique(lycee, LYCEE_A.uai, paris("2026-03-30T07:30:00+02:00"), paris("2026-03-30T08:30:00+02:00"))
    assert [(c.total, c.hors_occupation) for c in demi.compteurs] == [(0.25 + 2.0, 0.0), (2.0, 0.0)]
    au_dela = part_numerique(lycee, LYCEE_A.uai, paris("2026-04-30"), paris("2026-05-03"))
    assert au_dela.total == 2 * 24 + 47 and not au_dela.complet  # rien après le 1er mai : incomplet


def test_lycee_sans_compteur_numerique_et_parc(lycee):
    sans = part_numerique(lycee, LYCEE_B.uai, paris("2026-03-27"), paris("2026-03-31"))
    assert (sans.compteurs, sans.total, sans.part_electricite, sans.complet) == ([], 0, None, False)
    (lycee_a, part), = parc(lycee, paris("2026-03-27"), paris("2026-03-31"))
    assert lycee_a == LYCEE_A and part.total == 307.5
    assert par_m2(LYCEE_A, part) == pytest.approx(307.5 / 21000)


def test_est_numerique():
    def compteur(usage, energie=Energie.ELECTRICITE):
        return Compteur(LYCEE_A.uai, "c", energie, False, usage)

    assert [est_numerique(compteur(u)) for u in ("numerique", "numerique-serveurs", "numerique-imprimantes")] == [True] * 3
    assert [est_numerique(compteur(u)) for u in ("numeriques", "Numerique", "serveurs numerique", "")] == [False] * 4
    assert not est_numerique(compteur("numerique-serveurs", Energie.GAZ))


@pytest.mark.parametrize(("electricite", "attendue"), [(None, None), (0.0, None), (50.0, None), (400.0, 0.25)])
def test_part_de_l_electricite(electricite, attendue):
    """Une fraction entre 0 et 1, ou rien : sans électricité, ou moins d'électricité que de numérique."""
    part = PartNumerique(LYCEE_A.uai, 0.0, 3600.0, [CompteurNumerique("serveurs", "numerique-serveurs", 100.0, 50.0, True)],
                         electricite, True)
    assert part.part_electricite == attendue


def test_memes_nombres_sur_les_deux_moteurs(stockage_sqlite, stockage_influxdb):
    resultats = []
    for stockage in (stockage_sqlite, stockage_influxdb):
        stockage.enregistrer_registre([LYCEE_A], [Compteur(LYCEE_A.uai, "principal", Energie.ELECTRICITE, True), *compteurs_numeriques()])
        stockage.ecrire(constant("principal", 20.0) + releves_numeriques(DEBUT, "2026-03-10"))
        resultats.append(parts_numeriques(stockage, LYCEE_A.uai, datetime(2026, 3, 2, 9, 15, tzinfo=PARIS), paris("2026-03-11"), Pas.JOUR))
    assert resultats[0] == resultats[1] and not resultats[0][-1].complet
