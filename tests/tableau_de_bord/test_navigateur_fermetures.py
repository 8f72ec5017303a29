"""Les fermetures particulières dans un vrai navigateur (Chromium) : le gestionnaire d'un lycée en
déclare, les voit, en retire une, sur la page de son lycée ; une date illisible ou un motif avec une
adresse électronique donnent leur erreur sous le champ ; les horaires enregistrés ensuite les
gardent ; axe-core : aucune violation grave ou critique, erreurs comprises."""

from datetime import date

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from noyau.calculs.horaires import horaires_du_lycee
from noyau.communaute.jetons import creer_jeton, empreinte
from noyau.stockage import ouvrir_stockage
from tests.conftest import LYCEE_A, compteurs_du_jeu, releves_du_jeu
from tests.tableau_de_bord.navigateur import (
    ATTENTE_S,
    accessible,
    attendre_texte,
    envoyer,
    etat,
    saisir,
    sans_chromium,
    sans_erreur,
    se_connecter,
)

pytestmark = sans_chromium

CHOIX = "lycee-fermeture-retirer-fermeture"


@pytest.fixture(scope="module")
def stockage(tmp_path_factory):
    """Le lycée A et ses cinq semaines de relevés en mars 2026 (tests/conftest.py)."""
    ouvert = ouvrir_stockage(f"sqlite:///{tmp_path_factory.mktemp('fermetures')}/enerlycee.db")
    ouvert.enregistrer_registre([LYCEE_A], [c for c in compteurs_du_jeu() if c.uai == LYCEE_A.uai])
    ouvert.ecrire([r for r in releves_du_jeu() if r.uai == LYCEE_A.uai])
    yield ouvert
    ouvert.fermer()


def libelles(pilote) -> list[str]:
    return [e.text for e in pilote.find_elements(By.CSS_SELECTOR, f"#{CHOIX} label")]


def erreur_sous(pilote, champ: str, debut: str) -> None:
    """L'erreur sous le champ, reliée à lui (aria-describedby, aria-invalid), et le focus sur le premier en erreur."""
    WebDriverWait(pilote, ATTENTE_S).until(lambda p: p.find_element(By.ID, f"{champ}-erreur").text.startswith(debut))
    WebDriverWait(pilote, ATTENTE_S).until(lambda p: f"{champ}-erreur" in (p.find_element(By.ID, champ).get_attribute("aria-describedby") or ""))
    assert pilote.find_element(By.ID, champ).get_attribute("aria-invalid") == "true"


def test_le_gestionnaire_declare_voit_et_retire_une_fermeture(adresse, navigateur, axe, stockage):
    code = creer_jeton(stockage, "gestionnaire", LYCEE_A.uai)
    se_connecter(navigateur, adresse, code, f"/lycee/{LYCEE_A.uai}?fin=2026-04-01")
    attendre_texte(navigateur, "Déclarer une fermeture")
    attendre_texte(navigateur, "Aucune fermeture déclarée.")
    accessible(navigateur, axe)

    # une date illisible et un motif avec une adresse électronique : rien n'est écrit, chaque erreur sous son champ
    saisir(navigateur, "lycee-fermeture-debut", "mercredi 11")
    saisir(navigateur, "lycee-fermeture-motif", "Grève, écrire à cpe@lycee.fr")
    envoyer(navigateur, "lycee-fermeture")
    etat(navigateur, "lycee-fermeture", "2 champs à corriger")
    erreur_sous(navigateur, "lycee-fermeture-debut", "un jour attendu, AAAA-MM-JJ")
    erreur_sous(navigateur, "lycee-fermeture-motif", "motif : pas de donnée personnelle")
    WebDriverWait(navigateur, ATTENTE_S).until(
        lambda p: p.switch_to.active_element.get_attribute("id") == "lycee-fermeture-debut")
    accessible(navigateur, axe)  # l'état d'erreur
    assert horaires_du_lycee(stockage, LYCEE_A.uai).fermetures == ()

    # une journée pédagogique passée (le 11 mars 2026, la fin vide : ce seul jour), puis un pont à venir
    saisir(navigateur, "lycee-fermeture-debut", "2026-03-11")
    saisir(navigateur, "lycee-fermeture-motif", "Journée pédagogique")
    envoyer(navigateur, "lycee-fermeture")
    etat(navigateur, "lycee-fermeture", "Fermeture enregistrée : le 11/03/2026, Journée pédagogique.")
    saisir(navigateur, "lycee-fermeture-debut", "13/05/2099")
    saisir(navigateur, "lycee-fermeture-fin", "15/05/2099")
    saisir(navigateur, "lycee-fermeture-motif", "Pont de l'Ascension")
    envoyer(navigateur, "lycee-fermeture")
    etat(navigateur, "lycee-fermeture", "Fermeture enregistrée : du 13/05/2099 au 15/05/2099")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: len(libelles(p)) == 2)
    assert libelles(navigateur) == ["Du 13/05/2099 au 15/05/2099 : Pont de l'Ascension (à venir)",
                                    "Le 11/03/2026 : Journée pédagogique (passée)"]
    attendre_texte(navigateur, "2 fermetures : à venir d'abord, puis passées.")
    declarees = horaires_du_lycee(stockage, LYCEE_A.uai)
    assert [(f.debut, f.fin, f.motif) for f in declarees.fermetures] == [
        (date(2026, 3, 11), date(2026, 3, 12), "Journée pédagogique"), (date(2099, 5, 13), date(2099, 5, 16), "Pont de l'Ascension")]
    assert not declarees.est_jour_de_classe(date(2026, 3, 11))
    accessible(navigateur, axe)

    # les horaires enregistrés par leur formulaire gardent les fermetures
    saisir(navigateur, "lycee-horaires-lundi", "08:00-17:00")
    envoyer(navigateur, "lycee-horaires")
    etat(navigateur, "lycee-horaires", "Horaires enregistrés")
    assert len(horaires_du_lycee(stockage, LYCEE_A.uai).fermetures) == 2

    # retirer : sans choix, l'erreur sous la liste ; puis la journée pédagogique
    envoyer(navigateur, "lycee-fermeture-retirer")
    etat(navigateur, "lycee-fermeture-retirer", "1 champ à corriger")
    assert navigateur.find_element(By.ID, f"{CHOIX}-erreur").text == "choisissez une fermeture"
    navigateur.find_element(By.XPATH, f"//*[@id='{CHOIX}']//label[contains(., 'Journée pédagogique')]").click()
    envoyer(navigateur, "lycee-fermeture-retirer")
    etat(navigateur, "lycee-fermeture-retirer", "Fermeture retirée : le 11/03/2026, Journée pédagogique.")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: len(libelles(p)) == 1)
    assert libelles(navigateur) == ["Du 13/05/2099 au 15/05/2099 : Pont de l'Ascension (à venir)"]
    assert [f.motif for f in horaires_du_lycee(stockage, LYCEE_A.uai).fermetures] == ["Pont de l'Ascension"]

    journal = [d.contenu["action"] for d in stockage.documents("ecritures") if d.contenu["jeton"] == empreinte(code)[:12]]
    assert journal == [f"PUT /api/v1/sites/{LYCEE_A.uai}/horaires (tableau de bord)"] * 4
    accessible(navigateur, axe)
    sans_erreur(navigateur)
