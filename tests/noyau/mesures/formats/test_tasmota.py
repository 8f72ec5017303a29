from datetime import datetime

import pytest

from noyau.domaine.modele import Grandeur
from noyau.domaine.temps import PARIS
from noyau.mesures.formats.tasmota import lire
from tests.noyau.mesures.formats.conftest import RECU_LE

SUJET = "tele/prise-cdi/SENSOR"


def valeurs(lecture):
    return {(m.canal, m.grandeur): m.valeur for m in lecture.mesures}


def test_index_en_kwh_puissance_en_w_heure_locale_de_paris(echantillon):
    lecture = lire(SUJET, echantillon("tasmota_pow.json"), RECU_LE)
    assert lecture.erreurs == []
    assert valeurs(lecture) == {(None, Grandeur.INDEX_KWH): 1234.567, (None, Grandeur.PUISSANCE_W): 1520.0}
    assert {m.ts for m in lecture.mesures} == {datetime(2026, 11, 28, 10, tzinfo=PARIS).timestamp()}  # 09:00 UTC


def test_voies_en_tableaux_et_appareil_entier_en_somme(echantillon):
    lecture = lire(SUJET, echantillon("tasmota_dual_r3.json"), RECU_LE)
    assert valeurs(lecture) == {
        ("1", Grandeur.INDEX_KWH): 0.0, ("2", Grandeur.INDEX_KWH): 2.91, (None, Grandeur.INDEX_KWH): 2.91,
        ("1", Grandeur.PUISSANCE_W): 0.0, ("2", Grandeur.PUISSANCE_W): 120.0, (None, Grandeur.PUISSANCE_W): 120.0,
    }
    assert lecture.mesures[0].ts == datetime.fromisoformat("2026-07-14T05:31:34+00:00").timestamp()  # heure d'été


def test_heure_d_ete_et_decalage_explicite():
    ete = lire(SUJET, b'{"Time":"2026-07-14T12:00:00","ENERGY":{"Total":1}}', RECU_LE).mesures[0].ts
    assert ete == datetime.fromisoformat("2026-07-14T10:00:00+00:00").timestamp()
    avec_decalage = lire(SUJET, b'{"Time":"2026-07-14T12:00:00+00:00","ENERGY":{"Total":1}}', RECU_LE).mesures[0].ts
    assert avec_decalage == datetime.fromisoformat("2026-07-14T12:00:00+00:00").timestamp()


def test_sans_time_date_a_la_reception():
    assert lire(SUJET, b'{"ENERGY":{"Power":5}}', RECU_LE).mesures[0].ts == RECU_LE


def test_total_en_texte_rejete_la_puissance_gardee(echantillon):
    lecture = lire(SUJET, echantillon("tasmota_total_texte.json"), RECU_LE)
    assert lecture.erreurs == ["ENERGY.Total non numérique"]
    assert valeurs(lecture) == {(None, Grandeur.PUISSANCE_W): 1520.0}


@pytest.mark.parametrize("charge, motif", [
    (b'{"Time":"2026-11-28T10:00:00","ENERGY":', "JSON invalide"),
    (b'[1, 2]', "objet JSON attendu"),
    (b'{"Time":"hier","ENERGY":{"Total":1}}', "heure illisible « hier »"),
    (b'{"Time":"2026-11-28T10:00:00","DS18B20":{"Temperature":19.5}}', "ni ENERGY.Total ni ENERGY.Power dans le message"),
])
def test_messages_malformes(charge, motif):
    lecture = lire(SUJET, charge, RECU_LE)
    assert lecture.mesures == [] and lecture.erreurs == [motif]


def test_une_voie_illisible_n_empeche_pas_les_autres_mais_l_appareil_entier():
    lecture = lire(SUJET, b'{"ENERGY":{"Total":[1.5,null]}}', RECU_LE)
    assert valeurs(lecture) == {("1", Grandeur.INDEX_KWH): 1.5}
    assert lecture.erreurs == ["ENERGY.Total[2] non numérique"]


def test_redemarrage_avant_ntp_date_de_1970_rejete_en_entier():
    charge = b'{"Time":"1970-01-01T00:00:17","ENERGY":{"TotalStartTime":"2026-09-01T08:12:40","Total":1843.125,"Power":650}}'
    lecture = lire(SUJET, charge, RECU_LE)
    assert lecture.mesures == [] and lecture.erreurs == ["Time avant 2000 : horloge du kit pas encore à l'heure"]
