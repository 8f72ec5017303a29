"""`enerlycee kits ecouter` : écouter le courtier un moment, dire ce qu'on entend, proposer des liaisons.

L'écoute (paho) ne fait que ranger la dernière charge de chaque sujet ; le rapport et les
propositions sont des fonctions pures, testées sans courtier. Les formats sont reconnus à la
forme du sujet et de la charge ; l'installateur complète l'UAI et vérifie le compteur proposé.
"""

import re
import threading
import time
from dataclasses import dataclass, field, replace

import orjson
import paho.mqtt.client as mqtt

from noyau.mesures.adresse_mqtt import AdresseMqtt
from noyau.mesures.protocole import PREFIXE

_COMPOSANTS_SHELLY = re.compile(r"(switch|pm1|em1|em1data|em|emdata):([0-9]+)")
_ETIQUETTES_TIC = {"BASE", "HCHC", "HCHP", "EAST", "PAPP", "SINSTS", "EJPHN", "BBRHCJB"}
UAI_A_COMPLETER = "À COMPLÉTER"


@dataclass
class Observation:
    nombre: int = 0
    charge: bytes = b""


@dataclass(frozen=True)
class Proposition:
    sujet: str
    format: str
    compteur: str
    canal: str | None = None
    cles: tuple[tuple[str, str], ...] = ()

    def en_toml(self) -> str:
        lignes = ["[[liaison]]", f'sujet = "{self.sujet}"', f'format = "{self.format}"',
                  f'uai = "{UAI_A_COMPLETER}"', f'compteur = "{self.compteur}"']
        if self.canal is not None:
            lignes.append(f"canal = {self.canal}" if self.canal.isdigit() else f'canal = "{self.canal}"')
        if self.cles:
            cles = ", ".join(f'{cle} = "{unite}"' for cle, unite in self.cles)
            lignes.append(f"cles = {{ {cles} }}  # unités à vérifier : W, Wh, kWh, VA, °C, %")
        return "\n".join(lignes)


@dataclass
class Ecoute:
    """Ce que le courtier a publié pendant l'écoute, par sujet."""

    observations: dict[str, Observation] = field(default_factory=dict)
    _verrou: threading.Lock = field(default_factory=threading.Lock)

    def noter(self, sujet: str, charge: bytes) -> None:
        with self._verrou:
            observation = self.observations.setdefault(sujet, Observation())
            observation.nombre += 1
            observation.charge = charge


def ecouter(adresse: AdresseMqtt, duree_s: float, filtre: str = "#") -> str:
    """Écoute `filtre` pendant `duree_s` secondes et renvoie le rapport à afficher."""
    ecoute = Ecoute()
    version = mqtt.MQTTv5 if adresse.protocole == "5" else mqtt.MQTTv311
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=version)
    if adresse.utilisateur:
        client.username_pw_set(adresse.utilisateur, adresse.mot_de_passe)
    if adresse.tls:
        client.tls_set(ca_certs=adresse.ca)
    client.on_connect = lambda c, *_: c.subscribe(filtre)
    client.on_message = lambda _c, _u, message: ecoute.noter(message.topic, message.payload)
    client.connect(adresse.hote, adresse.port)
    client.loop_start()
    try:
        time.sleep(duree_s)
    finally:
        client.disconnect()
        client.loop_stop()
    return rapport(ecoute.observations, duree_s)


def rapport(observations: dict[str, Observation], duree_s: float) -> str:
    total = sum(o.nombre for o in observations.values())
    lignes = [f"{total} message(s) sur {len(observations)} sujet(s) en {duree_s:g} s."]
    propositions: dict[tuple, Proposition] = {}
    for sujet in sorted(observations):
        observation = observations[sujet]
        lignes.append(f"  {sujet}  ({observation.nombre} message(s)) : {forme(observation.charge)}")
        for proposition in proposer(sujet, observation.charge):
            _fusionner(propositions, proposition)
    if propositions:
        lignes += ["", "# Liaisons proposées pour le fichier de correspondances (docs/correspondances.md) :"]
        lignes += [f"\n{p.en_toml()}" for p in propositions.values()]
    return "\n".join(lignes)


def _fusionner(propositions: dict[tuple, Proposition], proposition: Proposition) -> None:
    """Une liaison par (sujet, format, canal) ; les clés emonhub vues sur plusieurs sujets s'y ajoutent."""
    cle = (proposition.sujet, proposition.format, proposition.canal)
    if cle in propositions:
        cles = dict(propositions[cle].cles) | dict(proposition.cles)
        proposition = replace(propositions[cle], cles=tuple(sorted(cles.items())))
    propositions[cle] = proposition


