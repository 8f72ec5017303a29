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
