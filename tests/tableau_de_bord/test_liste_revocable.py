"""Le composant « liste + retrait » des codes d'accès et des abonnements (tableau_de_bord.liste_revocable),
rendu dans le contexte Flask sur un vrai fichier SQLite : le titre, le tableau sous son identifiant
(l'identifiant en première colonne, en en-tête de ligne) ou le texte du vide, puis le formulaire de
retrait à un champ. Le retrait lui-même est éprouvé en navigateur (test_navigateur_acces.py,
test_navigateur_alertes.py)."""

import pytest
from dash import html

from noyau.communaute.abonnements import creer_abonnement
from noyau.communaute.jetons import creer_jeton, empreinte, identifiant
from noyau.communaute.messages import RYTHMES
from tableau_de_bord import ids
from tableau_de_bord.pages.abonnements import ABONNEMENTS
from tableau_de_bord.pages.codes import CODES
from tests.conftest import LYCEE_A
from tests.tableau_de_bord.conftest import composants, lignes_du_tableau, texte_de

pytestmark = pytest.mark.usefixtures("contexte")


def test_liste_puis_formulaire_de_retrait(stockage_rempli):
    region = stockage_rempli.jeton(empreinte(creer_jeton(stockage_rempli, "region", None)))
    gestion = stockage_rempli.jeton(empreinte(creer_jeton(stockage_rempli, "gestionnaire", LYCEE_A.uai, par=region)))
    abonnement = creer_abonnement(stockage_rempli, gestion, "courriel", "gestion@lycee-a.fr", LYCEE_A.uai, [], "immediat")

    titre, liste, formulaire = ABONNEMENTS.rendu(gestion)
    assert (titre.children, liste.id) == ("Vos abonnements", ids.ABONNEMENTS_LISTE)
    [table] = composants(liste, html.Table)
    assert [texte_de(e) for e in composants(table, html.Th)][:8] == [
        "Identifiant", "Canal", "Destination", "Lycée", "Règles", "Rythme", "Heures calmes", "Envois"]
    assert lignes_du_tableau(table) == [[abonnement.identifiant, "courriel", "gestion@lycee-a.fr", LYCEE_A.nom, "toutes",
                                         RYTHMES["immediat"], "aucune", "à jour"]]
    assert texte_de(formulaire).startswith("Se désabonner Identifiant de l'abonnement")
    assert texte_de(ABONNEMENTS.tableau(region)) == "Aucun abonnement pour ce code d'accès."

    [codes] = composants(CODES.rendu(region)[1], html.Table)
    assert [ligne[:3] for ligne in lignes_du_tableau(codes)] == [[identifiant(region), "Région", "tous"],
                                                                  [identifiant(gestion), "gestionnaire", LYCEE_A.nom]]
    assert texte_de(CODES.tableau(gestion)) == "Aucun code pour l'instant."
