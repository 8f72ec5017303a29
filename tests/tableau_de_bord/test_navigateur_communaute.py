"""Les formulaires des défis et des actions (page des élèves) dans un vrai navigateur, un parcours
par rôle : se connecter avec un code, écrire, voir le résultat où il se voit, se déconnecter ; et
les refus propres à ces formulaires (un autre lycée, un rôle qui ne le permet pas, sans jeton
CSRF, code révoqué, session expirée). La connexion elle-même et les refus des formulaires du
gestionnaire sont vérifiés dans test_navigateur_acces.py."""

import json
from dataclasses import replace
from datetime import date

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from noyau.communaute.actions import actions
from noyau.communaute.defis import defis
from noyau.communaute.jetons import creer_jeton, empreinte, revoquer_jeton
from noyau.communaute.sessions import DUREE_MAX_S
from noyau.domaine.temps import maintenant
from noyau.stockage import ouvrir_stockage
from tableau_de_bord import ids
from tests.conftest import LYCEE_A, LYCEE_B, compteurs_du_jeu, releves_du_jeu
from tests.tableau_de_bord.navigateur import (
    ATTENTE_S,
    ESPION,
    accessible,
    attendre_graphique,
    attendre_texte,
    envoyer,
    etat,
    saisir,
    sans_chromium,
    sans_erreur,
    se_connecter,
    se_deconnecter,
)

pytestmark = sans_chromium

ELEVES_A, ELEVES_B = f"/eleves?uai={LYCEE_A.uai}", f"/eleves?uai={LYCEE_B.uai}"
DEFIS = f"{ids.ELEVES_SUIVI}-0"
ACTIONS = f"{ids.ELEVES_SUIVI}-3"


@pytest.fixture(scope="module")
def stockage(tmp_path_factory):
    """Deux lycées, cinq semaines de relevés en mars 2026 (tests/conftest.py)."""
    ouvert = ouvrir_stockage(f"sqlite:///{tmp_path_factory.mktemp('communaute')}/enerlycee.db")
    ouvert.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
    ouvert.ecrire(releves_du_jeu())
    yield ouvert
    ouvert.fermer()


def cocher(pilote, champ: str, libelle: str) -> None:
    """Une case ou un bouton radio du champ, par son libellé."""
    element = pilote.find_element(By.XPATH, f"//*[@id='{champ}']//label[normalize-space()=\"{libelle}\"]")
    pilote.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def forger_le_lycee(pilote, uai: str) -> None:
    """Le lycée de la page changé dans le navigateur : la requête suivante le porte."""
    pilote.execute_script(f"dash_clientside.set_props('{ids.ELEVES_PARAMETRES}', {{data: {{uai: '{uai}', fin: '2026-04-01'}}}});")


def lancer_le_defi(pilote, nom: str, debut: str, fin: str) -> None:
    saisir(pilote, "eleves-defi-nom", nom)
    saisir(pilote, "eleves-defi-debut", debut)
    saisir(pilote, "eleves-defi-fin", fin)
    envoyer(pilote, "eleves-defi")


