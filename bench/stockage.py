"""Banc d'essai des stockages (pas un test) : SQLite et InfluxDB 1.x sur les mêmes relevés.

    .venv/bin/python bench/stockage.py [--dossier /tmp/banc-stockage] [--lycees 20] [--annees 2]
                                       [--retention-jours 30] [--latences-seulement]

20 lycées x 12 compteurs (ceux de bench/socle.py) x 2 ans de relevés toutes les 10 minutes,
écrits par `ecrire` en lots de 20 000 relevés comme le fait le collecteur (toutes les séries,
tranche de temps après tranche de temps). Pour chaque moteur : durée du chargement et relevés/s,
puis la latence (médiane de 7) de la consommation électrique par jour sur un an d'un lycée, et
par mois sur un an de tous les lycées (lue des agrégats horaires), enfin une purge qui ne
garde que `--retention-jours` de relevés bruts : totaux annuels avant/après et place gagnée.
InfluxDB est démarré à part, sur un port libre, dans le dossier du banc (tests/influxdb_local.py).
`--latences-seulement` remesure les latences sur les données d'un passage précédent (agrégats
intacts après la purge).
"""

import argparse
import shutil
import statistics
import time
from datetime import timedelta
from pathlib import Path

import numpy as np
from socle import registre  # le même registre de banc (bench/ est le dossier du script)

from noyau.calculs.lecture import consommation_site, consommation_sites
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import lire_borne
from noyau.stockage import Stockage, ouvrir_stockage
from tests.influxdb_local import creer_base, influxdb_local

TAILLE_LOT = 20_000
PAS_S = 600.0
FIN = lire_borne("2026-11-01")
GRANDEURS = {None: Grandeur.TEMPERATURE_C, Energie.GAZ: Grandeur.INDEX_M3, Energie.EAU: Grandeur.INDEX_M3}


def lots(compteurs: list[Compteur], annees: int):
    """Les relevés, par lots d'environ TAILLE_LOT, tranche de temps après tranche de temps."""
    debut = (FIN - timedelta(days=365 * annees)).timestamp()
    nombre_pas = int(365 * annees * 86400 / PAS_S)
    grandeurs = [GRANDEURS.get(c.energie, Grandeur.INDEX_KWH) for c in compteurs]
    pas_par_lot = max(1, TAILLE_LOT // len(compteurs))
    hasard = np.random.default_rng(1)
    index = np.zeros(len(compteurs))
    for k in range(0, nombre_pas, pas_par_lot):
        n = min(pas_par_lot, nombre_pas - k)
        valeurs = index + np.cumsum(hasard.uniform(0, 5, (n, len(compteurs))), axis=0)
        index = valeurs[-1]
        instants = (debut + PAS_S * np.arange(k, k + n)).tolist()
        yield [
            Releve(c.uai, c.compteur, g, t, v)
            for t, ligne in zip(instants, valeurs.tolist())
            for c, g, v in zip(compteurs, grandeurs, ligne)
        ]


def charger(stockage: Stockage, nombre_lycees: int, annees: int) -> None:
    sites, compteurs = registre(nombre_lycees)
    stockage.enregistrer_registre(sites, compteurs)
    debut, ecrits = time.perf_counter(), 0
    for n, lot in enumerate(lots(compteurs, annees)):
        ecrits += stockage.ecrire(lot)
        if n % 200 == 0:
            print(f"    {ecrits:>11,} relevés, {time.perf_counter() - debut:6.0f} s", flush=True)
    duree = time.perf_counter() - debut
    print(f"  chargement : {ecrits:,} relevés en {duree:.0f} s, soit {ecrits / duree:,.0f} relevés/s")


def mediane_ms(action, essais: int = 7) -> float:
    durees = []
    for _ in range(essais):
        debut = time.perf_counter()
        action()
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees) * 1000


