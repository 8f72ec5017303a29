"""Le collecteur contre un vrai Mosquitto et un vrai fichier SQLite."""

import subprocess

import pytest

from collecteur import Collecteur
from noyau.domaine.modele import Grandeur
from noyau.domaine.temps import maintenant
from noyau.exploitation.collecteurs import composant
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from noyau.mesures.protocole import encoder, sujet
from noyau.stockage.base import ECHANTILLONS_PAR_SITE
from tests.conftest import LYCEE_A, attendre

TS = 1_790_000_000  # 2026-09-21, dans le passé


@pytest.fixture
def collecteur(registre, courtier, tmp_path):
    service = Collecteur(registre, lire_adresse_mqtt(courtier), tmp_path / "spool.db", "test-collecteur")
    service.demarrer()
    attendre(lambda: service.client.connecte, "connexion au courtier")
    yield service
    service.arreter()


def nombre_releves(stockage, compteur="principal", grandeur=Grandeur.INDEX_KWH, uai=LYCEE_A.uai) -> int:
    return len(stockage.lire_releves(uai, compteur, grandeur, 0, 4e9).ts)


def traites(service) -> int:
    compteurs = service.ecrivain.compteurs
    return compteurs.stockes + compteurs.doublons + compteurs.rejetes


def test_releve_publie_avec_mosquitto_pub(collecteur, courtier, registre):
    adresse = lire_adresse_mqtt(courtier)
    subprocess.run(
        ["mosquitto_pub", "-h", adresse.hote, "-p", str(adresse.port), "-q", "1",
         "-t", f"lycees/{LYCEE_A.uai.lower()}/principal", "-m", f'{{"ts": {TS}, "index_kwh": 12345.678, "puissance_w": 1520}}'],
        check=True, timeout=10,
    )
    attendre(lambda: nombre_releves(registre) == 1, "relevé stocké")
    serie = registre.lire_releves(LYCEE_A.uai, "principal", Grandeur.PUISSANCE_W, 0, 4e9)
    assert serie.ts.tolist() == [TS] and serie.valeurs.tolist() == [1520.0]


