"""La télé-information client (TIC) des compteurs Linky et électroniques (Enedis-NOI-CPT_54E).

Deux formes de message : celle de Tasmota-teleinfo (`tele/<topic>/SENSOR`, étiquettes dans
l'objet `TIC`, heure locale dans `Time`) et celle d'une passerelle TIC → MQTT (les étiquettes à
la racine, chacune en valeur ou en objet `{"raw": ..., "value": ...}`), datée à la réception.

Les index sont en Wh, souvent en texte complété de zéros (« 007970903 ») : rangés en kWh.
- mode historique : BASE, HCHC/HCHP, EJPHN/EJPHPM, BBRHCJB... (Tempo) ;
- mode standard : EAST (énergie active soutirée totale), EASF01 à EASF10 (par période du fournisseur).
Canaux : chaque étiquette d'index est un canal ("HCHC", "EASF02"...) ; le canal None, l'appareil
entier, reçoit l'index total (EAST, sinon la somme des index de période de l'option tarifaire)
et la puissance apparente PAPP ou SINSTS, en **VA** (`puissance_apparente_va`, jamais prise pour des W).

Trames partielles : en mode `EnergyConfig Changed`, Tasmota-teleinfo ne publie entre deux
télémétries que les étiquettes qui ont changé (`{"TIC":{"HCHP":2275561}}`, `{"TIC":{"PAPP":7400}}`).
L'index total n'est calculé que d'une trame qui porte tous les index de période de son option
(HCHC et HCHP ensemble...) ; sinon la trame est partielle : ses index par étiquette et sa
puissance apparente sont gardés, l'index total n'en est jamais tiré, et l'absence d'un canal
relié n'y est pas une faute. Une trame `TIC` sans index ni puissance apparente est ignorée.
"""

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Grandeur
from noyau.mesures.formats.commun import Lecture, Mesure, heure_locale, nombre_ou_texte, objet_json

INDEX_HISTORIQUES = ("BASE", "HCHC", "HCHP", "EJPHN", "EJPHPM", "BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR")
INDEX_STANDARD = tuple(f"EASF{n:02d}" for n in range(1, 11))
TOTAL_STANDARD = "EAST"
PUISSANCES_APPARENTES = ("SINSTS", "PAPP")
ETIQUETTES_INDEX = INDEX_HISTORIQUES + INDEX_STANDARD + (TOTAL_STANDARD,)
# Les index de période de chaque option tarifaire du mode historique (base, heures creuses, EJP, Tempo).
OPTIONS_HISTORIQUES = (INDEX_HISTORIQUES[:1], INDEX_HISTORIQUES[1:3], INDEX_HISTORIQUES[3:5], INDEX_HISTORIQUES[5:])


def lire(topic: str, charge: bytes, recu_le: float) -> Lecture:
    lecture = Lecture()
    try:
        document = objet_json(charge)
        etiquettes, ts = _etiquettes(document, recu_le)
        lecture.partielle = _index_du_total(etiquettes) is None
        lues = (set(ETIQUETTES_INDEX) | set(PUISSANCES_APPARENTES)) & etiquettes.keys()
        if not lues and "TIC" not in document:
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
        ts = heure_locale(document["Time"], "Time") if "Time" in document else recu_le
        return document["TIC"], ts
    return {cle: _valeur_brute(v) for cle, v in document.items()}, recu_le


def _valeur_brute(valeur: object) -> object:
    if isinstance(valeur, dict):
        return valeur.get("value", valeur.get("raw"))
    return valeur


def _kwh(valeur: object, etiquette: str) -> float:
    return nombre_ou_texte(valeur, etiquette) / 1000.0


def _index_du_total(etiquettes: dict) -> tuple[str, ...] | None:
    """Les étiquettes dont la somme est l'index de l'appareil entier : EAST (toujours présent en
    mode standard), sinon tous les index de période de l'option tarifaire ; None si la trame n'en
    porte qu'une partie (ou aucun)."""
    if TOTAL_STANDARD in etiquettes:
        return (TOTAL_STANDARD,)
    options = [option for option in OPTIONS_HISTORIQUES if any(e in etiquettes for e in option)]
    if not options or not all(e in etiquettes for option in options for e in option):
        return None
    return tuple(e for option in options for e in option)


def _ajouter_total(lecture: Lecture, etiquettes: dict, ts: float) -> None:
    """L'index de l'appareil entier, si la trame en porte tous les index et qu'ils sont lisibles."""
    par_canal = {m.canal: m.valeur for m in lecture.mesures}
    periodes = _index_du_total(etiquettes)
    if periodes and all(p in par_canal for p in periodes):
        lecture.mesures.append(Mesure(None, Grandeur.INDEX_KWH, ts, sum(par_canal[p] for p in periodes)))
