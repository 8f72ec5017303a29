"""Le lien avec le courtier : connexion, abonnement, réception, accusés de réception.

Session persistante (identifiant stable, pas de nettoyage de session), abonnement refait à
chaque connexion, reconnexion avec attente croissante, accusés de réception manuels :
un message QoS 1 n'est acquitté qu'après son écriture. Un collecteur peut tenir plusieurs liens
(le sien, et les sessions qu'il reprend à un membre parti de son groupe : collecteur.groupe) :
chaque message porte le numéro de son lien, qui seul l'acquitte.
"""

import logging
import ssl
import struct
import threading
from collections.abc import Callable
from typing import NamedTuple

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from noyau.domaine.temps import maintenant
from noyau.mesures.adresse_mqtt import AdresseMqtt

journal = logging.getLogger(__name__)

DUREE_SESSION_S = 7 * 24 * 3600  # le courtier garde les messages d'un collecteur arrêté une semaine
DELAI_TESTAMENT_S = 2  # le testament d'un lien tombé n'est publié que s'il ne revient pas entre-temps
RECEPTION_MAX = 65_535  # messages QoS 1 non acquittés que le courtier peut nous envoyer (MQTT 5)
TAILLE_LECTURE = 65_536  # octets lus de la socket d'un coup
PUBLISH, PUBACK = 0x30, 0x40
_PUBACK = struct.Struct("!BBH")  # type, longueur restante (2), identifiant du message


class Message(NamedTuple):
    mid: int
    qos: int
    topic: str
    charge: bytes
    recu_le: float
    lien: int = 0  # le lien qui l'a reçu, et qui l'acquitte (-1 : rejoué du spool, déjà acquitté)


