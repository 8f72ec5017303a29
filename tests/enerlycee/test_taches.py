"""`enerlycee taches --une-fois` : les alertes levées et les relevés bruts anciens purgés par la
ligne de commande, seuils par l'environnement ; le journal des tâches planifiées."""

import logging
import time
from urllib.parse import quote

from click.testing import CliRunner

from enerlycee.cli import main
from enerlycee.planification import planifier_taches
from noyau.communaute.abonnements import creer_abonnement
from noyau.communaute.alertes import Seuils, alertes
from noyau.communaute.jetons import creer_jeton, empreinte
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import maintenant
from noyau.exploitation.retention import RETENTION_BRUTE_JOURS
from noyau.stockage import Document, ouvrir_stockage
from tests.conftest import port_libre
from tests.noyau.jeu_journalier import SITES, UAI, compteurs
from tests.relais_locaux import MOT_DE_PASSE, UTILISATEUR, relais_smtp


def test_taches_une_fois_seuil_de_silence_reglable(tmp_path):
    url = f"sqlite:///{tmp_path}/e.db"
    stockage = ouvrir_stockage(url)
    stockage.enregistrer_registre(SITES, compteurs())
    debut = maintenant() // 3600 * 3600 - 48 * 3600  # deux jours d'un relevé par heure, sauf 8 heures manquantes
    stockage.ecrire([Releve(UAI, "principal", Grandeur.INDEX_KWH, debut + 3600 * h, float(h)) for h in range(40) if not 10 <= h < 18])
    ancienne = {"regle": "nuit", "jour": "2025-03-02", "message": "Nuit…", "details": {}, "etat": "close"}  # un état d'avant
    stockage.enregistrer_document(Document("alertes", f"{UAI}-nuit-2025-03-02", UAI, ancienne, 1.0))
    stockage.fermer()
    env = {"ENERLYCEE_STOCKAGE": url}
    assert CliRunner().invoke(main, ["taches", "--help"]).exit_code == 0
    dix_heures = CliRunner().invoke(main, ["taches", "--une-fois", "--silence-heures", "10"], env=env)
    assert dix_heures.exit_code == 0 and "0 alerte(s) nouvelle(s)" in dix_heures.output
    six_heures = CliRunner().invoke(main, ["taches", "--une-fois"], env=env | {"ENERLYCEE_SILENCE_HEURES": "6"})
    assert six_heures.exit_code == 0 and "1 alerte(s) nouvelle(s)" in six_heures.output
    assert "0 relevé(s) brut(s) purgé(s)" in six_heures.output  # 400 jours par défaut
    relu = ouvrir_stockage(url)
    assert [d.contenu["etat"] for d in relu.documents("alertes") if d.identifiant.endswith("2025-03-02")] == ["resolue"]
    [alerte] = alertes(relu, UAI, "nouvelle")
    assert alerte.regle == "kit-silencieux" and alerte.details["heures"] == 9.0
    un_jour = CliRunner().invoke(main, ["taches", "--une-fois", "--retention-brute-jours", "1"], env=env)
    assert un_jour.exit_code == 0 and "16 relevé(s) brut(s) purgé(s)" in un_jour.output  # les heures 0 à 23, sauf 10 à 17
    assert len(relu.lire_releves(UAI, "principal", Grandeur.INDEX_KWH, 0, 4e9).ts) == 40 - 8 - 16
    relu.fermer()


def test_journal_des_alertes_planifiees_sans_le_bavardage_d_apscheduler(tmp_path, caplog):
    """Au niveau info, le journal dit combien d'alertes sont nouvelles, et rien d'apscheduler
    (« Added job », « Running job », « executed successfully »)."""
    caplog.set_level(logging.INFO)
    stockage = ouvrir_stockage(f"sqlite:///{tmp_path}/e.db")
    stockage.enregistrer_registre(SITES, compteurs())
    planificateur = planifier_taches(stockage, Seuils(), RETENTION_BRUTE_JOURS)
    try:
        limite = time.monotonic() + 30
        while not any(r.name == "noyau.communaute.alertes" for r in caplog.records) and time.monotonic() < limite:
            time.sleep(0.05)
    finally:
        planificateur.shutdown()
        stockage.fermer()
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [("noyau.communaute.alertes", "INFO", "alertes : 0 nouvelle(s)")]


def test_taches_une_fois_envoie_aux_abonnes_par_le_relais(tmp_path):
    """ENERLYCEE_SMTP (identifiant et mot de passe dans l'adresse), l'expéditeur et l'adresse publique
    par l'environnement : le silence levé part une fois au gestionnaire abonné."""
    url = f"sqlite:///{tmp_path}/e.db"
    stockage = ouvrir_stockage(url)
    stockage.enregistrer_registre(SITES, compteurs())
    debut = maintenant() // 3600 * 3600 - 48 * 3600
    stockage.ecrire([Releve(UAI, "principal", Grandeur.INDEX_KWH, debut + 3600 * h, float(h)) for h in range(40) if not 10 <= h < 18])
    gestion = stockage.jeton(empreinte(creer_jeton(stockage, "gestionnaire", UAI)))
    creer_abonnement(stockage, gestion, "courriel", "gestion@lycee-a.fr", UAI, [], "immediat")
    stockage.fermer()
    port = port_libre()
    env = {"ENERLYCEE_STOCKAGE": url, "ENERLYCEE_SMTP": f"smtp://{UTILISATEUR}:{quote(MOT_DE_PASSE, safe='')}@127.0.0.1:{port}",
           "ENERLYCEE_SMTP_EXPEDITEUR": "Alertes <alertes@region.example>", "ENERLYCEE_ADRESSE_PUBLIQUE": "https://enerlycee.region.example"}
    with relais_smtp(port) as boite:
        premier = CliRunner().invoke(main, ["taches", "--une-fois"], env=env)
        assert premier.exit_code == 0 and "1 message(s) d'alerte envoyé(s)." in premier.output, premier.output
        second = CliRunner().invoke(main, ["taches", "--une-fois"], env=env)
        assert "0 message(s) d'alerte envoyé(s)." in second.output
    [courriel] = boite.pour("gestion@lycee-a.fr")
    assert courriel["From"] == "Alertes <alertes@region.example>" and courriel["Subject"] == "[Enerlycée] Kit silencieux — Lycée A"
    assert f"https://enerlycee.region.example/lycee/{UAI}?energie=electricite" in courriel.get_content()
    en_panne = CliRunner().invoke(main, ["taches", "--une-fois"], env=env | {"ENERLYCEE_SMTP": "http://relais"})
    assert en_panne.exit_code == 2 and "relais de courriel invalide" in en_panne.output
