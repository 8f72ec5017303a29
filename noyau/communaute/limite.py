"""La limite de débit des écritures, par jeton (ou code d'accès) : fenêtre glissante d'une minute.

Les écritures comptées sont gardées dans un petit fichier SQLite que tous les processus du
serveur partagent (`fichier`, créé par enerlycee.serveur) : chaque écriture est comptée dans une
transaction exclusive, la limite tient quel que soit le processus qui reçoit la requête. Sans
fichier, la limite vit en mémoire du processus (une seule base SQLite en mémoire). L'API et le
tableau de bord d'un même serveur comptent dans la même."""

import math
import sqlite3
import threading
import time
from pathlib import Path

from noyau.domaine.erreurs import TropDEcritures

ECRITURES_PAR_MINUTE = 60
FENETRE_S = 60.0


class LimiteEcritures:
    """`par_minute` 0 : sans limite."""

    def __init__(self, par_minute: int = ECRITURES_PAR_MINUTE, fichier: str | Path | None = None) -> None:
        self.par_minute = par_minute
        self.fichier = fichier
        self._verrou = threading.Lock()
        self._connexion = sqlite3.connect(fichier or ":memory:", timeout=30, isolation_level=None, check_same_thread=False)
        self._connexion.execute("CREATE TABLE IF NOT EXISTS ecritures (jeton TEXT NOT NULL, instant REAL NOT NULL)")
        self._connexion.execute("CREATE INDEX IF NOT EXISTS ecritures_par_jeton ON ecritures (jeton, instant)")

    def compter(self, jeton: str) -> None:
        """Compte une écriture de ce jeton (son identifiant) ; au-delà de la limite, TropDEcritures."""
        if not self.par_minute:
            return
        with self._verrou:
            instant = time.time()
            self._connexion.execute("BEGIN IMMEDIATE")  # un seul processus compte à la fois
            try:
                self._connexion.execute("DELETE FROM ecritures WHERE instant <= ?", (instant - FENETRE_S,))
                nombre, plus_ancienne = self._connexion.execute(
                    "SELECT count(*), min(instant) FROM ecritures WHERE jeton = ?", (jeton,)
                ).fetchone()
                if nombre < self.par_minute:
                    self._connexion.execute("INSERT INTO ecritures VALUES (?, ?)", (jeton, instant))
            finally:
                self._connexion.execute("COMMIT")
        if nombre >= self.par_minute:
            attente = max(1, math.ceil(plus_ancienne + FENETRE_S - instant))
            raise TropDEcritures(
                f"trop d'écritures : au plus {self.par_minute} par minute pour un jeton ; réessayez dans {attente} s", attente
            )
