"""La place d'un collecteur sur son hôte : un identifiant MQTT et un spool à lui seul.

Deux collecteurs lancés avec la même ligne de commande auraient la même session MQTT (le
courtier déconnecterait l'un à chaque connexion de l'autre) et le même spool. Le premier prend
l'identifiant et le spool demandés ; le suivant `<identifiant>-2` et `<spool>-2.db`, et ainsi de
suite. Une place est tenue par un verrou (flock) sur `<spool>.verrou`, que le système rend à la
fin du processus, même tué : le collecteur relancé retrouve la session et le spool de sa place.
"""

import fcntl
import logging
from pathlib import Path
from typing import IO, NamedTuple

journal = logging.getLogger(__name__)

PLACES_MAX = 64


class Place(NamedTuple):
    identifiant: str
    spool: Path
    verrou: IO

    def rendre(self) -> None:
        self.verrou.close()


def prendre_place(identifiant: str, spool: Path) -> Place:
    """La première place libre sur cet hôte : celle demandée, sinon la suivante (annoncée au journal)."""
    spool.parent.mkdir(parents=True, exist_ok=True)
    for rang in range(1, PLACES_MAX + 1):
        suffixe = f"-{rang}" if rang > 1 else ""
        chemin = spool.with_name(f"{spool.stem}{suffixe}{spool.suffix}")
        verrou = open(chemin.with_name(f"{chemin.name}.verrou"), "a")  # noqa: SIM115 (gardé ouvert : c'est le verrou)
        try:
            fcntl.flock(verrou, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            verrou.close()
            continue
        if rang > 1:
            journal.warning(
                "identifiant %s et spool %s déjà pris par un autre collecteur de cet hôte : celui-ci prend %s et %s",
                identifiant, spool, identifiant + suffixe, chemin,
            )
        return Place(identifiant + suffixe, chemin, verrou)
    raise RuntimeError(f"{PLACES_MAX} collecteurs tiennent déjà le spool {spool} sur cet hôte")