def forme(charge: bytes) -> str:
    """La forme d'une charge : clés JSON (un niveau de détail), valeur seule ou texte."""
    try:
        document = orjson.loads(charge)
    except orjson.JSONDecodeError:
        return f"texte de {len(charge)} octet(s)"
    if isinstance(document, (int, float)) and not isinstance(document, bool):
        return "valeur seule (nombre)"
    if not isinstance(document, dict):
        return f"JSON {type(document).__name__}"
    cles = [f"{c}{{{','.join(list(v)[:6])}}}" if isinstance(v, dict) else c for c, v in list(document.items())[:10]]
    return "JSON {" + ", ".join(cles) + (", ..." if len(document) > 10 else "") + "}"


def proposer(sujet: str, charge: bytes) -> list[Proposition]:
    """Les liaisons qui relieraient ce sujet à un compteur, si son format est reconnu."""
    niveaux = sujet.split("/")
    try:
        document = orjson.loads(charge)
    except orjson.JSONDecodeError:
        document = None
    if niveaux[0] == PREFIXE:
        return []
    if niveaux[0] == "emon" and len(niveaux) in (2, 3):
        return _proposer_emonhub(niveaux, document)
    if not isinstance(document, dict):
        return []
    if "TIC" in document or _ETIQUETTES_TIC & document.keys():
        return [Proposition(sujet, "tic", _slug(niveaux[-2] if len(niveaux) > 2 else niveaux[-1]))]
    if niveaux[0] == "tele" and isinstance(document.get("ENERGY"), dict):
        return _proposer_tasmota(sujet, niveaux[1], document["ENERGY"])
    if niveaux[0] == "zigbee2mqtt" and {"energy", "power"} & document.keys():
        return [Proposition(sujet, "zigbee2mqtt", _slug(niveaux[-1]))]
    return _proposer_shelly(niveaux, document)


def _proposer_tasmota(sujet: str, appareil: str, energie: dict) -> list[Proposition]:
    voies = next((len(v) for v in energie.values() if isinstance(v, list)), 0)
    if not voies:
        return [Proposition(sujet, "tasmota", _slug(appareil))]
    return [Proposition(sujet, "tasmota", _slug(f"{appareil}-{n}"), str(n)) for n in range(1, voies + 1)]


def _proposer_shelly(niveaux: list[str], document: dict) -> list[Proposition]:
    if len(niveaux) >= 3 and niveaux[-2] == "status":
        composant = _COMPOSANTS_SHELLY.fullmatch(niveaux[-1])
        if composant:
            prefixe = "/".join(niveaux[:-2])
            return [Proposition(f"{prefixe}/status/+", "shelly", _slug(f"{prefixe}-{composant[2]}"), composant[2])]
    if niveaux[-2:] == ["events", "rpc"] and isinstance(document.get("params"), dict):
        ids = sorted({m[2] for cle in document["params"] if (m := _COMPOSANTS_SHELLY.fullmatch(cle))})
        appareil = "/".join(niveaux[:-2])
        return [Proposition("/".join(niveaux), "shelly", _slug(f"{appareil}-{i}"), i) for i in ids]
    return []


def _proposer_emonhub(niveaux: list[str], document: object) -> list[Proposition]:
    if len(niveaux) == 3:
        sujet, cles = f"emon/{niveaux[1]}/+", [niveaux[2]]
    elif isinstance(document, dict):
        sujet, cles = f"emon/{niveaux[1]}", [c for c in document if c != "time"]
    else:
        return []
    unites = tuple((c, _unite_emonhub(c)) for c in cles if _unite_emonhub(c))
    return [Proposition(sujet, "emonhub", _slug(niveaux[1]), None, unites)] if unites else []


def _unite_emonhub(cle: str) -> str | None:
    """Les noms usuels des nœuds OpenEnergyMonitor : P1/power1 en W, E1 en Wh, T1/temp1 en °C."""
    if re.fullmatch(r"(P|power)[0-9]+", cle):
        return "W"
    if re.fullmatch(r"E[0-9]+", cle):
        return "Wh"
    if re.fullmatch(r"(T|temp)[0-9]+", cle):
        return "°C"
    return None


def _slug(texte: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", texte.lower()).strip("-_")
    return (slug or "compteur")[:63]

