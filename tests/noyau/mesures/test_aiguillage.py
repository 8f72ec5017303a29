import pytest

from noyau.domaine.modele import Grandeur, Source
from noyau.mesures.aiguillage import Aiguillage, correspond
from noyau.mesures.correspondances import Liaison

UAI = "0350028R"
T = 1_795_885_000.0
AIGUILLAGE = Aiguillage([
    Liaison("shellyproem50-cantine/status/+", Source.SHELLY, UAI, "four", "0"),
    Liaison("shellyproem50-cantine/status/+", Source.SHELLY, UAI, "froid", "1"),
    Liaison("zigbee2mqtt/prise", Source.ZIGBEE2MQTT, UAI, "prise"),
    Liaison("emon/tx/#", Source.EMONHUB, UAI, "ateliers", None, (("P1", "W"),)),
    Liaison("emon/tx/#", Source.EMONHUB, UAI, "gymnase", None, (("P2", "W"),)),
])


@pytest.mark.parametrize("filtre, sujet, attendu", [
    ("a/+/c", "a/b/c", True), ("a/+", "a/b/c", False), ("a/#", "a", True), ("a/#", "a/b/c", True),
    ("#", "a/b", True), ("a/b", "a/b/c", False), ("a/b/c", "a/b", False), ("+/status/x", "$SYS/status/x", False),
])
def test_filtres_mqtt(filtre, sujet, attendu):
    assert correspond(filtre, sujet) is attendu


def test_abonnements_natif_puis_sujets_des_liaisons_sans_doublon():
    assert AIGUILLAGE.abonnements() == ["lycees/#", "shellyproem50-cantine/status/+", "zigbee2mqtt/prise", "emon/tx/#"]


def test_deux_voies_d_un_shelly_em_vers_deux_compteurs_avec_leur_provenance():
    four = AIGUILLAGE.decoder("shellyproem50-cantine/status/em1:0", b'{"id":0,"act_power":2000}', T)
    froid = AIGUILLAGE.decoder("shellyproem50-cantine/status/em1data:1", b'{"id":1,"total_act_energy":5000}', T)
    assert [(r.compteur, r.grandeur, r.valeur, r.source) for r in four.releves + froid.releves] == [
        ("four", Grandeur.PUISSANCE_W, 2000.0, Source.SHELLY), ("froid", Grandeur.INDEX_KWH, 5.0, Source.SHELLY)]
    assert four.rejets == froid.rejets == []


def test_cles_emonhub_reparties_entre_compteurs():
    decodage = AIGUILLAGE.decoder("emon/tx", b'{"P1": 100, "P2": 200, "Vrms": 230}', T)
    assert {(r.compteur, r.valeur) for r in decodage.releves} == {("ateliers", 100.0), ("gymnase", 200.0)}


def test_rejet_nomme_le_decodeur_et_n_est_compte_qu_une_fois():
    decodage = AIGUILLAGE.decoder("shellyproem50-cantine/status/em1:0", b"{", T)
    assert [(r.motif, r.topic, r.uai, r.compteur, r.contenu) for r in decodage.rejets] == [
        ("shelly : JSON invalide", "shellyproem50-cantine/status/em1:0", UAI, "four", "{")]


def test_canal_non_relie_mis_en_quarantaine():
    decodage = AIGUILLAGE.decoder("shellyproem50-cantine/status/em1:2", b'{"id":2,"act_power":5}', T)
    assert decodage.releves == []
    # le motif est une catégorie ; le canal présent se lit dans le sujet et le contenu
    assert [r.motif for r in decodage.rejets] == ["shelly : aucun canal relié dans ce message (canaux présents : « … »)"]


def test_les_sujets_natifs_et_inconnus_vont_au_decodeur_du_contrat():
    natif = AIGUILLAGE.decoder(f"lycees/{UAI}/principal", b'{"ts": 1795884966, "index_kwh": 2}', T)
    assert [(r.compteur, r.source) for r in natif.releves] == [("principal", Source.NATIF)]
    inconnu = AIGUILLAGE.decoder("zigbee2mqtt/autre", b'{"power": 1}', T)
    assert inconnu.releves == [] and inconnu.rejets[0].motif.startswith("sujet inattendu")


def test_trame_tic_partielle_sans_le_canal_relie_ni_rejet_ni_releve():
    linky = Aiguillage([Liaison("tele/linky/SENSOR", Source.TIC, UAI, "linky")])
    decodage = linky.decoder("tele/linky/SENSOR", b'{"TIC":{"HCHP":2275561}}', T)
    assert decodage.releves == [] and decodage.rejets == []
