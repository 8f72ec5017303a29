"""L'écrivain : décode, valide et écrit les messages par lots, hors du fil réseau de paho.

Un lot est écrit en une transaction (relevés et rejets ensemble), puis ses messages sont
acquittés. Si le stockage ne répond pas, le lot est gardé et réessayé : rien n'est acquitté
qui ne soit écrit, donc rien n'est perdu (le courtier garde et renvoie le reste).
"""

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from collecteur.client_mqtt import Message
from noyau.aiguillage import Aiguillage
from noyau.erreurs import ErreurStockage
from noyau.stockage import Stockage
from noyau.validation import Registre, valider

journal = logging.getLogger(__name__)

OCTETS_PAR_LOT = 1_000_000  # environ 20 000 relevés
ATTENTE_LOT_S = 0.05
RECHARGE_REGISTRE_S = 2.0


@dataclass
class Compteurs:
    """Ce que le collecteur a fait depuis son démarrage."""

    recus: int = 0  # messages reçus du courtier
    stockes: int = 0  # relevés nouveaux écrits
    doublons: int = 0  # relevés déjà présents (renvoi QoS 1, kit qui republie)
    rejetes: int = 0  # relevés ou messages mis en quarantaine
    rejets_par_motif: dict[str, int] = field(default_factory=dict)


class Ecrivain:
    def __init__(self, stockage: Stockage, aiguillage: Aiguillage, acquitter: Callable[[list[Message]], None]):
        self.stockage = stockage
        self._aiguillage = aiguillage
        self.compteurs = Compteurs()
        # Non bornée ici : le courtier n'envoie pas plus de RECEPTION_MAX messages QoS 1 non
        # acquittés (voir client_mqtt), et rien n'est acquitté avant d'être écrit.
        self.file: queue.SimpleQueue[Message] = queue.SimpleQueue()
        self._acquitter = acquitter
        self._registre = Registre({}, set())
        self._registre_charge_le = 0.0
        self._arret = threading.Event()
        self._fil = threading.Thread(target=self._boucle, name="ecrivain", daemon=True)

    def demarrer(self) -> None:
        self._charger_registre()
        self._fil.start()

    def arreter(self) -> None:
        """Écrit et acquitte ce qui est déjà reçu, puis s'arrête."""
        self._arret.set()
        self._fil.join()

    def _boucle(self) -> None:
        while not (self._arret.is_set() and self.file.empty()):
            lot = self._prendre_lot()
            if lot:
                self._ecrire_sans_perte(lot)

    def _prendre_lot(self) -> list[Message]:
        try:
            lot = [self.file.get(timeout=0.2)]
        except queue.Empty:
            return []
        time.sleep(ATTENTE_LOT_S)  # laisse le lot se remplir : une transaction pour beaucoup de messages
        taille = len(lot[0].charge)
        while taille < OCTETS_PAR_LOT:
            try:
                lot.append(self.file.get_nowait())
            except queue.Empty:
                break
            taille += len(lot[-1].charge)
        return lot

    def _ecrire_sans_perte(self, lot: list[Message]) -> None:
        attente = 0.5
        while True:
            try:
                self._ecrire(lot)
                return
            except ErreurStockage as erreur:
                journal.error("écriture impossible (%s) ; nouvel essai dans %.0f s, rien n'est acquitté", erreur, attente)
                time.sleep(attente)
                attente = min(attente * 2, 30.0)

    def _ecrire(self, lot: list[Message]) -> None:
        releves, rejets = [], []
        for message in lot:
            decodage = self._aiguillage.decoder(message.topic, message.charge, message.recu_le)
            if any(r.uai and (r.uai, r.compteur) not in self._registre.compteurs for r in decodage.releves):
                self._charger_registre(si_ancien=True)
            acceptes, refuses = valider(decodage.releves, self._registre, message.recu_le)
            releves += acceptes
            rejets += decodage.rejets + refuses
        nouveaux = self.stockage.ecrire(releves, rejets)
        self._acquitter(lot)
        self._compter(lot, len(releves), nouveaux, rejets)

    def _compter(self, lot, nombre_releves: int, nouveaux: int, rejets) -> None:
        self.compteurs.recus += len(lot)
        self.compteurs.stockes += nouveaux
        self.compteurs.doublons += nombre_releves - nouveaux
        self.compteurs.rejetes += len(rejets)
        for rejet in rejets:
            self.compteurs.rejets_par_motif[rejet.motif] = self.compteurs.rejets_par_motif.get(rejet.motif, 0) + 1
        if rejets:
            journal.warning("%d relevé(s) mis en quarantaine, par exemple %s : %s", len(rejets), rejets[0].topic, rejets[0].motif)

    def _charger_registre(self, si_ancien: bool = False) -> None:
        if si_ancien and time.monotonic() - self._registre_charge_le < RECHARGE_REGISTRE_S:
            return
        self._registre = Registre.depuis((s.uai for s in self.stockage.sites()), self.stockage.compteurs())
        self._registre_charge_le = time.monotonic()