def latences(stockage: Stockage, uai: str) -> None:
    debut_an = FIN - timedelta(days=365)
    jour = mediane_ms(lambda: consommation_site(stockage, uai, Energie.ELECTRICITE, debut_an, FIN, Pas.JOUR))
    mois = mediane_ms(lambda: consommation_sites(stockage, Energie.ELECTRICITE, debut_an, FIN, Pas.MOIS))
    print(f"  un lycée, pas jour sur un an : {jour:.1f} ms ; tous les lycées, pas mois sur un an : {mois:.1f} ms")


def totaux_annuels(stockage: Stockage) -> list[float]:
    debut_an = FIN - timedelta(days=365)
    return [round(c.total, 6) for c in consommation_sites(stockage, Energie.ELECTRICITE, debut_an, FIN, Pas.ANNEE)]


def volume(stockage: Stockage) -> str:
    par_resolution: dict[str, list[int]] = {}
    for v in stockage.volumes():
        cumul = par_resolution.setdefault(v.resolution, [0, 0])
        cumul[0] += v.lignes
        cumul[1] += v.octets or 0
    return " ; ".join(f"{r} : {n:,} lignes, {o / 1e6:.0f} Mo" for r, (n, o) in par_resolution.items())


def purge(stockage: Stockage, retention_jours: int, taille) -> None:
    avant_totaux, avant_taille = totaux_annuels(stockage), taille()
    print(f"  avant la purge : {volume(stockage)} ; {avant_taille / 1e6:.0f} Mo sur disque")
    debut = time.perf_counter()
    supprimes = stockage.purger((FIN - timedelta(days=retention_jours)).timestamp())
    print(f"  purge (garder {retention_jours} jours de bruts) : {supprimes:,} relevés en {time.perf_counter() - debut:.0f} s")
    print(f"  après la purge : {volume(stockage)} ; {taille() / 1e6:.0f} Mo sur disque")
    print(f"  totaux annuels par lycée inchangés : {totaux_annuels(stockage) == avant_totaux}")


def taille_dossier(dossier: Path) -> int:
    return sum(f.stat().st_size for f in dossier.rglob("*") if f.is_file())


def remesurer(dossier: Path) -> None:
    uai = registre(1)[0][0].uai
    print("SQLite")
    latences(ouvrir_stockage(f"sqlite:///{dossier / 'banc.db'}"), uai)
    print("InfluxDB 1.x")
    with influxdb_local(dossier / "influxdb") as adresse:
        latences(ouvrir_stockage(f"influxdb://{adresse}/banc"), uai)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--dossier", type=Path, default=Path("/tmp/banc-stockage"))
    arguments.add_argument("--lycees", type=int, default=20)
    arguments.add_argument("--annees", type=int, default=2)
    arguments.add_argument("--retention-jours", type=int, default=30)
    arguments.add_argument("--latences-seulement", action="store_true", help="Remesurer les latences sur les données déjà chargées")
    options = arguments.parse_args()
    if options.latences_seulement:
        remesurer(options.dossier)
        return
    shutil.rmtree(options.dossier, ignore_errors=True)
    (options.dossier / "influxdb").mkdir(parents=True)
    uai = registre(1)[0][0].uai

    print("SQLite")
    sqlite = ouvrir_stockage(f"sqlite:///{options.dossier / 'banc.db'}")
    charger(sqlite, options.lycees, options.annees)
    latences(sqlite, uai)
    purge(sqlite, options.retention_jours, lambda: taille_dossier(options.dossier) - taille_dossier(options.dossier / "influxdb"))
    sqlite.fermer()

    print("InfluxDB 1.x")
    with influxdb_local(options.dossier / "influxdb") as adresse:
        creer_base(adresse, "banc")
        influx = ouvrir_stockage(f"influxdb://{adresse}/banc")
        charger(influx, options.lycees, options.annees)
        latences(influx, uai)
        purge(influx, options.retention_jours, lambda: taille_dossier(options.dossier / "influxdb"))
        time.sleep(90)  # compaction des fichiers froids (30 s dans la configuration du banc)
        print(f"  90 s après la purge : {taille_dossier(options.dossier / 'influxdb') / 1e6:.0f} Mo sur disque")
        influx.fermer()


if __name__ == "__main__":
    main()
