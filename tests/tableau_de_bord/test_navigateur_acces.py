"""La connexion par code d'accès dans un vrai navigateur : se connecter au clavier, la session côté
serveur (cookies, stockage), se déconnecter ; les refus : code faux, code révoqué (la session finit
à la requête suivante), session expirée, écriture sans jeton CSRF (même origine sans l'en-tête, et
depuis un autre site)."""

from dataclasses import replace

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from noyau.communaute.jetons import creer_jeton, empreinte, revoquer_jeton
from noyau.communaute.sessions import DUREE_MAX_S
from noyau.domaine.temps import maintenant
from noyau.stockage import ouvrir_stockage
from tableau_de_bord import ids
from tests.conftest import LYCEE_A, LYCEE_B, compteurs_du_jeu
from tests.tableau_de_bord.navigateur import (
    ATTENTE_S,
    ESPION,
    accessible,
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


@pytest.fixture(scope="module")
def stockage(tmp_path_factory):
    ouvert = ouvrir_stockage(f"sqlite:///{tmp_path_factory.mktemp('acces')}/enerlycee.db")
    ouvert.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
    yield ouvert
    ouvert.fermer()


def _cookies(pilote) -> dict:
    return {c["name"]: c for c in pilote.get_cookies()}


def test_connexion_au_clavier_erreurs_annoncees_puis_deconnexion(adresse, navigateur, axe, stockage):
    code = creer_jeton(stockage, "gestionnaire", LYCEE_A.uai)
    navigateur.get(f"{adresse}/")
    lien = WebDriverWait(navigateur, ATTENTE_S).until(ec.element_to_be_clickable((By.LINK_TEXT, "Se connecter")))
    lien.click()
    champ = WebDriverWait(navigateur, ATTENTE_S).until(ec.element_to_be_clickable((By.ID, "connexion-code")))
    etiquette = navigateur.find_element(By.CSS_SELECTOR, "label[for='connexion-code']")
    assert etiquette.text == "Code d'accès" and champ.get_attribute("type") == "password"
    assert navigateur.find_element(By.ID, "connexion-envoyer").text == "Se connecter"
    accessible(navigateur, axe)

    champ.send_keys("code-faux", Keys.ENTER)  # au clavier
    erreur = navigateur.find_element(By.ID, "connexion-code-erreur")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: erreur.text == "Code d'accès inconnu.")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: champ.get_attribute("aria-invalid") == "true")
    assert "connexion-code-erreur" in champ.get_attribute("aria-describedby").split()
    assert navigateur.switch_to.active_element == champ  # le focus sur le champ en erreur
    assert navigateur.find_element(By.CSS_SELECTOR, "#connexion-etat [role=alert]").text.startswith("1 champ à corriger")
    accessible(navigateur, axe)  # l'état d'erreur aussi
    assert stockage.session(empreinte("code-faux")) is None

    champ.send_keys(Keys.CONTROL, "a")
    champ.send_keys(code)  # remplace le code faux
    navigateur.find_element(By.ID, "connexion-envoyer").send_keys(Keys.ENTER)  # le bouton, au clavier
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, ids.COMPTE), LYCEE_A.nom))
    assert f"gestionnaire, {LYCEE_A.nom} ({LYCEE_A.uai})" in navigateur.find_element(By.ID, ids.COMPTE).text
    cookies = _cookies(navigateur)
    session = cookies["enerlycee_session"]
    assert session["httpOnly"] and session["sameSite"] == "Lax" and "expiry" not in session  # oublié à la fermeture
    assert not cookies["_csrf_token"]["httpOnly"]  # lu par la page, renvoyé en en-tête par Dash
    assert stockage.session(empreinte(session["value"])).jeton == empreinte(code)
    accessible(navigateur, axe)
    sans_erreur(navigateur)

    se_deconnecter(navigateur)
    assert "enerlycee_session" not in _cookies(navigateur)
    assert stockage.session(empreinte(session["value"])) is None
    sans_erreur(navigateur)


