"""La démonstration : tout Enerlycée sur un portable, en une commande.

Courtier MQTT embarqué, fichier SQLite dans un dossier de données, lycées simulés importés ;
un historique depuis le 1er janvier de l'an passé, avec la vie d'un parc réel, rangé directement
dans le stockage par les fonctions du collecteur (enerlycee.demo_historique), et la communauté des
lycées (enerlycee.demo_communaute) ; puis la simulation en direct par le courtier et le
collecteur, l'API et le tableau de bord sur un seul port. Un second lancement reprend les données
déjà là et ne range que ce qui manque depuis le dernier relevé, avec le même scénario.
"""

import logging
import socket
import threading
from contextlib import suppress
from pathlib import Path

import click
from tqdm import tqdm

from capteurs_sim.lycees import Lycee, compteurs, lycees, sites
from capteurs_sim.simulateur import Simulateur
from collecteur import Collecteur
from enerlycee.courtier_embarque import CourtierEmbarque, port_libre
from enerlycee.demo_communaute import semer_une_fois
from enerlycee.demo_historique import premier_lancement, rattraper_historique
from enerlycee.planification import planifier_taches
from enerlycee.serveur import servir
from noyau.communaute.alertes import Seuils
from noyau.communaute.canaux import Relais
from noyau.communaute.envoi import ReglagesEnvoi
from noyau.communaute.jetons import NOMS_ROLES, ROLES, TAILLE_IDENTIFIANT, creer_jeton, empreinte, revoquer_jeton
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import maintenant
from noyau.exploitation.retention import RETENTION_BRUTE_JOURS
from noyau.mesures.adresse_mqtt import AdresseMqtt, lire_adresse_mqtt
from noyau.stockage import Stockage, ouvrir_stockage

ETAT_CODES = "demo-codes"  # les identifiants des codes affichés au dernier lancement
DUREE_CODES_JOURS = 30
PAS_DIRECT_S = 60  # en direct, chaque kit simulé publie une fois par minute
GRAINE = 42


def simulateur_pour(adresse: AdresseMqtt, nombre_lycees: int, graine: int = 42) -> Simulateur:
    return Simulateur(adresse, lycees(nombre_lycees), graine=graine)


def publier_historique(simulateur: Simulateur, jours: float) -> int:
    """Publie par le courtier l'historique des `jours` derniers jours (jusqu'à l'heure pleine) en
    tableaux, avec une barre de progression (`enerlycee simulateur --historique-jours`)."""
    fin = maintenant() // 3600 * 3600
    debut = fin - jours * 86400
    with tqdm(total=simulateur.nombre_releves(debut, fin), desc="Historique publié", unit=" relevés", unit_scale=True) as barre:
        return simulateur.historique(debut, fin, progression=barre.update)


def lancer_demo(donnees: Path, hote: str, port: int, nombre_lycees: int, mois: int | None, smtp: Relais | None = None,
                expediteur: str = "Enerlycée <alertes@localhost>") -> None:
    """`smtp` : le relais des courriels d'alerte (sans lui, seuls les webhooks des abonnés partent)."""
    port = port or port_libre()
    _verifier_port(hote, port)
    stockage = ouvrir_stockage(f"sqlite:///{donnees.resolve() / 'enerlycee.db'}")
    choisis = lycees(nombre_lycees)
    stockage.enregistrer_registre(sites(choisis), compteurs(choisis))
    lancement = premier_lancement(stockage)
    courtier = CourtierEmbarque(port_libre())
    courtier.demarrer()
    adresse = lire_adresse_mqtt(courtier.url)
    collecteur = Collecteur(stockage, adresse, donnees.resolve() / "spool.db", "enerlycee-demo")
    collecteur.demarrer()
    simulateur = Simulateur(adresse, choisis, graine=GRAINE, reference=lancement.reference_pannes, lancement=lancement.instant)
    arret = threading.Event()
    alertes = None
    try:
        debut, fin = rattraper_historique(stockage, simulateur.generateur, choisis, mois)
        semer_une_fois(stockage, choisis, GRAINE, lancement)
        jours = max(int((fin - debut) // 86400) + 1, Seuils().jours_examines)  # tout ce qui vient d'être rangé
        envoi = ReglagesEnvoi(smtp, expediteur, f"http://{hote}:{port}", webhooks_prives=True)  # sur un portable
        alertes = planifier_taches(stockage, Seuils(), RETENTION_BRUTE_JOURS, premier_examen_jours=jours, envoi=envoi)
        direct = threading.Thread(
            target=simulateur.direct,
            kwargs={"pas_s": PAS_DIRECT_S, "vitesse": 60.0, "arret": arret, "depuis": fin},
            name="direct",
        )
        direct.start()
        annonce = (f"\nEnerlycée est prêt : http://{hote}:{port}/  (API : /api/v1, documentation : /docs)\n"
                   f"{codes_de_demonstration(stockage, choisis[0], f'http://{hote}:{port}/connexion')}\nCtrl-C pour arrêter.")
        servir(stockage, hote, port, annonce, collecteur.metriques.registre)
    finally:
        click.echo("Arrêt en cours…")
        arret.set()
        for fil in threading.enumerate():
            if fil.name == "direct":
                fil.join()
        if alertes:
            alertes.shutdown()
        simulateur.fermer()
        collecteur.arreter()
        courtier.arreter()
        stockage.fermer()


def codes_de_demonstration(stockage: Stockage, lycee: Lycee, connexion: str) -> str:
    """Un code d'accès par rôle, à saisir sur /connexion (ou en jeton de l'API) : la Région, et le
    gestionnaire, un enseignant et les éco-délégués d'un lycée. Ceux du lancement précédent sont
    révoqués : seuls les codes affichés valent."""
    notee = stockage.lire_etat(ETAT_CODES)
    for ancien in (notee[0]["codes"] if notee else []):
        with suppress(DonneeInvalide):
            revoquer_jeton(stockage, ancien)
    lignes, identifiants = [f"Pour écrire, sur {connexion} (valables {DUREE_CODES_JOURS} jours) :"], []
    for role in ROLES:
        uai = None if role == "region" else lycee.uai
        valeur = creer_jeton(stockage, role, uai, DUREE_CODES_JOURS)
        identifiants.append(empreinte(valeur)[:TAILLE_IDENTIFIANT])
        qui = "la Région" if uai is None else f"{NOMS_ROLES[role]}, {lycee.site.nom} ({uai})"
        lignes.append(f"  code d'accès {qui} : {valeur}")
    stockage.noter_etat(ETAT_CODES, {"codes": identifiants})
    return "\n".join(lignes)


def _verifier_port(hote: str, port: int) -> None:
    with socket.socket() as essai:
        try:
            essai.bind((hote, port))
        except OSError:
            raise click.ClickException(f"le port {port} est déjà pris : choisir --port 8080, ou --port 0 pour un port libre") from None
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
