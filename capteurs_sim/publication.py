"""La publication MQTT des kits simulés : paho-mqtt 2, QoS 1, accusés attendus, vol borné.

`Publieur` ne fait que déplacer des octets : il ouvre la connexion (MQTT 5 ou 3.1.1 selon
l'adresse, identifiants et TLS s'ils sont donnés), publie en QoS 1 en gardant au plus
`en_vol_max` messages sans accusé de réception (PUBACK), et `attendre()` rend la main quand
tout ce qui a été publié est accusé : rien n'est perdu en route.
"""

import threading

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from noyau.domaine.erreurs import ErreurEnerlycee
from noyau.mesures.adresse_mqtt import AdresseMqtt

DELAI_CONNEXION_S = 10.0
DELAI_ACCUSE_S = 60.0


class ErreurCourtier(ErreurEnerlycee):
    """Le courtier MQTT est injoignable, refuse la connexion ou n'accuse plus les messages."""


class Publieur:
    def __init__(self, adresse: AdresseMqtt, identifiant: str, en_vol_max: int = 100):
        self.adresse = adresse
        protocole = mqtt.MQTTv5 if adresse.protocole == "5" else mqtt.MQTTv311
        self._client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=identifiant, protocol=protocole)
        if adresse.utilisateur:
            self._client.username_pw_set(adresse.utilisateur, adresse.mot_de_passe)
        if adresse.tls:
            self._client.tls_set(ca_certs=adresse.ca)
        self._client.max_inflight_messages_set(en_vol_max)
        self._en_vol_max = en_vol_max
        self._places = threading.BoundedSemaphore(en_vol_max)
        self._connecte = threading.Event()
        self._refus: str | None = None
        self._client.on_connect = self._a_la_connexion
        self._client.on_publish = self._a_l_accuse

    def connecter(self) -> None:
        try:
            self._client.connect(self.adresse.hote, self.adresse.port, keepalive=60)
        except OSError as erreur:
            raise ErreurCourtier(f"courtier MQTT injoignable ({self.adresse}) : {erreur}") from None
        self._client.loop_start()
        if not self._connecte.wait(DELAI_CONNEXION_S) or self._refus:
            self._client.loop_stop()
            raise ErreurCourtier(f"connexion au courtier MQTT {self.adresse} refusée : {self._refus or 'sans réponse'}")

    def publier(self, sujet: str, charge: bytes) -> None:
        """Publie en QoS 1 ; attend une place si `en_vol_max` messages attendent leur accusé."""
        if not self._places.acquire(timeout=DELAI_ACCUSE_S):
            raise ErreurCourtier(f"le courtier MQTT {self.adresse} n'accuse plus les messages")
        info = self._client.publish(sujet, charge, qos=1)
        if info.rc not in (mqtt.MQTT_ERR_SUCCESS, mqtt.MQTT_ERR_NO_CONN):  # hors connexion : renvoyé au retour
            self._places.release()
            raise ErreurCourtier(f"publication refusée sur {sujet} : {mqtt.error_string(info.rc)}")

    def attendre(self) -> None:
        """Rend la main quand tous les messages publiés sont accusés par le courtier."""
        pris = 0
        try:
            for _ in range(self._en_vol_max):
                if not self._places.acquire(timeout=DELAI_ACCUSE_S):
                    raise ErreurCourtier(f"le courtier MQTT {self.adresse} n'accuse plus les messages")
                pris += 1
        finally:
            for _ in range(pris):
                self._places.release()

    def fermer(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()

    def _a_la_connexion(self, client, userdata, drapeaux, code, proprietes) -> None:
        self._refus = str(code) if code.is_failure else None
        self._connecte.set()

    def _a_l_accuse(self, client, userdata, mid, code, proprietes) -> None:
        self._places.release()
