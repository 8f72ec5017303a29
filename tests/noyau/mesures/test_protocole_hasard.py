"""Le décodeur face au hasard (hypothesis) : jamais d'exception, rien de perdu en silence."""

import json

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noyau.domaine.modele import Releve
from noyau.mesures.protocole import TS_MAX, TS_MIN, decoder, lire_unitaire

RECU_LE = 1_800_000_000.0
CLES = ["ts", "index_kwh", "index_m3", "puissance_w", "temperature_c", "co2_ppm", "humidite_pct",
        "bn", "bt", "bu", "n", "u", "v", "s", "t", "autre"]
SCALAIRES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.text(max_size=30),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["kWh", "Wh", "W", "m3", "Cel", "2026-11-28T10:00:00+01:00", "Z"]),
)
JSON = st.recursive(SCALAIRES, lambda enfants: st.lists(enfants, max_size=5) | st.dictionaries(st.sampled_from(CLES), enfants, max_size=6), max_leaves=30)
SUJETS = st.one_of(st.just("lycees/0350028R/principal"), st.text(max_size=40))
REGLAGES = settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def verifier(topic: str, charge: bytes) -> None:
    resultat = decoder(topic, charge, RECU_LE)
    for releve in resultat.releves:
        assert isinstance(releve, Releve) and TS_MIN <= releve.ts < TS_MAX
        assert isinstance(releve.valeur, float) and abs(releve.valeur) != float("inf")
    for rejet in resultat.rejets:
        assert rejet.motif and rejet.topic == topic


@REGLAGES
@given(SUJETS, st.binary(max_size=300))
def test_octets_quelconques(topic, charge):
    verifier(topic, charge)


@REGLAGES
@given(SUJETS, JSON)
def test_json_quelconque(topic, document):
    verifier(topic, json.dumps(document).encode())


@REGLAGES
@given(st.data())
def test_message_valide_abime(donnees):
    valide = bytearray(orjson.dumps([{"ts": 1790000000 + i, "index_kwh": 10.5 * i, "puissance_w": 800} for i in range(5)]))
    for _ in range(donnees.draw(st.integers(1, 6))):
        position = donnees.draw(st.integers(0, len(valide) - 1))
        valide[position] = donnees.draw(st.integers(0, 255))
    verifier("lycees/0350028R/principal", bytes(valide))


@REGLAGES
@given(st.lists(st.dictionaries(st.sampled_from(CLES), SCALAIRES, max_size=5).map(lambda o: {"ts": 1790000000, **o}), max_size=20))
def test_un_tableau_se_decode_comme_ses_objets_un_par_un(objets):
    """Les bons relevés d'un message sont gardés, chaque mauvais objet a son rejet."""
    ensemble = decoder("lycees/0350028R/principal", json.dumps(objets).encode(), RECU_LE)
    un_par_un = [decoder("lycees/0350028R/principal", json.dumps(o).encode(), RECU_LE) for o in objets]
    assert ensemble.releves == [r for d in un_par_un for r in d.releves]
    assert [r.motif for r in ensemble.rejets] == [r.motif for d in un_par_un for r in d.rejets]
    assert all(len(d.rejets) + bool(d.releves) == 1 for d in un_par_un)


@REGLAGES
@given(SUJETS, st.one_of(JSON, st.dictionaries(st.sampled_from(CLES), SCALAIRES, max_size=5).map(lambda o: {"ts": 1790000000, **o})))
def test_le_chemin_court_d_un_releve_unitaire_donne_les_memes_releves(topic, document):
    """`lire_unitaire` (le chemin court du collecteur) ne lit que ce que `decoder` lit sans rejet,
    et en tire les mêmes relevés."""
    charge = json.dumps(document).encode()
    court = lire_unitaire(topic, charge)
    if court is None:
        return
    complet = decoder(topic, charge, RECU_LE)
    uai, compteur, ts, mesures = court
    assert not complet.rejets and not complet.series
    assert sorted((r.uai, r.compteur, r.grandeur.value, r.ts, r.valeur, r.source.value) for r in complet.releves) == sorted(
        (uai, compteur, grandeur.value, ts, valeur, "natif") for grandeur, valeur in mesures)
