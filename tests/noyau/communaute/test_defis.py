"""Les défis : création validée, rangement en documents, classement calculé à la main."""

from datetime import date

import pytest

from noyau.communaute.defis import accepter_invitation, classement, clore_defi, creer_defi, defi, defis, organisateur
from noyau.communaute.referentiel import INCOMPLET
from noyau.domaine.erreurs import DonneeInvalide, Interdit, Introuvable
from tests.noyau.jeu_journalier import SITES, UAI, UAI_B, compteurs, releves_journaliers

DEBUT, FIN = date(2025, 12, 1), date(2025, 12, 8)
AUJOURD_HUI = date(2026, 1, 15)


def avant_pendant(avant: float, pendant: float):
    return lambda jour: pendant if jour >= DEBUT else avant


@pytest.fixture
def jeu(stockage):
    """Lycée A : 100 kWh par jour avant, 80 pendant (20 %) ; lycée B : 50 puis 45 (10 %), le
    mercredi 3 décembre incomplet ; la cantine de A sans aucun relevé."""
    stockage.enregistrer_registre(SITES, compteurs(UAI) + compteurs(UAI_B))
    stockage.ecrire(releves_journaliers(UAI, "principal", avant_pendant(100.0, 80.0), date(2025, 11, 3), FIN)
                    + releves_journaliers(UAI_B, "principal", avant_pendant(50.0, 45.0), date(2025, 11, 3), FIN,
                                          troues={date(2025, 12, 3)}))
    return stockage


def test_classement_entre_lycees(jeu):
    cree = creer_defi(jeu, "  Défi de décembre ", "electricite", DEBUT, FIN, [(UAI_B.lower(), None), (UAI, None)])
    assert defi(jeu, cree.identifiant) == cree and cree.nom == "Défi de décembre"
    [document] = jeu.documents("defis")
    assert document.uai is None  # entre lycées : à aucun lycée
    premier, second = classement(jeu, cree, AUJOURD_HUI)
    assert (premier.rang, premier.comparaison.participant.uai) == (1, UAI)
    assert premier.comparaison.economie == pytest.approx(0.2)
    assert premier.comparaison.economise == pytest.approx(7 * 20.0)
    assert premier.comparaison.completude == 1.0
    assert (second.rang, second.comparaison.participant.uai) == (2, UAI_B)
    assert second.comparaison.economie == pytest.approx(0.1)
    assert second.comparaison.economise == pytest.approx(6 * 5.0)
    assert second.comparaison.completude == pytest.approx(6 / 7)
    assert second.comparaison.jours[2].exclu == INCOMPLET


def test_defi_interne_et_defis_d_un_lycee(jeu):
    entre_lycees = creer_defi(jeu, "Région", "electricite", DEBUT, FIN, [(UAI, None), (UAI_B, None)])
    interne = creer_defi(jeu, "Bâtiments", "electricite", DEBUT, FIN, [(UAI, "principal"), (UAI, "cantine")])
    assert [d.uai for d in jeu.documents("defis")] == [None, UAI]
    assert defis(jeu, UAI) == [entre_lycees, interne] and defis(jeu, UAI_B) == [entre_lycees]
    principal, cantine = classement(jeu, interne, AUJOURD_HUI)
    assert (principal.rang, principal.comparaison.economie) == (1, pytest.approx(0.2))
    assert (cantine.rang, cantine.comparaison.economie, cantine.comparaison.completude) == (None, None, 0.0)


@pytest.mark.parametrize("participants, message", [
    ([(UAI, None)], "de 2 à"),
    ([(UAI, None), (UAI, None)], "deux fois"),
    ([(UAI, None), (UAI, "cantine")], "soit des lycées"),
    ([(UAI, "principal"), (UAI_B, "principal")], "soit des lycées"),
    ([(UAI, "principal"), (UAI, "chaufferie")], "ne compte pas electricite"),
    ([(UAI, None), ("0350028A", None)], "UAI invalide"),
])
def test_defis_refuses(jeu, participants, message):
    with pytest.raises(DonneeInvalide, match=message):
        creer_defi(jeu, "Défi", "electricite", DEBUT, FIN, participants)
    assert jeu.documents("defis") == []


