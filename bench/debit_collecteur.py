"""Banc d'essai du collecteur (pas un test) : une rafale de kits qui se vident après une panne.

    .venv/bin/python bench/debit_collecteur.py [--stockage influxdb://127.0.0.1:8086/enerlycee]

500 000 relevés de 2 000 compteurs (100 lycées x 20 compteurs) : la moitié en messages d'un
relevé (250 000 messages), l'autre en tableaux de 100 (2 500 messages), QoS 1, publiés vers un
Mosquitto réglé pour ne rien jeter (files et vols illimités) pendant que les abonnés sont
déconnectés (sessions persistantes). Puis on mesure la vidange :
(a) mosquitto_sub (C) reçoit la rafale : la limite du chemin par le courtier sur cette machine ;
(b) `enerlycee collecteur` (un processus à part, ou --collecteurs N sur un abonnement partagé)
    la range dans chaque stockage demandé (SQLite toujours, plus ceux de --stockage) ;
    relevés/s, rapport (b)/(a), mémoire de pointe (VmHWM), relevés perdus, et le temps passé
    à écrire les lots dans le stockage.
"""

import argparse
import functools
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import paho.mqtt.client as mqtt

from noyau.domaine.identifiants import Energie, lettre_cle_uai
from noyau.domaine.modele import Compteur, Site
from noyau.domaine.temps import maintenant
from noyau.mesures.protocole import encoder, sujet
from noyau.stockage import ouvrir_stockage

LYCEES, COMPTEURS_PAR_LYCEE = 100, 20
UNITAIRES_PAR_COMPTEUR, TABLEAUX = 125, 2_500  # 250 000 relevés de chaque sorte
UNITAIRES = LYCEES * COMPTEURS_PAR_LYCEE * UNITAIRES_PAR_COMPTEUR


def _total_releves() -> int:
    return UNITAIRES + TABLEAUX * 100


@dataclass
class Debits:
    """Les instants (perf_counter) du début, de la fin des messages d'un relevé, de la fin des tableaux."""

    debut: float
    milieu: float
    fin: float

    def __str__(self) -> str:
        return (f"{_total_releves() / (self.fin - self.debut):>9,.0f} relevés/s"
                f"  (d'un relevé : {UNITAIRES / (self.milieu - self.debut):>7,.0f} messages/s,"
                f" tableaux de 100 : {TABLEAUX * 100 / (self.fin - self.milieu):>8,.0f} relevés/s)").replace(",", " ")


def port_libre() -> int:
    with socket.socket() as essai:
        essai.bind(("127.0.0.1", 0))
        return essai.getsockname()[1]


def uai(numero: int) -> str:
    chiffres = f"029{numero:04d}"
    return chiffres + lettre_cle_uai(chiffres)


def kits() -> list[tuple[str, str]]:
    return [(uai(n), f"kit-{k:02d}") for n in range(LYCEES) for k in range(COMPTEURS_PAR_LYCEE)]


def preparer(url_stockage: str) -> None:
    stockage = ouvrir_stockage(url_stockage)
    stockage.enregistrer_registre(
        [Site(uai(n), f"Lycée du banc {n}", "Quimper", 12000.0, 48.0, -4.1) for n in range(LYCEES)],
        [Compteur(u, c, Energie.ELECTRICITE, c == "kit-00", "banc") for u, c in kits()],
    )
    stockage.fermer()


def publier_rafale(port: int) -> None:
    """125 messages d'un relevé par compteur, puis 2 500 tableaux de 100 répartis entre eux."""
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.max_inflight_messages_set(1000)
    client.connect("127.0.0.1", port)
    client.loop_start()
    depart, compteurs, envois = maintenant() - 86400.0 * 30, kits(), []

    def publier(n: int, mesures: dict | list[dict]) -> None:
        envois.append(client.publish(sujet(*compteurs[n]), encoder(mesures), qos=1))
        while len(envois) > 20_000:  # paho numérote ses messages sur 16 bits
            envois.pop(0).wait_for_publish(60)

    def mesure(n: int, i: int) -> dict:
        return {"ts": depart + n + 60.0 * i, "index_kwh": float(i)}

    for n in range(len(compteurs)):
        for i in range(UNITAIRES_PAR_COMPTEUR):
            publier(n, mesure(n, i))
    for t in range(TABLEAUX):
        n, rang = t % len(compteurs), t // len(compteurs)
        debut = UNITAIRES_PAR_COMPTEUR + 100 * rang
        publier(n, [mesure(n, i) for i in range(debut, debut + 100)])
    for envoi in envois:
        envoi.wait_for_publish(120)
    client.disconnect()
    client.loop_stop()


