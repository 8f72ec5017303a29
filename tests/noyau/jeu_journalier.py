"""Un petit jeu de relevés écrit jour par jour : la consommation de chaque jour est choisie à la main.

Un relevé d'index par heure pleine ; l'index avance régulièrement dans le jour (23 à 25 heures
selon le changement d'heure). Un jour « troué » perd ses relevés de 10 h à 14 h (4 heures sans
relevé : le jour est incomplet, ses voisins ne le sont pas).
"""

from datetime import date, datetime, timedelta

from noyau.domaine.calendrier import est_jour_de_classe
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve, Site
from noyau.domaine.temps import PARIS

UAI = "0350028R"
UAI_B = "0290009C"
SITES = [Site(UAI, "Lycée A", "Rennes", 10000.0), Site(UAI_B, "Lycée B", "Brest", 8000.0)]


def compteurs(uai: str = UAI) -> list[Compteur]:
    return [
        Compteur(uai, "principal", Energie.ELECTRICITE, True, "général"),
        Compteur(uai, "cantine", Energie.ELECTRICITE, False, "cantine"),
        Compteur(uai, "chaufferie", Energie.GAZ, True, "chauffage"),
        Compteur(uai, "sonde-exterieure", None, False, "température extérieure"),
    ]


def minuit(jour: date) -> float:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS).timestamp()


def heures_du_jour(jour: date) -> int:
    """23, 24 ou 25 : les heures d'un jour de Paris."""
    return round((minuit(jour + timedelta(days=1)) - minuit(jour)) / 3600)


def puissance_constante(kw: float):
    """Une charge plate de `kw` kW : sa consommation de chaque jour, pour `releves_journaliers`."""
    return lambda jour: kw * heures_du_jour(jour)


def releves_journaliers(uai: str, compteur: str, par_jour, debut: date, fin: date, troues=()) -> list[Releve]:
    """Index (kWh) de `compteur` sur [debut, fin) : `par_jour(jour)` kWh chaque jour."""
    releves, index, jour = [], 1000.0, debut
    while jour < fin:
        a, heures = minuit(jour), heures_du_jour(jour)
        for h in range(heures):
            if not (jour in troues and 10 < h < 14):
                releves.append(Releve(uai, compteur, Grandeur.INDEX_KWH, a + 3600 * h, index + par_jour(jour) * h / heures))
        index += par_jour(jour)
        jour += timedelta(days=1)
    releves.append(Releve(uai, compteur, Grandeur.INDEX_KWH, minuit(fin), index))
    return releves


def temperatures(uai: str, par_jour, debut: date, fin: date) -> list[Releve]:
    """La sonde extérieure à `par_jour(jour)` °C toute la journée, un relevé par heure."""
    releves, jour = [], debut
    while jour < fin:
        a, b = minuit(jour), minuit(jour + timedelta(days=1))
        releves += [Releve(uai, "sonde-exterieure", Grandeur.TEMPERATURE_C, t, par_jour(jour)) for t in range(int(a), int(b), 3600)]
        jour += timedelta(days=1)
    return releves


JOUR_ACTION = date(2025, 12, 1)  # un lundi ; les vacances de Noël commencent le samedi 20


def electricite_avec_action(jour: date) -> float:
    """Jours de classe : 100 kWh avant l'action, 80 après ; jours sans classe : 30 toujours (par
    jour de 24 heures : 31,25 le dimanche 26 octobre 2025, qui en a 25)."""
    if not est_jour_de_classe(jour):
        return 30.0 * heures_du_jour(jour) / 24
    return 80.0 if jour >= JOUR_ACTION else 100.0


def ecrire_jeu_action(stockage) -> None:
    """Les deux lycées au registre ; le compteur principal du lycée A de septembre à Noël 2025,
    avec la baisse de 20 % des jours de classe à partir de JOUR_ACTION."""
    stockage.enregistrer_registre(SITES, compteurs(UAI) + compteurs(UAI_B))
    stockage.ecrire(releves_journaliers(UAI, "principal", electricite_avec_action, date(2025, 9, 1), date(2025, 12, 29)))
