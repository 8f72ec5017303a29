"""La lecture allégée des PUBLISH (collecteur/client_mqtt._ClientPaho) face à paho et au hasard.

Des PUBLISH encodés par paho lui-même (MQTT 5 avec ou sans propriétés, MQTT 3.1.1), livrés par
une vraie socket en morceaux de tailles quelconques, sont lus à l'identique, qu'ils passent par
la lecture d'un trait ou par celle de paho (paquet à cheval sur deux lectures) ; des octets
quelconques ne lèvent jamais d'exception. Le chemin complet, avec un vrai courtier :
test_collecteur.py.
"""

import socket

import paho.mqtt.client as mqtt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from collecteur.client_mqtt import Message, _ClientPaho

REGLAGES = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
PUBLICATIONS = st.lists(
    st.tuples(st.text(min_size=1, max_size=40), st.binary(max_size=3000), st.sampled_from([0, 1]), st.booleans()),
    min_size=1, max_size=25,
)
VERSIONS = st.sampled_from([mqtt.MQTTv5, mqtt.MQTTv311])


def encoder_par_paho(publications: list[tuple], version: int) -> bytes:
    """Les paquets PUBLISH tels que paho les envoie (son `_send_publish`, sa file de sortie)."""
    emetteur = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=version)
    sortie: list[bytes] = []
    emetteur._packet_queue = lambda _commande, paquet, *_autres, **_nommes: sortie.append(bytes(paquet))
    with socket.socket() as non_connectee:
        emetteur._sock = non_connectee  # paho n'encode que s'il a une socket ; rien n'y est écrit
        for mid, (sujet, charge, qos, avec_proprietes) in enumerate(publications, start=1):
            proprietes = None
            if version == mqtt.MQTTv5 and avec_proprietes:
                proprietes = Properties(PacketTypes.PUBLISH)
                proprietes.UserProperty = [("kit", "chaufferie" * 20)]
                proprietes.MessageExpiryInterval = 3600
            emetteur._send_publish(mid, sujet.encode(), charge, qos, False, False, None, proprietes)
    assert len(sortie) == len(publications)
    return b"".join(sortie)


def lire_par_morceaux(flux: bytes, coupes: list[int], version: int) -> list[Message]:
    recus: list[Message] = []
    client = _ClientPaho(recus.append, 0, mqtt.CallbackAPIVersion.VERSION2, protocol=version)
    ecriture, lecture = socket.socketpair()
    lecture.setblocking(False)
    client._sock = lecture
    try:
        debut = 0
        for fin in [*sorted(set(coupes)), len(flux)]:
            ecriture.sendall(flux[debut:fin])
            debut = fin
            client.loop_read()
        for _ in range(10):  # ce que la socket tient encore au-delà d'une lecture
            client.loop_read()
    finally:
        ecriture.close()
        lecture.close()
    return recus


@REGLAGES
@given(PUBLICATIONS, VERSIONS, st.data())
def test_lus_a_l_identique_quel_que_soit_le_decoupage(publications, version, donnees):
    flux = encoder_par_paho(publications, version)
    coupes = donnees.draw(st.lists(st.integers(min_value=0, max_value=len(flux)), max_size=12))
    recus = lire_par_morceaux(flux, coupes, version)
    attendus = [(sujet, charge, qos, mid if qos else 0) for mid, (sujet, charge, qos, _) in enumerate(publications, start=1)]
    assert [(m.topic, m.charge, m.qos, m.mid) for m in recus] == attendus
    assert all(type(m.charge) is bytes for m in recus)


@REGLAGES
@given(st.binary(max_size=400), VERSIONS)
def test_octets_quelconques_jamais_d_exception(octets, version):
    recus: list[Message] = []
    client = _ClientPaho(recus.append, 0, mqtt.CallbackAPIVersion.VERSION2, protocol=version)
    client._tampon, client._position = octets, 0
    code = client._lire_publications()
    assert isinstance(code, mqtt.MQTTErrorCode) and 0 <= client._position <= len(octets)
    assert all(type(m.charge) is bytes and isinstance(m.topic, str) for m in recus)
