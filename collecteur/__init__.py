"""Le collecteur : reçoit les messages des kits par MQTT et les range dans le stockage.

Trois choses séparées : `client_mqtt` déplace des octets (paho), `noyau.mesures.protocole` décode,
`ecrivain` valide et écrit par lots, puis accuse réception au courtier de ce qui est stocké
ou mis en quarantaine, et seulement de cela.
"""

from collecteur.service import Collecteur

__all__ = ["Collecteur"]
