"""Les actions : validation (pas de donnée personnelle), rangement, effet calculé à la main."""

from datetime import date

import pytest

from noyau.communaute.actions import JOURS_EFFET, action, actions, creer_action, effet
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import Energie
from tests.noyau.jeu_journalier import JOUR_ACTION, UAI, UAI_B, ecrire_jeu_action

JOUR = JOUR_ACTION
AUJOURD_HUI = date(2026, 1, 15)


@pytest.fixture
def jeu(stockage):
    ecrire_jeu_action(stockage)
    return stockage


def test_effet_d_une_action_vacances_comparees_aux_vacances(jeu):
    extinction = creer_action(jeu, UAI, "Extinction des écrans le soir", "eco-geste", JOUR, "electricite", groupe="éco-délégués")
    comparaison = effet(jeu, extinction, AUJOURD_HUI)
    assert (comparaison.debut, comparaison.fin, len(comparaison.jours)) == (JOUR, date(2025, 12, 29), JOURS_EFFET)
    # lundi 22 décembre (vacances de Noël) : comparé aux lundis des vacances de la Toussaint
    lundi_22 = comparaison.jours[21]
    assert lundi_22.jours_reference == (date(2025, 10, 27), date(2025, 10, 20))
    # 15 jours de classe à 80 contre 100, 13 jours sans classe (8 de week-end, 5 de vacances) à 30 contre 30
    assert comparaison.reel == pytest.approx(15 * 80 + 13 * 30)
    assert comparaison.reference == pytest.approx(15 * 100 + 13 * 30)
    assert comparaison.economie == pytest.approx(300 / 1890)
    assert comparaison.completude == 1.0


def test_rangement_lecture_et_periode(jeu):
    premiere = creer_action(jeu, UAI, "Réglage de la chaudière", "intervention", date(2025, 11, 5), compteur="chaufferie")
    seconde = creer_action(jeu, UAI, "Défi lumière", "eco-geste", JOUR, "electricite", "cantine", "2nde B")
    assert premiere.energie is Energie.GAZ and seconde.compteur == "cantine"
    assert [d.uai for d in jeu.documents("actions")] == [UAI, UAI]
    assert actions(jeu, UAI) == [premiere, seconde] and actions(jeu, UAI_B) == []
    assert actions(jeu, UAI, debut=date(2025, 11, 6)) == [seconde]
    assert actions(jeu, UAI, fin=date(2025, 12, 1)) == [premiere]
    assert action(jeu, UAI, seconde.identifiant) == seconde
    with pytest.raises(Introuvable, match="action inconnue"):
        action(jeu, UAI_B, seconde.identifiant)


@pytest.mark.parametrize("champs, message", [
    ({"groupe": "contact : eleve@lycee.fr"}, "pas de donnée personnelle"),
    ({"description": "appeler le 06 12 34 56 78"}, "pas de donnée personnelle"),
    ({"groupe": "x" * 41}, "groupe trop long : 40"),
    ({"titre": " "}, "titre obligatoire"),
    ({"type": "fete"}, "type d'action inconnu"),
    ({"energie": None}, "energie obligatoire"),
    ({"energie": "gaz", "compteur": "principal"}, "compte electricite, pas gaz"),
    ({"energie": None, "compteur": "sonde-exterieure"}, "est une sonde"),
])
def test_actions_refusees(jeu, champs, message):
    demande = {"titre": "Action", "type": "eco-geste", "jour": JOUR, "energie": "electricite"} | champs
    with pytest.raises(DonneeInvalide, match=message):
        creer_action(jeu, UAI, **demande)
    assert jeu.documents("actions") == []


def test_lycee_ou_compteur_inconnu(jeu):
    with pytest.raises(Introuvable, match="lycée inconnu"):
        creer_action(jeu, "0750654D", "Action", "eco-geste", JOUR, "electricite")
    with pytest.raises(Introuvable, match="compteur inconnu"):
        creer_action(jeu, UAI, "Action", "eco-geste", JOUR, compteur="absent")
