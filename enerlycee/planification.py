"""Les tâches planifiées (apscheduler) de `enerlycee taches` : les alertes, leur envoi aux abonnés
(chaque minute), la purge quotidienne des relevés bruts.

Lever les alertes et les envoyer ne se font jamais en même temps (un verrou) : un envoi ne lit
pas une alerte à moitié levée.

Un seul processus de tâches travaille à la fois sur un même stockage (deux `enerlycee taches`, ou
la démonstration et `taches`, enverraient sinon chaque alerte deux fois) : celui qui tient le bail
« taches » (noyau.exploitation.bail), renouvelé par une tâche à part ; les autres attendent (ils le
disent une fois au journal) et le premier d'entre eux prend le relais si le titulaire meurt ou
s'arrête (à l'arrêt, le titulaire retire sa candidature : le relais est pris aussitôt). Le
premier examen des alertes, suivi d'un envoi, est fait dès que le bail est pris. Un passage unique
(`taches --une-fois`, pour un cron) prend le même bail le temps de son travail (`bail_d_un_passage`),
et ne fait rien si un autre processus le tient.

Le journal d'apscheduler est réduit aux avertissements (sauf avec `--journal debug`) : ses
lignes « Added job », « Running job »... à chaque passage n'apprennent rien à un exploitant ;
les tâches disent elles-mêmes ce qu'elles ont fait (« alertes : 2 nouvelle(s) »).
"""

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import replace

from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from noyau.communaute.alertes import Seuils, verifier_tout
from noyau.communaute.envoi import ReglagesEnvoi, envoyer
from noyau.communaute.file_alertes import migrer_etats
from noyau.domaine.erreurs import ErreurStockage
from noyau.domaine.temps import PARIS
from noyau.exploitation.bail import DUREE_S, Bail
from noyau.exploitation.retention import purger_releves_bruts
from noyau.stockage import Stockage

MINUTES_ENTRE_ALERTES = 60
SECONDES_ENTRE_ENVOIS = 60
ATTENTE_DU_BAIL_S = 0.5

journal = logging.getLogger(__name__)


def planifier_taches(
    stockage: Stockage, seuils: Seuils, retention_brute_jours: int, premier_examen_jours: int | None = None,
    envoi: ReglagesEnvoi | None = None, bail_s: float = DUREE_S,
) -> BackgroundScheduler:
    """Démarre les tâches (après avoir renommé les états d'alerte d'avant) : les alertes de tous
    les lycées dès que le bail est pris (suivies d'un envoi), puis toutes les heures ; la purge des
    relevés bruts de plus de `retention_brute_jours` jours chaque nuit à 3 h 30 (Paris ; 0 : jamais).

    `premier_examen_jours` : le premier examen des alertes remonte aussi loin (la démonstration
    y trouve les pannes de son historique), les suivants `seuils.jours_examines`. `envoi` : les
    alertes partent aux abonnés chaque minute (None : pas d'envoi). `bail_s` : la durée du bail des
    tâches (voir plus haut)."""
    migrer_etats(stockage)
    planificateur = _planificateur()
    bail = Bail(stockage, "taches", bail_s)
    verrou = threading.Lock()
    premier = replace(seuils, jours_examines=premier_examen_jours) if premier_examen_jours else seuils

    def premier_passage() -> None:
        """Dès que le bail est pris : tout de suite s'il était libre (pris avant de démarrer) ; sinon
        la tâche attend, sans appeler le planificateur (son arrêt attend la fin des tâches en cours,
        verrou tenu), et ne fait rien s'il s'arrête avant."""
        while not bail.detenu:
            if planificateur.state == STATE_STOPPED:
                return
            time.sleep(ATTENTE_DU_BAIL_S)
        with verrou:
            verifier_tout(stockage, premier)
            if envoi is not None:
                envoyer(stockage, envoi)

    planificateur.add_job(premier_passage, id="alertes-premier-examen", misfire_grace_time=None)
    planificateur.add_job(
        _gardee(bail, verrou, verifier_tout), "interval", args=(stockage, seuils), minutes=MINUTES_ENTRE_ALERTES,
        id="alertes", coalesce=True, max_instances=1, misfire_grace_time=3600,
    )
    if envoi is not None:
        planificateur.add_job(
            _gardee(bail, verrou, envoyer), "interval", args=(stockage, envoi), seconds=SECONDES_ENTRE_ENVOIS,
            id="envoi-alertes", coalesce=True, max_instances=1, misfire_grace_time=SECONDES_ENTRE_ENVOIS,
        )
    if retention_brute_jours:
        planificateur.add_job(
            _gardee(bail, nullcontext(), purger_releves_bruts), "cron", args=(stockage, retention_brute_jours), hour=3, minute=30,
            id="purge-releves-bruts", coalesce=True, max_instances=1, misfire_grace_time=6 * 3600,
        )

    _renouveler(bail)  # avant de démarrer : le premier examen part aussitôt si le bail était libre
    planificateur.add_job(_renouveler, "interval", args=(bail,), seconds=bail.renouvellement_s, id="bail", coalesce=True,
                          max_instances=1)
    planificateur.add_listener(lambda _evenement: _liberer(bail), EVENT_SCHEDULER_SHUTDOWN)  # après les tâches en cours
    planificateur.start()
    return planificateur


@contextmanager
def bail_d_un_passage(stockage: Stockage, bail_s: float = DUREE_S) -> Iterator[Bail]:
    """Le bail des tâches pour un seul passage : pris, renouvelé pendant le travail (qui peut durer
    plus que le bail), puis rendu. `bail.detenu` faux : un autre processus le tient, et fait ce travail."""
    bail = Bail(stockage, "taches", bail_s)
    fini = threading.Event()
    renouvellements = threading.Thread(target=lambda: _renouveler_jusqu_a(bail, fini), name="bail-taches", daemon=True)
    try:
        if bail.renouveler():
            renouvellements.start()
        yield bail
    finally:
        fini.set()
        if renouvellements.is_alive():
            renouvellements.join()
        _liberer(bail)  # même pas titulaire : sa candidature, derrière l'autre, n'a plus lieu d'être


def _renouveler_jusqu_a(bail: Bail, fini: threading.Event) -> None:
    while not fini.wait(bail.renouvellement_s):
        _renouveler(bail)


def _renouveler(bail: Bail) -> None:
    try:
        bail.renouveler()
    except ErreurStockage as erreur:
        journal.warning("bail des tâches : renouvellement impossible (%s)", erreur)


def _liberer(bail: Bail) -> None:
    try:
        bail.liberer()
    except ErreurStockage as erreur:
        journal.warning("bail des tâches : candidature non retirée (%s) ; elle échoira d'elle-même", erreur)


def _gardee(bail: Bail, verrou: AbstractContextManager, tache):
    """La tâche, sous ce verrou, seulement quand ce processus tient le bail."""
    def gardee(*arguments):
        if not bail.detenu:
            return None
        with verrou:
            return tache(*arguments)
    return gardee


def _planificateur() -> BackgroundScheduler:
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return BackgroundScheduler(timezone=PARIS)
