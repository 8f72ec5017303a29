"""Le service collecteur : relie le client MQTT et l'écrivain, et publie son état."""

import logging
import threading
from dataclasses import asdict

from collecteur.client_mqtt import ClientMqtt, Message
from collecteur.ecrivain import Ecrivain
from noyau.adresse_mqtt import AdresseMqtt
from noyau.aiguillage import Aiguillage
from noyau.erreurs import ErreurStockage
from noyau.stockage import Stockage

journal = logging.getLogger(__name__)

PERIODE_ETAT_S = 10.0
COMPOSANT = "collecteur"  # nom sous lequel l'état est noté dans le stockage (lu par /sante)


class Collecteur:
    def __init__(
        self,
        stockage: Stockage,
        adresse: AdresseMqtt,
        identifiant: str = "enerlycee-collecteur",
        aiguillage: Aiguillage | None = None,
    ):
        self.stockage = stockage
        aiguillage = aiguillage or Aiguillage()
        self.client = ClientMqtt(adresse, identifiant, aiguillage.abonnements(), self._recevoir, self._noter_etat)
        self.ecrivain = Ecrivain(stockage, aiguillage, self.client.acquitter)
        self._en_service = threading.Event()
        self._arret = threading.Event()
        self._fil_etat = threading.Thread(target=self._noter_etat_regulierement, name="etat", daemon=True)

    def demarrer(self) -> None:
        self._en_service.set()
        self.ecrivain.demarrer()
        self.client.demarrer()
        self._fil_etat.start()
        journal.info("collecteur démarré vers %s", self.stockage)

    def arreter(self) -> None:
        """Arrêt propre : plus rien n'est accepté, ce qui est reçu est écrit et acquitté."""
        self._en_service.clear()
        self.ecrivain.arreter()
        self._arret.set()
        self._fil_etat.join()
        self.client.arreter()
        self._noter_etat()
        journal.info("collecteur arrêté : %s", asdict(self.ecrivain.compteurs))

    def etat(self) -> dict:
        return {
            "connecte": self.client.connecte and self._en_service.is_set(),
            "courtier": str(self.client.adresse),
            "en_attente": self.ecrivain.file.qsize(),
            **asdict(self.ecrivain.compteurs),
        }

    def _recevoir(self, message: Message) -> None:
        # Après l'arrêt, un message n'est ni écrit ni acquitté : le courtier le renverra.
        if self._en_service.is_set():
            self.ecrivain.file.put(message)

    def _noter_etat_regulierement(self) -> None:
        self._noter_etat()
        while not self._arret.wait(PERIODE_ETAT_S):
            self._noter_etat()

    def _noter_etat(self) -> None:
        try:
            self.stockage.noter_etat(COMPOSANT, self.etat())
        except ErreurStockage as erreur:
            journal.warning("état du collecteur non noté : %s", erreur)