def test_code_revoque_ou_session_expiree_la_session_finit(adresse, navigateur, stockage):
    for finir, motif in (
        (lambda code, _: revoquer_jeton(stockage, empreinte(code)[:12]), "code d'accès révoqué"),
        (lambda _, ouverte: stockage.enregistrer_session(replace(ouverte, cree_le=maintenant() - DUREE_MAX_S - 1)),
         "session expirée"),
    ):
        code = creer_jeton(stockage, "region", None)
        se_connecter(navigateur, adresse, code)
        ouverte = stockage.session(empreinte(_cookies(navigateur)["enerlycee_session"]["value"]))
        finir(code, ouverte)
        navigateur.get(f"{adresse}/connexion")  # la requête suivante
        attendre_texte(navigateur, f"Votre session a pris fin : {motif}")
        assert "Se connecter" in navigateur.find_element(By.ID, ids.COMPTE).text


def test_la_region_cree_un_code_imprime_sa_fiche_puis_le_revoque(adresse, navigateur, axe, stockage):
    region = creer_jeton(stockage, "region", None)
    se_connecter(navigateur, adresse, region, "/codes")
    attendre_texte(navigateur, "Créer un code d'accès")
    accessible(navigateur, axe)

    saisir(navigateur, "codes-creer-lycee", "")
    navigateur.find_element(By.XPATH, "//label[normalize-space()='Éco-délégué']").click()
    envoyer(navigateur, "codes-creer")  # sans lycée : l'erreur sous le champ, le focus sur lui
    etat(navigateur, "codes-creer", "1 champ à corriger")
    assert navigateur.find_element(By.ID, "codes-creer-lycee-erreur").text == "choisissez le lycée du code"
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: p.switch_to.active_element.get_attribute("id") == "codes-creer-lycee")
    accessible(navigateur, axe)

    navigateur.find_element(By.XPATH, "//label[normalize-space()='Gestionnaire']").click()
    saisir(navigateur, "codes-creer-lycee", "Kerichen")
    saisir(navigateur, "codes-creer-duree", "30")
    envoyer(navigateur, "codes-creer")
    message = etat(navigateur, "codes-creer", "créé : notez-le")
    valeur = navigateur.find_element(By.ID, "fiche-valeur").text
    nouveau = stockage.jeton(empreinte(valeur))
    assert (nouveau.role, nouveau.uai, round((nouveau.expire_le - nouveau.cree_le) / 86400)) == ("gestionnaire", LYCEE_B.uai, 30)
    assert empreinte(valeur)[:12] in message and not navigateur.find_element(By.ID, "codes-creer-lycee-erreur").text
    qr = navigateur.find_element(By.CSS_SELECTOR, ".fiche img.qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml") and qr.get_attribute("alt")
    assert "actif" in navigateur.find_element(By.ID, ids.CODES_LISTE).text
    [journal] = [d.contenu for d in stockage.documents("ecritures") if d.contenu["objet"] == empreinte(valeur)[:12]]
    assert journal == {"role": "region", "jeton": empreinte(region)[:12], "action": "POST /codes (tableau de bord)",
                       "objet": empreinte(valeur)[:12]}
    accessible(navigateur, axe)
    sans_erreur(navigateur)

    saisir(navigateur, "codes-revoquer-identifiant", empreinte(valeur)[:12])
    envoyer(navigateur, "codes-revoquer")
    etat(navigateur, "codes-revoquer", "révoqué")
    assert stockage.jeton(empreinte(valeur)).revoque_le is not None
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, ids.CODES_LISTE), "révoqué le"))
    sans_erreur(navigateur)
    se_deconnecter(navigateur)


def test_la_connexion_par_le_qr_code_trouve_le_code_dans_l_adresse_puis_l_efface(adresse, navigateur, stockage):
    code = creer_jeton(stockage, "eco-delegue", LYCEE_A.uai)
    navigateur.get(f"{adresse}/connexion#code={code}")
    champ = WebDriverWait(navigateur, ATTENTE_S).until(ec.element_to_be_clickable((By.ID, "connexion-code")))
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: champ.get_attribute("value") == code)
    assert "#" not in navigateur.current_url  # effacé de l'adresse (et de l'historique)
    envoyer(navigateur, "connexion")
    WebDriverWait(navigateur, ATTENTE_S).until(ec.text_to_be_present_in_element((By.ID, ids.COMPTE), "éco-délégué"))
    se_deconnecter(navigateur)


