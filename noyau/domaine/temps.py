"""Le temps : UTC dans le stockage, Europe/Paris là où l'on découpe et où l'on lit."""

import math
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

from noyau.domaine.erreurs import DonneeInvalide

PARIS = ZoneInfo("Europe/Paris")


def depuis_rfc3339(texte: str) -> float:
    """Un horodatage RFC 3339 avec décalage, en secondes Unix. Sans décalage : refusé."""
    try:
        moment = datetime.fromisoformat(texte.strip().replace("z", "Z"))
        if moment.tzinfo is None:
            raise DonneeInvalide(f"horodatage sans fuseau « {texte} » : ajouter un décalage (+01:00 ou Z)")
        return moment.timestamp()
    except (ValueError, OverflowError) as erreur:
        if isinstance(erreur, DonneeInvalide):
            raise
        raise DonneeInvalide(f"horodatage illisible « {texte} » : RFC 3339 attendu") from None


def lire_instant(valeur: object) -> float:
    """`ts` d'un relevé : RFC 3339 avec décalage, ou secondes Unix (entier ou décimal)."""
    if isinstance(valeur, bool):
        raise DonneeInvalide("ts doit être une date RFC 3339 ou des secondes Unix")
    if isinstance(valeur, (int, float)):
        if not math.isfinite(valeur):
            raise DonneeInvalide("ts n'est pas un nombre fini")
        return float(valeur)
    if isinstance(valeur, str):
        return depuis_rfc3339(valeur)
    raise DonneeInvalide("ts doit être une date RFC 3339 ou des secondes Unix")


def lire_borne(texte: str) -> datetime:
    """`debut`/`fin` de l'API : une date (minuit à Paris) ou un instant RFC 3339."""
    texte = texte.strip()
    if len(texte) == 10:
        try:
            jour = date.fromisoformat(texte)
        except ValueError:
            raise DonneeInvalide(f"date illisible « {texte} » : AAAA-MM-JJ attendu") from None
        return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS)
    instant = depuis_rfc3339(texte)
    try:
        return datetime.fromtimestamp(instant, PARIS)
    except (ValueError, OverflowError, OSError):
        raise DonneeInvalide(f"instant hors des années 1 à 9999 : « {texte} »") from None


def a_paris(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, PARIS)


def en_texte(ts: float) -> str:
    """RFC 3339 avec le décalage de Paris, à la seconde."""
    return a_paris(ts).isoformat(timespec="seconds")


def maintenant() -> float:
    """L'instant présent en secondes Unix."""
    return time.time()
