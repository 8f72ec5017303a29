"""Les tâches planifiées (apscheduler) : la purge quotidienne des relevés bruts."""

from apscheduler.schedulers.background import BackgroundScheduler

from noyau.retention import purger_releves_bruts
from noyau.stockage import Stockage
from noyau.temps import PARIS


def planifier_purge(stockage: Stockage, jours: int) -> BackgroundScheduler:
    """Purge chaque nuit à 3 h 30 (Paris) les relevés bruts de plus de `jours` jours ; démarré."""
    planificateur = BackgroundScheduler(timezone=PARIS)
    planificateur.add_job(
        purger_releves_bruts, "cron", args=(stockage, jours), hour=3, minute=30,
        id="purge-releves-bruts", coalesce=True, max_instances=1, misfire_grace_time=6 * 3600,
    )
    planificateur.start()
    return planificateur
