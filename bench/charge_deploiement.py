"""Banc de charge du déploiement (pas un test) : le vrai chemin de production, accéléré.

    .venv/bin/python bench/charge_deploiement.py [--echelle 0.01] [--heures 24] [--acceleration 144]
                                                 [--panne-min 30] [--collecteurs 2] [--publieurs 2]

Mosquitto avec la configuration de production (deploy/mosquitto/enerlycee.conf : TLS, comptes,
ACL ; AC faite par creer_ac.sh), `--collecteurs` processus `enerlycee collecteur` sur un
abonnement partagé, en TLS avec leur compte, vers SQLite. 4 000 lycées x 20 compteurs à
l'échelle 1 (`--echelle` : une fraction), un compte MQTT et une connexion TLS par lycée (son
kit), chaque compteur publiant un relevé par minute simulée (un message, QoS 1, MQTT 3.1.1) ;
à l'échelle 1 et x 144, 192 000 messages/s : bien au-delà d'une machine de 2 cœurs (l'échelle
0,01 par défaut y tient, 0,025 non) ;
`--heures` heures simulées passent `--acceleration` fois plus vite (24 h en 10 min par défaut).
Puis une panne de `--panne-min` minutes de tous les kits, vidée d'un coup : chaque compteur
publie un tableau de ses relevés gardés. On rapporte : relevés attendus, rangés, doublons
absorbés, perdus (compte exact par série dans la base), retard (secondes réelles entre
l'acquittement d'un relevé par le courtier et son écriture), durée de vidange de la panne,
mémoire de pointe (VmHWM) des collecteurs et du courtier.
Le retard se mesure sur les totaux : à l'instant t, le plus ancien relevé acquitté par le
courtier et pas encore rangé l'a été à t - retard (0 quand tout est rangé). Chiffres mesurés : deploy/README.md, « Plan de montée
en charge ». `--echelle 1 --acceleration 1 --heures 0.05` : la France au rythme réel (4 000
connexions TLS) et sa panne de 30 min (2,4 millions de relevés) en quelques minutes.
"""

import argparse
import multiprocessing
import resource
import selectors
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
import paho.mqtt.client as mqtt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.deploy (la configuration du courtier)

from debit_collecteur import _attendre, _memoire_de_pointe_mo, _metrique, port_libre, uai  # bench/ est le dossier du script

from enerlycee.comptes_mqtt import COMPTE_COLLECTEUR, ENTETE_ACL
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Site
from noyau.mesures.protocole import sujet
from noyau.stockage import ouvrir_stockage
from tests.deploy.conftest import DEPLOY, configuration_production

LYCEES_FRANCE, COMPTEURS = 4_000, 20
SECRET_COLLECTEUR = "banc-collecteur"


def compteur(k: int) -> str:
    return f"c{k:02d}"


def compte_kit(u: str) -> str:
    return f"kit-{u}-banc"


def preparer_courtier(dossier: Path, uais: list[str]) -> None:
    """AC et certificat (creer_ac.sh), mots de passe hachés en bloc (mosquitto_passwd -U), ACL
    au format de `enerlycee kits creer`."""
    subprocess.run(["sh", str(DEPLOY / "mosquitto" / "creer_ac.sh"), str(dossier / "certs"), "localhost", "127.0.0.1"],
                   check=True, capture_output=True)
    comptes = [f"{COMPTE_COLLECTEUR}:{SECRET_COLLECTEUR}"] + [f"{compte_kit(u)}:{u}" for u in uais]
    (dossier / "passwd").write_text("\n".join(comptes) + "\n")
    subprocess.run(["mosquitto_passwd", "-U", str(dossier / "passwd")], check=True)
    paragraphes = [f"# kit {compte_kit(u)} : banc\nuser {compte_kit(u)}\ntopic write lycees/{u}/#" for u in uais]
    (dossier / "acl").write_text(ENTETE_ACL + "\n" + "\n\n".join(paragraphes) + "\n")


def preparer_registre(url: str, uais: list[str]) -> None:
    stockage = ouvrir_stockage(url)
    stockage.enregistrer_registre(
        [Site(u, f"Lycée du banc {u}", "Quimper", 12000.0, 48.0, -4.1) for u in uais],
        [Compteur(u, compteur(k), Energie.ELECTRICITE, k == 0, "banc") for u in uais for k in range(COMPTEURS)],
    )
    stockage.fermer()


