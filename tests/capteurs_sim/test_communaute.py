"""Le plan de la communauté simulée : un passé, un présent et un avenir pour chaque lycée."""

from datetime import date, datetime, timedelta

import numpy as np
import pytest

from capteurs_sim.communaute import plan
from capteurs_sim.contexte import contexte
from capteurs_sim.ecarts import Usage
from capteurs_sim.generation import Generateur
from capteurs_sim.lycees import lycees, sites
from noyau.calculs.horaires import enregistrer_horaires
from noyau.domaine.calendrier import est_jour_de_classe
from noyau.domaine.identifiants import Energie
from noyau.domaine.temps import PARIS

J = date(2026, 12, 6)


@pytest.mark.parametrize("nombre", [1, 3, 9, 24])
def test_chaque_lycee_a_sa_vie(nombre):
    choisis = lycees(nombre)
    communaute = plan(choisis, 42, J)
    assert communaute == plan(choisis, 42, J)
    annonce, fini, en_cours = communaute.defis
    assert J < annonce.debut and fini.fin < J - timedelta(weeks=4) and en_cours.debut <= J < en_cours.fin
    assert all(d.debut.weekday() == 0 for d in communaute.defis)
    for lycee in choisis:
        assert communaute.horaires[lycee.uai]["internat"] == lycee.internat
        assert {o.energie for o in communaute.objectifs if o.uai == lycee.uai} == {Energie.ELECTRICITE, lycee.chauffage}
        assert any(a.uai == lycee.uai for a in communaute.actions)
        if nombre > 1:
            assert lycee.uai in {uai for uai, _ in fini.participants + en_cours.participants}
    assert all(len(d.participants) >= 2 for d in communaute.defis)


def test_objectifs_references_et_actions_dates():
    communaute = plan(lycees(24), 42, J)
    assert {(o.debut, o.fin) for o in communaute.objectifs} == {(date(2026, 8, 1), date(2027, 8, 1))}
    assert len(communaute.objectifs) == 48 and 36 <= len(communaute.actions) <= 72
    assert len({r.uai for r in communaute.references}) == 8 and all(r.annee == 2019 for r in communaute.references)
    for action in communaute.actions:
        assert action.jour < J
        if action.geste.en_saison_de_chauffe:
            assert action.jour.month in (10, 11, 12, 1, 2, 3)
        assert (action.ecart is None) == (action.geste.facteur == 1.0)
    assert all(est_jour_de_classe(a.jour) for a in communaute.actions if a.ecart is not None)
    assert {a.geste.usage for a in communaute.actions} == set(Usage)


def test_ceux_qui_menent_les_defis_ont_agi_le_premier_jour():
    communaute = plan(lycees(24), 42, J)
    _, fini, en_cours = communaute.defis
    for defi, rang in ((fini, 0), (fini, 1), (en_cours, 0)):
        uai = defi.participants[rang][0]
        assert any(a.uai == uai and a.jour == defi.debut and a.ecart for a in communaute.actions)


def test_le_premier_lycee_declare_ses_fermetures_et_ses_kits_les_suivent(stockage):
    """Une journée pédagogique un mois avant J (le mercredi 4 novembre 2026), des travaux trois
    semaines après (les 5 et 6 janvier 2027, après les vacances de Noël) : déclarées par le noyau
    comme l'API les range, et vécues par les kits du lycée, ces jours-là sans classe."""
    choisis = lycees(3)
    horaires = plan(choisis, 42, J).horaires
    assert [(f["debut"], f["fin"]) for f in horaires[choisis[0].uai]["fermetures"]] == [
        ("2026-11-04", "2026-11-05"), ("2027-01-05", "2027-01-07")]
    assert all(horaires[l.uai]["fermetures"] == [] for l in choisis[1:])
    stockage.enregistrer_registre(sites(choisis), [])
    declares = enregistrer_horaires(stockage, choisis[0].uai, horaires[choisis[0].uai])
    assert not declares.est_jour_de_classe(date(2026, 11, 4)) and declares.est_jour_de_classe(date(2026, 11, 5))
    kits = Generateur(choisis, 42, J, lancement=datetime(2026, 12, 6, 10, tzinfo=PARIS).timestamp()).kits
    midi = np.array([datetime(2026, 11, 4, 12, tzinfo=PARIS).timestamp()])
    assert [bool(contexte(midi, kit.calendrier).classe[0]) for kit in kits] == [False, True, True]
