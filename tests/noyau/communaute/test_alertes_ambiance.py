"""Les alertes `surchauffe`, `co2` et `chauffage-inoccupe` sur le jeu de tests/jeu_ambiance.py étendu
au 16 mars 2026 (deux semaines finies, 16 et 23 mars, et le week-end du passage à l'heure d'été) :
la salle B12 à 21 °C en cours, au-dessus de 1 500 ppm de 10 h à 12 h chaque jour de classe, à 17 °C
lycée vide ; la salle C01 à 19 °C tout le temps."""

from datetime import date

import pytest

from noyau.communaute.alertes import Seuils, alertes, verifier_site
from noyau.communaute.file_alertes import changer_etat
from noyau.domaine.modele import Compteur, Grandeur, Releve
from noyau.domaine.temps import lire_borne
from tests.conftest import LYCEE_A, LYCEE_B
from tests.jeu_ambiance import UAI, compteurs, releves

MARDI_31 = lire_borne("2026-03-31").timestamp()


@pytest.fixture
def salles(stockage):
    stockage.enregistrer_registre([LYCEE_A], compteurs())
    stockage.ecrire(releves("2026-03-16", "2026-03-31"))
    return stockage


def par_regle(liste, regle: str) -> list:
    return sorted((a for a in liste if a.regle == regle), key=lambda a: a.jour)


def test_surchauffe_par_semaine_finie_une_alerte_par_episode(salles):
    seuils = Seuils(jours_examines=15, surchauffe_c=20.5)
    (premiere,) = par_regle(verifier_site(salles, UAI, seuils, MARDI_31), "surchauffe")
    assert (premiere.identifiant, premiere.jour) == (f"{UAI}-surchauffe-2026-03-16", date(2026, 3, 16))
    assert premiere.message.startswith("Semaine du 16/03/2026 : salles trop chauffées pendant les cours (salle B12 à 21,0 °C")
    assert premiere.details["salles"] == [{"salle": "salle B12", "valeur": 21.0, "jours": []}]
    assert par_regle(verifier_site(salles, UAI, seuils, MARDI_31), "surchauffe") == []  # encore ouverte : la semaine du 23 aussi
    changer_etat(salles, UAI, premiere.identifiant, "resolue")
    assert [a.jour for a in par_regle(verifier_site(salles, UAI, seuils, MARDI_31), "surchauffe")] == [date(2026, 3, 23)]


def test_pas_de_surchauffe_a_21_degres(salles):
    assert par_regle(verifier_site(salles, UAI, Seuils(jours_examines=15), MARDI_31), "surchauffe") == []  # pas au-delà


def test_pas_de_surchauffe_les_jours_doux(stockage):
    """13 °C dehors : une salle occupée n'a plus besoin de chauffage ; trop chaude, elle l'est sans lui."""
    stockage.enregistrer_registre([LYCEE_A], compteurs())
    stockage.ecrire(releves("2026-03-16", "2026-03-31", exterieur=13.0))
    assert par_regle(verifier_site(stockage, UAI, Seuils(jours_examines=15, surchauffe_c=20.5), MARDI_31), "surchauffe") == []


def test_co2_une_heure_de_cours_entiere_au_dessus_de_1500(salles):
    (semaine,) = par_regle(verifier_site(salles, UAI, Seuils(jours_examines=15), MARDI_31), "co2")
    assert semaine.jour == date(2026, 3, 16)
    (b12,) = semaine.details["salles"]
    assert (b12["salle"], b12["valeur"], len(b12["jours"])) == ("salle B12", 10.0, 5)  # 10 h - 12 h, du lundi au vendredi
    assert "salle B12 10 h (lundi, mardi, mercredi, jeudi, vendredi)" in semaine.message


def test_salles_chauffees_lycee_vide_par_fermeture(salles):
    fermetures = par_regle(verifier_site(salles, UAI, Seuils(jours_examines=15), MARDI_31), "chauffage-inoccupe")
    assert [a.identifiant for a in fermetures] == [f"{UAI}-chauffage-inoccupe-2026-03-20", f"{UAI}-chauffage-inoccupe-2026-03-27"]
    assert [s["salle"] for s in fermetures[1].details["salles"]] == ["salle C01", "salle B12"]  # 19 °C, puis 17 °C
    assert fermetures[1].message.startswith("Lycée vide depuis le 27/03/2026 à 19:00 : salles encore chauffées passé 24 h")


def test_une_seule_fois_et_rien_sans_sonde_de_salle(salles):
    premieres = verifier_site(salles, UAI, Seuils(jours_examines=15), MARDI_31)
    assert verifier_site(salles, UAI, Seuils(jours_examines=15), MARDI_31) == []
    assert {a.regle for a in alertes(salles, UAI)} == {a.regle for a in premieres} == {"co2", "chauffage-inoccupe"}
    salles.enregistrer_registre([LYCEE_B], [Compteur(LYCEE_B.uai, "sonde-exterieure", None, False, "température extérieure")])
    salles.ecrire([Releve(LYCEE_B.uai, "sonde-exterieure", Grandeur.TEMPERATURE_C, MARDI_31 - 86400 * k, 25.0) for k in range(1, 9)])
    assert verifier_site(salles, LYCEE_B.uai, Seuils(jours_examines=15), MARDI_31) == []
