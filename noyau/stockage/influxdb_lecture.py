"""Lire InfluxDB : littéraux InfluxQL échappés, réponses JSON en points ou en colonnes numpy,
et les volumes stockés par site (`enerlycee stockage etat`)."""

import numpy as np

from noyau.domaine.agregats import Heures
from noyau.stockage.base import RESOLUTIONS, Volume
from noyau.stockage.influxdb_http import TransportInflux, texte
from noyau.stockage.lots import Cle

MS_PAR_HEURE = 3_600_000
SERIES_PAR_INSTRUCTION = 100
# Champs par point : pour répartir la taille de la base entre relevés bruts et agrégats.
_CHAMPS_PAR_POINT = {"releve": 2, "heure": 6, "jour": 6}


def une_serie(cle: Cle) -> str:
    uai, compteur, grandeur = cle
    return f"uai = {texte(uai)} AND compteur = {texte(compteur)} AND grandeur = {texte(grandeur.value)}"


def choix_series(cles: list[Cle]) -> list[str]:
    """Des conditions `(série) OR (série) ...`, par paquets de SERIES_PAR_INSTRUCTION."""
    return [
        " OR ".join(f"({une_serie(cle)})" for cle in cles[k : k + SERIES_PAR_INSTRUCTION])
        for k in range(0, len(cles), SERIES_PAR_INSTRUCTION)
    ]


def points(series: list[dict]) -> list[dict]:
    """Les points d'un résultat, un dictionnaire chacun, étiquettes de regroupement comprises."""
    resultat = []
    for serie in series:
        etiquettes = serie.get("tags", {})
        colonnes_serie = serie["columns"]
        resultat += [dict(etiquettes, **dict(zip(colonnes_serie, valeurs))) for valeurs in serie["values"]]
    return resultat


def colonnes(series: list[dict], largeur: int) -> np.ndarray:
    """Les valeurs d'une série de résultat (temps compris) en tableau (n, largeur)."""
    valeurs = [ligne for serie in series for ligne in serie["values"]]
    return np.array(valeurs, dtype=np.float64).reshape(-1, largeur)


def heures_depuis(lignes: np.ndarray) -> Heures:
    """Colonnes : temps (ms), nombre, t_premier (ms), v_premier, t_dernier (ms), v_dernier, interne
    [, ecart_max pour les jours]."""
    return en_heures(np.unique(lignes, axis=0))


def en_heures(lignes: np.ndarray) -> Heures:
    """Comme `heures_depuis`, de lignes déjà triées et sans doublon."""
    return Heures(
        heure=(lignes[:, 0] // MS_PAR_HEURE).astype(np.int64), nombre=lignes[:, 1].astype(np.int64),
        t_premier=lignes[:, 2] / 1000, v_premier=lignes[:, 3],
        t_dernier=lignes[:, 4] / 1000, v_dernier=lignes[:, 5], interne=lignes[:, 6],
        ecart_max=lignes[:, 7] if lignes.shape[1] > 7 else None,
    )


def volumes(transport: TransportInflux) -> list[Volume]:
    """Par site : nombre de points, instants extrêmes et taille estimée, par résolution (les
    statistiques horaires des mesures d'ambiance comptent avec les agrégats horaires)."""
    comptes, premiers, derniers, heures, jours, ambiance = transport.requete([
        "SELECT count(valeur) FROM releve GROUP BY uai",
        "SELECT first(valeur) FROM releve GROUP BY uai",
        "SELECT last(valeur) FROM releve GROUP BY uai",
        "SELECT count(nombre), min(t_premier), max(t_dernier) FROM heure GROUP BY uai",
        "SELECT count(nombre), min(t_premier), max(t_dernier) FROM jour GROUP BY uai",
        "SELECT count(nombre) FROM ambiance GROUP BY uai",
    ])
    brutes = {p["uai"]: [p["count"]] for p in points(comptes)}
    for point in points(premiers):
        brutes[point["uai"]].append(point["time"])
    for point in points(derniers):
        brutes[point["uai"]].append(point["time"])
    lignes = [("releve", uai, *valeurs) for uai, valeurs in brutes.items()]
    lignes += [(r, p["uai"], p["count"], p["min"], p["max"]) for r, lus in (("heure", heures), ("jour", jours)) for p in points(lus)]
    lignes = _avec_ambiance(lignes, transport, points(ambiance))
    taille = _taille(transport)
    poids = sum(_CHAMPS_PAR_POINT[resolution] * n for resolution, _, n, _, _ in lignes)
    return sorted(
        (
            Volume(uai, resolution, n, None if taille is None else round(taille * _CHAMPS_PAR_POINT[resolution] * n / poids), debut / 1000, fin / 1000)
            for resolution, uai, n, debut, fin in lignes
        ),
        key=lambda v: (v.uai, RESOLUTIONS.index(v.resolution)),
    )


def _avec_ambiance(lignes: list[tuple], transport: TransportInflux, comptes: list[dict]) -> list[tuple]:
    """Les lignes (résolution, uai, nombre, premier, dernier) où les statistiques d'ambiance de
    chaque lycée s'ajoutent à ses agrégats horaires (instants extrêmes : début de leur heure)."""
    if not comptes:
        return lignes
    premieres, dernieres = transport.requete([
        "SELECT first(nombre) FROM ambiance GROUP BY uai", "SELECT last(nombre) FROM ambiance GROUP BY uai",
    ])
    bornes = {p["uai"]: [p["time"]] for p in points(premieres)}
    for point in points(dernieres):
        bornes[point["uai"]].append(point["time"])
    par_site = {(r, uai): [n, debut, fin] for r, uai, n, debut, fin in lignes}
    for point in comptes:
        premier, dernier = bornes[point["uai"]]
        cumul = par_site.setdefault(("heure", point["uai"]), [0, premier, dernier])
        cumul[:] = [cumul[0] + point["count"], min(cumul[1], premier), max(cumul[2], dernier)]
    return [(r, uai, *valeurs) for (r, uai), valeurs in par_site.items()]


def _taille(transport: TransportInflux) -> int | None:
    """Les octets sur disque de la base, WAL compris (InfluxDB 1.x, `SHOW STATS`) ; None ailleurs."""
    if transport.version != 1:
        return None
    (statistiques,) = transport.requete(["SHOW STATS"])
    return sum(
        valeurs[serie["columns"].index("diskBytes")]
        for serie in statistiques
        if serie["name"] == "shard" and serie.get("tags", {}).get("database") == transport.adresse.base
        for valeurs in serie["values"]
    )