def sans_limite_de_fichiers() -> None:
    _, dur = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (dur, dur))


# --- les kits : un processus publieur mène des centaines de connexions TLS d'un seul fil ---

class Kits:
    def __init__(self, uais: list[str], port: int, ca: Path, compte):
        self.clients, self.uais, self.en_attente, self.acquittes, self.compte = [], {}, {}, 0, compte
        self.selecteur = selectors.DefaultSelector()
        for u in uais:
            client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=compte_kit(u), protocol=mqtt.MQTTv311)
            client.username_pw_set(compte_kit(u), u)
            client.tls_set(ca_certs=str(ca))
            client.max_queued_messages_set(0)
            client.on_publish = self._acquitte
            client.connect("127.0.0.1", port, keepalive=120)
            self.clients.append(client)
            self.uais[client] = u
            self.selecteur.register(client.socket(), selectors.EVENT_READ, client)
        self.pomper(time.monotonic() + 1.0, jusqu_a_connexion=True)

    def _acquitte(self, client, _donnees, mid, _code, _proprietes) -> None:
        self.acquittes += self.en_attente.pop((id(client), mid), 0)
        self.compte.value = self.acquittes

    def publier(self, client, topic: str, charge: bytes, releves: int) -> None:
        info = client.publish(topic, charge, qos=1)
        self.en_attente[(id(client), info.mid)] = releves

    def pomper(self, jusqu_a: float, jusqu_a_connexion: bool = False) -> None:
        """Lit, écrit et entretient toutes les connexions jusqu'à l'instant donné."""
        prochain_entretien = 0.0
        while True:
            maintenant = time.monotonic()
            if maintenant >= jusqu_a and not (jusqu_a_connexion and not all(c.is_connected() for c in self.clients)):
                return
            for cle, _ in self.selecteur.select(timeout=max(0.0, min(jusqu_a - maintenant, 0.2))):
                client = cle.data
                client.loop_read(100)
                while getattr(client.socket(), "pending", lambda: 0)():
                    client.loop_read(100)
            for client in self.clients:
                if client.want_write():
                    client.loop_write()
            if maintenant >= prochain_entretien:
                for client in self.clients:
                    client.loop_misc()
                prochain_entretien = maintenant + 2.0


def publieur(uais: list[str], port: int, ca: Path, plan: dict, pret, depart, acquittes, minute_publiee, vidange) -> None:
    sans_limite_de_fichiers()
    kits = Kits(uais, port, ca, acquittes)
    pret.set()
    depart.wait()
    t0, minutes, panne = plan["t0"].value, plan["minutes"], plan["panne"]
    seconde_par_minute = 60.0 / plan["acceleration"]
    for m in range(minutes):
        kits.pomper(t0 + m * seconde_par_minute)  # l'heure de la minute simulée m
        for client in kits.clients:
            for k in range(COMPTEURS):
                charge = orjson.dumps({"ts": plan["debut_simule"] + 60 * m, "index_kwh": float(m)})
                kits.publier(client, sujet(kits.uais[client], compteur(k)), charge, 1)
        minute_publiee.value = m + 1
    with vidange.get_lock():  # le premier publieur qui vide donne le départ
        vidange.value = vidange.value or time.monotonic()
    for client in kits.clients:  # la panne : tout ce que chaque compteur a gardé, d'un coup
        for k in range(COMPTEURS):
            garde = [{"ts": plan["debut_simule"] + 60 * (minutes + j), "index_kwh": float(minutes + j)} for j in range(panne)]
            kits.publier(client, sujet(kits.uais[client], compteur(k)), orjson.dumps(garde), panne)
    minute_publiee.value = minutes + panne
    limite = time.monotonic() + 1800
    while kits.en_attente and time.monotonic() < limite:
        kits.pomper(time.monotonic() + 0.5)
    for client in kits.clients:
        client.disconnect()


# --- le banc ---

