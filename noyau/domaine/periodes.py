"""Le découpage du temps en périodes (`pas`), à l'heure locale de Paris.

Un jour du passage à l'heure d'été dure 23 heures, celui du retour 25. Les périodes sont
alignées sur le calendrier (lundi pour les semaines ISO, le 1er pour les mois) puis
rognées à [debut, fin) : la première et la dernière peuvent donc être partielles, et la
somme des périodes est exactement la consommation de [debut, fin).
"""

from datetime import date, datetime, timedelta
from enum import StrEnum

import numpy as np

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import PARIS

PERIODES_MAX = 100_000  # au-delà, une seule demande occuperait le serveur pour rien

_DUREE_NOMINALE_S = {"heure": 3600, "jour": 86400, "semaine": 7 * 86400, "mois": 30 * 86400, "annee": 365 * 86400}


class Pas(StrEnum):
    HEURE = "heure"
    JOUR = "jour"
    SEMAINE = "semaine"
    MOIS = "mois"
    ANNEE = "annee"


def valider_pas(texte: str) -> Pas:
    try:
        return Pas(texte)
    except ValueError:
        raise DonneeInvalide(f"pas inconnu « {texte} » : heure, jour, semaine, mois ou annee") from None


def nombre_de_periodes(debut: datetime, fin: datetime, pas: Pas) -> float:
    """Le nombre de périodes de [debut, fin) au pas `pas`, à peu près (durées nominales)."""
    return (fin.timestamp() - debut.timestamp()) / _DUREE_NOMINALE_S[pas.value]


def verifier_periode(debut: datetime, fin: datetime, pas: Pas) -> None:
    """Refuse une fin qui ne suit pas le début, ou un découpage en trop de périodes."""
    if fin <= debut:
        raise DonneeInvalide("fin doit être postérieure à debut")
    if nombre_de_periodes(debut, fin, pas) > PERIODES_MAX:
        raise DonneeInvalide(f"trop de périodes demandées : au plus {PERIODES_MAX} au pas « {pas.value} »")


def bornes(debut: datetime, fin: datetime, pas: Pas) -> np.ndarray:
    """Les bornes des périodes en secondes Unix : debut, débuts des périodes suivantes, fin."""
    verifier_periode(debut, fin, pas)
    a, b = debut.timestamp(), fin.timestamp()
    if pas is Pas.HEURE:  # le décalage de Paris est toujours d'heures entières
        interieures = np.arange((a // 3600 + 1) * 3600, b, 3600.0)
    else:
        interieures = np.array(list(_debuts_locaux(debut.astimezone(PARIS).date(), b, pas)), dtype=np.float64)
    interieures = interieures[interieures > a]
    return np.concatenate(([a], interieures, [b]))


def _debuts_locaux(jour: date, fin: float, pas: Pas):
    """Les débuts (minuit à Paris) des périodes qui suivent celle qui contient `jour`."""
    courant = _debut_periode(jour, pas)
    while True:
        courant = _suivant(courant, pas)
        instant = datetime(courant.year, courant.month, courant.day, tzinfo=PARIS).timestamp()
        if instant >= fin:
            return
        yield instant


def _debut_periode(jour: date, pas: Pas) -> date:
    if pas is Pas.SEMAINE:
        return jour - timedelta(days=jour.weekday())
    if pas is Pas.MOIS:
        return jour.replace(day=1)
    if pas is Pas.ANNEE:
        return jour.replace(month=1, day=1)
    return jour


def _suivant(jour: date, pas: Pas) -> date:
    if pas is Pas.JOUR:
        return jour + timedelta(days=1)
    if pas is Pas.SEMAINE:
        return jour + timedelta(days=7)
    if pas is Pas.MOIS:
        return date(jour.year + jour.month // 12, jour.month % 12 + 1, 1)
    return date(jour.year + 1, 1, 1)
