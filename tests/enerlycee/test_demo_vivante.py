"""Le scénario de la démonstration rangé comme `enerlycee demo` le range (enerlycee.demo_historique,
enerlycee.demo_communaute), puis lu par les fonctions du noyau que les pages affichent : les
nombres que le produit calcule disent bien ce que le scénario a planté.

Quatre lycées, un premier lancement fixé au lundi 16 mars 2026 à 10 h 30 (rien ne dépend du jour
où le test tourne), l'historique depuis le 13 septembre 2024 (18 mois et la veille).
"""

from datetime import date, datetime

import pytest

from capteurs_sim.communaute import plan
from capteurs_sim.generation import Generateur
from capteurs_sim.lycees import compteurs, lycees, sites
from enerlycee.demo_communaute import semer
from enerlycee.demo_historique import debut_de_l_historique, ranger_historique
from noyau.calculs.trajectoire import trajectoire_site
from noyau.communaute.actions import actions, effet
from noyau.communaute.alertes import Seuils, alertes, verifier_tout
from noyau.communaute.defis import classement, defis
from noyau.communaute.objectifs import objectifs, suivre
from noyau.domaine.identifiants import Energie
from noyau.domaine.temps import PARIS
from noyau.stockage import ouvrir_stockage

CHOISIS = lycees(4)
LANCEMENT = datetime(2026, 3, 16, 10, 30, tzinfo=PARIS)
J = LANCEMENT.date()
REFERENCE = J.replace(day=1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    stockage = ouvrir_stockage(f"sqlite:///{tmp_path_factory.mktemp('demo')}/enerlycee.db")
    stockage.enregistrer_registre(sites(CHOISIS), compteurs(CHOISIS))
    generateur = Generateur(CHOISIS, 42, REFERENCE, lancement=LANCEMENT.timestamp())
    debut = datetime.combine(debut_de_l_historique(J), datetime.min.time(), PARIS).timestamp()
    fin = LANCEMENT.timestamp() // 3600 * 3600
    ranger_historique(stockage, generateur.messages_historique(debut, fin, 3600))
    communaute = plan(CHOISIS, 42, J, generateur.pannes.ecarts[:1])
    semer(stockage, communaute, J.year)
    verifier_tout(stockage, Seuils(jours_examines=int((fin - debut) // 86400)), fin)
    yield stockage, generateur.pannes, communaute
    stockage.fermer()


def test_l_historique_couvre_l_an_passe_entier():
    assert debut_de_l_historique(J) == date(2024, 9, 13)  # 548 jours avant, et la veille
    assert debut_de_l_historique(date(2026, 12, 6)) == date(2024, 12, 31)
    assert debut_de_l_historique(date(2026, 12, 6), mois=3) == date(2026, 9, 6)


def test_chaque_incident_leve_son_alerte(demo):
    stockage, pannes, _ = demo
    levees = {(a.uai, a.regle, a.jour) for l in CHOISIS for a in alertes(stockage, l.uai)}
    for s in pannes.surconsommations:
        assert (s.ecart.uai, s.regle, s.jour) in levees
    trou = next(c for c in pannes.coupures if not c.rattrapage and c.fin - c.debut == 8 * 3600)
    assert (trou.uai, "kit-silencieux", datetime.fromtimestamp(trou.debut - 3600, PARIS).date()) in levees
    assert all(alertes(stockage, l.uai) for l in CHOISIS)


def test_la_quarantaine_et_le_kit_muet(demo):
    stockage, pannes, _ = demo
    assert {m.motif for m in stockage.motifs_rejet()} == {f.motif for f in pannes.fautifs}
    muet = next(c for c in pannes.coupures if c.compteur)
    recus = {(s.uai, s.compteur): s.dernier_recu for s in stockage.series()}
    assert recus[(muet.uai, muet.compteur)] < muet.debut
    autres = [recu for cle, recu in recus.items() if cle != (muet.uai, muet.compteur) and "salle" not in cle[1]]
    assert min(autres) >= LANCEMENT.timestamp() - 2 * 3600


def test_les_actions_ont_l_effet_que_le_produit_mesure(demo):
    stockage, _, communaute = demo
    prevues = {(a.uai, a.geste.titre, a.jour): a for a in communaute.actions}
    mesurees = [(prevues[(a.uai, a.titre, a.jour)], effet(stockage, a, J)) for l in CHOISIS for a in actions(stockage, l.uai)]
    assert len(mesurees) == len(communaute.actions)
    for prevue, mesure in mesurees:
        if prevue.ecart and prevue.ecart.usage.value == "electricite" and mesure.completude == 1.0:
            assert mesure.economie > 0.01, prevue  # une vraie baisse, mesurée contre les semaines d'avant
    assert any(p.ecart is None and m.economie is not None and abs(m.economie) < 0.03 for p, m in mesurees)


def test_les_defis_et_leurs_vainqueurs(demo):
    stockage, _, communaute = demo
    annonce, fini, en_cours = sorted(defis(stockage), key=lambda d: d.cree_le)
    assert annonce.debut > J and fini.fin < J and en_cours.debut <= J < en_cours.fin
    premier = classement(stockage, fini, J)[0]
    a_agi = {a.uai for a in communaute.actions if a.jour == fini.debut and a.ecart}
    assert premier.rang == 1 and premier.comparaison.participant.uai in a_agi
    assert all(ligne.comparaison.economie is not None for ligne in classement(stockage, en_cours, J))


def test_objectifs_atteints_ou_manques_et_trajectoires(demo):
    stockage, _, _ = demo
    statuts = {m.statut for l in CHOISIS for o in objectifs(stockage, l.uai) for m in suivre(stockage, o).mois}
    assert {"atteint", "depasse"} <= statuts
    for lycee in CHOISIS:
        for energie in (Energie.ELECTRICITE, lycee.chauffage):
            suivie = trajectoire_site(stockage, lycee.uai, energie, J.year - 1, J.year)
            assert suivie.reference > 0 and (suivie.reference_complete or suivie.reference_declaree)
    declaree = trajectoire_site(stockage, CHOISIS[0].uai, Energie.ELECTRICITE, J.year - 1, J.year)
    mesuree = trajectoire_site(stockage, CHOISIS[1].uai, Energie.ELECTRICITE, J.year - 1, J.year)
    assert (declaree.annee_reference, declaree.reference_declaree) == (2019, True)
    assert (mesuree.annee_reference, mesuree.reference_declaree, mesuree.reference_complete) == (2025, False, True)
