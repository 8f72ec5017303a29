"""La file des alertes et les abonnements dans un vrai navigateur : la Région trie et traite la file
(l'état et la note changés se voient aussitôt, journalisés avec son code), s'abonne et se
désabonne ; la file est refusée aux autres rôles, et le gestionnaire traite les alertes de son
lycée sur sa page."""

from datetime import date

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from noyau.communaute.abonnements import abonnements_de
from noyau.communaute.file_alertes import Alerte, alertes_du_parc, ranger
from noyau.communaute.jetons import creer_jeton, empreinte
from noyau.communaute.regles import Regle
from noyau.domaine.temps import maintenant
from noyau.stockage import ouvrir_stockage
from tableau_de_bord import ids
from tests.conftest import LYCEE_A, LYCEE_B, compteurs_du_jeu
from tests.tableau_de_bord.navigateur import (
    ATTENTE_S,
    accessible,
    attendre_texte,
    chromium,
    envoyer,
    etat,
    saisir,
    sans_chromium,
    sans_erreur,
    script_axe,
    se_connecter,
    se_deconnecter,
    servir,
)

pytestmark = sans_chromium

NUIT_A = f"{LYCEE_A.uai}-nuit-electricite-2026-03-10"
SILENCE_B = f"{LYCEE_B.uai}-kit-silencieux-2026-03-12"
OBJECTIF_A = f"{LYCEE_A.uai}-objectif-o1-2026-02"


@pytest.fixture(scope="module")
def stockage(tmp_path_factory):
    ouvert = ouvrir_stockage(f"sqlite:///{tmp_path_factory.mktemp('alertes')}/enerlycee.db")
    ouvert.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
    levee = maintenant()
    for identifiant, uai, regle, jour, message in (
        (OBJECTIF_A, LYCEE_A.uai, Regle.OBJECTIF, date(2026, 2, 1), "Objectif « Moins 10 % » dépassé en février 2026."),
        (NUIT_A, LYCEE_A.uai, Regle.NUIT, date(2026, 3, 10), "Nuit du 09/03 au 10/03/2026 (0 h - 5 h) : électricité à 9,0 kW."),
        (SILENCE_B, LYCEE_B.uai, Regle.KIT_SILENCIEUX, date(2026, 3, 12), "Kit silencieux : aucun relevé d'énergie."),
        (f"{LYCEE_A.uai}-week-end-electricite-2026-03-07", LYCEE_A.uai, Regle.WEEK_END, date(2026, 3, 7), "Week-end du 07/03/2026."),
    ):
        ranger(ouvert, Alerte(identifiant, uai, regle, jour, message, {"energie": "electricite"}, levee_le=levee, modifiee_le=levee))
    yield ouvert
    ouvert.fermer()


@pytest.fixture(scope="module")
def adresse(stockage):
    with servir(stockage) as adresse_du_serveur:
        yield adresse_du_serveur


@pytest.fixture(scope="module")
def navigateur(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("profil")) as pilote:
        yield pilote


def _lignes(pilote) -> list[str]:
    return [ligne.text for ligne in pilote.find_elements(By.CSS_SELECTOR, f"#{ids.FILE_ALERTES_LISTE} tbody tr")]