@pytest.mark.parametrize("protocole", ["5", "3.1.1"])
def test_qos_0_1_2_recus_et_tous_acquittes(registre, courtier, tmp_path, protocole):
    """Le client allégé (collecteur/client_mqtt._ClientPaho) : QoS 0 et 1 par sa lecture directe,
    propriétés MQTT 5 comprises, QoS 2 par paho ; chaque message acquitté une fois écrit : un
    collecteur relancé sur la même session ne reçoit rien de nouveau."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    adresse = lire_adresse_mqtt(f"{courtier}?protocole={protocole}")

    def collecteur():
        service = Collecteur(registre, adresse, tmp_path / "spool.db", f"qos-{protocole}")
        service.demarrer()
        attendre(lambda: service.client.connecte, "connexion au courtier")
        return service

    service = collecteur()
    version = mqtt.MQTTv5 if protocole == "5" else mqtt.MQTTv311
    kit = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=version)
    kit.connect(adresse.hote, adresse.port)
    kit.loop_start()
    proprietes = None
    if protocole == "5":
        proprietes = Properties(PacketTypes.PUBLISH)
        proprietes.UserProperty = [("kit", "chaufferie"), ("firmware", "1.2")]
        proprietes.MessageExpiryInterval = 3600

    def publier(qos: int, minute: int) -> None:
        mesure = {"ts": TS + 60 * minute, "index_kwh": float(minute)}
        kit.publish(sujet(LYCEE_A.uai, "principal"), encoder(mesure), qos=qos, properties=proprietes).wait_for_publish(10)

    for qos in (0, 1, 2):
        publier(qos, qos)
    attendre(lambda: nombre_releves(registre) == 3, "les trois relevés stockés")
    serie = registre.lire_releves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, 0, 4e9)
    assert serie.ts.tolist() == [TS, TS + 60, TS + 120] and serie.valeurs.tolist() == [0.0, 1.0, 2.0]
    service.arreter()
    relance = collecteur()
    publier(1, 3)  # le courtier renverrait d'abord ce qui n'aurait pas été acquitté
    attendre(lambda: nombre_releves(registre) == 4, "le relevé publié après la relance stocké")
    relance.arreter()
    kit.disconnect()
    kit.loop_stop()
    assert relance.ecrivain.compteurs.recus == 1 and relance.ecrivain.compteurs.doublons == 0


def test_doublons_stockes_une_fois_et_desordre_accepte(collecteur, kit, registre):
    mesures = [{"ts": TS + 600 * k, "index_kwh": 10.0 * k} for k in range(50)]
    kit(sujet(LYCEE_A.uai, "principal"), encoder(mesures[25:]))
    kit(sujet(LYCEE_A.uai, "principal"), encoder(mesures[:30]))  # en retard, et 5 déjà reçus
    for mesure in mesures[:3]:
        kit(sujet(LYCEE_A.uai, "principal"), encoder(mesure))
    attendre(lambda: traites(collecteur) == 58, "58 relevés traités")
    assert nombre_releves(registre) == 50
    assert collecteur.ecrivain.compteurs.doublons == 8


def test_entrees_invalides_en_quarantaine_sans_arreter_le_collecteur(collecteur, kit, registre):
    bons = [{"ts": TS, "index_kwh": 1.0}, {"ts": TS + 600, "index_kwh": 2.0}]
    mauvais = [
        ("lycees/0350028R/principal", b'{"ts": 1, "index_kwh": '),
        ("lycees/0350028R/principal", encoder([bons[0], {"index_kwh": 3}, {"ts": TS, "index_kwh": "3"}, bons[1]])),
        ("lycees/0350028R/principal", encoder({"ts": maintenant() + 3600, "index_kwh": 1})),
        ("lycees/0350028R/inconnu", encoder(bons[0])),
        ("lycees/0750654D/principal", encoder(bons[0])),
        ("lycees/0350028A/principal", encoder(bons[0])),
        ("lycees/0350028R/sonde-exterieure", encoder({"ts": TS, "index_kwh": 1})),
    ]
    for topic, charge in mauvais:
        kit(topic, charge)
    attendre(lambda: traites(collecteur) == 10, "tous les relevés traités")
    motifs = {m.motif for m in registre.motifs_rejet()}
    assert {"JSON invalide", "ts manquant", "valeur non numérique pour index_kwh", "site inconnu", "compteur inconnu",
            "horodatage dans le futur (plus de 5 minutes d'avance)", "index_kwh reçu d'une sonde qui ne compte aucune énergie"} <= motifs
    assert any(m.startswith("UAI invalide") for m in motifs)
    assert nombre_releves(registre) == 2  # les bons relevés du message mixte sont gardés
    assert sum(m.nombre for m in registre.motifs_rejet()) == 8
    kit(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS + 1200, "index_kwh": 3.0}))
    attendre(lambda: nombre_releves(registre) == 3, "le collecteur fonctionne encore")


def test_collecteur_arrete_pendant_que_les_kits_publient_ne_perd_rien(registre, courtier, kit, tmp_path):
    adresse = lire_adresse_mqtt(courtier)
    premier = Collecteur(registre, adresse, tmp_path / "spool.db", "collecteur-persistant")
    premier.demarrer()
    attendre(lambda: premier.client.connecte, "connexion")
    kit(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS, "index_kwh": 0.0}))
    attendre(lambda: nombre_releves(registre) == 1, "premier relevé")
    premier.arreter()
    for k in range(1, 301):  # 300 messages QoS 1 pendant l'arrêt
        kit(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS + 60 * k, "index_kwh": float(k)}))
    second = Collecteur(registre, adresse, tmp_path / "spool.db", "collecteur-persistant")
    second.demarrer()
    try:
        attendre(lambda: nombre_releves(registre) == 301, "les 300 relevés publiés pendant l'arrêt")
    finally:
        second.arreter()


def test_file_pleine_le_fil_reseau_attend_l_ecrivain_sans_rien_perdre(registre, courtier, kit, tmp_path):
    """File bornée à presque rien : chaque message attend que l'écrivain ait pris le précédent."""
    adresse = lire_adresse_mqtt(courtier)
    premier = Collecteur(registre, adresse, tmp_path / "spool.db", "collecteur-borne", file_octets=1)
    premier.demarrer()
    attendre(lambda: premier.client.connecte, "connexion")
    premier.arreter()
    for k in range(50):
        kit(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS + 60 * k, "index_kwh": float(k)}))
    kit(sujet(LYCEE_A.uai, "principal"), encoder([{"ts": TS + 60 * k, "index_kwh": float(k)} for k in range(50, 150)]))
    second = Collecteur(registre, adresse, tmp_path / "spool.db", "collecteur-borne", file_octets=1)
    second.demarrer()
    try:
        attendre(lambda: nombre_releves(registre) == 150, "les 150 relevés, file pleine à chaque message")
        assert second.ecrivain.compteurs.doublons == 0
    finally:
        second.arreter()


def test_etat_note_pour_la_sante(collecteur, registre):
    # Le premier état peut être noté avant la connexion (machine chargée) : on attend l'état connecté.
    attendre(lambda: (registre.lire_etat(composant("test-collecteur")) or ({"connecte": False},))[0]["connecte"], "état connecté noté")
    etat, _ = registre.lire_etat(composant("test-collecteur"))
    assert etat["connecte"] is True and etat["courtier"].startswith("mqtt://127.0.0.1:")


