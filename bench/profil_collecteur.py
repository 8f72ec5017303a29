"""Profil du chemin d'un message dans le collecteur (pas un test) : octets MQTT → message →
relevés décodés et validés → lot → stockage, dans un seul fil, sous cProfile.

    PYTHONPATH=. .venv/bin/python bench/profil_collecteur.py [--stockage URL] [--unitaires 100000] [--tableaux 1000]

Les paquets PUBLISH d'une rafale (messages d'un relevé puis tableaux de 100, QoS 1, comme
bench/debit_collecteur.py) sont lus par le client du collecteur (`_ClientPaho`) depuis un tampon,
puis écrits par lots par l'écrivain, sans courtier ni fils : ce qui reste est le coût de Python.
Affiche le débit de chaque étape (en temps processeur : la machine peut être chargée), le débit à
l'horloge (qui compte l'attente d'InfluxDB) et les fonctions les plus coûteuses (temps propre).
"""

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

import paho.mqtt.client as mqtt

from bench.debit_collecteur import kits, preparer
from collecteur.client_mqtt import _ClientPaho
from collecteur.ecrivain import OCTETS_PAR_LOT, Ecrivain
from collecteur.metriques import Metriques
from collecteur.spool import Spool
from noyau.domaine.temps import maintenant
from noyau.mesures.aiguillage import Aiguillage
from noyau.mesures.protocole import encoder, sujet
from noyau.stockage import ouvrir_stockage


def paquets(unitaires: int, tableaux: int) -> tuple[bytes, int]:
    """Les octets des PUBLISH (MQTT 5, QoS 1) et le nombre de relevés."""
    emetteur = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    sortie = []
    emetteur._sock = type("Sortie", (), {"send": lambda _s, octets: sortie.append(bytes(octets)) or len(octets),
                                         "close": lambda _s: None})()
    compteurs, depart, mid, releves = kits(), maintenant() - 86400.0 * 30, 0, 0
    for k in range(unitaires):
        n, i = k % len(compteurs), k // len(compteurs)
        mid = mid % 65535 + 1
        emetteur._send_publish(mid, sujet(*compteurs[n]).encode(), encoder({"ts": depart + n + 60.0 * i, "index_kwh": float(i)}), 1, False, False)
        releves += 1
    for t in range(tableaux):
        n, rang = t % len(compteurs), t // len(compteurs)
        debut = 10_000 + 100 * rang
        mesures = [{"ts": depart + n + 60.0 * i, "index_kwh": float(i)} for i in range(debut, debut + 100)]
        mid = mid % 65535 + 1
        emetteur._send_publish(mid, sujet(*compteurs[n]).encode(), encoder(mesures), 1, False, False)
        releves += 100
    return b"".join(sortie), releves


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--stockage", default=None, help="URL du stockage (par défaut un SQLite neuf)")
    arguments.add_argument("--unitaires", type=int, default=100_000)
    arguments.add_argument("--tableaux", type=int, default=1_000)
    arguments.add_argument("--lignes", type=int, default=25, help="fonctions affichées ; 0 : sans cProfile (débits vrais)")
    arguments.add_argument("--tri", default="tottime", choices=["tottime", "cumulative"], help="temps propre ou cumulé")
    options = arguments.parse_args()
    dossier = Path(tempfile.mkdtemp(prefix="profil-collecteur-"))
    url = options.stockage or f"sqlite:///{dossier}/profil.db"
    preparer(url)
    octets, releves = paquets(options.unitaires, options.tableaux)
    stockage = ouvrir_stockage(url)
    messages = []
    client = _ClientPaho(messages.append, 0, mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    ecrivain = Ecrivain(stockage, Aiguillage(), Spool(dossier / "spool.db", 10**9), Metriques(), lambda lot: None)
    ecrivain._charger_registre()
    profil = cProfile.Profile()
    debut, debut_horloge = time.process_time(), time.perf_counter()
    if options.lignes:
        profil.enable()
    client._tampon, client._position = octets, 0
    client._lire_publications()
    lus = time.process_time()
    lot, taille = [], 0
    for message in messages:
        lot.append(message)
        taille += len(message.charge)
        if taille >= OCTETS_PAR_LOT:
            ecrivain._ecrire(lot)
            lot, taille = [], 0
    if lot:
        ecrivain._ecrire(lot)
    profil.disable()
    fin, fin_horloge = time.process_time(), time.perf_counter()
    assert len(messages) == options.unitaires + options.tableaux and ecrivain.compteurs.stockes == releves
    sous = "sous cProfile" if options.lignes else "sans profil"
    print(f"{releves:,} relevés, {len(messages):,} messages ({url.split(':')[0]}), {sous} :".replace(",", " "))
    print(f"  lecture des paquets : {len(messages) / (lus - debut):>10,.0f} messages/s".replace(",", " "))
    print(f"  décodage et écriture : {releves / (fin - lus):>10,.0f} relevés/s".replace(",", " "))
    print(f"  en tout : {releves / (fin - debut):>10,.0f} relevés/s".replace(",", " "))
    print(f"  à l'horloge (attente du stockage comprise) : {releves / (fin_horloge - debut_horloge):>10,.0f} relevés/s".replace(",", " "))
    if options.lignes:
        pstats.Stats(profil).sort_stats(options.tri).print_stats(options.lignes)
    stockage.fermer()


if __name__ == "__main__":
    main()
