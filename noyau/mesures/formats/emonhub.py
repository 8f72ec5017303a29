"""emonhub (OpenEnergyMonitor, interfaceur MQTT) : les valeurs d'un nœud, nommées librement.

Deux formes de message : `emon/<nœud>/<clé>` avec une valeur seule en texte (« 1520.5 »),
datée à la réception, et `emon/<nœud>` avec un objet JSON de clés, daté par `time`
(secondes Unix) s'il est présent. Les noms des clés (P1, E1, power1...) et leurs unités
dépendent du nœud : c'est le fichier de correspondances qui les donne (`cles`), et les clés
qu'il ne cite pas sont ignorées. Un seul canal : None.
"""

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Grandeur
from noyau.mesures.formats.commun import Lecture, instant_unix, nombre_ou_texte, objet_json

# unité déclarée → (grandeur, facteur vers l'unité de la grandeur)
UNITES = {
    "W": (Grandeur.PUISSANCE_W, 1.0),
    "Wh": (Grandeur.INDEX_KWH, 0.001),
    "kWh": (Grandeur.INDEX_KWH, 1.0),
    "VA": (Grandeur.PUISSANCE_APPARENTE_VA, 1.0),
    "°C": (Grandeur.TEMPERATURE_C, 1.0),
    "%": (Grandeur.HUMIDITE_PCT, 1.0),
}


def lire(topic: str, charge: bytes, recu_le: float, cles: dict[str, str]) -> Lecture:
    """`cles` : clé emonhub → unité (une de UNITES)."""
    lecture = Lecture()
    try:
        valeurs, ts = _valeurs(topic, charge, recu_le)
    except DonneeInvalide as erreur:
        lecture.erreurs.append(str(erreur))
        return lecture
    for cle, valeur in valeurs.items():
        if cle in cles:
            grandeur, facteur = UNITES[cles[cle]]
            lecture.ajouter(None, grandeur, ts, _converti, valeur, cle, facteur)
    return lecture


def _valeurs(topic: str, charge: bytes, recu_le: float) -> tuple[dict, float]:
    if charge.lstrip().startswith(b"{"):
        document = objet_json(charge)
        ts = instant_unix(document["time"], "time") if "time" in document else recu_le
        return {cle: v for cle, v in document.items() if cle != "time"}, ts
    return {topic.rsplit("/", 1)[-1]: charge.decode("utf-8", "replace").strip()}, recu_le


def _converti(valeur: object, cle: str, facteur: float) -> float:
    return nombre_ou_texte(valeur, cle) * facteur