def lancer_mosquitto(dossier: Path) -> tuple[subprocess.Popen, int]:
    port = port_libre()
    configuration = dossier / "mosquitto.conf"
    configuration.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        "max_queued_messages 0\nmax_queued_bytes 0\nmax_inflight_messages 0\n"
    )
    processus = subprocess.Popen(["mosquitto", "-c", str(configuration)], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return processus, port


def reference_mosquitto_sub(dossier: Path) -> Debits:
    """mosquitto_sub vide la rafale : d'abord les messages d'un relevé, puis les tableaux."""
    mosquitto, port = lancer_mosquitto(dossier)
    abonne = ["mosquitto_sub", "-p", str(port), "-q", "1", "-c", "-i", "reference", "-t", "lycees/#"]
    subprocess.run(abonne + ["-W", "1"], stdout=subprocess.DEVNULL, check=False)  # crée la session ; finit en « Timed out »
    publier_rafale(port)
    debut = time.perf_counter()
    subprocess.run(abonne + ["-C", str(UNITAIRES)], stdout=subprocess.DEVNULL, check=True, timeout=600)
    milieu = time.perf_counter()
    subprocess.run(abonne + ["-C", str(TABLEAUX)], stdout=subprocess.DEVNULL, check=True, timeout=600)
    fin = time.perf_counter()
    mosquitto.terminate()
    return Debits(debut, milieu, fin)


def collecteurs(dossier: Path, url_stockage: str, nombre: int) -> tuple[Debits, float, int]:
    """`nombre` processus collecteurs sur un abonnement partagé : (débits, mémoire de pointe du
    plus gros en Mo, relevés perdus)."""
    preparer(url_stockage)
    mosquitto, port = lancer_mosquitto(dossier)
    ports = [port_libre() for _ in range(nombre)]

    def commande(n: int) -> list[str]:
        return [sys.executable, "-m", "enerlycee.cli", "--journal", "error", "collecteur",
                "--mqtt", f"mqtt://127.0.0.1:{port}", "--stockage", url_stockage, *(["--groupe", "banc"] if nombre > 1 else []),
                "--identifiant", f"banc-{n}", "--spool", str(dossier / f"spool-{n}.db"), "--metriques-port", str(ports[n])]

    def somme(nom: str) -> float:
        return sum(_metrique(p, nom) or 0 for p in ports)

    sessions = [subprocess.Popen(commande(n)) for n in range(nombre)]  # crée les sessions persistantes
    _attendre(lambda: somme("enerlycee_courtier_connecte") == nombre, 60)
    for processus in sessions:  # tués : chaque session garde sa part (arrêtés proprement, un seul garderait tout)
        processus.kill()
    for processus in sessions:
        processus.wait(30)
    publier_rafale(port)
    machine_avant, courtier_avant = _processeur_machine_s(), _processeur_s(mosquitto.pid)
    debut = time.perf_counter()  # démarrage des processus compris (environ 0,3 s) : chacun vide dès qu'il est là
    processus = [subprocess.Popen(commande(n)) for n in range(nombre)]
    lire_stockes = functools.partial(somme, "enerlycee_releves_stockes_total")
    milieu = _instant_atteint(lire_stockes, UNITAIRES, debut)  # les messages d'un relevé arrivent d'abord (publiés d'abord, QoS 1)
    fin = _instant_atteint(lire_stockes, _total_releves(), debut)
    machine, courtier = _processeur_machine_s() - machine_avant, _processeur_s(mosquitto.pid) - courtier_avant
    stockes = int(somme("enerlycee_releves_stockes_total"))
    lots, ecriture = somme("enerlycee_lot_ecriture_secondes_count"), somme("enerlycee_lot_ecriture_secondes_sum")
    print(f"    {lots:.0f} lots écrits en {ecriture:.2f} s (dans le stockage : la mesure la moins sensible à la charge de la machine)")
    pointe = max(_memoire_de_pointe_mo(p.pid) for p in processus)
    processeur = sum(_processeur_s(p.pid) for p in processus)
    print(f"    processeur des collecteurs : {processeur:.1f} s, {processeur / (fin - debut):.0%} d'un cœur pendant la vidange"
          " (démarrage compris)")
    print(f"    machine : {machine / (fin - debut):.2f} cœurs occupés sur {os.cpu_count()} pendant la vidange, dont courtier"
          f" {courtier / (fin - debut):.2f}, collecteurs {processeur / (fin - debut):.2f}, le reste (stockage, banc) "
          f"{(machine - courtier - processeur) / (fin - debut):.2f}")
    for p in processus:
        p.terminate()
        p.wait(60)
    mosquitto.terminate()
    return Debits(debut, milieu, fin), pointe, _total_releves() - stockes


def _metrique(port: int, nom: str) -> float | None:
    try:
        texte = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    except OSError:
        return None
    trouve = re.search(rf"^{nom} ([0-9.e+]+)$", texte, re.MULTILINE)
    return float(trouve.group(1)) if trouve else None


def _memoire_de_pointe_mo(pid: int) -> float:
    etat = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", etat).group(1)) / 1024


def _processeur_s(pid: int) -> float:
    """Le temps processeur (utilisateur et système) d'un processus depuis son démarrage."""
    champs = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(champs[11]) + int(champs[12])) / os.sysconf("SC_CLK_TCK")


