"""Zigbee2MQTT : `zigbee2mqtt/<nom>`, l'état de l'appareil en JSON (documentation Zigbee2MQTT, « exposes »).

`energy` est un index cumulé en kWh, `power` une puissance active en W ; le reste (state,
linkquality, voltage...) est ignoré. Le message n'est pas daté : il l'est à la réception.
Un seul canal : None.
"""

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Grandeur
from noyau.mesures.formats.commun import Lecture, nombre, objet_json

_CHAMPS = (("energy", Grandeur.INDEX_KWH), ("power", Grandeur.PUISSANCE_W))


def lire(topic: str, charge: bytes, recu_le: float) -> Lecture:
    lecture = Lecture()
    try:
        document = objet_json(charge)
        if not {"energy", "power"} & document.keys():
            raise DonneeInvalide("ni energy ni power dans le message")
    except DonneeInvalide as erreur:
        lecture.erreurs.append(str(erreur))
        return lecture
    for champ, grandeur in _CHAMPS:
        if champ in document:
            lecture.ajouter(None, grandeur, recu_le, nombre, document[champ], champ)
    return lecture
