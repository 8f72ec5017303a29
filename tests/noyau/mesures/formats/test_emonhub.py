import pytest

from noyau.domaine.modele import Grandeur
from noyau.mesures.formats.emonhub import lire
from tests.noyau.mesures.formats.conftest import RECU_LE

CLES = {"P1": "W", "E1": "Wh", "T1": "°C"}


def test_json_d_un_noeud_date_par_time_cles_citees_seules(echantillon):
    lecture = lire("emon/emontx4", echantillon("emonhub_emontx4.json"), RECU_LE, CLES)
    assert lecture.erreurs == []
    assert {(m.grandeur, m.valeur) for m in lecture.mesures} == {
        (Grandeur.PUISSANCE_W, 1520.0), (Grandeur.INDEX_KWH, 1234.567), (Grandeur.TEMPERATURE_C, 19.6)}
    assert {m.ts for m in lecture.mesures} == {1795884966.0} and {m.canal for m in lecture.mesures} == {None}


@pytest.mark.parametrize("sujet, charge, attendu", [
    ("emon/emontx4/P1", b"1520.5", [(Grandeur.PUISSANCE_W, 1520.5)]),
    ("emon/emontx4/E1", b"1234567", [(Grandeur.INDEX_KWH, 1234.567)]),
    ("emon/emontx4/T1", b"-3.5", [(Grandeur.TEMPERATURE_C, -3.5)]),
    ("emon/emontx4/Vrms", b"231.4", []),
])
def test_valeurs_seules_datees_a_la_reception(sujet, charge, attendu):
    lecture = lire(sujet, charge, RECU_LE, CLES)
    assert [(m.grandeur, m.valeur) for m in lecture.mesures] == attendu
    assert all(m.ts == RECU_LE for m in lecture.mesures)


@pytest.mark.parametrize("sujet, charge, motif", [
    ("emon/emontx4/P1", b"nan", "P1 non numérique"),
    ("emon/emontx4/P1", b"", "P1 non numérique"),
    ("emon/emontx4", b'{"time":"maintenant","P1":1}', "time non numérique"),
    ("emon/emontx4", b'{"P1":', "JSON invalide"),
])
def test_messages_malformes(sujet, charge, motif):
    assert lire(sujet, charge, RECU_LE, CLES).erreurs == [motif]


def test_horloge_dereglee_rejetee():
    assert lire("emon/tx", b'{"time": -1e300, "P1": 1}', RECU_LE, CLES).erreurs == ["time avant 2000 : horloge du kit pas encore à l'heure"]
