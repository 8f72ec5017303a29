"""Le décodeur, sur des octets : aucun courtier n'est nécessaire."""

import pytest

from noyau.domaine.modele import Grandeur, Source
from noyau.mesures.protocole import decoder, decoder_en_series, encoder

SUJET = "lycees/0350028R/principal"


def decode(charge: bytes | str, sujet: str = SUJET):
    return decoder(sujet, charge.encode() if isinstance(charge, str) else charge, recu_le=1_800_000_000.0)


def test_objet_natif_du_contrat():
    resultat = decode('{"ts": 1795884966, "index_kwh": 12345.678, "puissance_w": 1520}')
    assert [(r.grandeur, r.ts, r.valeur) for r in resultat.releves] == [
        (Grandeur.INDEX_KWH, 1795884966.0, 12345.678),
        (Grandeur.PUISSANCE_W, 1795884966.0, 1520.0),
    ]
    assert resultat.rejets == [] and resultat.releves[0].source is Source.NATIF


def test_uai_en_minuscules_accepte_et_rfc3339_avec_decalage():
    resultat = decode('{"ts": "2026-11-28T10:00:00+01:00", "co2_ppm": 812}', "lycees/0350028r/salle-b12")
    assert resultat.releves[0].uai == "0350028R"
    assert resultat.releves[0].ts == 1795856400.0


def test_tableau_avec_cles_inconnues_ignorees():
    charge = encoder([{"ts": 1790000000, "index_kwh": 1, "couleur": "bleu"}, {"ts": "2026-01-01T00:00:00Z", "index_m3": 2.5}])
    resultat = decode(charge)
    assert len(resultat.releves) == 2 and not resultat.rejets


@pytest.mark.parametrize(
    ("charge", "motif"),
    [
        ('{"ts": 1, "index_kwh": ', "JSON invalide"),
        ('{"index_kwh": 1}', "ts manquant"),
        ('{"ts": 1790000000, "index_kwh": "12"}', "valeur non numérique pour index_kwh"),
        ('{"ts": 1790000000, "index_kwh": true}', "valeur non numérique pour index_kwh"),
        ('{"ts": "2026-11-28T10:00:00", "index_kwh": 1}', "horodatage sans fuseau"),
        ('{"ts": "hier", "index_kwh": 1}', "horodatage illisible"),
        ('{"ts": 1790000000, "couleur": 1}', "aucune grandeur connue"),
        ("[1]", "relevé qui n'est pas un objet JSON"),
        ('{"ts": 1, "index_kwh": 1}', "horodatage avant 2000 : horloge du kit pas encore à l'heure"),
        ('{"ts": -1e308, "index_kwh": 1}', "horodatage avant 2000"),
        ('{"ts": "9999-12-31T23:59:59Z", "index_kwh": 1}', "horodatage après 2100 : hors limites"),
        (b"\xff\xfe", "JSON invalide"),
    ],
)
def test_entree_invalide_rejetee_avec_son_motif(charge, motif):
    resultat = decode(charge)
    assert resultat.releves == []
    assert len(resultat.rejets) == 1 and resultat.rejets[0].motif.startswith(motif)


def test_les_autres_releves_du_meme_message_sont_gardes():
    resultat = decode('[{"ts": 1790000001, "index_kwh": 1}, {"ts": 1790000002, "index_kwh": "x"}, {"ts": 1790000003, "index_kwh": 3}]')
    assert [r.ts for r in resultat.releves] == [1790000001.0, 1790000003.0]
    assert resultat.rejets[0].contenu == '{"ts":1790000002,"index_kwh":"x"}'


@pytest.mark.parametrize("sujet", ["lycees/0350028A/principal", "lycees/0350028R/Principal", "autre/0350028R/x", "lycees/0350028R"])
def test_sujet_invalide_rejete(sujet):
    resultat = decode('{"ts": 1790000000, "index_kwh": 1}', sujet)
    assert resultat.releves == [] and len(resultat.rejets) == 1


def test_senml_avec_champs_de_base():
    charge = (
        '[{"bn": "kit:", "bt": 1795884000, "bu": "Wh", "n": "energie", "v": 1500}, {"t": 60, "v": 1600}, '
        '{"t": 60, "u": "W", "v": 420}, {"t": 0, "u": "Cel", "v": 19.5}]'
    )
    resultat = decode(charge)
    assert [(r.grandeur, r.ts, r.valeur) for r in resultat.releves] == [
        (Grandeur.INDEX_KWH, 1795884000.0, 1.5),
        (Grandeur.INDEX_KWH, 1795884060.0, 1.6),
        (Grandeur.PUISSANCE_W, 1795884060.0, 420.0),
        (Grandeur.TEMPERATURE_C, 1795884000.0, 19.5),
    ]
    assert {r.source for r in resultat.releves} == {Source.SENML}


def test_senml_temps_relatif_et_unite_inconnue():
    resultat = decode('[{"u": "m3", "v": 4.2, "t": -10}, {"u": "lx", "v": 300}]')
    assert resultat.releves[0].ts == 1_800_000_000.0 - 10
    assert resultat.rejets[0].motif.startswith("unité SenML non prise en charge")


def test_grand_tableau_en_colonnes_comme_ses_objets_un_par_un():
    objets = [{"ts": 1790000000 + 60 * i, "index_kwh": 10.5 * i, "puissance_w": 800 + i} for i in range(50)]
    en_series = decoder_en_series(SUJET, encoder(objets), 1_800_000_000.0)
    assert [(s.grandeur, len(s)) for s in en_series.series] == [(Grandeur.INDEX_KWH, 50), (Grandeur.PUISSANCE_W, 50)]
    assert en_series.releves == [] and en_series.rejets == []
    un_par_un = [r for objet in objets for r in decode(encoder(objet)).releves]
    assert decode(encoder(objets)).releves == un_par_un


def test_grand_tableau_avec_un_mauvais_objet_lu_objet_par_objet():
    objets = [{"ts": 1790000000 + 60 * i, "index_kwh": i} for i in range(50)]
    objets[7]["index_kwh"] = True
    resultat = decoder_en_series(SUJET, encoder(objets), 1_800_000_000.0)
    assert resultat.series == [] and len(resultat.releves) == 49
    assert [r.motif for r in resultat.rejets] == ["valeur non numérique pour index_kwh"]
