import pytest

from noyau.domaine.modele import Grandeur
from noyau.mesures.formats.shelly import lire
from tests.noyau.mesures.formats.conftest import RECU_LE

W, KWH = Grandeur.PUISSANCE_W, Grandeur.INDEX_KWH


def valeurs(lecture):
    return {(m.canal, m.grandeur): pytest.approx(m.valeur) for m in lecture.mesures}


@pytest.mark.parametrize("sujet, fichier, attendu", [
    ("shellyplus1pm-cdi/status/switch:0", "shelly_switch_0.json", {("0", W): 1520.4, ("0", KWH): 1234.5678}),
    ("shellypmmini-four/status/pm1:0", "shelly_pm1_0.json", {("0", W): 82.6, ("0", KWH): 5.02133}),
    ("shellyproem50-cantine/status/em1:1", "shelly_em1_1.json", {("1", W): 501.8}),
    ("shellyproem50-cantine/status/em1data:1", "shelly_em1data_1.json", {("1", KWH): 873.12055}),
    ("shellypro3em-tgbt/status/em:0", "shelly_em_0.json", {("0", W): 1446.5}),
    ("shellypro3em-tgbt/status/emdata:0", "shelly_emdata_0.json", {("0", KWH): 399.891}),
])
def test_statut_des_composants_energie_en_wh_rangee_en_kwh(echantillon, sujet, fichier, attendu):
    lecture = lire(sujet, echantillon(fichier), RECU_LE)
    assert lecture.erreurs == [] and valeurs(lecture) == attendu
    assert {m.ts for m in lecture.mesures} == {RECU_LE}  # le statut n'est pas daté


def test_notifystatus_date_par_params_ts(echantillon):
    lecture = lire("shellyplus2pm-a8032ab12345/events/rpc", echantillon("shelly_notifystatus.json"), RECU_LE)
    assert valeurs(lecture) == {("1", W): 48.1, ("1", KWH): 20.48075}
    assert {m.ts for m in lecture.mesures} == {1795884966.43}


def test_notifyevent_et_composants_sans_mesure_ignores(echantillon):
    assert lire("shellyplus2pm-a8032ab12345/events/rpc", echantillon("shelly_notifyevent.json"), RECU_LE).mesures == []
    lecture = lire("shellyplus1pm-cdi/status/sys", b'{"mac":"A8032AB12345","uptime":120}', RECU_LE)
    assert lecture.mesures == [] and lecture.erreurs == []


@pytest.mark.parametrize("sujet, charge, motif", [
    ("p/status/switch:0", b'{"apower":"1520"}', "switch:0.apower non numérique"),
    ("p/status/switch:0", b'{"aenergy":{"total":null}}', "switch:0.aenergy.total non numérique"),
    ("p/status/switch:0", b"on", "JSON invalide"),
    ("p/events/rpc", b'{"method":"NotifyStatus","params":{"ts":"hier"}}', "params.ts non numérique"),
    ("p/events/rpc", b'{"method":"NotifyStatus"}', "NotifyStatus sans params"),
    ("p/events/rpc", b'{"method":"NotifyStatus","params":{"ts":0,"switch:0":{"apower":1}}}', "params.ts avant 2000 : horloge du kit pas encore à l'heure"),
    ("p/switch:0", b'{"apower":1}', "sujet inattendu « p/switch:0 » : <préfixe>/status/<composant> ou <id>/events/rpc attendu"),
])
def test_messages_malformes(sujet, charge, motif):
    assert lire(sujet, charge, RECU_LE).erreurs == [motif]
