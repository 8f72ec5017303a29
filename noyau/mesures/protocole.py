"""Le protocole MQTT du contrat : sujets `lycees/<UAI>/<compteur>`, charge JSON ou SenML.

`decoder` est une fonction pure (octets → relevés + rejets) ; le collecteur appelle
`decoder_en_series`, la même en colonnes pour les tableaux ; le simulateur utilise `encoder`
et `sujet`. Rien ici ne parle au courtier.
"""

import functools
import math
from dataclasses import dataclass, field

import numpy as np
import orjson

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import valider_compteur, valider_uai
from noyau.domaine.modele import Grandeur, Rejet, Releve, SerieDeReleves, Source
from noyau.domaine.temps import lire_instant

PREFIXE = "lycees"
ABONNEMENT = f"{PREFIXE}/#"
TAILLE_MAX_CONTENU = 4096  # au-delà, le contenu gardé en quarantaine est tronqué : un extrait suffit

# Les clés d'un relevé natif (contrat, section 2) ; les autres grandeurs viennent des kits du commerce.
_GRANDEURS = (
    Grandeur.INDEX_KWH, Grandeur.INDEX_M3, Grandeur.PUISSANCE_W,
    Grandeur.TEMPERATURE_C, Grandeur.CO2_PPM, Grandeur.HUMIDITE_PCT,
)
_CLES_SENML = {"bn", "bt", "bu", "n", "u", "v", "s", "t"}
# unité SenML → (grandeur, facteur vers l'unité de la grandeur)
_UNITES_SENML = {
    "kWh": (Grandeur.INDEX_KWH, 1.0),
    "Wh": (Grandeur.INDEX_KWH, 0.001),
    "W": (Grandeur.PUISSANCE_W, 1.0),
    "m3": (Grandeur.INDEX_M3, 1.0),
    "Cel": (Grandeur.TEMPERATURE_C, 1.0),
    "ppm": (Grandeur.CO2_PPM, 1.0),
    "%RH": (Grandeur.HUMIDITE_PCT, 1.0),
}
_TEMPS_RELATIF_SENML = 2**28  # RFC 8428 §4.5.3 : en dessous, temps relatif à « maintenant »
TS_MIN = 946_684_800.0  # 2000-01-01 : un relevé plus ancien est une horloge de kit déréglée
TS_MAX = 4_102_444_800.0  # 2100-01-01 : au-delà, l'instant ne tient plus en millisecondes stockables
TABLEAU_EN_COLONNES = 16  # à partir de ce nombre d'objets, un tableau natif se lit en colonnes
_NOMBRES = {int, float}


@dataclass
class Decodage:
    releves: list[Releve] = field(default_factory=list)
    rejets: list[Rejet] = field(default_factory=list)
    series: list[SerieDeReleves] = field(default_factory=list)  # decoder_en_series seulement


def sujet(uai: str, compteur: str) -> str:
    return f"{PREFIXE}/{uai}/{compteur}"


def encoder(mesures: dict | list[dict]) -> bytes:
    """Une mesure (`{"ts": ..., "index_kwh": ...}`) ou une liste de mesures, en JSON."""
    return orjson.dumps(mesures)


def decoder(topic: str, charge: bytes, recu_le: float) -> Decodage:
    """Décode un message ; tout ce qui ne peut pas devenir un relevé devient un rejet motivé."""
    resultat = decoder_en_series(topic, charge, recu_le)
    if resultat.series:
        resultat.releves, resultat.series = _entrelacer(resultat.series), []
    return resultat