def test_un_code_d_un_autre_lycee_est_refuse_sans_rien_ecrire(adresse, navigateur, stockage):
    se_connecter(navigateur, adresse, creer_jeton(stockage, "gestionnaire", LYCEE_A.uai), "/codes")
    attendre_texte(navigateur, "Créer un code d'accès")
    avant = stockage.jetons()
    saisir(navigateur, "codes-creer-lycee", LYCEE_B.uai)
    envoyer(navigateur, "codes-creer")
    refus = etat(navigateur, "codes-creer", "Écriture refusée")
    assert f"ne vaut que pour le lycée {LYCEE_A.uai}" in refus
    assert stockage.jetons() == avant
    sans_erreur(navigateur)
    se_deconnecter(navigateur)


def test_un_code_revoque_ne_peut_plus_ecrire(adresse, navigateur, stockage):
    region = creer_jeton(stockage, "region", None)
    se_connecter(navigateur, adresse, region, "/codes")
    attendre_texte(navigateur, "Créer un code d'accès")
    revoquer_jeton(stockage, empreinte(region)[:12])  # ailleurs : la ligne de commande, ou un autre poste
    avant = stockage.jetons()
    saisir(navigateur, "codes-creer-lycee", LYCEE_A.uai)
    envoyer(navigateur, "codes-creer")
    assert "code d'accès révoqué : session terminée" in etat(navigateur, "codes-creer", "Accès refusé")
    assert stockage.jetons() == avant


ATTAQUE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Autre site</title></head><body>
<form id="f" method="post" enctype="text/plain" action="{cible}/_dash-update-component">
<input type="hidden" name='{{"a":"' value='"}}'></form>
<script>
fetch("{cible}/_dash-update-component", {{method: "POST", credentials: "include", headers: {{"Content-Type": "application/json"}},
  body: {corps}}}).then(r => document.title = "lu " + r.status, e => document.title = "bloqué");
</script></body></html>"""


@pytest.fixture
def autre_site(tmp_path):
    """Un site d'une autre origine, servi sur un autre port de la boucle locale."""
    import functools
    import http.server
    import threading

    gestionnaire = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    yield tmp_path, serveur.server_address[1]
    serveur.shutdown()
    serveur.server_close()


def test_une_ecriture_sans_jeton_csrf_est_refusee(adresse, navigateur, stockage, autre_site):
    """Même origine sans l'en-tête X-CSRFToken, puis depuis un autre site (même site sur un autre
    port : le cookie part, le jeton manque ; autre site, « localhost » : le cookie SameSite=Lax ne
    part pas avec un POST) : 400 ou requête bloquée, rien d'écrit."""
    se_connecter(navigateur, adresse, creer_jeton(stockage, "region", None), "/codes")
    attendre_texte(navigateur, "Créer un code d'accès")
    navigateur.execute_script(ESPION)
    avant = stockage.jetons()
    saisir(navigateur, "codes-creer-lycee", LYCEE_A.uai)
    navigateur.execute_script("window.__sansCsrf = true;")
    envoyer(navigateur, "codes-creer")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: p.execute_script("return window.__statuts.length"))
    assert navigateur.execute_script("return window.__statuts") == [400]
    corps = navigateur.execute_script("return window.__corps[0]")
    assert stockage.jetons() == avant

    navigateur.execute_script("window.__sansCsrf = false;")  # avec l'en-tête, la même requête écrit
    envoyer(navigateur, "codes-creer")
    etat(navigateur, "codes-creer", "créé : notez-le")
    assert len(stockage.jetons()) == len(avant) + 1
    avant = stockage.jetons()

    dossier, port = autre_site
    port_cible = adresse.rsplit(":", 1)[1]
    for hote in ("127.0.0.1", "localhost"):
        page = dossier / f"attaque-{hote}.html"
        page.write_text(ATTAQUE.format(cible=f"http://127.0.0.1:{port_cible}", corps=repr(corps)), encoding="utf-8")
        navigateur.get(f"http://{hote}:{port}/{page.name}")
        WebDriverWait(navigateur, ATTENTE_S).until(lambda p: p.title in ("bloqué",) or p.title.startswith("lu "))
        assert navigateur.title == "bloqué"  # pas de CORS permissif : le JSON d'un autre site ne part pas
        navigateur.execute_script("document.getElementById('f').submit()")  # un formulaire, lui, part (text/plain)
        WebDriverWait(navigateur, ATTENTE_S).until(lambda p: "_dash-update-component" in p.current_url)
        refus = navigateur.find_element(By.TAG_NAME, "body").text
        assert "jeton anti-CSRF absent" in refus if hote == "127.0.0.1" else "type de contenu non pris en charge" in refus
        assert stockage.jetons() == avant