def test_valeurs_invraisemblables_en_quarantaine_pas_dans_les_consommations(collecteur, kit, registre):
    """Les valeurs des essais (issue 22) : rangées, elles faisaient un total infini (null en JSON,
    nan en CSV) ou des heures négatives ; en quarantaine, les relevés plausibles autour restent."""
    fous = [1.7e308, -1.7e308, 1.23e29, -5.0]
    kit(sujet(LYCEE_A.uai, "principal"), encoder([{"ts": TS + 600 * k, "index_kwh": v} for k, v in enumerate([100.0, *fous, 110.0])]))
    kit(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS + 6000, "index_kwh": float("1e300")}))
    attendre(lambda: traites(collecteur) == 7, "messages traités")
    assert registre.lire_releves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, 0, 4e9).valeurs.tolist() == [100.0, 110.0]
    assert {(m.motif, m.nombre) for m in registre.motifs_rejet()} == {
        ("index_kwh hors des bornes plausibles (de 0 à 10 milliards de kWh)", 5)}


def test_metriques_prometheus(collecteur, kit):
    from prometheus_client import generate_latest

    kit(sujet(LYCEE_A.uai, "principal"), encoder([{"ts": TS, "index_kwh": 1.0}, {"ts": TS + 600, "index_kwh": "x"}]))
    attendre(lambda: traites(collecteur) == 2, "message traité")
    texte = generate_latest(collecteur.metriques.registre).decode()
    assert "enerlycee_releves_stockes_total 1.0" in texte
    assert 'enerlycee_rejets_total{motif="valeur non numérique pour index_kwh"} 1.0' in texte
    assert f'enerlycee_dernier_message_horodatage{{compteur="principal",uai="{LYCEE_A.uai}"}}' in texte
    assert "enerlycee_courtier_connecte 1.0" in texte and "enerlycee_lot_ecriture_secondes_count 1.0" in texte
    # un retard par message écrit, au seau de son ordre de grandeur (TS : plus de 7 jours)
    assert 'enerlycee_retard_stockage_secondes_bucket{le="604800.0"} 0.0' in texte
    assert 'enerlycee_retard_stockage_secondes_bucket{le="+Inf"} 1.0' in texte
    kit(sujet(LYCEE_A.uai, "principal"), encoder({"ts": maintenant() - 10, "index_kwh": 2.0}))
    attendre(lambda: traites(collecteur) == 3, "message récent traité")
    texte = generate_latest(collecteur.metriques.registre).decode()
    assert 'enerlycee_retard_stockage_secondes_bucket{le="5.0"} 0.0' in texte
    assert 'enerlycee_retard_stockage_secondes_bucket{le="30.0"} 1.0' in texte
    assert "enerlycee_retard_stockage_secondes_count 2.0" in texte


def test_message_trop_gros_et_deluge_de_messages_invalides(registre, courtier, kit, tmp_path):
    service = Collecteur(registre, lire_adresse_mqtt(courtier), tmp_path / "spool.db", "limite", taille_max_message=10_000)
    service.demarrer()
    try:
        attendre(lambda: service.client.connecte, "connexion")
        kit(sujet(LYCEE_A.uai, "principal"), encoder([{"ts": TS + i, "index_kwh": float(i)} for i in range(1000)]))
        for n in range(2000):
            kit(sujet(LYCEE_A.uai, "principal"), b"pas du JSON %d" % n)
        for n in range(300):  # des sujets tous différents, d'un kit déréglé
            kit(f"lycees/kit-{n}/principal", encoder({"ts": TS, "index_kwh": 1.0}))
        for n in range(300):  # ou hostile : un « » » dans ce que le motif cite n'en fait pas un motif de plus
            kit(f"lycees/»{n}/principal", encoder({"ts": TS, "index_kwh": 1.0}))
            kit(sujet(LYCEE_A.uai, "principal"), encoder({"ts": f"x » {n}", "index_kwh": 1.0}))
            kit(sujet(LYCEE_A.uai, "principal"), encoder([{"bn": "x", "n": "e", "u": f"k » {n} «", "v": 1.0}]))
        kit(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS, "index_kwh": 1.0}))
        attendre(lambda: traites(service) == 3202, "tous les messages traités")
        motifs = {(m.uai, m.motif): m.nombre for m in registre.motifs_rejet()}
        assert motifs == {(None, "message trop gros (plus de 10000 octets)"): 1, (LYCEE_A.uai, "JSON invalide"): 2000,
                          (None, "UAI invalide « … » : 7 chiffres suivis d'une lettre attendus"): 600,
                          (LYCEE_A.uai, "horodatage illisible « … » : RFC 3339 attendu"): 300,
                          (LYCEE_A.uai, "unité SenML non prise en charge « … »"): 300}
        # tout est compté, mais seuls les derniers rejets de chaque lycée sont gardés : une place bornée
        assert len(registre.derniers_rejets(LYCEE_A.uai, 10_000)) == ECHANTILLONS_PAR_SITE
        assert len(registre.derniers_rejets(None, 10_000)) == ECHANTILLONS_PAR_SITE
        assert len(service.ecrivain.compteurs.rejets_par_motif) == 5  # des métriques en nombre borné aussi
        assert nombre_releves(registre) == 1  # et le collecteur suit toujours
    finally:
        service.arreter()
