"""Un courtier MQTT embarqué (amqtt, pur Python) pour la démonstration : rien à installer.

Il ne parle que MQTT 3.1.1 ; en production, on utilise Mosquitto (voir deploy/).
"""

import asyncio
import logging
import socket
import threading

from amqtt.broker import Broker


def port_libre() -> int:
    with socket.socket() as essai:
        essai.bind(("127.0.0.1", 0))
        return essai.getsockname()[1]


class CourtierEmbarque:
    def __init__(self, port: int):
        self.port = port
        self._boucle = asyncio.new_event_loop()
        self._fil = threading.Thread(target=self._boucle.run_forever, name="courtier", daemon=True)
        self._courtier: Broker | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}?protocole=3.1.1"

    def demarrer(self) -> None:
        # amqtt signale en avertissement ses propres accusés tardifs : du bruit pour l'utilisateur.
        for bavard in ("amqtt", "transitions"):
            logging.getLogger(bavard).setLevel(logging.ERROR)
        self._fil.start()
        asyncio.run_coroutine_threadsafe(self._lancer(), self._boucle).result(timeout=30)

    async def _lancer(self) -> None:
        self._courtier = Broker(
            {
                "listeners": {"default": {"type": "tcp", "bind": f"127.0.0.1:{self.port}"}},
                "plugins": {"amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True}},
            }
        )
        await self._courtier.start()

    def arreter(self) -> None:
        if self._courtier is not None:
            asyncio.run_coroutine_threadsafe(self._courtier.shutdown(), self._boucle).result(timeout=30)
        self._boucle.call_soon_threadsafe(self._boucle.stop)
        self._fil.join(timeout=10)
