"""Le courtier avec la configuration de production, pour de vrai : TLS, comptes, ACL, révocation,
et un vrai collecteur qui range en SQLite ce qu'il reçoit en TLS."""

import os
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from collecteur import Collecteur
from enerlycee.comptes_mqtt import COMPTE_COLLECTEUR
from noyau.domaine.modele import Grandeur
from noyau.exploitation.collecteurs import composant
from noyau.mesures.protocole import encoder, sujet
from tests.conftest import LYCEE_A, LYCEE_B, attendre
from tests.deploy.conftest import Kit

TS = 1_790_000_000  # 2026-09-21, dans le passé
ACCEPTE, REFUSE = 0, 135  # codes MQTT 5 : Success, Not authorized


@pytest.fixture
def collecteur(courtier_production, registre, tmp_path):
    """Le vrai collecteur, en TLS avec son compte, sur un abonnement partagé."""
    service = Collecteur(registre, courtier_production.adresse(COMPTE_COLLECTEUR), tmp_path / "spool.db",
                         "collecteur-1", groupe="enerlycee")
    service.demarrer()
    attendre(lambda: service.client.connecte, "connexion du collecteur")
    yield service
    service.arreter()


@pytest.fixture
def kits(courtier_production):
    ouverts = []

    def ouvrir(compte=None, **autres):
        kit = Kit(replace(courtier_production.adresse(compte), **autres))
        ouverts.append(kit)
        return kit

    yield ouvrir
    for kit in ouverts:
        kit.fermer()


def releves(stockage, uai: str) -> int:
    return len(stockage.lire_releves(uai, "principal", Grandeur.INDEX_KWH, 0, 4e9).ts)


def test_collecteur_recoit_en_tls_et_un_kit_ne_publie_que_sous_son_lycee(collecteur, kits, registre):
    kit_a = kits("kit-0350028R-a")
    assert kit_a.publier(sujet(LYCEE_B.uai, "principal"), encoder({"ts": TS, "index_kwh": 666.0})) == REFUSE
    assert kit_a.publier(f"lycees/{LYCEE_A.uai.lower()}/principal", encoder({"ts": TS, "index_kwh": 666.0})) == REFUSE
    assert kit_a.publier("lycees", encoder({"ts": TS, "index_kwh": 666.0})) == REFUSE
    kit_a.fermer()  # un compte, une connexion : l'identifiant client est le compte
    ancien = kits("kit-0350028R-a", protocole="3.1.1")  # en 3.1.1 l'accusé ne dit rien : le message est jeté
    ancien.publier(sujet(LYCEE_B.uai, "principal"), encoder({"ts": TS + 60, "index_kwh": 666.0}))
    ancien.fermer()
    kit_a = kits("kit-0350028R-a")
    assert kit_a.publier(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS, "index_kwh": 1.0})) == ACCEPTE
    assert kits("kit-0290009C-b").publier(sujet(LYCEE_B.uai, "cantine"), encoder({"ts": TS, "index_kwh": 2.0})) == ACCEPTE

    # Les messages d'un même client arrivent dans l'ordre : quand les bons sont rangés, les
    # refusés l'auraient été avant eux.
    attendre(lambda: releves(registre, LYCEE_A.uai) == 1 and len(registre.lire_releves(
        LYCEE_B.uai, "cantine", Grandeur.INDEX_KWH, 0, 4e9).ts) == 1, "relevés des bons kits rangés")
    assert releves(registre, LYCEE_B.uai) == 0
    assert registre.motifs_rejet() == []  # pas même en quarantaine
    assert collecteur.ecrivain.compteurs.recus == 2
    etat, _ = registre.lire_etat(composant("collecteur-1"))
    assert etat["connecte"] is True and etat["courtier"].startswith("mqtts://enerlycee-collecteur@127.0.0.1:")


def test_un_kit_ne_publie_que_sous_ses_compteurs(collecteur, kits, registre):
    """Le kit « a » relève principal et cantine : les autres compteurs de son lycée lui sont fermés."""
    kit_a = kits("kit-0350028R-a")
    for refuse in (sujet(LYCEE_A.uai, "chaufferie"), sujet(LYCEE_A.uai, "sonde-exterieure"), sujet(LYCEE_A.uai, "inconnu"),
                   f"{sujet(LYCEE_A.uai, 'principal')}/plus", f"lycees/{LYCEE_A.uai}"):
        assert kit_a.publier(refuse, encoder({"ts": TS, "index_m3": 666.0, "temperature_c": 66.0})) == REFUSE, refuse
    assert kit_a.publier(sujet(LYCEE_A.uai, "cantine"), encoder({"ts": TS, "index_kwh": 3.0})) == ACCEPTE
    attendre(lambda: len(registre.lire_releves(LYCEE_A.uai, "cantine", Grandeur.INDEX_KWH, 0, 4e9).ts) == 1, "relevé du kit rangé")
    time.sleep(0.2)
    assert [(e.uai, e.compteur) for e in registre.series()] == [(LYCEE_A.uai, "cantine")]  # rien d'autre
    assert registre.motifs_rejet() == [] and collecteur.ecrivain.compteurs.recus == 1