def test_refus_de_la_periode_du_nom_et_des_inconnus(jeu):
    with pytest.raises(DonneeInvalide, match="doit suivre"):
        creer_defi(jeu, "Défi", "electricite", FIN, DEBUT, [(UAI, None), (UAI_B, None)])
    with pytest.raises(DonneeInvalide, match="nom obligatoire"):
        creer_defi(jeu, " ", "electricite", DEBUT, FIN, [(UAI, None), (UAI_B, None)])
    with pytest.raises(Introuvable, match="lycée inconnu : 0750654D"):
        creer_defi(jeu, "Défi", "electricite", DEBUT, FIN, [(UAI, None), ("0750654D", None)])
    with pytest.raises(Introuvable, match="compteur inconnu"):
        creer_defi(jeu, "Défi", "electricite", DEBUT, FIN, [(UAI, "principal"), (UAI, "absent")])
    with pytest.raises(Introuvable, match="défi inconnu"):
        defi(jeu, "abc")


def test_invitation_acceptee_puis_defi_clos(jeu):
    """Lancé par A, le défi invite B (classé dès le départ : ses données sont publiques) ; B
    accepte ; A le clôt le 5 : les 1er-4 décembre seuls sont jugés. Relu du stockage à chaque pas."""
    lance = creer_defi(jeu, "Défi de décembre", "electricite", DEBUT, FIN, [(UAI, None), (UAI_B, None)], organisateur=UAI)
    assert (lance.organisateur, lance.acceptes, lance.invites, organisateur(lance)) == (UAI, (UAI,), [UAI_B], UAI)
    assert [ligne.rang for ligne in classement(jeu, lance, AUJOURD_HUI)] == [1, 2]
    with pytest.raises(DonneeInvalide, match="doit participer"):
        creer_defi(jeu, "Défi", "electricite", DEBUT, FIN, [(UAI, None), (UAI_B, None)], organisateur="0750654D")

    accepte = accepter_invitation(jeu, lance.identifiant, UAI_B)
    assert defi(jeu, lance.identifiant) == accepte and accepte.acceptes == (UAI, UAI_B) and accepte.invites == []
    with pytest.raises(DonneeInvalide, match="déjà accepté"):
        accepter_invitation(jeu, lance.identifiant, UAI_B)
    with pytest.raises(Interdit, match="n'est pas invité"):
        accepter_invitation(jeu, lance.identifiant, "0750654D")

    with pytest.raises(Interdit, match="seul le lycée qui a lancé"):
        clore_defi(jeu, lance.identifiant, date(2025, 12, 5), par=UAI_B)
    clos = clore_defi(jeu, lance.identifiant, date(2025, 12, 5), par=UAI)
    assert defi(jeu, lance.identifiant) == clos and (clos.clos_le, clos.fin_jugee) == (date(2025, 12, 5), date(2025, 12, 5))
    premier, second = classement(jeu, clos, AUJOURD_HUI)
    assert len(premier.comparaison.jours) == 4 and premier.comparaison.economie == pytest.approx(0.2)
    assert second.comparaison.completude == pytest.approx(3 / 4)  # le 3, incomplet, reste exclu
    assert defis(jeu) == [clos]  # toujours à son rang de création
    with pytest.raises(DonneeInvalide, match="déjà clos"):
        clore_defi(jeu, lance.identifiant, date(2025, 12, 6))


def test_defi_de_la_region_accepte_de_tous_et_defi_fini(jeu):
    region = creer_defi(jeu, "Défi", "electricite", DEBUT, FIN, [(UAI, None), (UAI_B, None)])
    assert (region.acceptes, region.invites, organisateur(region)) == ((UAI, UAI_B), [], None)
    with pytest.raises(Interdit, match="seul le lycée qui a lancé"):
        clore_defi(jeu, region.identifiant, DEBUT, par=UAI)
    with pytest.raises(DonneeInvalide, match="déjà fini"):
        clore_defi(jeu, region.identifiant, FIN)
    interne = creer_defi(jeu, "Bâtiments", "electricite", DEBUT, FIN, [(UAI, "principal"), (UAI, "cantine")])
    assert organisateur(interne) == UAI