def test_la_region_traite_la_file_puis_s_abonne(adresse, navigateur, stockage):
    axe = script_axe()
    region = creer_jeton(stockage, "region", None)
    se_connecter(navigateur, adresse, region, "/alertes")
    attendre_texte(navigateur, "4 alertes ouvertes", (By.ID, ids.FILE_ALERTES_LISTE))
    lignes = _lignes(navigateur)  # gravité haute, puis la plus ancienne, puis l'objectif (faible)
    assert [ligne.split(" ")[0] for ligne in lignes] == ["haute", "moyenne", "moyenne", "faible"]
    assert LYCEE_B.nom in lignes[0] and "Week-end" in lignes[1] and NUIT_A in lignes[2] and OBJECTIF_A in lignes[3]
    accessible(navigateur, axe)

    saisir(navigateur, "file-alertes-identifiant", "inconnue")
    envoyer(navigateur, "file-alertes")
    etat(navigateur, "file-alertes", "1 champ à corriger")
    assert navigateur.find_element(By.ID, "file-alertes-identifiant-erreur").text == "aucune alerte de cet identifiant"
    accessible(navigateur, axe)

    saisir(navigateur, "file-alertes-identifiant", NUIT_A)
    saisir(navigateur, "file-alertes-note", "Ventilation du gymnase restée en marche : agent prévenu")
    envoyer(navigateur, "file-alertes")  # « prise en charge » est l'état proposé
    etat(navigateur, "file-alertes", f"Alerte {NUIT_A} : prise en charge")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: any("prise en charge" in ligne and "agent prévenu" in ligne
                                                             for ligne in _lignes(p)))
    [nuit] = [a for a in alertes_du_parc(stockage) if a.identifiant == NUIT_A]
    assert (nuit.etat, nuit.par) == ("prise-en-charge", empreinte(region)[:12])
    [journal] = [d.contenu for d in stockage.documents("ecritures") if d.contenu["objet"] == NUIT_A]
    assert journal["action"] == f"PATCH /api/v1/sites/{LYCEE_A.uai}/alertes/{NUIT_A} (tableau de bord)"

    saisir(navigateur, "file-alertes-identifiant", NUIT_A)
    saisir(navigateur, "file-alertes-note", "")
    navigateur.find_element(By.XPATH, "//label[normalize-space()='Résolue']").click()
    envoyer(navigateur, "file-alertes")
    etat(navigateur, "file-alertes", f"Alerte {NUIT_A} : résolue")
    attendre_texte(navigateur, "3 alertes ouvertes", (By.ID, ids.FILE_ALERTES_LISTE))  # résolue : sortie de la file
    assert not any(NUIT_A in ligne for ligne in _lignes(navigateur))
    accessible(navigateur, axe)
    sans_erreur(navigateur)

    navigateur.find_element(By.LINK_TEXT, "Abonnements").click()
    attendre_texte(navigateur, "S'abonner aux alertes")
    navigateur.find_element(By.XPATH, "//label[normalize-space()='Webhook (POST JSON signé)']").click()
    saisir(navigateur, "abonnements-creer-destination", "https://outils.region.example/alertes")
    navigateur.find_element(By.XPATH, "//label[normalize-space()='Kit silencieux']").click()
    navigateur.find_element(By.XPATH, "//label[normalize-space()='Résumé quotidien (7 h)']").click()
    envoyer(navigateur, "abonnements-creer")
    etat(navigateur, "abonnements-creer", "créé : actif aussitôt")
    [abonnement] = abonnements_de(stockage, stockage.jeton(empreinte(region)))
    assert (abonnement.canal, abonnement.uai, abonnement.regles, abonnement.rythme) == ("webhook", None, ("kit-silencieux",), "quotidien")
    attendre_texte(navigateur, abonnement.secret, (By.ID, ids.ABONNEMENTS_NOUVEAU))  # montré une fois
    attendre_texte(navigateur, "https://outils.region.example/alertes", (By.ID, ids.ABONNEMENTS_LISTE))
    accessible(navigateur, axe)
    saisir(navigateur, "abonnements-supprimer-identifiant", abonnement.identifiant)
    envoyer(navigateur, "abonnements-supprimer")
    etat(navigateur, "abonnements-supprimer", "supprimé")
    attendre_texte(navigateur, "Aucun abonnement pour ce code d'accès.", (By.ID, ids.ABONNEMENTS_LISTE))
    assert stockage.documents("abonnements") == []
    sans_erreur(navigateur)
    se_deconnecter(navigateur)


def test_la_file_est_refusee_aux_autres_roles_et_le_gestionnaire_traite_sur_sa_page(adresse, navigateur, stockage):
    navigateur.get(f"{adresse}/alertes")
    if navigateur.find_elements(By.ID, ids.DECONNEXION):
        se_deconnecter(navigateur)
        navigateur.get(f"{adresse}/alertes")
    attendre_texte(navigateur, "Traiter la file des alertes : avec un code d'accès Région")
    for role in ("enseignant", "eco-delegue"):
        se_connecter(navigateur, adresse, creer_jeton(stockage, role, LYCEE_A.uai), "/alertes")
        attendre_texte(navigateur, "La file des alertes est réservée à la Région")
        assert not navigateur.find_elements(By.ID, ids.FILE_ALERTES_LISTE)
        navigateur.get(f"{adresse}/abonnements")
        attendre_texte(navigateur, "réservé aux codes d'accès Région ou gestionnaire")  # adultes seulement
        assert not navigateur.find_elements(By.ID, "abonnements-creer-envoyer")
    gestion = creer_jeton(stockage, "gestionnaire", LYCEE_A.uai)
    se_connecter(navigateur, adresse, gestion, "/alertes")
    attendre_texte(navigateur, "La file des alertes de tout le parc est réservée à la Région")
    assert not navigateur.find_elements(By.ID, ids.FILE_ALERTES_LISTE)
    navigateur.find_element(By.LINK_TEXT, "la page de votre lycée").click()
    attendre_texte(navigateur, "Changer l'état d'une alerte")
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, ids.LYCEE_ALERTES), "[nouvelle]"))
    saisir(navigateur, "lycee-alerte-identifiant", SILENCE_B)  # une alerte d'un autre lycée : refusée
    envoyer(navigateur, "lycee-alerte")
    etat(navigateur, "lycee-alerte", "1 champ à corriger")
    assert navigateur.find_element(By.ID, "lycee-alerte-identifiant-erreur").text == "aucune alerte de cet identifiant pour ce lycée"
    saisir(navigateur, "lycee-alerte-identifiant", OBJECTIF_A)
    navigateur.find_element(By.XPATH, "//label[normalize-space()='Fausse alerte']").click()
    saisir(navigateur, "lycee-alerte-note", "Compteur remplacé en février")
    envoyer(navigateur, "lycee-alerte")
    etat(navigateur, "lycee-alerte", f"Alerte {OBJECTIF_A} : fausse alerte")
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, ids.LYCEE_ALERTES), "[fausse alerte]"))
    [objectif] = [a for a in alertes_du_parc(stockage) if a.identifiant == OBJECTIF_A]
    assert (objectif.etat, objectif.note, objectif.par) == ("fausse-alerte", "Compteur remplacé en février", empreinte(gestion)[:12])
    sans_erreur(navigateur)
    se_deconnecter(navigateur)
