import pytest

from noyau.domaine.modele import Grandeur
from noyau.mesures.formats.zigbee2mqtt import lire
from tests.noyau.mesures.formats.conftest import RECU_LE


def test_energy_en_kwh_power_en_w_date_a_la_reception(echantillon):
    lecture = lire("zigbee2mqtt/prise-labo", echantillon("zigbee2mqtt_prise.json"), RECU_LE)
    assert lecture.erreurs == []
    assert {(m.canal, m.grandeur, m.ts, m.valeur) for m in lecture.mesures} == {
        (None, Grandeur.INDEX_KWH, RECU_LE, 87.42), (None, Grandeur.PUISSANCE_W, RECU_LE, 1205.3)}


@pytest.mark.parametrize("charge, motif", [
    (b'{"state":"ON","linkquality":80}', "ni energy ni power dans le message"),
    (b'{"energy":"87.42","power":12}', "energy non numérique"),
    (b'"ON"', "objet JSON attendu"),
])
def test_messages_malformes(charge, motif):
    assert lire("zigbee2mqtt/prise-labo", charge, RECU_LE).erreurs == [motif]