def test_un_kit_ne_lit_rien_et_le_collecteur_ne_publie_rien(kits):
    curieux = kits("kit-0350028R-a")
    curieux.abonner("lycees/#")  # Mosquitto 2.0 accorde l'abonnement, puis ne remet rien (ACL à la remise)
    collecteur = kits(COMPTE_COLLECTEUR)
    assert collecteur.abonner("$share/enerlycee/lycees/#") == 1  # accordé en QoS 1
    assert collecteur.publier(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS, "index_kwh": 1.0})) == REFUSE
    assert kits("kit-0290009C-b").publier(sujet(LYCEE_B.uai, "principal"), encoder({"ts": TS, "index_kwh": 1.0})) == ACCEPTE
    assert curieux.publier(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS, "index_kwh": 1.0})) == ACCEPTE
    attendre(lambda: len(collecteur.recus) == 2, "messages remis au compte du collecteur")
    time.sleep(0.2)
    assert collecteur.recus == [sujet(LYCEE_B.uai, "principal"), sujet(LYCEE_A.uai, "principal")]
    assert curieux.recus == []  # ni ceux d'un autre lycée, ni les siens


def test_anonyme_et_mauvais_mot_de_passe_refuses(courtier_production, kits):
    anonyme = kits(None)
    assert not anonyme.accepte and anonyme.connexions[0].value == 135  # Not authorized
    for compte, secret in (("kit-0350028R-a", "mauvais"), ("kit-0350028R-a", ""), ("inconnu", "x"),
                           ("kit-0350028R-a", courtier_production.secrets["kit-0290009C-b"])):
        essai = kits(compte, mot_de_passe=secret)
        assert not essai.accepte and essai.connexions[0].value in (134, 135), compte  # Bad user name or password
    assert not kits(None, protocole="3.1.1").accepte
    assert kits("kit-0350028R-a").accepte


def test_pas_de_mqtt_en_clair_ni_de_certificat_inconnu(courtier_production, kits):
    adresse = ("127.0.0.1", courtier_production.port)
    with pytest.raises(ssl.SSLCertVerificationError):  # sans l'AC privée : certificat refusé par le kit
        with ssl.create_default_context().wrap_socket(socket.create_connection(adresse, timeout=5), server_hostname="127.0.0.1"):
            pass
    avec_ac = ssl.create_default_context(cafile=courtier_production.ca)
    with avec_ac.wrap_socket(socket.create_connection(adresse, timeout=5), server_hostname="localhost") as chiffre:
        assert chiffre.version() in ("TLSv1.2", "TLSv1.3")
    with socket.create_connection(("127.0.0.1", courtier_production.port), timeout=5) as brut:
        brut.sendall(b"\x10\x10\x00\x04MQTT\x04\x02\x00\x3c\x00\x04test")  # CONNECT 3.1.1 en clair
        brut.settimeout(5)
        try:
            reponse = brut.recv(16)
        except ConnectionResetError:
            reponse = b""
    assert not reponse.startswith(b"\x20")  # jamais de CONNACK sans TLS


def test_kit_revoque_deconnecte_au_rechargement_et_refuse_ensuite(courtier_production, kits, collecteur, registre):
    vole = kits("kit-0350028R-a")
    assert vole.accepte
    courtier_production.revoquer_kit(LYCEE_A.uai, "a")
    assert vole.publier(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS, "index_kwh": 1.0})) == ACCEPTE  # pas encore rechargé
    courtier_production.recharger()
    attendre(lambda: vole.deconnexions, "kit révoqué déconnecté par le rechargement")
    vole.fermer()
    encore = kits("kit-0350028R-a")
    assert not encore.accepte and encore.connexions[0].value in (134, 135)
    assert kits("kit-0290009C-b").accepte  # les autres kits ne sont pas touchés
    attendre(lambda: collecteur.client.connecte, "collecteur toujours là")
    attendre(lambda: releves(registre, LYCEE_A.uai) == 1, "relevé d'avant le rechargement rangé")


def test_enerlycee_collecteur_en_tls_regle_par_l_environnement(courtier_production, kits, registre, tmp_path):
    """Comme sous systemd : tout vient de l'environnement (EnvironmentFile), AC privée comprise."""
    secret = courtier_production.secrets[COMPTE_COLLECTEUR]
    environnement = {
        **os.environ,
        "ENERLYCEE_MQTT": f"mqtts://{COMPTE_COLLECTEUR}:{secret}@localhost:{courtier_production.port}",
        "ENERLYCEE_CA": str(courtier_production.ca), "ENERLYCEE_STOCKAGE": courtier_production.stockage_url,
        "ENERLYCEE_SPOOL": str(tmp_path / "spool.db"), "ENERLYCEE_METRIQUES_PORT": "0",
        "ENERLYCEE_GROUPE": "enerlycee", "ENERLYCEE_IDENTIFIANT": "collecteur-env",
    }
    processus = subprocess.Popen([sys.executable, "-m", "enerlycee.cli", "collecteur"], env=environnement,
                                 cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        attendre(lambda: (registre.lire_etat(composant("collecteur-env")) or ({},))[0].get("connecte") or processus.poll() is not None,
                 "collecteur connecté", 60)
        assert processus.poll() is None, processus.stderr.read()
        assert kits("kit-0350028R-a").publier(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS, "index_kwh": 5.0})) == ACCEPTE
        attendre(lambda: releves(registre, LYCEE_A.uai) == 1, "relevé rangé par enerlycee collecteur")
    finally:
        processus.terminate()
        processus.wait(20)
        processus.stderr.close()
    assert secret not in (registre.lire_etat(composant("collecteur-env")) or ({},))[0].get("courtier", "")
