"""Les jetons : échéance, révocation, rôles et lycée, sur un vrai fichier SQLite."""

import pytest

from noyau.communaute.jetons import (
    ECRIRE_ACTIONS,
    ECRIRE_DEFIS,
    ECRIRE_REGISTRE,
    ECRIRE_SUIVI,
    authentifier,
    autoriser,
    autoriser_participants,
    codes_geres,
    creer_jeton,
    empreinte,
    identifiant,
    revoquer_jeton,
)
from noyau.domaine.erreurs import AccesRefuse, DonneeInvalide, Interdit
from noyau.domaine.temps import maintenant
from noyau.stockage import Jeton
from tests.conftest import LYCEE_A, LYCEE_B


@pytest.fixture
def registre(stockage):
    stockage.enregistrer_registre([LYCEE_A, LYCEE_B])
    return stockage


def test_un_jeton_valide_est_reconnu(registre):
    valeur = creer_jeton(registre, "gestionnaire", LYCEE_A.uai.lower(), duree_jours=30)
    jeton = authentifier(registre, valeur)
    assert (jeton.role, jeton.uai) == ("gestionnaire", LYCEE_A.uai)
    assert jeton.expire_le - jeton.cree_le == 30 * 86400


@pytest.mark.parametrize("valeur, message", [(None, "jeton manquant"), ("", "jeton manquant"), ("n-importe-quoi", "jeton inconnu")])
def test_pas_de_jeton_ou_jeton_inconnu(registre, valeur, message):
    with pytest.raises(AccesRefuse, match=message):
        authentifier(registre, valeur)


def test_jeton_expire_puis_jeton_revoque(registre):
    registre.enregistrer_jeton(Jeton(empreinte("vieux"), "region", None, maintenant() - 100, maintenant() - 1))
    with pytest.raises(AccesRefuse, match="jeton expiré"):
        authentifier(registre, "vieux")
    valeur = creer_jeton(registre, "region", None, duree_jours=None)
    assert authentifier(registre, valeur).expire_le is None
    revoquer_jeton(registre, empreinte(valeur)[:12].upper())
    with pytest.raises(AccesRefuse, match="jeton révoqué"):
        authentifier(registre, valeur)


def test_revoquer_demande_un_identifiant_sans_ambiguite(registre):
    with pytest.raises(DonneeInvalide, match="trop court"):
        revoquer_jeton(registre, "ab")
    with pytest.raises(DonneeInvalide, match="aucun jeton"):
        revoquer_jeton(registre, "0123456789ab")


def test_role_et_lycee(registre):
    gestionnaire = Jeton("x", "gestionnaire", LYCEE_A.uai, 0.0)
    autoriser(gestionnaire, ("region", "gestionnaire"), LYCEE_A.uai)
    with pytest.raises(Interdit, match=f"que pour le lycée {LYCEE_A.uai}"):
        autoriser(gestionnaire, ("region", "gestionnaire"), LYCEE_B.uai)
    with pytest.raises(Interdit, match="le rôle eco-delegue ne permet pas"):
        autoriser(Jeton("y", "eco-delegue", LYCEE_A.uai, 0.0), ("region", "gestionnaire"), LYCEE_A.uai)
    autoriser(Jeton("z", "region", None, 0.0), ("region",), LYCEE_B.uai)
    with pytest.raises(Interdit):
        autoriser(gestionnaire, ("region",), None)


def test_creation_refusee(registre):
    with pytest.raises(DonneeInvalide, match="lycée inconnu"):
        creer_jeton(registre, "eco-delegue", "0750654D")
    with pytest.raises(DonneeInvalide, match="durée invalide"):
        creer_jeton(registre, "region", None, duree_jours=0)


def test_enseignant_ecrit_defis_et_actions_eco_delegue_actions_seulement(registre):
    """Contrat, section 4 : les rôles permis de chaque écriture, dits une fois."""
    enseignant, eleves = Jeton("e", "enseignant", LYCEE_A.uai, 0.0), Jeton("d", "eco-delegue", LYCEE_A.uai, 0.0)
    for roles in (ECRIRE_DEFIS, ECRIRE_ACTIONS):
        autoriser(enseignant, roles, LYCEE_A.uai)
    autoriser(eleves, ECRIRE_ACTIONS, LYCEE_A.uai)
    for jeton, roles in ((eleves, ECRIRE_DEFIS), (enseignant, ECRIRE_SUIVI), (eleves, ECRIRE_SUIVI), (enseignant, ECRIRE_REGISTRE)):
        with pytest.raises(Interdit, match=f"le rôle {jeton.role} ne permet pas"):
            autoriser(jeton, roles, LYCEE_A.uai)
    autoriser_participants(enseignant, {LYCEE_A.uai, LYCEE_B.uai})
    with pytest.raises(Interdit, match="il doit participer"):
        autoriser_participants(enseignant, {LYCEE_B.uai})


def test_codes_crees_et_revoques_par_la_region_ou_le_gestionnaire_de_son_lycee(registre):
    region = authentifier(registre, creer_jeton(registre, "region", None))
    gestionnaire = authentifier(registre, creer_jeton(registre, "gestionnaire", LYCEE_A.uai, par=region))
    classe = creer_jeton(registre, "eco-delegue", LYCEE_A.uai, duree_jours=30, par=gestionnaire)
    creer_jeton(registre, "enseignant", LYCEE_A.uai, par=gestionnaire)
    creer_jeton(registre, "eco-delegue", LYCEE_B.uai, par=region)
    for role, uai, message in (("gestionnaire", LYCEE_A.uai, "ne crée ni ne révoque de code gestionnaire"),
                               ("eco-delegue", LYCEE_B.uai, f"ne vaut que pour le lycée {LYCEE_A.uai}")):
        with pytest.raises(Interdit, match=message):
            creer_jeton(registre, role, uai, par=gestionnaire)
    with pytest.raises(Interdit, match="ne crée ni ne révoque"):
        creer_jeton(registre, "eco-delegue", LYCEE_A.uai, par=authentifier(registre, classe))
    assert [(j.role, j.uai) for j in codes_geres(registre, gestionnaire)] == [("eco-delegue", LYCEE_A.uai), ("enseignant", LYCEE_A.uai)]
    assert len(codes_geres(registre, region)) == 5
    autre_lycee = next(j for j in registre.jetons() if j.uai == LYCEE_B.uai)
    with pytest.raises(Interdit, match=f"ne vaut que pour le lycée {LYCEE_A.uai}"):
        revoquer_jeton(registre, identifiant(autre_lycee), par=gestionnaire)
    assert registre.jeton(autre_lycee.empreinte).revoque_le is None  # rien d'écrit
    revoquer_jeton(registre, empreinte(classe)[:12], par=gestionnaire)
    with pytest.raises(AccesRefuse, match="jeton révoqué"):
        authentifier(registre, classe)
