"""Les jetons : échéance, révocation, rôles et lycée, sur un vrai fichier SQLite."""

import pytest

from noyau.communaute.jetons import authentifier, autoriser, creer_jeton, empreinte, revoquer_jeton
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
