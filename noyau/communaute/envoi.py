"""L'envoi des alertes aux abonnés (noyau.communaute.abonnements), par le processus qui les lève
(`enerlycee taches`, la démonstration : chaque minute), jamais dans le chemin de l'ingestion ni
de l'API.

À chaque passage, pour chaque abonnement : rien pendant ses heures calmes (heure de Paris), ni
avant la fin du délai qui suit un échec ; sinon, quand son rythme est échu (`immediat` : à chaque
passage ; `quotidien` : le premier passage après 7 h ; `hebdomadaire` : après le lundi 7 h), un
message groupe les alertes qu'il vise, levées depuis le dernier envoi et **encore nouvelles** (une
alerte prise en charge, résolue ou fausse n'est jamais envoyée). Rien de nouveau : rien n'est
envoyé. Chaque alerte part une fois par abonné : l'avancement n'avance qu'après un envoi réussi.

Un relais ou un webhook en panne est réessayé avec un délai croissant (1, 2, 4... minutes, une
heure au plus) ; l'état des envois est noté dans le stockage (composant `envoi`) : /sante et la
page « Qualité des données » le montrent.
"""

import json
import logging
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from noyau.communaute.abonnements import Abonnement, Avancement, abonnements_actifs, avancer
from noyau.communaute.canaux import EnvoiImpossible, Relais, envoyer_courriel, poster_webhook
from noyau.communaute.file_alertes import Alerte, alertes_du_parc
from noyau.communaute.messages import Message, composer
from noyau.domaine.temps import PARIS, a_paris, maintenant
from noyau.stockage import Stockage

COMPOSANT = "envoi"
HEURE_DES_RESUMES = time(7, 0)
DELAI_INITIAL_S = 60
DELAI_MAX_S = 3600

journal = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReglagesEnvoi:
    relais: Relais | None  # None : aucun courriel ne peut partir (les webhooks, si)
    expediteur: str
    adresse_publique: str  # celle du tableau de bord, pour les liens des messages
    webhooks_prives: bool = False  # accepter un webhook vers un hôte local ou privé (noyau.communaute.canaux)


@dataclass(frozen=True)
class Bilan:
    envoyes: int = 0
    en_echec: int = 0


def envoyer(stockage: Stockage, reglages: ReglagesEnvoi, instant: float | None = None) -> Bilan:
    """Un passage : envoie ce qui est échu, note l'état des envois ; renvoie combien de messages
    sont partis et combien d'abonnements sont en échec."""
    instant = maintenant() if instant is None else instant
    abonnes = abonnements_actifs(stockage)
    prets = [a for a in abonnes if _pret(a, instant)]
    alertes = alertes_du_parc(stockage) if prets else []  # toutes les alertes : seulement s'il y a quelqu'un à servir
    noms = {s.uai: s.nom for s in stockage.sites()} if prets else {}
    envoyes, echecs = 0, []
    for abonnement in abonnes:
        apres, parti = _servir(stockage, reglages, abonnement, alertes, noms, instant) if abonnement in prets else (abonnement, False)
        envoyes += parti
        if apres.avancement.echecs:
            echecs.append(apres)
    _noter(stockage, envoyes, echecs, instant)
    if envoyes or echecs:
        journal.info("envoi des alertes : %d message(s), %d abonnement(s) en échec", envoyes, len(echecs))
    return Bilan(envoyes, len(echecs))