def decoder_en_series(topic: str, charge: bytes, recu_le: float) -> Decodage:
    """Comme `decoder`, mais un tableau natif sans aucun défaut reste en colonnes (`series`,
    une par grandeur, dans l'ordre des objets) : pas d'objet par relevé. Au moindre défaut, il
    est lu objet par objet, pour que chaque mauvais objet ait son rejet."""
    resultat = Decodage()

    def rejeter(motif: str, contenu: str, uai: str | None = None, compteur: str | None = None) -> None:
        resultat.rejets.append(Rejet(recu_le, topic, motif, contenu[:TAILLE_MAX_CONTENU], uai, compteur))

    try:
        uai, compteur = _lire_sujet(topic)
    except DonneeInvalide as erreur:
        rejeter(str(erreur), charge.decode("utf-8", "replace"))
        return resultat
    try:
        document = orjson.loads(charge)
    except orjson.JSONDecodeError:
        rejeter("JSON invalide", charge.decode("utf-8", "replace"), uai, compteur)
        return resultat

    if isinstance(document, list) and len(document) >= TABLEAU_EN_COLONNES:
        resultat.series = _lire_tableau_natif(document, uai, compteur)
        if resultat.series:
            return resultat
    objets = document if isinstance(document, list) else [document]
    if _est_senml(objets):
        source, lectures = Source.SENML, _lire_senml(objets, recu_le)
    else:
        source, lectures = Source.NATIF, map(_lire_natif, objets)
    for objet, lu in lectures:
        if isinstance(lu, str):
            rejeter(lu, orjson.dumps(objet).decode(), uai, compteur)
        else:
            resultat.releves += [Releve(uai, compteur, g, ts, v, source) for g, ts, v in lu]
    return resultat


_GRANDEUR_PAR_CLE = {g.value: g for g in _GRANDEURS}


def lire_unitaire(topic: str, charge: bytes) -> tuple[str, str, float, list[tuple[Grandeur, float]]] | None:
    """Le cas le plus courant, au plus court : un objet natif `{"ts": nombre, "<grandeur>":
    nombre, ...}` sans défaut, sur un sujet `lycees/<UAI>/<compteur>` valide : (uai, compteur,
    ts, [(grandeur, valeur)...]). None pour tout le reste, que `decoder_en_series` lit (et dont il
    dit le motif du rejet) : mêmes relevés, sans les objets intermédiaires."""
    if charge[:1] != b"{":
        return None
    try:
        uai, compteur = _lire_sujet(topic)
        objet = orjson.loads(charge)
    except (DonneeInvalide, orjson.JSONDecodeError):
        return None
    ts = objet.get("ts")
    if type(ts) not in _NOMBRES or not TS_MIN <= ts < TS_MAX:  # ni texte, ni booléen, ni NaN
        return None
    mesures = []
    for cle, valeur in objet.items():
        grandeur = _GRANDEUR_PAR_CLE.get(cle)
        if grandeur is not None:
            if type(valeur) not in _NOMBRES or not math.isfinite(valeur):
                return None
            mesures.append((grandeur, float(valeur)))
    return (uai, compteur, float(ts), mesures) if mesures else None


def _entrelacer(series: list[SerieDeReleves]) -> list[Releve]:
    """Les relevés de colonnes issues des mêmes objets, objet par objet, comme `_lire_natif`."""
    par_objet = zip(*(s.releves() for s in series))
    return [releve for releves in par_objet for releve in releves]


@functools.lru_cache(maxsize=65_536)  # un sujet par kit : lu une fois, pas à chaque message
def _lire_sujet(topic: str) -> tuple[str, str]:
    parties = topic.split("/")
    if len(parties) != 3 or parties[0] != PREFIXE:
        raise DonneeInvalide(f"sujet inattendu « {topic} » : lycees/<UAI>/<compteur> attendu")
    return valider_uai(parties[1]), valider_compteur(parties[2])


def instant_plausible(ts: float, nom: str = "horodatage") -> float:
    """La règle de plausibilité de l'heure, la même pour tous les formats (avec l'avance de plus
    de 5 minutes, refusée à la validation) : avant 2000, c'est l'horloge d'un kit pas encore
    réglée (un Tasmota redémarré publie 1970 avant sa synchronisation NTP) ; après 2100, un
    instant qu'on ne saurait stocker."""
    if ts < TS_MIN:
        raise DonneeInvalide(f"{nom} avant 2000 : horloge du kit pas encore à l'heure")
    if not ts < TS_MAX:
        raise DonneeInvalide(f"{nom} après 2100 : hors limites")
    return ts


