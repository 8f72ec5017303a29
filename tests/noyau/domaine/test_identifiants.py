import pytest

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import est_uai_valide, valider_compteur, valider_uai


def test_uai_du_contrat():
    assert valider_uai("0750654d") == "0750654D"
    assert est_uai_valide("0350028R") and not est_uai_valide("0350028A")
    with pytest.raises(DonneeInvalide, match="devrait être R"):
        valider_uai("0350028A")


@pytest.mark.parametrize("nom", ["", "-x", "Principal", "a" * 64, "é"])
def test_compteur_invalide(nom):
    with pytest.raises(DonneeInvalide):
        valider_compteur(nom)