class _ClientPaho(mqtt.Client):
    """Le client paho, allégé sur les trois gestes qu'il répète pour chaque message d'une rafale.

    Mesuré (py-spy, rafale de 250 000 messages d'un relevé) : paho 2 passe l'essentiel de son fil
    réseau à lire chaque paquet en deux ou trois `recv`, à construire pour chacun un `MQTTMessage`
    et ses `Properties` MQTT 5 puis à chercher son rappel par filtre de sujet, et à envoyer chaque
    PUBACK par son propre appel système. Ici :
    - `_sock_recv`, le seul point où paho lit la socket, est servi depuis un tampon rempli par
      `recv` de TAILLE_LECTURE octets, et `loop_read` lit jusqu'à vider ce tampon (sinon `select`
      attendrait des octets déjà lus) ; `_packet_read` y lit d'un trait les PUBLISH entiers ;
    - chaque PUBLISH QoS 0 ou 1 (`_publication`) donne son sujet, son identifiant et sa charge
      tout droit à `recevoir` ; les propriétés MQTT 5 sont sautées (aucune ne nous sert : le collecteur
      n'annonce pas d'alias de sujet, le courtier n'en envoie donc pas) ; QoS 2 et sujet vide
      restent à paho ;
    - `acquitter` met les PUBACK d'un lot en un seul paquet sortant (une file de paho).
    Ce sont des méthodes internes de paho : vérifié sur 2.1.0 et 2.2.0 (borne dans pyproject.toml).
    Tests : tests/collecteur (courtier réel, rafales, reconnexions, QoS 0/1/2, MQTT 3.1.1 et 5)."""

    def __init__(self, recevoir: Callable[[Message], None], lien: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._recevoir = recevoir
        self._lien = lien
        self.recus = self.acquittes = 0
        self._tampon, self._position = b"", 0

    def reconnect(self) -> mqtt.MQTTErrorCode:
        self._tampon, self._position = b"", 0  # ce qui restait de l'ancienne connexion ne vaut plus
        return super().reconnect()

    def loop_read(self, max_packets: int = 1) -> mqtt.MQTTErrorCode:
        code = super().loop_read(max_packets)
        while code == mqtt.MQTT_ERR_SUCCESS and self._position < len(self._tampon):
            code = super().loop_read(max_packets)
        return code

    def _sock_recv(self, bufsize: int) -> bytes:
        if self._position >= len(self._tampon):
            self._tampon, self._position = super()._sock_recv(TAILLE_LECTURE), 0
        morceau = self._tampon[self._position:self._position + bufsize]
        self._position += len(morceau)
        return morceau

    def _packet_read(self) -> mqtt.MQTTErrorCode:
        """Les PUBLISH entiers déjà dans le tampon sont lus ici d'un trait ; le reste (autres
        paquets, paquet à cheval sur deux lectures, QoS 2, et le premier paquet de chaque lecture,
        qui tient à jour l'heure de réception pour le keepalive) passe par paho."""
        if self._in_packet["command"] == 0:
            depart = self._position
            code = self._lire_publications()
            if code != mqtt.MQTT_ERR_SUCCESS or self._position > depart:
                return code
        return super()._packet_read()

    def _lire_publications(self) -> mqtt.MQTTErrorCode:
        tampon = self._tampon
        taille = len(tampon)
        while self._position < taille and tampon[self._position] & 0xF0 == PUBLISH:
            if self._position + 1 < taille and tampon[self._position + 1] < 0x80:  # moins de 128 octets : le cas courant
                longueur, octets = tampon[self._position + 1], 1
            else:
                longueur, octets = _entier_variable(tampon, self._position + 1)
            debut = self._position + 1 + octets
            if not octets or debut + longueur > taille:
                break  # à cheval sur la lecture suivante : paho le finira
            code = self._publication(tampon[self._position], tampon[debut:debut + longueur])
            if code is None:
                break  # laissé à paho
            self._position = debut + longueur
            if code != mqtt.MQTT_ERR_SUCCESS:
                return code
        return mqtt.MQTT_ERR_SUCCESS

    def _handle_publish(self) -> mqtt.MQTTErrorCode:
        code = self._publication(self._in_packet["command"], self._in_packet["packet"])
        return super()._handle_publish() if code is None else code

    def _publication(self, entete: int, paquet: bytes) -> mqtt.MQTTErrorCode | None:
        """Passe le message à `recevoir` ; None s'il revient à paho (QoS 2, sujet vide)."""
        qos = (entete & 0x06) >> 1
        fin = 2 + int.from_bytes(paquet[0:2])
        sujet, mid = paquet[2:fin], 0
        if qos == 2 or not sujet:
            return None
        if qos == 1:
            mid, fin = int.from_bytes(paquet[fin:fin + 2]), fin + 2
        if self._protocol == mqtt.MQTTv5:
            if fin < len(paquet) and paquet[fin] < 0x80:  # propriétés de moins de 128 octets (souvent aucune)
                fin += 1 + paquet[fin]
            else:
                longueur, octets = _entier_variable(paquet, fin)
                fin += octets + longueur
        if fin > len(paquet):
            return mqtt.MQTT_ERR_PROTOCOL  # paquet tronqué : paho coupe la connexion, le courtier renverra
        self.recus += 1
        self._recevoir(Message(mid, qos, sujet.decode("utf-8", "replace"), bytes(paquet[fin:]), maintenant(), self._lien))
        return mqtt.MQTT_ERR_SUCCESS

    def acquitter(self, messages: list[Message]) -> None:
        """Acquitte ceux de ces messages que ce lien a reçus."""
        lien = self._lien
        accuses = b"".join(_PUBACK.pack(PUBACK, 2, m.mid) for m in messages if m.qos == 1 and m.lien == lien)
        if accuses:
            self._packet_queue(PUBACK, accuses, 0, 1)
        for message in messages:
            if message.qos == 2 and message.lien == lien:
                self.ack(message.mid, 2)
        self.acquittes += sum(m.lien == lien for m in messages)


def _entier_variable(paquet: bytes, position: int) -> tuple[int, int]:
    """Un entier à longueur variable MQTT (1 à 4 octets) : (valeur, octets lus)."""
    valeur = 0
    for rang in range(4):
        if position + rang >= len(paquet):
            break
        octet = paquet[position + rang]
        valeur |= (octet & 0x7F) << (7 * rang)
        if not octet & 0x80:
            return valeur, rang + 1
    return len(paquet), 0  # illisible : la longueur dépasse le paquet, qui sera refusé


class ClientMqtt:
    """Un lien au courtier. `abonnements` refaits à chaque connexion ; `testament` (sujet, charge) :
    message retenu que le courtier publie si le lien tombe et ne revient pas dans
    DELAI_TESTAMENT_S (MQTT 5) ; `reconnexion=False` : un lien perdu n'est pas repris."""

    def __init__(
        self,
        adresse: AdresseMqtt,
        identifiant: str,
        abonnements: list[str],
        recevoir: Callable[[Message], None],
        lien_change: Callable[[], None],
        lien: int = 0,
        testament: tuple[str, bytes] | None = None,
        reconnexion: bool = True,
    ):
        self.adresse = adresse
        self.identifiant = identifiant
        self.abonnements = abonnements
        self.connecte = False
        self.session_presente = False
        self._recevoir = recevoir
        self._lien_change = lien_change
        self._reconnexion = reconnexion
        self._desabonnements: dict[int, threading.Event] = {}
        self._abonnements_en_plus: dict[int, threading.Event] = {}
        version = mqtt.MQTTv5 if adresse.protocole == "5" else mqtt.MQTTv311
        options = {} if version == mqtt.MQTTv5 else {"clean_session": False}
        self._client = _ClientPaho(recevoir, lien, mqtt.CallbackAPIVersion.VERSION2, identifiant, protocol=version, **options)
        self._client.manual_ack_set(True)
        self._client.reconnect_delay_set(min_delay=1, max_delay=60)
        if adresse.utilisateur:
            self._client.username_pw_set(adresse.utilisateur, adresse.mot_de_passe)
        if adresse.tls:
            self._client.tls_set(ca_certs=adresse.ca, cert_reqs=ssl.CERT_REQUIRED)
        if testament and version == mqtt.MQTTv5:
            proprietes = Properties(PacketTypes.WILLMESSAGE)
            proprietes.WillDelayInterval = DELAI_TESTAMENT_S
            self._client.will_set(testament[0], testament[1], qos=1, retain=True, properties=proprietes)
        self._client.on_connect = self._connecte
        self._client.on_subscribe = self._abonne
        self._client.on_unsubscribe = self._desabonne
        self._client.on_disconnect = self._deconnecte
        self._client.on_message = self._recevoir_par_paho

    @property
    def recus(self) -> int:
        return self._client.recus

    @property
    def acquittes(self) -> int:
        return self._client.acquittes

    def demarrer(self) -> None:
        """Se connecte en arrière-plan ; réessaie tant que le courtier ne répond pas."""
        options = {}
        if self.adresse.protocole == "5":
            proprietes = Properties(PacketTypes.CONNECT)
            proprietes.SessionExpiryInterval = DUREE_SESSION_S
            proprietes.ReceiveMaximum = RECEPTION_MAX
            options = {"clean_start": False, "properties": proprietes}
        self._client.connect_async(self.adresse.hote, self.adresse.port, keepalive=30, **options)
        self._client.loop_start()

    def acquitter(self, messages: list[Message]) -> None:
        self._client.acquitter(messages)

    def publier(self, sujet: str, charge: bytes, retenu: bool = True) -> mqtt.MQTTMessageInfo:
        return self._client.publish(sujet, charge, qos=1, retain=retenu)

    def abonner(self, filtres: list[str]) -> threading.Event:
        """S'abonne en plus de `abonnements` (pour cette session, pas à chaque connexion) ;
        l'événement rendu est levé quand le courtier l'a accepté."""
        fait = threading.Event()
        code, mid = self._client.subscribe([(filtre, 1) for filtre in filtres])
        if code != mqtt.MQTT_ERR_SUCCESS:
            raise OSError(f"abonnement impossible ({code})")
        self._abonnements_en_plus[mid] = fait
        return fait

    def desabonner(self, filtres: list[str]) -> threading.Event:
        """Se désabonne ; l'événement rendu est levé quand le courtier l'a fait."""
        fait = threading.Event()
        code, mid = self._client.unsubscribe(filtres)
        if code != mqtt.MQTT_ERR_SUCCESS:
            raise OSError(f"désabonnement impossible ({code})")
        self._desabonnements[mid] = fait
        return fait

    def arreter(self, supprimer_session: bool = False) -> None:
        """Se déconnecte ; `supprimer_session` : le courtier oublie la session (MQTT 5), à ne
        faire qu'une fois tout ce qu'elle gardait reçu et acquitté."""
        proprietes = None
        if supprimer_session and self.adresse.protocole == "5":
            proprietes = Properties(PacketTypes.DISCONNECT)
            proprietes.SessionExpiryInterval = 0
        self._client.disconnect(properties=proprietes)
        self._client.loop_stop()

    def _connecte(self, client, _donnees, drapeaux, code, _proprietes) -> None:
        if code.is_failure:
            journal.error("connexion refusée par le courtier %s : %s", self.adresse, code)
            return
        self.session_presente = drapeaux.session_present
        if self.abonnements:
            client.subscribe([(filtre, 1) for filtre in self.abonnements])
        else:
            self.connecte = True
            self._lien_change()

    def _abonne(self, _client, _donnees, mid, codes, _proprietes) -> None:
        if mid in self._abonnements_en_plus:
            if any(code.is_failure for code in codes):
                journal.error("abonnement refusé par le courtier %s : %s", self.adresse, codes)
            else:
                self._abonnements_en_plus.pop(mid).set()
            return
        if any(code.is_failure for code in codes):
            journal.error("abonnement à %s refusé par le courtier %s : %s", self.abonnements, self.adresse, codes)
            return
        self.connecte = True
        journal.info("connecté au courtier %s, abonné à %s", self.adresse, ", ".join(self.abonnements))
        self._lien_change()

    def _desabonne(self, _client, _donnees, mid, _codes, _proprietes) -> None:
        if mid in self._desabonnements:
            self._desabonnements.pop(mid).set()

    def _deconnecte(self, client, _donnees, _drapeaux, code, _proprietes) -> None:
        self.connecte = False
        if not self._reconnexion:
            client.loop_stop()  # depuis le fil de paho : pas d'attente, pas de reconnexion
        elif code != 0:
            journal.warning("lien perdu avec le courtier %s (%s) ; reconnexion automatique", self.adresse, code)
        self._lien_change()

    def _recevoir_par_paho(self, _client, _donnees, message: mqtt.MQTTMessage) -> None:
        """Les messages que `_ClientPaho._handle_publish` laisse à paho : QoS 2 (paho les garde
        jusqu'au PUBREL), sujet vide."""
        self._client.recus += 1
        self._recevoir(Message(message.mid, message.qos, message.topic, message.payload, maintenant(), self._client._lien))