def _servir(stockage: Stockage, reglages: ReglagesEnvoi, abonnement: Abonnement, alertes: list[Alerte], noms: dict[str, str],
            instant: float) -> tuple[Abonnement, bool]:
    """L'abonnement après ce passage, et si un message est parti."""
    avancement = abonnement.avancement
    visees = [a for a in alertes if avancement.curseur < a.levee_le <= instant and abonnement.concerne(a.uai, a.regle)]
    if not visees and abonnement.rythme == "immediat":
        return abonnement, False  # rien de neuf : rien à écrire non plus
    nouvelles = sorted((a for a in visees if a.etat == "nouvelle"), key=lambda a: (-a.regle.gravite, a.debut, a.uai))
    if nouvelles:
        try:
            _transmettre(reglages, abonnement, composer(abonnement, nouvelles, noms, reglages.adresse_publique, instant))
        except EnvoiImpossible as erreur:
            echecs = avancement.echecs + 1
            delai = min(DELAI_INITIAL_S * 2 ** (echecs - 1), DELAI_MAX_S)
            journal.warning("abonnement %s : envoi impossible (%s), nouvel essai dans %d s", abonnement.identifiant, erreur, delai)
            return avancer(stockage, abonnement, replace(avancement, echecs=echecs, prochain_essai=instant + delai, erreur=str(erreur))), False
    return avancer(stockage, abonnement, Avancement(curseur=instant, dernier_resume=instant)), bool(nouvelles)


def _pret(abonnement: Abonnement, instant: float) -> bool:
    """Ni en attente après un échec, ni dans ses heures calmes, et son rythme est échu."""
    return instant >= abonnement.avancement.prochain_essai and not _heures_calmes(abonnement, instant) and _echu(abonnement, instant)


def _transmettre(reglages: ReglagesEnvoi, abonnement: Abonnement, message: Message) -> None:
    if abonnement.canal == "webhook":
        corps = json.dumps(message.donnees, ensure_ascii=False).encode("utf-8")
        poster_webhook(abonnement.destination, abonnement.secret, corps, reglages.webhooks_prives)
        return
    if reglages.relais is None:
        raise EnvoiImpossible("aucun relais de courriel réglé (ENERLYCEE_SMTP)")
    envoyer_courriel(reglages.relais, reglages.expediteur, abonnement.destination, message.sujet, message.texte, message.desabonnement)


def _echu(abonnement: Abonnement, instant: float) -> bool:
    """Immédiat : toujours ; un résumé : quand son échéance (7 h, le lundi pour l'hebdomadaire)
    est passée depuis le dernier résumé."""
    if abonnement.rythme == "immediat":
        return True
    return instant >= prochaine_echeance(abonnement.rythme, abonnement.avancement.dernier_resume)


def prochaine_echeance(rythme: str, apres: float) -> float:
    """La première échéance des résumés strictement après `apres` : 7 h (Paris) le jour même ou le
    lendemain ; pour l'hebdomadaire, le lundi suivant à 7 h."""
    jour = a_paris(apres).date()
    while True:
        echeance = datetime.combine(jour, HEURE_DES_RESUMES, PARIS).timestamp()
        if echeance > apres and (rythme == "quotidien" or jour.weekday() == 0):
            return echeance
        jour += timedelta(days=1)


def _heures_calmes(abonnement: Abonnement, instant: float) -> bool:
    if abonnement.heures_calmes is None:
        return False
    debut, fin = abonnement.heures_calmes
    heure = a_paris(instant).time()
    return debut <= heure < fin if debut < fin else heure >= debut or heure < fin


def _noter(stockage: Stockage, envoyes: int, echecs: list[Abonnement], instant: float) -> None:
    """L'état des envois, pour /sante et la page qualité : jamais une adresse, seulement le canal,
    l'identifiant de l'abonnement et l'erreur."""
    precedent = stockage.lire_etat(COMPOSANT)
    total = (precedent[0].get("messages_envoyes", 0) if precedent else 0) + envoyes
    stockage.noter_etat(COMPOSANT, {
        "etat": "en-panne" if echecs else "ok", "passage": instant, "messages_envoyes": total,
        "dernier_envoi": instant if envoyes else (precedent[0].get("dernier_envoi") if precedent else None),
        "en_echec": [{"abonnement": a.identifiant, "canal": a.canal, "echecs": a.avancement.echecs, "erreur": a.avancement.erreur,
                      "prochain_essai": a.avancement.prochain_essai} for a in echecs],
    })
