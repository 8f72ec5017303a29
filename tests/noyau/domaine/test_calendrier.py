"""Le calendrier scolaire du noyau : fériés, vacances par zone, horaires, changements d'heure."""

from datetime import UTC, date, datetime

import numpy as np
import pytest

from capteurs_sim.contexte import contexte
from noyau.domaine.calendrier import (
    CalendrierScolaire,
    HorairesOuverture,
    NatureDuJour,
    debut_de_saison,
    est_ferie,
    est_jour_de_classe,
    est_saison_de_chauffe,
    est_vacances,
    nature_du_jour,
    nom_des_vacances,
    nom_du_ferie,
    zone_de_l_academie,
)
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import PARIS


def test_vacances_d_hiver_2025_propres_a_la_zone_b():
    jour = date(2025, 2, 10)  # zone B : 8 au 24 février 2025
    assert est_vacances(jour, "B")
    assert not est_vacances(jour, "A") and not est_vacances(jour, "C")
    assert nom_des_vacances(jour, "B") == "Vacances d'hiver"
    assert not est_jour_de_classe(jour, "B") and est_jour_de_classe(jour, "A")


def test_toussaint_et_rentree():
    assert est_vacances(date(2026, 10, 26), "B")
    assert est_jour_de_classe(date(2026, 11, 2), "B")


def test_jours_feries():
    assert est_ferie(date(2026, 5, 25)) and nom_du_ferie(date(2026, 5, 25)) == "Lundi de Pentecôte"
    assert est_ferie(date(2026, 11, 11))
    assert not est_jour_de_classe(date(2026, 11, 11))
    assert not est_ferie(date(2026, 11, 12)) and est_jour_de_classe(date(2026, 11, 12))


def test_nature_du_jour_veilles_de_classe():
    """Le dimanche 1er novembre 2026 précède la rentrée de la Toussaint, le 25 octobre non ; le
    jeudi de l'Ascension (14 mai 2026) précède un vendredi de classe. Au-delà des années connues
    des vacances : None."""
    assert nature_du_jour(date(2026, 10, 25), "B") is NatureDuJour.SANS_CLASSE
    assert nature_du_jour(date(2026, 11, 1), "B") is NatureDuJour.VEILLE_DE_CLASSE
    assert nature_du_jour(date(2026, 11, 2), "B") is NatureDuJour.CLASSE
    assert nature_du_jour(date(2026, 5, 14), "B") is NatureDuJour.VEILLE_DE_CLASSE
    assert nature_du_jour(date(2029, 2, 4), "B") is None


def test_week_end_jamais_jour_de_classe():
    assert not est_jour_de_classe(date(2026, 11, 28))  # un samedi
    assert not est_jour_de_classe(date(2026, 11, 29))


def test_academie_de_rennes_en_zone_b():
    assert zone_de_l_academie("Rennes") == "B"
    assert zone_de_l_academie("creteil") == "C"
    with pytest.raises(DonneeInvalide):
        zone_de_l_academie("Atlantide")


def test_annee_sans_donnees_de_vacances():
    with pytest.raises(DonneeInvalide, match="vacances scolaires inconnues"):
        est_vacances(date(2090, 1, 5))


def test_horaires_du_lycee_type():
    horaires = HorairesOuverture.lycee()
    assert horaires.est_ouvert(datetime(2026, 12, 1, 9, 0, tzinfo=PARIS))  # mardi
    assert not horaires.est_ouvert(datetime(2026, 12, 1, 18, 0, tzinfo=PARIS))
    assert horaires.est_ouvert(datetime(2026, 12, 2, 12, 0, tzinfo=PARIS))  # mercredi matin
    assert not horaires.est_ouvert(datetime(2026, 12, 2, 14, 0, tzinfo=PARIS))  # mercredi après-midi
    assert not horaires.est_ouvert(datetime(2026, 12, 5, 10, 0, tzinfo=PARIS))  # samedi
    with pytest.raises(DonneeInvalide):
        horaires.est_ouvert(datetime(2026, 12, 1, 9, 0))


def test_horaires_lus_a_l_heure_de_paris_des_deux_cotes_du_changement_d_heure():
    horaires = HorairesOuverture.lycee()
    # 6 h 30 UTC : 7 h 30 en heure d'hiver (vendredi 27 mars), 8 h 30 en heure d'été (lundi 30)
    assert not horaires.est_ouvert(datetime(2026, 3, 27, 6, 30, tzinfo=UTC))
    assert horaires.est_ouvert(datetime(2026, 3, 30, 6, 30, tzinfo=UTC))


def test_en_cours_seulement_un_jour_de_classe():
    calendrier = CalendrierScolaire("B")
    assert calendrier.est_en_cours(datetime(2026, 12, 1, 10, tzinfo=PARIS))
    assert not calendrier.est_en_cours(datetime(2026, 12, 22, 10, tzinfo=PARIS))  # vacances de Noël


def test_contexte_du_jour_du_passage_a_l_heure_d_ete():
    debut = datetime(2026, 3, 29, tzinfo=PARIS).timestamp()
    fin = datetime(2026, 3, 30, tzinfo=PARIS).timestamp()
    instants = np.arange(debut, fin, 3600.0)
    assert len(instants) == 23
    c = contexte(instants, CalendrierScolaire())
    assert 2.0 not in c.heure and c.heure[2] == 3.0
    assert not c.classe.any()  # un dimanche
    assert c.internat[-6:].all()  # les internes rentrent le dimanche soir


def test_saison_de_chauffe_du_1er_octobre_au_20_mai():
    assert [est_saison_de_chauffe(date(2026, m, j)) for m, j in ((9, 30), (10, 1), (1, 15), (5, 20), (5, 21))] == [
        False, True, True, True, False]
    assert [debut_de_saison(date(2026, m, 1)) for m in (3, 7, 10, 12)] == [
        date(2025, 10, 1), date(2025, 10, 1), date(2026, 10, 1), date(2026, 10, 1)]
