"""La démonstration : tout Enerlycée sur un portable, en une commande.

Courtier MQTT embarqué, fichier SQLite dans un dossier de données, lycées simulés importés,
historique publié par MQTT avec une barre de progression, puis simulation en direct,
collecteur, API et tableau de bord sur un seul port. Un second lancement reprend les
données déjà là et ne publie que ce qui manque depuis le dernier relevé.
"""

import logging
import socket
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime, timedelta
from pathlib import Path

import click
from tqdm import tqdm

from capteurs_sim.lycees import Lycee, compteurs, lycees, sites
from capteurs_sim.simulateur import Simulateur
from collecteur import Collecteur
from enerlycee.courtier_embarque import CourtierEmbarque, port_libre
from enerlycee.planification import planifier_taches
from enerlycee.serveur import servir
from noyau.communaute.alertes import Seuils
from noyau.communaute.jetons import NOMS_ROLES, ROLES, TAILLE_IDENTIFIANT, creer_jeton, empreinte, revoquer_jeton
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import PARIS, maintenant
from noyau.exploitation.retention import RETENTION_BRUTE_JOURS
from noyau.mesures.adresse_mqtt import AdresseMqtt, lire_adresse_mqtt
from noyau.stockage import Stockage, ouvrir_stockage

ETAT_CODES = "demo-codes"  # les identifiants des codes affichés au dernier lancement
DUREE_CODES_JOURS = 30
PAS_DIRECT_S = 60  # en direct, chaque kit simulé publie une fois par minute
MESSAGES_EN_ATTENTE_MAX = 10  # tableaux de 1 000 relevés : bien moins de 5 s d'écriture, même sur une machine chargée


def simulateur_pour(adresse: AdresseMqtt, nombre_lycees: int, graine: int = 42) -> Simulateur:
    return Simulateur(adresse, lycees(nombre_lycees), graine=graine)


def publier_historique(
    simulateur: Simulateur, jours: float, fin: float | None = None, freiner: Callable[[], None] | None = None
) -> int:
    """Publie l'historique de [fin - jours, fin) en tableaux, avec une barre de progression ;
    `freiner`, appelé après chaque message, peut faire attendre l'émetteur."""
    fin = fin if fin is not None else maintenant() // 3600 * 3600
    debut = fin - jours * 86400
    total = simulateur.nombre_releves(debut, fin)
    with tqdm(total=total, desc="Historique publié", unit=" relevés", unit_scale=True) as barre:

        def progression(releves: int) -> None:
            barre.update(releves)
            if freiner:
                freiner()

        return simulateur.historique(debut, fin, progression=progression)


def lancer_demo(donnees: Path, hote: str, port: int, nombre_lycees: int, mois: int) -> None:
    port = port or port_libre()
    _verifier_port(hote, port)
    stockage = ouvrir_stockage(f"sqlite:///{donnees.resolve() / 'enerlycee.db'}")
    choisis = lycees(nombre_lycees)
    stockage.enregistrer_registre(sites(choisis), compteurs(choisis))
    courtier = CourtierEmbarque(port_libre())
    courtier.demarrer()
    adresse = lire_adresse_mqtt(courtier.url)
    collecteur = Collecteur(stockage, adresse, donnees.resolve() / "spool.db", "enerlycee-demo")
    collecteur.demarrer()
    simulateur = Simulateur(adresse, choisis, graine=42, reference=_reference_des_pannes(stockage))
    arret = threading.Event()
    alertes = None
    try:
        fin = _rattraper_historique(stockage, simulateur, collecteur, choisis, mois)
        alertes = planifier_taches(stockage, Seuils(), RETENTION_BRUTE_JOURS, premier_examen_jours=round(mois * 30.44))  # les pannes de l'historique
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


def _reference_des_pannes(stockage: Stockage) -> date:
    """Les pannes simulées sont placées par rapport à une date gardée avec les données :
    un second lancement, même un autre mois, rejoue les mêmes pannes."""
    notee = stockage.lire_etat("demo")
    if notee is None:
        reference = date.today().replace(day=1)
        stockage.noter_etat("demo", {"reference_pannes": reference.isoformat()})
        return reference
    return date.fromisoformat(notee[0]["reference_pannes"])


def _rattraper_historique(
    stockage: Stockage, simulateur: Simulateur, collecteur: Collecteur, choisis: list[Lycee], mois: int
) -> float:
    """Publie l'historique manquant jusqu'à l'heure pleine ; renvoie l'instant d'où le direct
    doit reprendre (cette heure, ou le dernier relevé s'il est plus récent)."""
    fin = maintenant() // 3600 * 3600
    dernier = max((s.dernier for s in stockage.series() if s.uai in {l.uai for l in choisis}), default=None)
    if dernier is None:
        debut = (datetime.fromtimestamp(fin, PARIS) - timedelta(days=round(mois * 30.44))).timestamp()
        click.echo(f"Première démonstration : {mois} mois d'historique pour {len(choisis)} lycées.")
    else:
        debut = dernier // 3600 * 3600
        click.echo(f"Données reprises ; historique complété depuis le {texte.instant(debut)}.")
    if fin > debut:
        publier_historique(simulateur, (fin - debut) / 86400, fin, lambda: _suivre_le_collecteur(collecteur))
        _attendre_ecriture(collecteur)
    return max(fin, dernier or fin)


def _suivre_le_collecteur(collecteur: Collecteur) -> None:
    """Le courtier embarqué (MQTT 3.1.1) oublie un message non acquitté au bout de 5 s : on ne
    publie pas plus vite que le collecteur n'écrit (il n'acquitte qu'après écriture)."""
    while collecteur.ecrivain.file.qsize() > MESSAGES_EN_ATTENTE_MAX:
        time.sleep(0.02)


def _attendre_ecriture(collecteur: Collecteur) -> None:
    """Le collecteur écrit encore ce que le courtier lui a remis : on attend qu'il ait fini."""
    with tqdm(desc="Relevés écrits", unit=" relevés", unit_scale=True) as barre:
        calme = 0
        while calme < 10:
            avant = collecteur.ecrivain.compteurs.stockes
            threading.Event().wait(0.1)
            apres = collecteur.ecrivain.compteurs.stockes
            barre.update(apres - avant)
            calme = calme + 1 if apres == avant and collecteur.ecrivain.file.empty() else 0


def _verifier_port(hote: str, port: int) -> None:
    with socket.socket() as essai:
        try:
            essai.bind((hote, port))
        except OSError:
            raise click.ClickException(f"le port {port} est déjà pris : choisir --port 8080, ou --port 0 pour un port libre") from None
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