def test_l_enseignant_lance_un_defi_l_autre_lycee_l_accepte_puis_il_est_clos(adresse, navigateur, axe, stockage):
    enseignant_a = creer_jeton(stockage, "enseignant", LYCEE_A.uai)
    se_connecter(navigateur, adresse, enseignant_a, ELEVES_A)
    attendre_texte(navigateur, "Lancer un défi")
    for formulaire in ("eleves-defi", "eleves-invitation", "eleves-cloture", "eleves-action"):
        assert navigateur.find_elements(By.ID, f"{formulaire}-envoyer")
    attendre_texte(navigateur, "Pas encore de défi pour notre lycée", (By.ID, DEFIS))
    accessible(navigateur, axe)

    lancer_le_defi(navigateur, "", "2026-03-23", "22/03/2026")  # sans nom ni invité, la fin avant le début
    etat(navigateur, "eleves-defi", "3 champs à corriger")
    assert navigateur.find_element(By.ID, "eleves-defi-nom-erreur").text == "valeur manquante"
    assert navigateur.find_element(By.ID, "eleves-defi-lycees-erreur").text == "cochez au moins un lycée à inviter"
    assert navigateur.find_element(By.ID, "eleves-defi-fin-erreur").text == "le dernier jour suit le premier"
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: p.switch_to.active_element.get_attribute("id") == "eleves-defi-nom")
    accessible(navigateur, axe)  # l'état d'erreur
    lancer_le_defi(navigateur, "Défi de mars", "2026-03-23", "2026-03-29")
    etat(navigateur, "eleves-defi", "1 champ à corriger")
    assert navigateur.find_element(By.ID, "eleves-defi-lycees-erreur").text == "cochez au moins un lycée à inviter"
    assert defis(stockage) == []

    cocher(navigateur, "eleves-defi-lycees", LYCEE_B.nom)
    envoyer(navigateur, "eleves-defi")
    etat(navigateur, "eleves-defi", "Défi « Défi de mars » lancé")
    attendre_texte(navigateur, "Défi : Défi de mars", (By.ID, DEFIS))  # le classement, là où les défis se voient
    classement = navigateur.find_element(By.ID, DEFIS).text
    assert f"{LYCEE_B.nom} (invitation en attente)" in classement and "pas encore mesurable" not in classement
    [lance] = defis(stockage)
    assert (lance.organisateur, lance.acceptes, lance.debut, lance.fin) == (LYCEE_A.uai, (LYCEE_A.uai,), date(2026, 3, 23), date(2026, 3, 30))
    accessible(navigateur, axe)

    lancer_le_defi(navigateur, "Défi de l'hiver", "2030-01-07", "2030-01-27")  # à venir : il se clôt
    etat(navigateur, "eleves-defi", "Défi « Défi de l'hiver » lancé")
    cocher(navigateur, "eleves-cloture-defi", next(o for o in _options(navigateur, "eleves-cloture-defi") if "hiver" in o))
    envoyer(navigateur, "eleves-cloture")
    etat(navigateur, "eleves-cloture", "Défi « Défi de l'hiver » clos")
    attendre_texte(navigateur, "Clos le", (By.ID, DEFIS))
    assert [d.clos_le is not None for d in defis(stockage)] == [False, True]
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: not _options(p, "eleves-cloture-defi"))
    accessible(navigateur, axe)  # la liste des défis à clore, vide

    # Un autre lycée : la requête forgée est refusée, rien n'est écrit.
    forger_le_lycee(navigateur, LYCEE_B.uai)
    envoyer(navigateur, "eleves-defi")
    assert f"ne vaut que pour le lycée {LYCEE_A.uai}" in etat(navigateur, "eleves-defi", "Écriture refusée")
    assert len(defis(stockage)) == 2
    journal = sorted(d.contenu["action"] for d in stockage.documents("ecritures") if d.contenu["jeton"] == empreinte(enseignant_a)[:12])
    cloture = f"POST /api/v1/defis/{defis(stockage)[1].identifiant}/cloture (tableau de bord)"
    assert journal == sorted(["POST /api/v1/defis (tableau de bord)"] * 2 + [cloture])
    sans_erreur(navigateur)
    se_deconnecter(navigateur)

    # Le lycée invité accepte : le défi devient l'un des siens.
    se_connecter(navigateur, adresse, creer_jeton(stockage, "enseignant", LYCEE_B.uai), ELEVES_B)
    attendre_texte(navigateur, "Pas encore de défi pour notre lycée", (By.ID, DEFIS))
    assert _options(navigateur, "eleves-invitation-defi") == [
        f"« Défi de mars », électricité du 23/03/2026 au 29/03/2026, lancé par {LYCEE_A.nom}"]
    envoyer(navigateur, "eleves-invitation")
    etat(navigateur, "eleves-invitation", "Invitation acceptée")
    attendre_texte(navigateur, "Défi : Défi de mars", (By.ID, DEFIS))
    assert "invitation en attente" not in navigateur.find_element(By.ID, DEFIS).text
    assert defis(stockage)[0].acceptes == (LYCEE_A.uai, LYCEE_B.uai)
    accessible(navigateur, axe)
    sans_erreur(navigateur)

    # Code révoqué (ailleurs) pendant la session : la même écriture est refusée.
    se_connecter(navigateur, adresse, enseignant_a, ELEVES_A)
    attendre_texte(navigateur, "Lancer un défi")
    revoquer_jeton(stockage, empreinte(enseignant_a)[:12])
    cocher(navigateur, "eleves-defi-lycees", LYCEE_B.nom)
    lancer_le_defi(navigateur, "Défi d'après", "2030-02-04", "2030-02-24")
    assert "code d'accès révoqué" in etat(navigateur, "eleves-defi", "Accès refusé")
    assert len(defis(stockage)) == 2

    # La Région lance un défi pour un lycée : accepté de tous d'emblée ; elle peut le clore.
    se_connecter(navigateur, adresse, creer_jeton(stockage, "region", None), ELEVES_A)
    attendre_texte(navigateur, "Lancer un défi")
    cocher(navigateur, "eleves-defi-lycees", LYCEE_B.nom)
    lancer_le_defi(navigateur, "Défi régional", "2030-03-04", "2030-03-24")
    etat(navigateur, "eleves-defi", "Défi « Défi régional » lancé")
    regional = defis(stockage)[-1]
    assert (regional.organisateur, regional.acceptes) == (None, (LYCEE_A.uai, LYCEE_B.uai))
    cocher(navigateur, "eleves-cloture-defi", next(o for o in _options(navigateur, "eleves-cloture-defi") if "régional" in o))
    envoyer(navigateur, "eleves-cloture")
    etat(navigateur, "eleves-cloture", "Défi « Défi régional » clos")
    assert defis(stockage)[-1].clos_le is not None
    se_deconnecter(navigateur)


