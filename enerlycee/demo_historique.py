"""L'historique de la démonstration, rangé directement dans le stockage.

Les messages que les kits simulés ont envoyés (capteurs_sim.generation : les octets mêmes que le
direct publie) sont décodés, validés et écrits par les fonctions du noyau qu'emploie l'écrivain
du collecteur (`Aiguillage.decoder`, `valider`, `valider_series`, `Stockage.ecrire`) : mêmes
relevés, mêmes agrégats horaires et journaliers, même quarantaine. Seul le courtier est évité : le
courtier embarqué (pur Python) en était le goulot, et un an et demi d'historique ne tiendrait pas
en une minute. Le direct, lui, passe toujours par le courtier et le collecteur.

Un lot rassemble des messages envoyés au même instant (au plus `OCTETS_PAR_LOT`, comme le
collecteur) et il est écrit avec cet instant (`recu_le`) : le dernier message reçu de chaque
compteur est celui du scénario, et un kit muet depuis des heures l'est dès le lancement.
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import click
from tqdm import tqdm

from capteurs_sim.generation import Generateur, Message
from capteurs_sim.kit import ORIGINE
from capteurs_sim.lycees import Lycee
from noyau.domaine import texte
from noyau.domaine.modele import Rejet, Releve, SerieDeReleves
from noyau.domaine.temps import PARIS, a_paris, maintenant
from noyau.mesures.aiguillage import Aiguillage
from noyau.mesures.validation import Registre, valider, valider_series
from noyau.stockage import Stockage

OCTETS_PAR_LOT = 1_000_000  # environ 20 000 relevés, comme un lot du collecteur (collecteur.ecrivain)
PAS_S = 3600  # un relevé par heure dans l'historique : chaque heure est complète
MOIS_AU_MOINS = 18  # les objectifs commencent 4 mois avant le lancement et se comparent à l'an d'avant
ETAT = "demo"


@dataclass(frozen=True)
class Lancement:
    """Ce que la démonstration note avec ses données : un second lancement rejoue le même scénario."""

    reference_pannes: date  # le 1er du mois du premier lancement (capteurs_sim.pannes)
    instant: float  # celui du premier lancement (capteurs_sim.scenario, capteurs_sim.communaute)
    communaute: bool = False  # déjà rangée (enerlycee.demo_communaute)


def premier_lancement(stockage: Stockage) -> Lancement:
    """Le premier lancement, noté avec les données ; celui-ci s'il n'y en a pas (un dossier d'une
    version précédente, qui n'a noté que la référence des pannes, le garde)."""
    notee = stockage.lire_etat(ETAT)
    contenu = notee[0] if notee else {}
    aujourd_hui = a_paris(maintenant()).date()
    lancement = Lancement(date.fromisoformat(contenu.get("reference_pannes") or aujourd_hui.replace(day=1).isoformat()),
                          float(contenu.get("premier_lancement") or maintenant()), bool(contenu.get("communaute")))
    noter_lancement(stockage, lancement)
    return lancement


def noter_lancement(stockage: Stockage, lancement: Lancement) -> None:
    stockage.noter_etat(ETAT, {"reference_pannes": lancement.reference_pannes.isoformat(),
                               "premier_lancement": lancement.instant, "communaute": lancement.communaute})


def debut_de_l_historique(aujourd_hui: date, mois: int | None = None) -> date:
    """Le premier jour de l'historique d'un premier lancement : la veille du 1er janvier de l'an
    passé (« depuis le 1er janvier » se compare à l'an passé, et l'an passé est l'année de référence
    de la trajectoire), plus tôt pour couvrir MOIS_AU_MOINS mois ; `mois` l'impose. Jamais avant la
    mise en service des kits simulés (capteurs_sim.kit.ORIGINE)."""
    if mois:
        debut = aujourd_hui - timedelta(days=round(mois * 30.44))
    else:
        debut = min(date(aujourd_hui.year - 1, 1, 1), aujourd_hui - timedelta(days=round(MOIS_AU_MOINS * 30.44)))
        debut -= timedelta(days=1)
    return max(debut, datetime.fromtimestamp(ORIGINE, PARIS).date() + timedelta(days=1))


def rattraper_historique(stockage: Stockage, generateur: Generateur, choisis: list[Lycee], mois: int | None) -> tuple[float, float]:
    """Range l'historique manquant jusqu'à l'heure pleine, avec une barre de progression ; renvoie
    (son début, l'instant d'où le direct doit reprendre : cette heure, ou le dernier relevé s'il
    est plus récent)."""
    fin = maintenant() // 3600 * 3600
    dernier = max((s.dernier for s in stockage.series() if s.uai in {l.uai for l in choisis}), default=None)
    if dernier is None:
        jour = debut_de_l_historique(a_paris(fin).date(), mois)
        debut = datetime.combine(jour, datetime.min.time(), PARIS).timestamp()
        premier = jour + timedelta(days=1)  # les relevés de la veille donnent l'index de départ
        click.echo(f"Première démonstration : {len(choisis)} lycées, consommations depuis le {premier:%d/%m/%Y}.")
    else:
        debut = dernier // 3600 * 3600
        click.echo(f"Données reprises ; historique complété depuis le {texte.instant(debut)}.")
    if fin > debut:
        depart, releves = time.monotonic(), generateur.nombre_releves(debut, fin, PAS_S)
        with tqdm(total=releves, desc="Historique rangé", unit=" relevés", unit_scale=True) as barre:
            valeurs = ranger_historique(stockage, generateur.messages_historique(debut, fin, PAS_S), barre.update)
        click.echo(f"Historique : {_nombre(releves)} relevés ({_nombre(valeurs)} valeurs nouvelles) rangés "
                   f"en {time.monotonic() - depart:.0f} s.")
    return debut, max(fin, dernier or fin)


def ranger_historique(stockage: Stockage, messages: Iterable[Message], progression: Callable[[int], object] | None = None) -> int:
    """Range les messages dans le stockage ; `progression(n)` après chaque lot de n relevés.
    Renvoie le nombre de valeurs nouvelles (un relevé en porte une par grandeur)."""
    registre = Registre.depuis((s.uai for s in stockage.sites()), stockage.compteurs())
    aiguillage = Aiguillage()
    nouveaux, lot, octets = 0, [], 0
    for message in messages:
        if lot and (octets >= OCTETS_PAR_LOT or message.envoye_le != lot[0].envoye_le):
            nouveaux += _ecrire(stockage, registre, aiguillage, lot, progression)
            lot, octets = [], 0
        lot.append(message)
        octets += len(message.charge)
    if lot:
        nouveaux += _ecrire(stockage, registre, aiguillage, lot, progression)
    return nouveaux


def _ecrire(stockage: Stockage, registre: Registre, aiguillage: Aiguillage, lot: list[Message],
            progression: Callable[[int], object] | None) -> int:
    recu_le = lot[0].envoye_le
    releves: list[Releve | SerieDeReleves] = []
    rejets: list[Rejet] = []
    for message in lot:
        decodage = aiguillage.decoder(message.sujet, message.charge, recu_le)
        acceptes, refuses = valider(decodage.releves, registre, recu_le)
        series, hors_series = valider_series(decodage.series, registre, recu_le)
        releves += acceptes + series
        rejets += decodage.rejets + refuses + hors_series
    nouveaux = stockage.ecrire(releves, rejets, recu_le=recu_le)
    if progression:
        progression(sum(m.releves for m in lot))
    return nouveaux


def _nombre(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")
