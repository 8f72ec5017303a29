"""Banc d'essai du socle (pas un test) : débit du collecteur et latence de la consommation.

    .venv/bin/python bench/socle.py [--dossier /tmp/banc-socle] [--mois 13]

1. Débit de bout en bout, d'un Mosquitto à nous (démarré sur un port libre) jusqu'au fichier
   SQLite : une rafale de 200 000 relevés publiés en messages d'un relevé, puis la même en
   tableaux de 1 000 relevés ; relevés/s du premier message publié au dernier relevé écrit.
2. Latence de GET /api/v1/sites/{uai}/consommation (pas jour sur un an, un lycée) et de
   GET /api/v1/export (pas mois sur un an, tous les lycées) sur 20 lycées x 12 compteurs x
   13 mois de relevés toutes les 10 minutes ; médiane de 7 essais.
"""

import argparse
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import paho.mqtt.client as mqtt
from fastapi.testclient import TestClient

from api.app import creer_app
from collecteur import Collecteur
from noyau.domaine.identifiants import Energie, lettre_cle_uai
from noyau.domaine.modele import Compteur, Grandeur, Releve, Site
from noyau.domaine.temps import lire_borne, maintenant
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from noyau.mesures.protocole import encoder, sujet
from noyau.stockage import ouvrir_stockage

RAFALE = 200_000


