"""`enerlycee taches` : les tâches planifiées hors du collecteur, les alertes des lycées, leur envoi
aux abonnés et la purge nocturne des relevés bruts."""

import click

from enerlycee.options import option, option_smtp, option_smtp_expediteur, option_stockage
from noyau.communaute.alertes import Seuils
from noyau.communaute.canaux import Relais
from noyau.communaute.envoi import ReglagesEnvoi
from noyau.exploitation.bail import DUREE_S
from noyau.exploitation.retention import RETENTION_BRUTE_JOURS
from noyau.stockage import Stockage

_DEFAUT = Seuils()


@click.command()
@option_stockage
@option("--silence-heures", default=_DEFAUT.silence_heures, type=click.FloatRange(min=1.0), help="Kit silencieux : heures sans relevé d'énergie")
@option("--facteur-hors-occupation", default=_DEFAUT.facteur_hors_occupation, type=click.FloatRange(min=1.0, min_open=True),
        help="Week-end, nuit ou vacances anormaux : puissance moyenne au-delà de ce facteur × l'habitude (médiane des précédents)")
@option("--week-ends-reference", default=_DEFAUT.week_ends_reference, type=click.IntRange(4, 52),
        help="Nombre de week-ends précédents dont on prend la médiane")
@option("--jours-examines", default=_DEFAUT.jours_examines, type=click.IntRange(1, 400), help="Jours passés examinés à chaque passage (silences, week-ends)")
@option("--surchauffe-c", default=_DEFAUT.surchauffe_c, type=click.FloatRange(19.0, 30.0),
        help="Salles surchauffées : température moyenne des cours d'une semaine au-delà (°C)")
@option("--retention-brute-jours", default=RETENTION_BRUTE_JOURS, type=click.IntRange(0),
        help="Purge chaque nuit (3 h 30) les relevés bruts plus vieux ; 0 : jamais (les agrégats horaires restent)")
@option_smtp
@option_smtp_expediteur
@option("--adresse-publique", default="http://127.0.0.1:8000", help="Adresse publique du tableau de bord, pour les liens des messages d'alerte")
@option("--webhooks-prives", is_flag=True,
        help="Accepter les webhooks vers un hôte local ou privé (127.0.0.1, 10.x, 192.168.x...) ; refusés sinon")
@option("--bail-secondes", default=DUREE_S, type=click.FloatRange(min=4.0),
        help="Un seul processus de tâches travaille à la fois sur un stockage (un bail) ; les autres attendent et l'un"
             " d'eux prend le relais au plus tard ce délai, et un quart, après sa mort")
@option("--une-fois", is_flag=True, help="Examine, envoie et purge une fois, puis s'arrête (pour un cron) ; sinon jusqu'à Ctrl-C."
        " Sous le même bail : rien fait si un autre processus de tâches le tient")
def taches(stockage: Stockage, silence_heures: float, facteur_hors_occupation: float, week_ends_reference: int,
           jours_examines: int, surchauffe_c: float, retention_brute_jours: int, smtp: Relais | None, smtp_expediteur: str,
           adresse_publique: str, webhooks_prives: bool, bail_secondes: float, une_fois: bool) -> None:
    """Lève les alertes de tous les lycées (kit silencieux, week-end, nuit ou vacances anormaux,
    objectif dépassé, numérique hors occupation, salles surchauffées, confinées ou chauffées lycée
    vide) toutes les heures, les envoie aux abonnés (courriel, webhook) chaque minute et purge chaque
    nuit les relevés bruts anciens."""
    seuils = Seuils(silence_heures, facteur_hors_occupation, week_ends_reference, jours_examines, surchauffe_c)
    envoi = ReglagesEnvoi(smtp, smtp_expediteur, adresse_publique, webhooks_prives)
    if une_fois:
        _un_passage(stockage, seuils, retention_brute_jours, envoi, bail_secondes)
        return
    from enerlycee.cli import attendre_arret
    from enerlycee.planification import planifier_taches

    planificateur = planifier_taches(stockage, seuils, retention_brute_jours, envoi=envoi, bail_s=bail_secondes)
    click.echo("Alertes examinées dès que ce processus tient le bail des tâches (un seul à la fois sur ce stockage), puis"
               " toutes les heures, envoyées aux abonnés chaque minute, purge chaque nuit ; Ctrl-C pour arrêter.")
    attendre_arret()
    planificateur.shutdown()


def _un_passage(stockage: Stockage, seuils: Seuils, retention_brute_jours: int, envoi: ReglagesEnvoi, bail_s: float) -> None:
    """`--une-fois` : examine, envoie et purge sous le bail des tâches, comme le service ; si un autre
    processus de tâches le tient, il fait ce travail : rien n'est fait deux fois (ni message envoyé deux fois)."""
    from enerlycee.planification import bail_d_un_passage
    from noyau.communaute.alertes import verifier_tout
    from noyau.communaute.envoi import envoyer
    from noyau.communaute.file_alertes import migrer_etats
    from noyau.exploitation.retention import purger_releves_bruts

    with bail_d_un_passage(stockage, bail_s) as bail:
        if not bail.detenu:
            click.echo(f"Rien fait : un autre processus de tâches tient le bail des tâches sur ce stockage ({bail.en_tete}) ;"
                       " c'est lui qui examine les alertes, les envoie et purge.")
            return
        migrer_etats(stockage)
        click.echo(f"{verifier_tout(stockage, seuils)} alerte(s) nouvelle(s).")
        bilan = envoyer(stockage, envoi)
        click.echo(f"{bilan.envoyes} message(s) d'alerte envoyé(s)" + (f", {bilan.en_echec} abonnement(s) en échec (réessayés au"
                   " prochain passage)." if bilan.en_echec else "."))
        if retention_brute_jours:
            supprimes, _ = purger_releves_bruts(stockage, retention_brute_jours)
            click.echo(f"{supprimes} relevé(s) brut(s) purgé(s).")
