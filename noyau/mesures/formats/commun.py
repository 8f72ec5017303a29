"""Ce que partagent les décodeurs des kits du commerce : mesures par canal, erreurs, nombres, heures.

Un décodeur est une fonction pure `lire(topic, charge, recu_le) -> Lecture` : il ne sait rien
du fichier de correspondances. Chaque mesure porte son canal (None : l'appareil entier) ;
c'est l'aiguillage qui choisit les canaux reliés à un compteur et en fait des relevés.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Grandeur
from noyau.domaine.temps import PARIS
from noyau.mesures.protocole import instant_plausible

_CHIFFRES = re.compile(r"-?[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class Mesure:
    canal: str | None
    grandeur: Grandeur
    ts: float
    valeur: float


@dataclass
class Lecture:
    """Les mesures d'un message, et pourquoi le reste n'a pas pu être lu."""

    mesures: list[Mesure] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)
    # Le message ne porte, par nature, qu'une partie des valeurs de l'appareil (trame TIC de
    # Tasmota-teleinfo en mode Changed) : qu'un canal relié y manque n'est pas une faute.
    partielle: bool = False

    def ajouter(self, canal: str | None, grandeur: Grandeur, ts: float, lire, *arguments) -> bool:
        """Ajoute la mesure que donne `lire(*arguments)`, ou l'erreur qu'elle lève ; dit si c'est une mesure."""
        try:
            self.mesures.append(Mesure(canal, grandeur, ts, lire(*arguments)))
            return True
        except DonneeInvalide as erreur:
            self.erreurs.append(str(erreur))
            return False


def objet_json(charge: bytes) -> dict:
    try:
        document = orjson.loads(charge)
    except orjson.JSONDecodeError:
        raise DonneeInvalide("JSON invalide") from None
    if not isinstance(document, dict):
        raise DonneeInvalide("objet JSON attendu")
    return document


def nombre(valeur: object, nom: str) -> float:
    """Un nombre JSON fini ; bool et texte refusés."""
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float)):
        raise DonneeInvalide(f"{nom} non numérique")
    if not math.isfinite(valeur):
        raise DonneeInvalide(f"{nom} non fini")
    return float(valeur)


def nombre_ou_texte(valeur: object, nom: str) -> float:
    """Un nombre JSON, ou un texte de chiffres (« 007970903 », « 12.5 »)."""
    if isinstance(valeur, str) and _CHIFFRES.fullmatch(valeur.strip()):
        valeur = float(valeur)
    return nombre(valeur, nom)


def instant_unix(valeur: object, nom: str) -> float:
    """Des secondes Unix plausibles (l'avenir proche est refusé ensuite, à la validation)."""
    return instant_plausible(nombre(valeur, nom), nom)


def heure_locale(texte: object, nom: str) -> float:
    """Une heure ISO 8601 plausible ; sans décalage, c'est l'heure de Paris (tous les sites sont
    en France). À l'heure qui se répète en octobre, la première occurrence est retenue (fold=0).
    """
    if not isinstance(texte, str):
        raise DonneeInvalide("heure non textuelle")
    try:
        moment = datetime.fromisoformat(texte.strip())
    except ValueError:
        raise DonneeInvalide(f"heure illisible « {texte} »") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return instant_plausible(moment.timestamp(), nom)
