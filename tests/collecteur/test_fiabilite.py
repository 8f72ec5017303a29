"""Rien de perdu, rien de doublé : panne du stockage, kill -9, deux collecteurs partagés."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import paho.mqtt.client as mqtt

from collecteur import Collecteur
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur
from noyau.exploitation.collecteurs import composant
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from noyau.mesures.protocole import encoder, sujet
from noyau.stockage import ouvrir_stockage
from tests.collecteur.test_collecteur import nombre_releves
from tests.conftest import LYCEE_A, attendre
from tests.influxdb_local import creer_base, influxdb_local, pid_influxd

TS = 1_780_000_000  # juin 2026


def publier_rafale(url: str, debut: int, tableaux: int, unitaires: int, pause_s: float = 0.0) -> int:
    """`tableaux` messages de 100 relevés puis `unitaires` messages d'un relevé, QoS 1, avec
    `pause_s` tous les 100 messages d'un relevé (une rafale qui dure) ; renvoie le total."""
    adresse = lire_adresse_mqtt(url)
    kit = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    kit.connect(adresse.hote, adresse.port)
    kit.loop_start()
    envois, k = [], debut
    for _ in range(tableaux):
        envois.append(kit.publish(sujet(LYCEE_A.uai, "principal"), encoder([{"ts": TS + 60 * (k + i), "index_kwh": float(k + i)} for i in range(100)]), qos=1))
        k += 100
    for n in range(unitaires):
        if pause_s and n % 100 == 0:
            time.sleep(pause_s)
        envois.append(kit.publish(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS + 60 * k, "index_kwh": float(k)}), qos=1))
        k += 1
    for envoi in envois:
        envoi.wait_for_publish(60)
    kit.disconnect()
    kit.loop_stop()
    return k - debut


def valeurs_exactes(stockage, total: int) -> bool:
    from noyau.domaine.modele import Grandeur

    serie = stockage.lire_releves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, 0, 4e9)
    return len(serie.ts) == total and (serie.valeurs == (serie.ts - TS) / 60).all()


def test_stockage_indisponible_60_s_pendant_une_rafale(registre, courtier, tmp_path):
    collecteur = Collecteur(registre, lire_adresse_mqtt(courtier), tmp_path / "spool.db", "panne")
    collecteur.demarrer()
    attendre(lambda: collecteur.client.connecte, "connexion")
    verrou = sqlite3.connect(registre.chemin, isolation_level=None)
    verrou.execute("BEGIN EXCLUSIVE")  # une sauvegarde, un disque saturé... : plus aucune écriture possible
    debut_panne = time.monotonic()
    try:
        total = publier_rafale(courtier, 0, tableaux=20, unitaires=500)
        attendre(lambda: collecteur.ecrivain.spool.nombre > 0, "messages au spool", delai=90)  # 30 s de verrou SQLite avant la panne
        assert collecteur.ecrivain.panne and "indisponible" in collecteur.ecrivain.panne
        assert collecteur.etat()["spool_messages"] > 0
        total += publier_rafale(courtier, total, tableaux=10, unitaires=200)
        time.sleep(max(0.0, 60 - (time.monotonic() - debut_panne)))
    finally:
        verrou.execute("ROLLBACK")
        verrou.close()
    try:
        attendre(lambda: valeurs_exactes(registre, total), "tous les relevés, une fois chacun", delai=120)
        attendre(lambda: collecteur.ecrivain.spool.nombre == 0, "spool vidé", delai=30)
        assert collecteur.ecrivain.panne is None and collecteur.ecrivain.compteurs.rejoues > 0
    finally:
        collecteur.arreter()


