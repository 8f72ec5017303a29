"""Sur les données simulées de la démonstration (capteurs_sim, sans courtier) : les pannes
plantées lèvent leurs alertes par la tâche planifiée, et rien d'autre ; l'économie plantée
(−30 % d'électricité la nuit) se voit dans un défi et dans l'effet d'une action.

Les neuf premiers lycées (deux avec un compteur d'eau et un internat), un relevé par heure du
1er septembre 2025 au 1er novembre 2026 : une année entière, avec les ponts de mai, l'été et la
rentrée, où le retour des internes la veille d'un jour de classe (le dimanche soir, le lundi de
Pentecôte, le 31 août) fait plusieurs fois l'eau d'un jour sans classe ordinaire sans être une
anomalie. Les pannes sont placées par rapport au 1er mars 2026 : kit muet 30 heures le 20 janvier
(relevés perdus), kit coupé 52 heures le 9 février mais relevés rattrapés (pas de trou : pas
d'alerte), compteur remis à zéro le 2 octobre 2025, chauffage oublié le week-end du 31 janvier,
économie de nuit à partir du 1er décembre 2025, salle de serveurs restée allumée pendant les
vacances de Noël (trois lycées ont des sous-compteurs numériques) ; et dans les salles, mesurées
depuis le 1er octobre 2025, l'aile chaude de Dupuy de Lôme et la salle mal aérée d'Auguste Pavie
(capteurs_sim.confort), et le chauffage oublié, que les sondes voient aussi.
"""

import time
from datetime import date, datetime, timedelta

import pytest

from capteurs_sim.confort import AILE_CHAUDE, SALLE_CONFINEE
from capteurs_sim.generation import Generateur
from capteurs_sim.lycees import compteurs, lycees, sites
from enerlycee.planification import planifier_taches
from noyau.communaute.actions import creer_action, effet
from noyau.communaute.alertes import Seuils, alertes
from noyau.communaute.defis import classement, creer_defi
from noyau.communaute.regles import Regle
from noyau.domaine.temps import PARIS, a_paris, maintenant
from noyau.mesures.protocole import decoder
from noyau.stockage import ouvrir_stockage

REFERENCE = date(2026, 3, 1)
DEBUT, FIN = datetime(2025, 9, 1, tzinfo=PARIS).timestamp(), datetime(2026, 11, 1, tzinfo=PARIS).timestamp()
APRES = date(2026, 3, 1)  # le « aujourd'hui » des défis et des actions : tout est passé


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    choisis = lycees(9)
    assert {lycee.uai for lycee in choisis if lycee.eau and lycee.internat} == {"0560051B", "0350029S"}
    stockage = ouvrir_stockage(f"sqlite:///{tmp_path_factory.mktemp('demo')}/enerlycee.db")
    stockage.enregistrer_registre(sites(choisis), compteurs(choisis))
    generateur = Generateur(choisis, 42, REFERENCE)
    lot = []
    for message in generateur.messages_historique(DEBUT, FIN, 3600):
        lot += decoder(message.sujet, message.charge, FIN).releves
        if len(lot) > 20_000:
            stockage.ecrire(lot)
            lot = []
    stockage.ecrire(lot)
    yield stockage, generateur.pannes, choisis
    stockage.fermer()


def test_les_pannes_plantees_levent_leurs_alertes_et_elles_seules(demo):
    stockage, pannes, choisis = demo
    jours = (a_paris(maintenant()).date() - date(2025, 9, 1)).days  # le premier examen remonte à tout l'historique
    planificateur = planifier_taches(stockage, Seuils(), 0, premier_examen_jours=jours)
    try:
        limite = time.monotonic() + 60
        while planificateur.get_job("alertes-premier-examen") is not None and time.monotonic() < limite:
            time.sleep(0.1)
    finally:
        planificateur.shutdown()
    levees = {(a.uai, a.regle, a.jour) for lycee in choisis for a in alertes(stockage, lycee.uai)}
    muet = next(c for c in pannes.coupures if not c.rattrapage)
    oubli = pannes.chauffages[0]
    samedi = a_paris(oubli.debut).date() + timedelta(days=1)
    serveurs = pannes.numeriques[0]  # vacances de Noël : alertes les jours ouvrés de leur première semaine
    assert (a_paris(serveurs.debut).date(), a_paris(serveurs.fin).date()) == (date(2025, 12, 20), date(2026, 1, 5))
    numeriques = {(serveurs.uai, "numerique-hors-occupation", date(2025, 12, j)) for j in range(22, 27)}
    confort = {a for a in levees if a[1] in (Regle.SURCHAUFFE, Regle.CO2, Regle.CHAUFFAGE_INOCCUPE)}
    assert levees - confort == {(muet.uai, "kit-silencieux", a_paris(muet.debut).date()), (oubli.uai, "week-end", samedi)} | numeriques
    # l'aile chaude, la salle mal aérée (une alerte par épisode) et le chauffage oublié, vu des salles
    assert {(uai, regle) for uai, regle, _ in confort} == {
        (AILE_CHAUDE[0], "surchauffe"), (SALLE_CONFINEE[0], "co2"), (oubli.uai, "chauffage-inoccupe")}
    assert (oubli.uai, "chauffage-inoccupe", a_paris(oubli.debut).date()) in confort  # le vendredi soir
    [silence] = [a for a in alertes(stockage, muet.uai) if a.regle == "kit-silencieux"]
    assert silence.details["heures"] == (muet.fin - muet.debut) / 3600 + 1  # du dernier relevé avant au premier après
    [week_end] = [a for a in alertes(stockage, oubli.uai) if a.regle == "week-end"]
    assert week_end.details["facteur"] > 1.5
    assert all(a.details["compteur"] == "serveurs" and a.details["facteur"] > 2 for a in alertes(stockage, serveurs.uai))


def test_l_economie_plantee_se_voit_dans_un_defi_et_dans_l_effet_d_une_action(demo):
    stockage, pannes, choisis = demo
    economie = pannes.ecarts[0]
    jour = a_paris(economie.debut).date()
    assert jour == date(2025, 12, 1)
    defi = creer_defi(stockage, "Défi de décembre", "electricite", jour, date(2025, 12, 20), [(l.uai, None) for l in choisis])
    premier, *autres = classement(stockage, defi, APRES)
    # la nuit (20 h - 6 h) pèse de 15 à 25 % de l'électricité d'un jour de classe : −30 % la nuit,
    # c'est de 4,5 à 7,5 % d'économie ; les autres lycées n'ont rien changé
    assert premier.rang == 1 and premier.comparaison.participant.uai == economie.uai
    assert 0.045 < premier.comparaison.economie < 0.075 and premier.comparaison.completude == 1.0
    assert all(abs(ligne.comparaison.economie) < 0.015 for ligne in autres)
    action = creer_action(stockage, economie.uai, "Veille de nuit des ateliers", "intervention", jour, "electricite",
                          groupe="éco-délégués")
    estime = effet(stockage, action, APRES)
    assert 0.045 < estime.economie < 0.1 and estime.completude == 1.0