def _nombre(valeur: object, cle: str) -> float:
    if type(valeur) is float and math.isfinite(valeur):  # le cas courant, au plus court
        return valeur
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float)):
        raise DonneeInvalide(f"valeur non numérique pour {cle}")
    if not math.isfinite(valeur):
        raise DonneeInvalide(f"valeur non finie pour {cle}")
    return float(valeur)


def _lire_natif(objet: object):
    """(objet, [(grandeur, ts, valeur)...]) ou (objet, motif du rejet)."""
    if not isinstance(objet, dict):
        return objet, "relevé qui n'est pas un objet JSON"
    if "ts" not in objet:
        return objet, "ts manquant"
    try:
        ts = instant_plausible(lire_instant(objet["ts"]))
        mesures = [(g, ts, _nombre(objet[g], g)) for g in _GRANDEURS if g in objet]
    except DonneeInvalide as erreur:
        return objet, str(erreur)
    if not mesures:
        return objet, "aucune grandeur connue dans le relevé"
    return objet, mesures


def _lire_tableau_natif(objets: list, uai: str, compteur: str) -> list[SerieDeReleves]:
    """Les colonnes d'un tableau d'objets natifs qui ont tous les mêmes clés, des nombres et des
    instants plausibles ; [] au moindre écart (le tableau est alors lu objet par objet)."""
    if set(map(type, objets)) != {dict}:
        return []
    cles = objets[0].keys()
    grandeurs = [g for g in _GRANDEURS if g in cles]
    if "ts" not in cles or not grandeurs or any(objet.keys() != cles for objet in objets):
        return []
    colonnes = {}
    for cle in ("ts", *grandeurs):
        valeurs = [objet[cle] for objet in objets]
        if not set(map(type, valeurs)) <= _NOMBRES:  # ni booléen, ni texte, ni null
            return []
        colonnes[cle] = np.array(valeurs, dtype=np.float64)
    ts = colonnes["ts"]
    if not (np.all(np.isfinite(list(colonnes.values()))) and np.all((ts >= TS_MIN) & (ts < TS_MAX))):
        return []
    return [SerieDeReleves(uai, compteur, g, ts, colonnes[g]) for g in grandeurs]


def _est_senml(objets: list) -> bool:
    if len(objets) == 1 and type(objets[0]) is dict and "ts" in objets[0]:  # le cas courant, au plus court
        return False
    return bool(objets) and all(isinstance(o, dict) and "ts" not in o and _CLES_SENML & o.keys() for o in objets)


def _lire_senml(enregistrements: list[dict], recu_le: float):
    """RFC 8428 : les champs de base (bn, bt, bu) valent pour les enregistrements qui suivent."""
    base_temps, base_unite = 0.0, None
    for enregistrement in enregistrements:
        try:
            if "bt" in enregistrement:
                base_temps = _nombre(enregistrement["bt"], "bt")
            if "bu" in enregistrement:
                base_unite = enregistrement["bu"]
            yield enregistrement, [_mesure_senml(enregistrement, base_temps, base_unite, recu_le)]
        except DonneeInvalide as erreur:
            yield enregistrement, str(erreur)


def _mesure_senml(enregistrement: dict, base_temps: float, base_unite, recu_le: float):
    unite = enregistrement.get("u", base_unite)
    if not isinstance(unite, str) or unite not in _UNITES_SENML:
        raise DonneeInvalide(f"unité SenML non prise en charge « {unite} »")
    cle = "v" if "v" in enregistrement else "s"
    if cle not in enregistrement:
        raise DonneeInvalide("enregistrement SenML sans valeur (v ou s)")
    grandeur, facteur = _UNITES_SENML[unite]
    temps = base_temps + _nombre(enregistrement.get("t", 0.0), "t")
    if temps < _TEMPS_RELATIF_SENML:
        temps += recu_le
    return grandeur, instant_plausible(temps), _nombre(enregistrement[cle], cle) * facteur
