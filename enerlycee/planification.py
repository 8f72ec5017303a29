"""Les tâches planifiées (apscheduler) : la purge quotidienne des relevés bruts, les alertes.

Le journal d'apscheduler est réduit aux avertissements (sauf avec `--journal debug`) : ses
lignes « Added job », « Running job »... à chaque passage n'apprennent rien à un exploitant ;
les tâches disent elles-mêmes ce qu'elles ont fait (« alertes : 2 nouvelle(s) »).
"""

import logging
from dataclasses import replace

from apscheduler.schedulers.background import BackgroundScheduler

from noyau.alertes import Seuils, verifier_tout
from noyau.retention import purger_releves_bruts
from noyau.stockage import Stockage
from noyau.temps import PARIS

MINUTES_ENTRE_ALERTES = 60


def planifier_purge(stockage: Stockage, jours: int) -> BackgroundScheduler:
    """Purge chaque nuit à 3 h 30 (Paris) les relevés bruts de plus de `jours` jours ; démarré."""
    planificateur = _planificateur()
    planificateur.add_job(
        purger_releves_bruts, "cron", args=(stockage, jours), hour=3, minute=30,
        id="purge-releves-bruts", coalesce=True, max_instances=1, misfire_grace_time=6 * 3600,
    )
    planificateur.start()
    return planificateur


def planifier_alertes(stockage: Stockage, seuils: Seuils, premier_examen_jours: int | None = None) -> BackgroundScheduler:
    """Examine les alertes de tous les lycées tout de suite, puis toutes les heures ; démarré.

    `premier_examen_jours` : le premier examen remonte aussi loin (la démonstration y trouve les
    pannes de son historique), les suivants `seuils.jours_examines`."""
    planificateur = _planificateur()
    premier = replace(seuils, jours_examines=premier_examen_jours) if premier_examen_jours else seuils
    planificateur.add_job(verifier_tout, args=(stockage, premier), id="alertes-premier-examen", misfire_grace_time=None)
    planificateur.add_job(
        verifier_tout, "interval", args=(stockage, seuils), minutes=MINUTES_ENTRE_ALERTES,
        id="alertes", coalesce=True, max_instances=1, misfire_grace_time=3600,
    )
    planificateur.start()
    return planificateur


def _planificateur() -> BackgroundScheduler:
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return BackgroundScheduler(timezone=PARIS)
