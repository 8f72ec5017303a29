"""Les surconsommations d'un parc réel : chaque lycée de la démonstration en a une, qui doit lever
son alerte (noyau.communaute.alertes), et aucune autre.

Quatre sortes, tour à tour, placées de semaine en semaine avant le premier lancement (onze semaines
avant au moins, avant les défis de la démonstration), chacune un jour que la règle sait juger :

- `nuit` : les ateliers tournent toute une nuit entre deux jours de classe (électricité × 2,5
  de 20 h à 6 h) ;
- `week-end` : l'éclairage du gymnase reste allumé un samedi et un dimanche avant un lundi de
  classe (électricité × 3 de 6 h à 20 h) ;
- `vacances` : des radiateurs d'appoint oubliés un jour de vacances qui n'est pas une veille de
  classe (électricité × 2,5 de 6 h à 20 h) ;
- `nuit` (eau, pour un lycée qui a un compteur d'eau) : une fuite aux sanitaires une nuit (× 4).

Les nuits ne sont touchées que par la première et la dernière, les journées par les deux autres :
une surconsommation ne déborde jamais sur la règle d'une autre.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import numpy as np

from capteurs_sim.ecarts import Ecart, Moments, Usage
from capteurs_sim.lycees import Lycee
from capteurs_sim.pannes import Surconsommation
from noyau.domaine.calendrier import est_ferie, est_jour_de_classe, est_vacances
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import PARIS

PREMIERE_AVANT_J = 80  # jours avant le lancement : avant le défi fini (capteurs_sim.communaute)
ECART_ENTRE_LYCEES_J = 7
RECHERCHE_MAX_J = 120


def planter(lycees: list[Lycee], graine: int, lancement: date) -> tuple[Surconsommation, ...]:
    """Une surconsommation par lycée, reproductible pour une graine et un jour de lancement."""
    ordre = np.random.default_rng(graine + 1).permutation(len(lycees))
    plantees: list[Surconsommation] = []
    for rang, k in enumerate(ordre):
        lycee = lycees[int(k)]
        sortes = _SORTES if lycee.eau else _SORTES[:-1]
        sorte = sortes[rang % len(sortes)]
        cible = lancement - timedelta(days=PREMIERE_AVANT_J + ECART_ENTRE_LYCEES_J * rang)
        plantees.append(sorte(lycee.uai, cible, {s.jour for s in plantees}))
    return tuple(plantees)


def _nuit_d_ateliers(uai: str, cible: date, pris: set[date]) -> Surconsommation:
    jour = _chercher(cible, _nuit_de_classe, pris)
    return Surconsommation(Ecart(uai, Usage.ELECTRICITE, 2.5, _midi(jour - timedelta(days=1)), _midi(jour), Moments.NUIT),
                           "nuit", jour)


def _fuite_d_eau(uai: str, cible: date, pris: set[date]) -> Surconsommation:
    jour = _chercher(cible, _nuit_de_classe, pris)
    return Surconsommation(Ecart(uai, Usage.EAU, 4.0, _midi(jour - timedelta(days=1)), _midi(jour), Moments.NUIT),
                           "nuit", jour)


def _gymnase_allume(uai: str, cible: date, pris: set[date]) -> Surconsommation:
    samedi = _chercher(cible, _week_end_entre_deux_semaines_de_classe, pris)
    return Surconsommation(Ecart(uai, Usage.ELECTRICITE, 3.0, _minuit(samedi), _minuit(samedi + timedelta(days=2)),
                                 Moments.JOURNEE), "week-end", samedi)


def _radiateurs_oublies(uai: str, cible: date, pris: set[date]) -> Surconsommation:
    jour = _chercher(cible, _jour_de_vacances_ordinaire, pris)
    return Surconsommation(Ecart(uai, Usage.ELECTRICITE, 2.5, _minuit(jour), _minuit(jour + timedelta(days=1)),
                                 Moments.JOURNEE), "vacances", jour)


_SORTES = (_nuit_d_ateliers, _gymnase_allume, _radiateurs_oublies, _fuite_d_eau)


def _nuit_de_classe(jour: date) -> bool:
    """Une nuit du mardi au jeudi entre deux jours de classe, après au moins huit jours de classe
    (la règle la compare aux nuits de même nature des 42 jours d'avant, 4 au moins)."""
    veille = jour - timedelta(days=1)
    if jour.weekday() not in (1, 2, 3) or not (est_jour_de_classe(jour) and est_jour_de_classe(veille)):
        return False
    return sum(est_jour_de_classe(jour - timedelta(days=k)) for k in range(1, 43)) >= 8


def _week_end_entre_deux_semaines_de_classe(samedi: date) -> bool:
    """Un week-end entre deux semaines de classe, après au moins six autres (4 au moins à comparer)."""
    def entre_deux_semaines(s: date) -> bool:
        return est_jour_de_classe(s - timedelta(days=1)) and est_jour_de_classe(s + timedelta(days=2))

    precedents = (samedi - timedelta(weeks=k) for k in range(1, 21))
    return samedi.weekday() == 5 and entre_deux_semaines(samedi) and sum(map(entre_deux_semaines, precedents)) >= 6


def _jour_de_vacances_ordinaire(jour: date) -> bool:
    """Un jour ouvré de vacances scolaires, ni férié ni veille de classe, précédé dans les 120 jours
    d'au moins six jours de même nature (la règle en demande 4 complets)."""
    def ordinaire(j: date) -> bool:
        lendemain = j + timedelta(days=1)
        return j.weekday() < 5 and est_vacances(j) and not est_ferie(j) and not est_jour_de_classe(lendemain)

    return ordinaire(jour) and sum(ordinaire(jour - timedelta(days=k)) for k in range(1, 121)) >= 6


def _chercher(cible: date, convient: Callable[[date], bool], pris: set[date]) -> date:
    """Le jour libre le plus proche de `cible` qui convient, sans dépasser `cible` + 10 jours (les
    défis de la démonstration viennent après)."""
    for ecart in range(RECHERCHE_MAX_J):
        for jour in (cible - timedelta(days=ecart), cible + timedelta(days=ecart)):
            if jour <= cible + timedelta(days=10) and jour not in pris and convient(jour):
                return jour
    raise DonneeInvalide(f"aucun jour ne convient dans les {RECHERCHE_MAX_J} jours autour du {cible}")


def _minuit(jour: date) -> float:
    return datetime.combine(jour, time(0), tzinfo=PARIS).timestamp()


def _midi(jour: date) -> float:
    return datetime.combine(jour, time(12), tzinfo=PARIS).timestamp()
