"""La limite de débit des écritures, par jeton (ou code d'accès) : fenêtre glissante d'une minute.

Comptée dans le stockage par le compteur à fenêtre glissante (noyau.communaute.fenetre), comme le
frein aux échecs d'authentification : vérifier et compter ne font qu'un, la limite tient quel que
soit le processus, ou la machine, qui reçoit la requête. L'API et le tableau de bord comptent dans
la même."""

from noyau.communaute.fenetre import attente
from noyau.domaine.erreurs import TropDEcritures
from noyau.stockage import Stockage

ECRITURES_PAR_MINUTE = 60
FENETRE_S = 60.0


class LimiteEcritures:
    """`par_minute` 0 : sans limite."""

    def __init__(self, stockage: Stockage, par_minute: int = ECRITURES_PAR_MINUTE) -> None:
        self.stockage = stockage
        self.par_minute = par_minute

    def compter(self, jeton: str) -> None:
        """Compte une écriture de ce jeton (son identifiant) ; au-delà de la limite, TropDEcritures."""
        if not self.par_minute:
            return
        secondes = attente(self.stockage, f"ecritures/{jeton}", self.par_minute, FENETRE_S)
        if secondes:
            raise TropDEcritures(
                f"trop d'écritures : au plus {self.par_minute} par minute pour un jeton ; réessayez dans {secondes} s", secondes
            )