def lancer_mosquitto(dossier: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as essai:
        essai.bind(("127.0.0.1", 0))
        port = essai.getsockname()[1]
    configuration = dossier / "mosquitto.conf"
    configuration.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n")
    processus = subprocess.Popen(["mosquitto", "-c", str(configuration)], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return processus, f"mqtt://127.0.0.1:{port}"


def uai(numero: int) -> str:
    chiffres = f"035{numero:04d}"
    return chiffres + lettre_cle_uai(chiffres)


def registre(nombre_lycees: int) -> tuple[list[Site], list[Compteur]]:
    sites, compteurs = [], []
    for n in range(nombre_lycees):
        code = uai(100 + n)
        sites.append(Site(code, f"Lycée du banc {n}", "Rennes", 15000.0, 48.1, -1.68))
        compteurs.append(Compteur(code, "principal", Energie.ELECTRICITE, True, "général"))
        compteurs += [Compteur(code, f"sous-{k}", Energie.ELECTRICITE, False, "divisionnaire") for k in range(4)]
        compteurs.append(Compteur(code, "chaufferie", Energie.GAZ, True, "chauffage", 10.8))
        compteurs.append(Compteur(code, "eau", Energie.EAU, True, "eau"))
        compteurs += [Compteur(code, f"sonde-{k}", None, False, "ambiance") for k in range(5)]
    return sites, compteurs


EMETTEURS = 8


def publier_unitaires(adresse, cibles, depart: float) -> None:
    """8 mosquitto_pub (C) en parallèle, une ligne par message, un compteur chacun."""
    par_compteur = RAFALE // EMETTEURS
    emetteurs = []
    for n, (code, compteur) in enumerate(cibles[:EMETTEURS]):
        lignes = b"\n".join(
            encoder({"ts": depart + 60.0 * (n * par_compteur + i), "index_kwh": float(i)}) for i in range(par_compteur)
        )
        emetteur = subprocess.Popen(
            ["mosquitto_pub", "-h", adresse.hote, "-p", str(adresse.port), "-q", "1", "-l", "-t", sujet(code, compteur)],
            stdin=subprocess.PIPE,
        )
        emetteurs.append((emetteur, lignes))
    for emetteur, lignes in emetteurs:
        emetteur.communicate(lignes + b"\n", timeout=300)


def publier_tableaux(adresse, cibles, depart: float) -> None:
    kit = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    kit.connect(adresse.hote, adresse.port)
    kit.loop_start()
    envois = []
    for k in range(0, RAFALE, 1000):
        code, compteur = cibles[(k // 1000) % len(cibles)]
        mesures = [{"ts": depart + 60.0 * (k + i), "index_kwh": float(k + i)} for i in range(1000)]
        envois.append(kit.publish(sujet(code, compteur), encoder(mesures), qos=1))
    for envoi in envois:
        envoi.wait_for_publish(120)
    kit.disconnect()
    kit.loop_stop()


def reference_mosquitto_sub(dossier: Path) -> float:
    """Le même envoi reçu par mosquitto_sub (C) : la limite du chemin par le courtier ici."""
    mosquitto, url = lancer_mosquitto(dossier)
    adresse = lire_adresse_mqtt(url)
    recepteur = subprocess.Popen(
        ["mosquitto_sub", "-h", adresse.hote, "-p", str(adresse.port), "-q", "1", "-t", "lycees/#", "-C", str(RAFALE)],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    debut = time.perf_counter()
    publier_unitaires(adresse, [(uai(100), f"c{k}") for k in range(EMETTEURS)], maintenant() - RAFALE * 60.0)
    recepteur.wait(timeout=300)
    duree = time.perf_counter() - debut
    mosquitto.terminate()
    return RAFALE / duree


def debit(dossier: Path, tableaux: bool) -> float:
    stockage = ouvrir_stockage(f"sqlite:///{dossier}/debit-{'tableaux' if tableaux else 'unitaires'}.db")
    sites, compteurs = registre(20)
    stockage.enregistrer_registre(sites, compteurs)
    mosquitto, url = lancer_mosquitto(dossier)
    adresse = lire_adresse_mqtt(url)
    collecteur = Collecteur(stockage, adresse, dossier / "spool.db", "banc")
    collecteur.demarrer()
    while not collecteur.client.connecte:
        time.sleep(0.05)
    depart = maintenant() - RAFALE * 60.0
    cibles = [(c.uai, c.compteur) for c in compteurs if c.energie is Energie.ELECTRICITE]
    debut = time.perf_counter()
    if tableaux:
        publier_tableaux(adresse, cibles, depart)
    else:
        publier_unitaires(adresse, cibles, depart)
    while collecteur.ecrivain.compteurs.stockes < RAFALE and time.perf_counter() - debut < 300:
        time.sleep(0.01)
    duree = time.perf_counter() - debut
    stockes = collecteur.ecrivain.compteurs.stockes
    collecteur.arreter()
    mosquitto.terminate()
    if stockes != RAFALE:
        print(f"  ATTENTION : {stockes} relevés stockés sur {RAFALE}")
    return stockes / duree


def remplir(dossier: Path, mois: int):
    chemin = dossier / "latence.db"
    stockage = ouvrir_stockage(f"sqlite:///{chemin}")
    if stockage.sites():
        return stockage
    sites, compteurs = registre(20)
    stockage.enregistrer_registre(sites, compteurs)
    fin = lire_borne("2026-11-01").timestamp()
    instants = np.arange(fin - mois * 30.5 * 86400, fin, 600.0)
    hasard = np.random.default_rng(1)
    debut = time.perf_counter()
    for n, compteur in enumerate(compteurs):
        grandeur = {None: Grandeur.TEMPERATURE_C, Energie.GAZ: Grandeur.INDEX_M3, Energie.EAU: Grandeur.INDEX_M3}.get(
            compteur.energie, Grandeur.INDEX_KWH)
        valeurs = np.cumsum(hasard.uniform(0, 5, len(instants)))
        stockage.ecrire([Releve(compteur.uai, compteur.compteur, grandeur, float(t), float(v)) for t, v in zip(instants, valeurs)])
        if n % 24 == 0:
            print(f"  remplissage : {n + 1}/{len(compteurs)} compteurs ({time.perf_counter() - debut:.0f} s)", flush=True)
    return stockage


def mediane_ms(client: TestClient, url: str, essais: int = 7) -> float:
    durees = []
    for _ in range(essais):
        debut = time.perf_counter()
        reponse = client.get(url)
        reponse.raise_for_status()
        _ = reponse.content
        durees.append((time.perf_counter() - debut) * 1000)
    return statistics.median(durees)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--dossier", type=Path, default=Path(tempfile.gettempdir()) / "banc-socle")
    arguments.add_argument("--mois", type=int, default=13)
    options = arguments.parse_args()
    options.dossier.mkdir(parents=True, exist_ok=True)
    for ancien in options.dossier.glob("debit-*.db*"):
        ancien.unlink()

    print(f"1. Débit Mosquitto → collecteur → SQLite, rafale de {RAFALE:,} relevés".replace(",", " "))
    reference = reference_mosquitto_sub(options.dossier)
    unitaires = debit(options.dossier, tableaux=False)
    print(f"   messages d'un relevé, reçus par mosquitto_sub : {reference:>10,.0f} relevés/s".replace(",", " "))
    print(f"   messages d'un relevé, stockés par le collecteur : {unitaires:>8,.0f} relevés/s".replace(",", " ")
          + f" ({unitaires / reference:.0%} de mosquitto_sub)")
    print(f"   tableaux de 1 000 relevés, stockés : {debit(options.dossier, tableaux=True):>10,.0f} relevés/s".replace(",", " "))

    print(f"2. Latence de la consommation (20 lycées x 12 compteurs x {options.mois} mois, pas de 10 min)")
    stockage = remplir(options.dossier, options.mois)
    client = TestClient(creer_app(stockage))
    periode = "debut=2025-11-01&fin=2026-11-01"
    jour = mediane_ms(client, f"/api/v1/sites/{uai(100)}/consommation?energie=electricite&{periode}&pas=jour")
    mois = mediane_ms(client, f"/api/v1/export?energie=electricite&{periode}&pas=mois&format=json")
    print(f"   pas jour sur un an, un lycée        : {jour:8.1f} ms (médiane de 7)")
    print(f"   pas mois sur un an, tous les lycées : {mois:8.1f} ms (médiane de 7)")


if __name__ == "__main__":
    main()