def lancer_collecteurs(dossier: Path, port: int, url: str, nombre: int) -> tuple[list[subprocess.Popen], list[int]]:
    """Par l'écouteur des collecteurs (la boucle locale), comme en production."""
    ports = [port_libre() for _ in range(nombre)]
    adresse = f"mqtt://{COMPTE_COLLECTEUR}:{SECRET_COLLECTEUR}@127.0.0.1:{port}"
    processus = [subprocess.Popen(
        [sys.executable, "-m", "enerlycee.cli", "--journal", "warning", "collecteur", "--mqtt", adresse,
         "--stockage", url, "--groupe", "banc", "--identifiant", f"banc-{n}",
         "--spool", str(dossier / f"spool-{n}.db"), "--metriques-port", str(ports[n])],
    ) for n in range(nombre)]
    _attendre(lambda: sum(_metrique(p, "enerlycee_courtier_connecte") or 0 for p in ports) == nombre, 120)
    return processus, ports


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--echelle", type=float, default=0.01, help="fraction des 4 000 lycées (1 : la France)")
    arguments.add_argument("--heures", type=float, default=24.0, help="heures simulées de trafic")
    arguments.add_argument("--acceleration", type=float, default=144.0, help="le temps simulé va N fois plus vite")
    arguments.add_argument("--panne-min", type=int, default=30, help="minutes de panne de tous les kits, vidées d'un coup")
    arguments.add_argument("--collecteurs", type=int, default=2)
    arguments.add_argument("--publieurs", type=int, default=2, help="processus qui mènent les connexions des kits")
    arguments.add_argument("--dossier", type=Path, default=None)
    options = arguments.parse_args()
    sans_limite_de_fichiers()

    lycees = max(1, round(LYCEES_FRANCE * options.echelle))
    uais = [uai(n) for n in range(lycees)]
    minutes = int(options.heures * 60)
    attendus = lycees * COMPTEURS * (minutes + options.panne_min)
    dossier = options.dossier or Path(tempfile.mkdtemp(prefix="banc-deploiement-"))
    url = f"sqlite:///{dossier}/banc.db"
    print(f"{lycees} lycées x {COMPTEURS} compteurs, {options.heures:g} h simulées en "
          f"{minutes * 60 / options.acceleration:.0f} s ({lycees * COMPTEURS * options.acceleration / 60:,.0f} messages/s), "
          f"puis {options.panne_min} min de panne vidées d'un coup ; {attendus:,} relevés attendus".replace(",", " "))
    preparer_courtier(dossier, uais)
    preparer_registre(url, uais)
    port, port_collecteurs = port_libre(), port_libre()
    (dossier / "mosquitto.conf").write_text(configuration_production(dossier, port, port_collecteurs))
    courtier = subprocess.Popen(["mosquitto", "-c", str(dossier / "mosquitto.conf")], preexec_fn=sans_limite_de_fichiers,
                                stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    collecteurs, ports = lancer_collecteurs(dossier, port_collecteurs, url, options.collecteurs)

    contexte = multiprocessing.get_context("fork")
    plan = {"t0": contexte.Value("d", 0.0), "minutes": minutes, "panne": options.panne_min,
            "acceleration": options.acceleration, "debut_simule": 0}
    fin_simulee = time.time() - 600  # la dernière minute de panne, 10 minutes avant le départ
    plan["debut_simule"] = int(fin_simulee - 60 * (minutes + options.panne_min))
    depart, vidange = contexte.Event(), contexte.Value("d", 0.0)
    publieurs = []
    for n in range(options.publieurs):
        pret, acquittes, minute = contexte.Event(), contexte.Value("q", 0), contexte.Value("q", 0)
        processus = contexte.Process(target=publieur, args=(uais[n::options.publieurs], port, dossier / "certs" / "ac.crt",
                                                            plan, pret, depart, acquittes, minute, vidange))
        processus.start()
        publieurs.append((processus, pret, acquittes, minute))
    debut_connexions = time.monotonic()
    for _, pret, _, _ in publieurs:
        pret.wait(600)
    print(f"{lycees} kits connectés en TLS en {time.monotonic() - debut_connexions:.1f} s")

    plan["t0"].value = time.monotonic() + 1.0
    depart.set()
    mesures = suivre(publieurs, ports, attendus, minutes)
    retards = [m["retard"] for m in mesures if m["phase"] == "direct"]
    fin = next((m["instant"] for m in mesures if m["stockes"] >= attendus), None)
    memoire = {f"collecteur {n}": _memoire_de_pointe_mo(p.pid) for n, p in enumerate(collecteurs)}
    memoire["mosquitto"] = _memoire_de_pointe_mo(courtier.pid)
    doublons = sum(_metrique(p, "enerlycee_releves_doublons_total") or 0 for p in ports)
    for processus, *_ in publieurs:
        processus.join(60)
    for p in collecteurs:
        p.terminate()
        p.wait(120)
    courtier.terminate()
    courtier.wait(30)
    bilan(url, attendus, minutes + options.panne_min, lycees, doublons)
    if retards:
        print(f"retard en direct (s réelles) : médiane {sorted(retards)[len(retards) // 2]:.1f}, max {max(retards):.1f}")
    if fin and vidange.value:
        print(f"panne vidée : tous les relevés rangés {fin - vidange.value:.1f} s après le début de la vidange")
    print("mémoire de pointe (Mo) : " + ", ".join(f"{nom} {mo:.0f}" for nom, mo in memoire.items()))
    if not options.dossier:
        shutil.rmtree(dossier, ignore_errors=True)


def suivre(publieurs, ports: list[int], attendus: int, minutes: int) -> list[dict]:
    """Chaque seconde : acquittés par le courtier, rangés par les collecteurs, retard."""
    historique, mesures, t0 = [(0.0, 0)], [], time.monotonic()
    stagnation, precedent = time.monotonic(), -1
    derniers = dict.fromkeys(ports, 0.0)  # un /metrics qui ne répond pas à temps garde sa dernière valeur
    while True:
        time.sleep(1.0)
        for p in ports:
            derniers[p] = _metrique(p, "enerlycee_releves_stockes_total") or derniers[p]
        instant = time.monotonic()
        t = instant - t0
        acquittes = sum(a.value for _, _, a, _ in publieurs)
        stockes = int(sum(derniers.values()))
        phase = "direct" if min(m.value for *_, m in publieurs) < minutes else "panne"
        historique.append((t, acquittes))
        rattrape = _instant_atteint(historique, stockes + 1, t)  # acquittement du premier relevé pas encore rangé (aucun : retard nul)
        mesures.append({"t": t, "instant": instant, "acquittes": acquittes, "stockes": stockes,
                        "retard": t - rattrape, "phase": phase})
        print(f"  t={t:6.0f} s  {phase:<6}  acquittés {acquittes:>11,}  rangés {stockes:>11,}  retard {t - rattrape:5.1f} s"
              .replace(",", " "), flush=True)
        if stockes >= attendus:
            return mesures
        if stockes != precedent:
            stagnation, precedent = time.monotonic(), stockes
        elif time.monotonic() - stagnation > 120 and phase == "panne":
            print("plus rien n'avance depuis 2 minutes : arrêt")
            return mesures


def _instant_atteint(historique: list[tuple[float, int]], valeur: int, defaut: float) -> float:
    """L'instant (interpolé) où les acquittements ont atteint `valeur`."""
    for (ta, a), (tb, b) in zip(historique, historique[1:]):
        if b >= valeur:
            return tb if b == a else ta + (tb - ta) * max(0.0, (valeur - a) / (b - a))
    return defaut


def bilan(url: str, attendus: int, par_serie: int, lycees: int, doublons: float) -> None:
    """Compte exact dans la base : chaque série a tous ses relevés, une fois chacun."""
    base = sqlite3.connect(url.removeprefix("sqlite:///"))
    total = base.execute("SELECT count(*) FROM releves").fetchone()[0]
    series = base.execute("SELECT count(*), min(n), max(n) FROM (SELECT count(*) AS n FROM releves GROUP BY serie)").fetchone()
    rejets = base.execute("SELECT count(*) FROM rejets").fetchone()[0]
    base.close()
    print(f"attendus {attendus:,}, rangés {total:,}, perdus {attendus - total:,}, doublons absorbés {doublons:,.0f}, "
          f"rejets {rejets} ; séries {series[0]:,} / {lycees * COMPTEURS:,}, relevés par série {series[1]}..{series[2]} "
          f"(attendu {par_serie})".replace(",", " "))


if __name__ == "__main__":
    main()