def test_deux_collecteurs_sur_un_abonnement_partage(registre, courtier, tmp_path):
    adresse = lire_adresse_mqtt(courtier)
    collecteurs = [Collecteur(registre, adresse, tmp_path / f"spool-{n}.db", f"partage-{n}", groupe="enerlycee") for n in (1, 2)]
    for collecteur in collecteurs:
        collecteur.demarrer()
    try:
        for collecteur in collecteurs:
            attendre(lambda c=collecteur: c.client.connecte, "connexion")
        total = publier_rafale(courtier, 0, tableaux=30, unitaires=1500)
        attendre(lambda: sum(c.ecrivain.compteurs.stockes for c in collecteurs) >= total, "rafale stockée")
        assert valeurs_exactes(registre, total)
        assert [c.ecrivain.compteurs.doublons for c in collecteurs] == [0, 0]  # chaque message à un seul
        assert all(c.ecrivain.compteurs.recus > 0 for c in collecteurs)  # et la charge partagée
    finally:
        for collecteur in collecteurs:
            collecteur.arreter()


def test_kill_9_au_milieu_d_une_rafale_puis_redemarrage(registre, courtier, tmp_path):
    commande = [sys.executable, "-m", "enerlycee.cli", "--journal", "warning", "collecteur", "--mqtt", courtier,
                "--stockage", f"sqlite:///{registre.chemin}", "--spool", str(tmp_path / "spool.db"),
                "--identifiant", "tue-moi"]
    premier = subprocess.Popen(commande)
    attendre(lambda: (etat := registre.lire_etat(composant("tue-moi"))) is not None and etat[0]["connecte"], "collecteur connecté", delai=30)
    total = [0]
    emetteur = threading.Thread(target=lambda: total.__setitem__(0, publier_rafale(courtier, 0, tableaux=300, unitaires=5000)))
    emetteur.start()
    attendre(lambda: nombre_releves(registre) > 3000, "rafale commencée", delai=30)
    premier.send_signal(signal.SIGKILL)
    premier.wait(timeout=10)
    emetteur.join(timeout=120)
    avant = nombre_releves(registre)
    assert 0 < avant < total[0] == 35_000  # tué au milieu
    second = subprocess.Popen(commande)
    try:
        attendre(lambda: valeurs_exactes(registre, total[0]), "tous les relevés, une fois chacun", delai=120)
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0


def test_influxdb_fige_le_collecteur_range_au_spool_puis_rejoue(courtier, tmp_path, monkeypatch):
    """InfluxDB arrêté par SIGSTOP (il accepte les connexions, ne répond plus) : le collecteur le
    dit en panne et range au spool après un délai d'écriture, pas 300 s ; repris, tout est rangé une fois."""
    monkeypatch.setattr("noyau.stockage.influxdb_http.DELAI_ECRITURE_S", 1.0)
    monkeypatch.setattr("noyau.stockage.influxdb_http.DELAI_LECTURE_S", 2.0)
    (tmp_path / "influxdb").mkdir()
    with influxdb_local(tmp_path / "influxdb") as adresse:
        creer_base(adresse, "enerlycee")
        stockage = ouvrir_stockage(f"influxdb://{adresse}/enerlycee?version=1")
        stockage.enregistrer_registre([LYCEE_A], [Compteur(LYCEE_A.uai, "principal", Energie.ELECTRICITE, True)])
        collecteur = Collecteur(stockage, lire_adresse_mqtt(courtier), tmp_path / "spool.db", "fige")
        collecteur.demarrer()
        try:
            attendre(lambda: collecteur.client.connecte, "connexion")
            total = publier_rafale(courtier, 0, tableaux=2, unitaires=10)
            attendre(lambda: valeurs_exactes(stockage, total), "premiers relevés rangés")
            pid = pid_influxd(tmp_path / "influxdb")
            os.kill(pid, signal.SIGSTOP)
            try:
                total += publier_rafale(courtier, total, tableaux=2, unitaires=10)
                attendre(lambda: collecteur.ecrivain.spool.nombre > 0, "messages au spool", delai=20)
                assert "InfluxDB ne répond pas à temps" in collecteur.ecrivain.panne
            finally:
                os.kill(pid, signal.SIGCONT)
            attendre(lambda: valeurs_exactes(stockage, total), "tous les relevés, une fois chacun", delai=60)
            attendre(lambda: collecteur.ecrivain.spool.nombre == 0, "spool vidé", delai=30)
        finally:
            collecteur.arreter()
            stockage.fermer()
