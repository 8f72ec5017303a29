"""Les formats des kits du commerce : un décodeur pur par famille d'appareils.

Le format natif du contrat (JSON et SenML sur `lycees/<UAI>/<compteur>`) reste dans
noyau/mesures/protocole.py. Ceux-ci n'ont ni UAI ni compteur dans leur sujet : le fichier de
correspondances (noyau/mesures/correspondances.py) les relie à un compteur.
"""

from noyau.domaine.modele import Source
from noyau.mesures.formats import emonhub, shelly, tasmota, tic, zigbee2mqtt
from noyau.mesures.formats.commun import Lecture, Mesure

_DECODEURS = {
    Source.TASMOTA: tasmota.lire,
    Source.SHELLY: shelly.lire,
    Source.ZIGBEE2MQTT: zigbee2mqtt.lire,
    Source.TIC: tic.lire,
}
FORMATS = (*_DECODEURS, Source.EMONHUB)


def lire(format_: Source, topic: str, charge: bytes, recu_le: float, cles: dict[str, str]) -> Lecture:
    """Décode un message d'appareil ; `cles` (clé → unité) ne sert qu'à emonhub, dont les clés sont libres."""
    if format_ is Source.EMONHUB:
        return emonhub.lire(topic, charge, recu_le, cles)
    return _DECODEURS[format_](topic, charge, recu_le)


__all__ = ["FORMATS", "Lecture", "Mesure", "lire"]
