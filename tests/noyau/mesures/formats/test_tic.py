from datetime import datetime

import pytest

from noyau.domaine.modele import Grandeur
from noyau.domaine.temps import PARIS
from noyau.mesures.formats.tic import lire
from tests.noyau.mesures.formats.conftest import RECU_LE

KWH, VA = Grandeur.INDEX_KWH, Grandeur.PUISSANCE_APPARENTE_VA


def valeurs(lecture):
    return {(m.canal, m.grandeur): pytest.approx(m.valeur) for m in lecture.mesures}


def test_historique_base_par_tasmota_texte_complete_de_zeros(echantillon):
    lecture = lire("tele/linky/SENSOR", echantillon("tic_tasmota_historique_base.json"), RECU_LE)
    assert lecture.erreurs == []
    assert valeurs(lecture) == {("BASE", KWH): 7970.903, (None, KWH): 7970.903, (None, VA): 860.0}
    assert {m.ts for m in lecture.mesures} == {datetime(2026, 3, 13, 9, 20, 26, tzinfo=PARIS).timestamp()}


def test_heures_creuses_l_appareil_entier_est_la_somme_des_index(echantillon):
    lecture = lire("tele/linky/SENSOR", echantillon("tic_tasmota_historique_hchp.json"), RECU_LE)
    assert valeurs(lecture) == {
        ("HCHC", KWH): 12345.678, ("HCHP", KWH): 23456.789, (None, KWH): 35802.467, (None, VA): 2780.0}


def test_standard_east_est_l_index_total_sinsts_en_va(echantillon):
    lecture = lire("tic/041876123456", echantillon("tic_passerelle_standard.json"), RECU_LE)
    attendu = {(None, KWH): 4167.157, ("EAST", KWH): 4167.157, ("EASF01", KWH): 1234.567, ("EASF02", KWH): 2932.59,
               (None, VA): 1846.0}
    attendu |= {(f"EASF{n:02d}", KWH): 0.0 for n in range(3, 11)}
    assert lecture.erreurs == [] and valeurs(lecture) == attendu
    assert {m.ts for m in lecture.mesures} == {RECU_LE}


def test_passerelle_teleinfo2mqtt_valeurs_en_objets(echantillon):
    lecture = lire("teleinfo/031762123456", echantillon("tic_teleinfo2mqtt.json"), RECU_LE)
    assert valeurs(lecture) == {("BASE", KWH): 2815.235, (None, KWH): 2815.235, (None, VA): 420.0}


def test_la_puissance_apparente_n_est_jamais_une_puissance_active(echantillon):
    for fichier in ("tic_tasmota_historique_base.json", "tic_passerelle_standard.json"):
        lecture = lire("tic/x", echantillon(fichier), RECU_LE)
        assert Grandeur.PUISSANCE_W not in {m.grandeur for m in lecture.mesures}


def test_un_index_illisible_est_rejete_et_l_appareil_entier_n_est_pas_calcule():
    lecture = lire("tic/x", b'{"HCHC":"01234x678","HCHP":"023456789","PAPP":"00460"}', RECU_LE)
    assert lecture.erreurs == ["HCHC non numérique"]
    assert valeurs(lecture) == {("HCHP", KWH): 23456.789, (None, VA): 460.0}


@pytest.mark.parametrize("charge, motif", [
    (b'{"ADCO":"031762123456","OPTARIF":"BASE"}', "aucun index ni puissance apparente (BASE, HCHC, EAST, PAPP, SINSTS...)"),
    (b'{"Time":"2026-13-01T00:00:00","TIC":{"BASE":"1"}}', "heure illisible « 2026-13-01T00:00:00 »"),
    (b"BASE 007970903 0", "JSON invalide"),
])
def test_messages_malformes(charge, motif):
    assert lire("tic/x", charge, RECU_LE).erreurs == [motif]


@pytest.mark.parametrize("charge, attendu", [
    # Tasmota-teleinfo, EnergyConfig Changed : seulement les étiquettes qui ont changé
    (b'{"TIC":{"HCHP":2275561}}', {("HCHP", KWH): 2275.561}),
    (b'{"TIC":{"PAPP":7400}}', {(None, VA): 7400.0}),
    (b'{"TIC":{"HCHP":2275570,"PAPP":7380}}', {("HCHP", KWH): 2275.57, (None, VA): 7380.0}),
    (b'{"TIC":{"BBRHPJB":1500000}}', {("BBRHPJB", KWH): 1500.0}),  # Tempo : les cinq autres manquent
    (b'{"TIC":{"EASF02":2932590}}', {("EASF02", KWH): 2932.59}),  # mode standard sans EAST
    (b'{"TIC":{"IINST":31}}', {}),
    (b'{"TIC":{"ADPS":1}}', {}),
])
def test_trame_partielle_jamais_d_index_total_et_jamais_une_faute(charge, attendu):
    lecture = lire("tele/linky/SENSOR", charge, RECU_LE)
    assert lecture.erreurs == [] and lecture.partielle
    assert valeurs(lecture) == attendu


@pytest.mark.parametrize("charge, total", [
    (b'{"TIC":{"BASE":7970903}}', 7970.903),  # l'option base n'a qu'un index : la trame est complète
    (b'{"TIC":{"HCHC":920749,"HCHP":2275561}}', 3196.31),
    (b'{"TIC":{"EAST":4167157,"EASF02":2932590}}', 4167.157),
])
def test_trame_qui_porte_tous_les_index_de_son_option(charge, total):
    lecture = lire("tele/linky/SENSOR", charge, RECU_LE)
    assert not lecture.partielle and valeurs(lecture)[(None, KWH)] == total


def test_telemetrie_datee_de_1970_rejetee():
    lecture = lire("tele/linky/SENSOR", b'{"Time":"1970-01-01T00:00:17","TIC":{"BASE":"007970903"}}', RECU_LE)
    assert lecture.mesures == [] and lecture.erreurs == ["Time avant 2000 : horloge du kit pas encore à l'heure"]
