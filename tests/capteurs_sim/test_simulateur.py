"""Le simulateur contre un vrai Mosquitto : tout ce qui est publié arrive et se décode."""

import threading
import time
from datetime import date, datetime

import orjson
import paho.mqtt.client as mqtt
import pytest

from capteurs_sim.lycees import lycees
from capteurs_sim.simulateur import Simulateur
from noyau.domaine.temps import PARIS, maintenant
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from noyau.mesures.protocole import ABONNEMENT, decoder

REFERENCE = date(2026, 11, 1)
FIN = datetime(2026, 11, 20, tzinfo=PARIS)
DEBUT = datetime(2026, 11, 16, tzinfo=PARIS)


class Abonne:
    """Un client paho abonné à lycees/# qui garde (sujet, charge, heure de réception)."""

    def __init__(self, url: str):
        adresse = lire_adresse_mqtt(url)
        self.recus: list[tuple[str, bytes, float]] = []
        self._pret = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        self.client.on_connect = lambda c, u, f, code, p: c.subscribe(ABONNEMENT, qos=1)
        self.client.on_subscribe = lambda c, u, mid, codes, p: self._pret.set()
        self.client.on_message = lambda c, u, m: self.recus.append((m.topic, m.payload, maintenant()))
        self.client.connect(adresse.hote, adresse.port)
        self.client.loop_start()
        assert self._pret.wait(10), "abonnement au courtier"

    def objets(self) -> int:
        return sum(len(o) if isinstance(o := orjson.loads(charge), list) else 1 for _, charge, _ in self.recus)

    def attendre(self, condition, delai: float = 20.0) -> None:
        limite = time.monotonic() + delai
        while not condition():
            if time.monotonic() > limite:
                pytest.fail("délai dépassé en attendant les messages")
            time.sleep(0.05)

    def fermer(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def abonne(courtier):
    client = Abonne(courtier)
    yield client
    client.fermer()


def test_historique_publie_recu_et_decode_sans_rejet(courtier, abonne):
    progression = []
    with Simulateur(lire_adresse_mqtt(courtier), lycees(3), graine=42, reference=REFERENCE, taille_message=500) as sim:
        attendu = sim.nombre_releves(DEBUT, FIN)
        assert sim.historique(DEBUT, FIN, progression=progression.append) == attendu == sum(progression)
    abonne.attendre(lambda: abonne.objets() >= attendu)
    assert abonne.objets() == attendu
    for sujet, charge, recu_le in abonne.recus:
        decodage = decoder(sujet, charge, recu_le)
        assert decodage.releves and not decodage.rejets


def test_direct_en_mqtt_311_rattrape_sans_devancer_l_horloge_et_s_arrete(courtier, abonne):
    choisis = lycees(2)
    arret = threading.Event()
    sim = Simulateur(lire_adresse_mqtt(courtier + "?protocole=3.1.1"), choisis, graine=42, reference=REFERENCE)
    publies = []
    fil = threading.Thread(target=lambda: publies.append(
        sim.direct(pas_s=600, vitesse=1000.0, arret=arret, depuis=maintenant() - 1800)))
    fil.start()
    par_pas = sum(len(l.capteurs) for l in choisis)
    abonne.attendre(lambda: len(abonne.recus) >= 3 * par_pas)
    time.sleep(0.3)
    depart = time.monotonic()
    arret.set()
    fil.join(timeout=5)
    sim.fermer()
    assert not fil.is_alive() and time.monotonic() - depart < 2
    instants = {orjson.loads(charge)["ts"] for _, charge, _ in abonne.recus}
    assert len(instants) in (3, 4) and all(ts % 600 == 0 for ts in instants)
    assert all(orjson.loads(charge)["ts"] <= recu_le for _, charge, recu_le in abonne.recus)
    assert publies == [len(abonne.recus)]
    assert all(not decoder(s, c, r).rejets for s, c, r in abonne.recus)
