"""Les tâches planifiées (apscheduler) de `enerlycee taches` : les alertes, leur envoi aux abonnés
(chaque minute), la purge quotidienne des relevés bruts.

Lever les alertes et les envoyer ne se font jamais en même temps (un verrou) : un envoi ne lit
pas une alerte à moitié levée.

Le journal d'apscheduler est réduit aux avertissements (sauf avec `--journal debug`) : ses
lignes « Added job », « Running job »... à chaque passage n'apprennent rien à un exploitant ;
les tâches disent elles-mêmes ce qu'elles ont fait (« alertes : 2 nouvelle(s) »).
"""

import logging
import threading
from dataclasses import replace

from apscheduler.schedulers.background import BackgroundScheduler

from noyau.communaute.alertes import Seuils, verifier_tout
from noyau.communaute.envoi import ReglagesEnvoi, envoyer
from noyau.communaute.file_alertes import migrer_etats
from noyau.domaine.temps import PARIS
from noyau.exploitation.retention import purger_releves_bruts
from noyau.stockage import Stockage

MINUTES_ENTRE_ALERTES = 60
SECONDES_ENTRE_ENVOIS = 60


def planifier_taches(
    stockage: Stockage, seuils: Seuils, retention_brute_jours: int, premier_examen_jours: int | None = None,
    envoi: ReglagesEnvoi | None = None,
) -> BackgroundScheduler:
    """Démarre les tâches (après avoir renommé les états d'alerte d'avant) : les alertes de tous
    les lycées tout de suite, puis toutes les heures ; la purge des relevés bruts de plus de `retention_brute_jours` jours chaque nuit à 3 h 30
    (Paris ; 0 : jamais).

    `premier_examen_jours` : le premier examen des alertes remonte aussi loin (la démonstration
    y trouve les pannes de son historique), les suivants `seuils.jours_examines`. `envoi` : les
    alertes partent aux abonnés chaque minute (None : pas d'envoi)."""
    migrer_etats(stockage)
    planificateur = _planificateur()
    verrou = threading.Lock()
    premier = replace(seuils, jours_examines=premier_examen_jours) if premier_examen_jours else seuils
    planificateur.add_job(_sous(verrou, verifier_tout), args=(stockage, premier), id="alertes-premier-examen", misfire_grace_time=None)
    planificateur.add_job(
        _sous(verrou, verifier_tout), "interval", args=(stockage, seuils), minutes=MINUTES_ENTRE_ALERTES,
        id="alertes", coalesce=True, max_instances=1, misfire_grace_time=3600,
    )
    if envoi is not None:
        planificateur.add_job(
            _sous(verrou, envoyer), "interval", args=(stockage, envoi), seconds=SECONDES_ENTRE_ENVOIS,
            id="envoi-alertes", coalesce=True, max_instances=1, misfire_grace_time=SECONDES_ENTRE_ENVOIS,
        )
    if retention_brute_jours:
        planificateur.add_job(
            purger_releves_bruts, "cron", args=(stockage, retention_brute_jours), hour=3, minute=30,
            id="purge-releves-bruts", coalesce=True, max_instances=1, misfire_grace_time=6 * 3600,
        )
    planificateur.start()
    return planificateur


def _sous(verrou: threading.Lock, tache):
    def sous_verrou(*arguments):
        with verrou:
            return tache(*arguments)
    return sous_verrou


def _planificateur() -> BackgroundScheduler:
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return BackgroundScheduler(timezone=PARIS)
