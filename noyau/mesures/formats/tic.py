"""La télé-information client (TIC) des compteurs Linky et électroniques (Enedis-NOI-CPT_54E).

Deux formes de message : celle de Tasmota-teleinfo (`tele/<topic>/SENSOR`, étiquettes dans
l'objet `TIC`, heure locale dans `Time`) et celle d'une passerelle TIC → MQTT (les étiquettes à
la racine, chacune en valeur ou en objet `{"raw": ..., "value": ...}`), datée à la réception.

Les index sont en Wh, souvent en texte complété de zéros (« 007970903 ») : rangés en kWh.
- mode historique : BASE, HCHC/HCHP, EJPHN/EJPHPM, BBRHCJB... (Tempo) ;
- mode standard : EAST (énergie active soutirée totale), EASF01 à EASF10 (par période du fournisseur).
Canaux : chaque étiquette d'index est un canal ("HCHC", "EASF02"...) ; le canal None, l'appareil
entier, reçoit l'index total (EAST, sinon la somme des index de période) et la puissance
apparente PAPP ou SINSTS, en **VA** (`puissance_apparente_va`, jamais prise pour des W).
"""

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Grandeur
from noyau.mesures.formats.commun import Lecture, Mesure, heure_locale, nombre_ou_texte, objet_json

INDEX_HISTORIQUES = ("BASE", "HCHC", "HCHP", "EJPHN", "EJPHPM", "BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR")
INDEX_STANDARD = tuple(f"EASF{n:02d}" for n in range(1, 11))
TOTAL_STANDARD = "EAST"
PUISSANCES_APPARENTES = ("SINSTS", "PAPP")
ETIQUETTES_INDEX = INDEX_HISTORIQUES + INDEX_STANDARD + (TOTAL_STANDARD,)


def lire(topic: str, charge: bytes, recu_le: float) -> Lecture:
    lecture = Lecture()
    try:
        document = objet_json(charge)
        etiquettes, ts = _etiquettes(document, recu_le)
        if not (set(ETIQUETTES_INDEX) | set(PUISSANCES_APPARENTES)) & etiquettes.keys():
            raise DonneeInvalide("aucun index ni puissance apparente (BASE, HCHC, EAST, PAPP, SINSTS...)")
    except DonneeInvalide as erreur:
        lecture.erreurs.append(str(erreur))
        return lecture
    for etiquette in ETIQUETTES_INDEX:
        if etiquette in etiquettes:
            lecture.ajouter(etiquette, Grandeur.INDEX_KWH, ts, _kwh, etiquettes[etiquette], etiquette)
    _ajouter_total(lecture, etiquettes, ts)
    for etiquette in PUISSANCES_APPARENTES:
        if etiquette in etiquettes:
            lecture.ajouter(None, Grandeur.PUISSANCE_APPARENTE_VA, ts, nombre_ou_texte, etiquettes[etiquette], etiquette)
            break
    return lecture


def _etiquettes(document: dict, recu_le: float) -> tuple[dict, float]:
    if isinstance(document.get("TIC"), dict):  # Tasmota-teleinfo
        ts = heure_locale(document["Time"]) if "Time" in document else recu_le
        return document["TIC"], ts
    return {cle: _valeur_brute(v) for cle, v in document.items()}, recu_le


def _valeur_brute(valeur: object) -> object:
    if isinstance(valeur, dict):
        return valeur.get("value", valeur.get("raw"))
    return valeur


def _kwh(valeur: object, etiquette: str) -> float:
    return nombre_ou_texte(valeur, etiquette) / 1000.0


def _ajouter_total(lecture: Lecture, etiquettes: dict, ts: float) -> None:
    """L'index de l'appareil entier : EAST, sinon la somme des index de période présents, tous lisibles."""
    par_canal = {m.canal: m.valeur for m in lecture.mesures}
    if TOTAL_STANDARD in etiquettes:
        periodes = (TOTAL_STANDARD,)
    else:
        periodes = tuple(e for e in INDEX_HISTORIQUES + INDEX_STANDARD if e in etiquettes)
    if periodes and all(p in par_canal for p in periodes):
        lecture.mesures.append(Mesure(None, Grandeur.INDEX_KWH, ts, sum(par_canal[p] for p in periodes)))