def test_le_gestionnaire_fixe_objectif_reference_horaires_et_tarifs_sur_la_page_de_son_lycee(adresse, navigateur, axe, stockage):
    from noyau.calculs.equivalences import tarifs_du_lycee
    from noyau.calculs.horaires import enregistrer_horaires, horaires_du_lycee
    from noyau.communaute.objectifs import objectifs
    from noyau.domaine.identifiants import Energie

    code = creer_jeton(stockage, "gestionnaire", LYCEE_A.uai)
    se_connecter(navigateur, adresse, code, f"/lycee/{LYCEE_A.uai}?fin=2026-04-01")
    attendre_texte(navigateur, "Fixer un objectif au lycée")
    accessible(navigateur, axe)

    saisir(navigateur, "lycee-objectif-reduction", "")
    saisir(navigateur, "lycee-objectif-debut", "mars")
    envoyer(navigateur, "lycee-objectif")
    etat(navigateur, "lycee-objectif", "2 champs à corriger")
    assert navigateur.find_element(By.ID, "lycee-objectif-debut-erreur").text.startswith("un mois attendu, AAAA-MM")
    WebDriverWait(navigateur, ATTENTE_S).until(lambda p: p.switch_to.active_element.get_attribute("id") == "lycee-objectif-reduction")
    accessible(navigateur, axe)  # l'état d'erreur

    saisir(navigateur, "lycee-objectif-reduction", "8")
    saisir(navigateur, "lycee-objectif-debut", "2026-03")
    saisir(navigateur, "lycee-objectif-mois", "1")
    saisir(navigateur, "lycee-objectif-libelle", "Mars sobre")
    envoyer(navigateur, "lycee-objectif")
    etat(navigateur, "lycee-objectif", "Objectif enregistré")
    attendre_texte(navigateur, "Objectif « Mars sobre »", (By.ID, ids.LYCEE_OBJECTIFS))  # le résultat, là où il se voit
    [fixe] = objectifs(stockage, LYCEE_A.uai)
    assert (fixe.reduction_pct, fixe.debut.isoformat(), fixe.fin.isoformat()) == (8.0, "2026-03-01", "2026-04-01")

    saisir(navigateur, "lycee-reference-annee", "2019")
    saisir(navigateur, "lycee-reference-consommation", "500000")
    envoyer(navigateur, "lycee-reference")
    etat(navigateur, "lycee-reference", "Référence 2019 déclarée")
    attendre_texte(navigateur, "Référence 2019 (déclarée)", (By.ID, ids.LYCEE_OBJECTIFS))

    enregistrer_horaires(stockage, LYCEE_A.uai, {"jours": {}, "zone": "A"})  # une zone déclarée par l'API
    saisir(navigateur, "lycee-horaires-lundi", "08:00-12:00, 13:30-17:00")
    navigateur.find_element(By.XPATH, "//label[contains(., 'a un internat')]").click()
    envoyer(navigateur, "lycee-horaires")
    etat(navigateur, "lycee-horaires", "Horaires enregistrés")
    declares = horaires_du_lycee(stockage, LYCEE_A.uai)
    assert declares.plages[0] == ((480, 720), (810, 1020)) and declares.internat
    assert declares.zone == "A"  # le formulaire, qui n'a pas de champ zone, la garde

    saisir(navigateur, "lycee-tarifs-electricite", "0.25")
    envoyer(navigateur, "lycee-tarifs")
    etat(navigateur, "lycee-tarifs", "Tarifs enregistrés")
    assert tarifs_du_lycee(stockage, LYCEE_A.uai)[Energie.ELECTRICITE] == 0.25
    journal = [d.contenu["action"] for d in stockage.documents("ecritures") if d.contenu["jeton"] == empreinte(code)[:12]]
    assert sorted(journal) == sorted(f"{a} (tableau de bord)" for a in (
        f"POST /api/v1/sites/{LYCEE_A.uai}/objectifs", f"PUT /api/v1/sites/{LYCEE_A.uai}/trajectoire/reference",
        f"PUT /api/v1/sites/{LYCEE_A.uai}/horaires", f"PUT /api/v1/sites/{LYCEE_A.uai}/tarifs"))
    accessible(navigateur, axe)
    sans_erreur(navigateur)

    # Un autre lycée : pas de formulaire ; et une requête forgée (le lycée de la page changé dans le navigateur) est refusée.
    navigateur.get(f"{adresse}/lycee/{LYCEE_B.uai}?fin=2026-04-01")
    attendre_texte(navigateur, f"Votre code d'accès vaut pour le lycée {LYCEE_A.uai}")
    assert not navigateur.find_elements(By.ID, "lycee-objectif-envoyer")
    navigateur.get(f"{adresse}/lycee/{LYCEE_A.uai}?fin=2026-04-01")
    attendre_texte(navigateur, "Fixer un objectif au lycée")
    navigateur.execute_script(f"dash_clientside.set_props('{ids.LYCEE_UAI}', {{data: '{LYCEE_B.uai}'}});")
    envoyer(navigateur, "lycee-objectif")
    assert f"ne vaut que pour le lycée {LYCEE_A.uai}" in etat(navigateur, "lycee-objectif", "Écriture refusée")
    assert objectifs(stockage, LYCEE_B.uai) == []
    se_deconnecter(navigateur)


