"""La limite de débit des écritures, par jeton (ou code d'accès) : fenêtre glissante d'une
minute, en mémoire (bibliothèque `limits`). Chaque processus tient la sienne ; l'API et le
tableau de bord d'un même processus comptent dans la même (enerlycee.serveur)."""

import math
import time

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from noyau.domaine.erreurs import TropDEcritures

ECRITURES_PAR_MINUTE = 60


class LimiteEcritures:
    """`par_minute` 0 : sans limite."""

    def __init__(self, par_minute: int = ECRITURES_PAR_MINUTE) -> None:
        self.par_minute = par_minute
        self._limite = RateLimitItemPerMinute(max(par_minute, 1))
        self._limiteur = MovingWindowRateLimiter(MemoryStorage())

    def compter(self, jeton: str) -> None:
        """Compte une écriture de ce jeton (son identifiant) ; au-delà de la limite, TropDEcritures."""
        if not self.par_minute or self._limiteur.hit(self._limite, "ecritures", jeton):
            return
        reprise = self._limiteur.get_window_stats(self._limite, "ecritures", jeton).reset_time
        attente = max(1, math.ceil(reprise - time.time()))
        raise TropDEcritures(
            f"trop d'écritures : au plus {self.par_minute} par minute pour un jeton ; réessayez dans {attente} s", attente
        )
