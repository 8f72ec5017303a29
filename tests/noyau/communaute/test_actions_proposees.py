"""Le référentiel des actions : ses clés, et l'énergie d'une action qui vise tout le lycée."""

import pytest

from noyau.communaute.actions_confort import ACTIONS_PROPOSEES
from noyau.communaute.actions_proposees import REFERENTIEL, energie_visee, proposition
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie


def test_le_referentiel_contient_les_actions_de_confort_et_des_cles_uniques():
    assert len({p.cle for p in REFERENTIEL}) == len(REFERENTIEL)
    assert {a.titre for a in ACTIONS_PROPOSEES} <= {p.titre for p in REFERENTIEL}
    with pytest.raises(DonneeInvalide, match="choisissez une action du référentiel"):
        proposition(None)


def test_l_energie_visee_est_celle_de_l_usage_dans_le_lycee():
    chauffage, fuites = proposition("baisser-consigne"), proposition("fuites")
    assert energie_visee(chauffage, [Energie.ELECTRICITE, Energie.CHALEUR]) is Energie.CHALEUR
    assert energie_visee(fuites, [Energie.ELECTRICITE]) is Energie.EAU
    assert energie_visee(proposition("veilles"), []) is Energie.ELECTRICITE
    with pytest.raises(DonneeInvalide, match="aucune énergie de chauffage"):
        energie_visee(chauffage, [Energie.ELECTRICITE])