def _options(pilote, champ: str) -> list[str]:
    return [o.text for o in pilote.find_elements(By.CSS_SELECTOR, f"#{champ} label")]


REJOUER = """
const fini = arguments[arguments.length - 1];
const jeton = decodeURIComponent(document.cookie.split("; ").find(c => c.startsWith("_csrf_token=")).slice(12));
const corps = JSON.parse(arguments[0]);
corps.state.forEach(s => { if (s.id === "eleves-defi-nom") { s.value = "Défi forgé"; } if (s.id === "eleves-defi-lycees") { s.value = [arguments[1]]; } });
fetch("/_dash-update-component", {method: "POST", headers: {"Content-Type": "application/json", "X-CSRFToken": jeton},
  body: JSON.stringify(corps)}).then(r => r.text()).then(fini);
"""


def test_l_eco_delegue_note_une_action_et_rien_d_autre(adresse, navigateur, axe, stockage):
    # La requête d'un défi, prise à un enseignant (refusée faute de nom : rien d'écrit), que l'éco-délégué rejouera.
    se_connecter(navigateur, adresse, creer_jeton(stockage, "enseignant", LYCEE_A.uai), ELEVES_A)
    attendre_texte(navigateur, "Lancer un défi")
    navigateur.execute_script(ESPION)
    envoyer(navigateur, "eleves-defi")
    etat(navigateur, "eleves-defi", "à corriger")
    corps_defi = navigateur.execute_script("return window.__corps[0]")
    se_deconnecter(navigateur)
    avant = defis(stockage)

    eco = creer_jeton(stockage, "eco-delegue", LYCEE_A.uai)
    se_connecter(navigateur, adresse, eco, "/")
    navigateur.find_element(By.LINK_TEXT, "Défis et actions").click()  # l'en-tête mène à la page des élèves
    attendre_texte(navigateur, "Noter une action")
    assert "N'écrivez aucun nom" in navigateur.find_element(By.ID, "eleves-action-rappel").text  # le rappel, visible
    assert navigateur.find_element(By.ID, "eleves-action-rappel").is_displayed()
    for formulaire in ("eleves-defi", "eleves-invitation", "eleves-cloture"):  # l'éco-délégué n'écrit que des actions
        assert not navigateur.find_elements(By.ID, f"{formulaire}-envoyer")
    accessible(navigateur, axe)
    refus = navigateur.execute_async_script(REJOUER, corps_defi, LYCEE_B.uai)  # et le serveur refuse le défi
    assert "le rôle eco-delegue ne permet pas cette écriture" in json.loads(refus)["response"]["eleves-defi-etat"]["children"]["props"]["children"]
    assert defis(stockage) == avant

    saisir(navigateur, "eleves-action-groupe", "Jean Dupont 06 12 34 56 78")
    envoyer(navigateur, "eleves-action")  # sans action choisie, un téléphone dans le groupe
    etat(navigateur, "eleves-action", "2 champs à corriger")
    assert navigateur.find_element(By.ID, "eleves-action-action-erreur").text == "choisissez une action du référentiel"
    assert "pas de donnée personnelle" in navigateur.find_element(By.ID, "eleves-action-groupe-erreur").text
    WebDriverWait(navigateur, ATTENTE_S).until(
        lambda p: p.switch_to.active_element.get_attribute("type") == "radio")  # le focus sur la première erreur
    accessible(navigateur, axe)  # l'état d'erreur

    cocher(navigateur, "eleves-action-action", "Extinction des veilles le week-end")
    saisir(navigateur, "eleves-action-jour", "2026-03-16")
    saisir(navigateur, "eleves-action-groupe", "2nde B")
    saisir(navigateur, "eleves-action-description", "Multiprises coupées le vendredi soir.")
    envoyer(navigateur, "eleves-action")
    etat(navigateur, "eleves-action", "Action notée : « Extinction des veilles le week-end », le 16/03/2026")
    attendre_texte(navigateur, "Extinction des veilles le week-end (16/03/2026, 2nde B)", (By.ID, ACTIONS))  # « Nos actions »
    [notee] = actions(stockage, LYCEE_A.uai)
    assert (notee.energie.value, notee.compteur, notee.groupe, notee.type.value) == ("electricite", None, "2nde B", "eco-geste")
    accessible(navigateur, axe)
    sans_erreur(navigateur)

    navigateur.execute_script(ESPION + "window.__sansCsrf = true;")  # sans jeton CSRF : 400, rien d'écrit
    envoyer(navigateur, "eleves-action")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: p.execute_script("return window.__statuts.length"))
    assert navigateur.execute_script("return window.__statuts") == [400] and len(actions(stockage, LYCEE_A.uai)) == 1
    forger_le_lycee(navigateur, LYCEE_B.uai)  # un autre lycée : refus, rien d'écrit
    navigateur.execute_script("window.__sansCsrf = false;")
    envoyer(navigateur, "eleves-action")
    assert f"ne vaut que pour le lycée {LYCEE_A.uai}" in etat(navigateur, "eleves-action", "Écriture refusée")
    assert actions(stockage, LYCEE_B.uai) == []

    # Sur la page du lycée : l'action sur la courbe et dans le tableau, son effet mesuré (les jours ont passé).
    navigateur.get(f"{adresse}/lycee/{LYCEE_A.uai}?fin=2026-04-01")
    attendre_graphique(navigateur, ids.LYCEE_GRAPHIQUE)
    attendre_texte(navigateur, "1. Extinction des veilles le week-end", (By.ID, ids.LYCEE_ACTIONS))
    assert "action 1" in navigateur.find_element(By.ID, ids.LYCEE_GRAPHIQUE).get_attribute("textContent")
    ligne = navigateur.find_element(By.CSS_SELECTOR, f"#{ids.LYCEE_ACTIONS} tbody tr").text
    assert "2nde B" in ligne and "des jours comptés" in ligne
    assert not navigateur.find_elements(By.ID, "lycee-objectif-envoyer")  # aucun formulaire du gestionnaire
    se_deconnecter(navigateur)

    # Session expirée : l'écriture est refusée.
    se_connecter(navigateur, adresse, eco, ELEVES_A)
    attendre_texte(navigateur, "Noter une action")
    ouverte = stockage.session(empreinte(navigateur.get_cookie("enerlycee_session")["value"]))
    stockage.enregistrer_session(replace(ouverte, cree_le=maintenant() - DUREE_MAX_S - 1))
    cocher(navigateur, "eleves-action-action", "Chasse aux fuites des sanitaires")
    envoyer(navigateur, "eleves-action")
    assert "session expirée" in etat(navigateur, "eleves-action", "Accès refusé")
    assert len(actions(stockage, LYCEE_A.uai)) == 1