def _processeur_machine_s() -> float:
    """Le temps processeur de toute la machine (tous les cœurs, hors attente) depuis son démarrage."""
    champs = [int(champ) for champ in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    inactif = champs[3] + champs[4]  # idle, iowait
    return (sum(champs[:8]) - inactif) / os.sysconf("SC_CLK_TCK")


def _instant_atteint(lire, cible: int, depuis: float, delai: float = 1200) -> float:
    """L'instant (perf_counter) où `lire()` atteint `cible`, à 50 ms près : lu toutes les 0,5 s,
    puis toutes les 50 ms quand le rythme observé dit la cible proche (chaque lecture de
    /metrics coûte au collecteur : 2 000 kits)."""
    while True:
        valeur, instant = lire(), time.perf_counter()
        if valeur >= cible:
            return instant
        if instant - depuis > delai:
            raise TimeoutError("délai dépassé")
        restant = (cible - valeur) * (instant - depuis) / valeur if valeur else float("inf")
        time.sleep(0.05 if restant < 0.6 else 0.5)


def _attendre(condition, delai: float) -> None:
    limite = time.monotonic() + delai
    while not condition():
        if time.monotonic() > limite:
            raise TimeoutError("délai dépassé")
        time.sleep(0.5)  # chaque lecture de /metrics coûte au collecteur (2 000 kits) : pas trop souvent


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--stockage", action="append", default=[], help="stockage supplémentaire à mesurer")
    arguments.add_argument("--collecteurs", type=int, default=1, help="processus collecteurs sur un abonnement partagé")
    options = arguments.parse_args()
    dossier = Path(tempfile.mkdtemp(prefix="banc-collecteur-"))
    print(f"Rafale : {_total_releves():,} relevés de {LYCEES * COMPTEURS_PAR_LYCEE:,} compteurs".replace(",", " "))
    reference = reference_mosquitto_sub(dossier)
    print(f"(a) {'mosquitto_sub':<26}: {reference}")
    for url in [f"sqlite:///{dossier}/banc.db", *options.stockage]:
        debits, pointe, perdus = collecteurs(dossier, url, options.collecteurs)
        nom = f"{options.collecteurs} collecteur(s) → {url.split(':')[0]}"
        rapport = (reference.fin - reference.debut) / (debits.fin - debits.debut)
        print(f"(b) {nom:<26}: {debits}\n    (b)/(a) = {rapport:.0%}  mémoire de pointe {pointe:.0f} Mo  perdus {perdus}")


if __name__ == "__main__":
    main()