def test_la_region_importe_le_registre_en_csv_puis_lit_le_journal(adresse, navigateur, axe, stockage, tmp_path):
    se_connecter(navigateur, adresse, creer_jeton(stockage, "region", None), "/registre")
    attendre_texte(navigateur, "Importer des lycées (CSV)")
    accessible(navigateur, axe)
    faux = tmp_path / "lycees.csv"
    faux.write_text("uai;nom;commune;surface_m2;latitude;longitude\n0560001X;Lycée Dupuy de Lôme;Lorient;9000;47,75;-3,37\n"
                    "0560002A;Lycée faux;Vannes;beaucoup;;\n", encoding="utf-8-sig")  # ligne 3 : UAI et surface faux
    fichier = navigateur.find_element(By.CSS_SELECTOR, "#registre-sites-fichier input[type=file]")
    fichier.send_keys(str(faux))
    envoyer(navigateur, "registre-sites")
    refus = etat(navigateur, "registre-sites", "Rien n'a été enregistré")
    assert "le fichier : rien n'a été importé." in refus and "ligne 3 :" in refus
    assert len(stockage.sites()) == 2
    accessible(navigateur, axe)

    bon = tmp_path / "lycees-bons.csv"
    bon.write_text(faux.read_text(encoding="utf-8-sig").splitlines()[0] + "\n0560001X;Lycée Dupuy de Lôme;Lorient;9000;47,75;-3,37\n",
                   encoding="utf-8")
    navigateur.find_element(By.CSS_SELECTOR, "#registre-sites-fichier input[type=file]").send_keys(str(bon))
    envoyer(navigateur, "registre-sites")
    etat(navigateur, "registre-sites", "1 lycée(s) importé")
    attendre_texte(navigateur, "Lycée Dupuy de Lôme", (By.ID, ids.REGISTRE_LISTE))
    assert "0560001X" in {s.uai for s in stockage.sites()}

    navigateur.find_element(By.LINK_TEXT, "Journal des écritures").click()
    attendre_texte(navigateur, "PUT /api/v1/sites (fichier CSV) (tableau de bord)")
    accessible(navigateur, axe)
    sans_erreur(navigateur)
    se_deconnecter(navigateur)
