"""Tasmota : `tele/<topic>/SENSOR`, objet `ENERGY` (documentation Tasmota, « Power Monitoring »).

`ENERGY.Total` est un index cumulé en kWh, `ENERGY.Power` une puissance active en W ; sur un
appareil à plusieurs voies (Sonoff Dual R3, Shelly 2.5 sous Tasmota...), chacun est un tableau
d'une valeur par voie. `Time` est l'heure locale de l'appareil, sans décalage : lue comme
l'heure de Paris (avec un décalage, s'il y en a un, il est respecté).

Canaux : None pour l'appareil entier (la valeur, ou la somme des voies), "1", "2"... pour
chaque voie, numérotées à partir de 1 comme les commandes Tasmota (EnergyTotal1, Power2...).
"""

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Grandeur
from noyau.mesures.formats.commun import Lecture, Mesure, heure_locale, nombre, objet_json

_CHAMPS = (("Total", Grandeur.INDEX_KWH), ("Power", Grandeur.PUISSANCE_W))


def lire(topic: str, charge: bytes, recu_le: float) -> Lecture:
    lecture = Lecture()
    try:
        document = objet_json(charge)
        ts = heure_locale(document["Time"], "Time") if "Time" in document else recu_le
        energie = document.get("ENERGY")
        if not isinstance(energie, dict) or not {"Total", "Power"} & energie.keys():
            raise DonneeInvalide("ni ENERGY.Total ni ENERGY.Power dans le message")
    except DonneeInvalide as erreur:
        lecture.erreurs.append(str(erreur))
        return lecture
    for champ, grandeur in _CHAMPS:
        if champ in energie:
            _lire_champ(lecture, f"ENERGY.{champ}", energie[champ], grandeur, ts)
    return lecture


def _lire_champ(lecture: Lecture, nom: str, valeur: object, grandeur: Grandeur, ts: float) -> None:
    if not isinstance(valeur, list):
        lecture.ajouter(None, grandeur, ts, nombre, valeur, nom)
        return
    lues = [lecture.ajouter(str(voie), grandeur, ts, nombre, v, f"{nom}[{voie}]") for voie, v in enumerate(valeur, 1)]
    if lues and all(lues):  # l'appareil entier : la somme des voies, si toutes sont lisibles
        lecture.mesures.append(Mesure(None, grandeur, ts, sum(m.valeur for m in lecture.mesures[-len(lues):])))
