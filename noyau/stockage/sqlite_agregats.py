"""Lire et écrire les agrégats (tables `heures` et `jours`) d'un fichier SQLite, par lots de séries."""

import sqlite3

import numpy as np

from noyau.domaine.agregats import Heures


def inserer_agregats(connexion: sqlite3.Connection, table: str, series: np.ndarray, agregats: Heures) -> None:
    """`series` : la série de chaque agrégat."""
    colonnes = [
        series.tolist(), agregats.heure.tolist(), agregats.nombre.tolist(),
        np.round(agregats.t_premier * 1000).astype(np.int64).tolist(), agregats.v_premier.tolist(),
        np.round(agregats.t_dernier * 1000).astype(np.int64).tolist(), agregats.v_dernier.tolist(),
        agregats.interne.tolist(),
    ]
    if table == "jours":
        colonnes.append(agregats.ecart_max.tolist())
    connexion.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({', '.join('?' * len(colonnes))})", zip(*colonnes))


def lire_plages(connexion: sqlite3.Connection, table: str, colonnes: str, plages: list[tuple[int, int, int]]) -> np.ndarray:
    """Les lignes (série, colonnes...) de `table` dans ces plages (série, a, b) de sa clé
    (`ts` ou `heure`) [a, b), triées par série puis par clé, en une requête."""
    connexion.execute("CREATE TEMP TABLE IF NOT EXISTS plages (serie INTEGER NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL)")
    connexion.execute("DELETE FROM temp.plages")
    connexion.executemany("INSERT INTO temp.plages VALUES (?, ?, ?)", plages)
    cle = colonnes.split(",")[0]
    lignes = connexion.execute(
        f"SELECT t.serie, {', '.join('t.' + c.strip() for c in colonnes.split(','))} FROM temp.plages p"
        f" CROSS JOIN {table} t ON t.serie = p.serie AND t.{cle} >= p.a AND t.{cle} < p.b"
    ).fetchall()
    donnees = np.array(lignes, dtype=np.float64).reshape(-1, 1 + colonnes.count(",") + 1)
    return donnees[np.lexsort((donnees[:, 1], donnees[:, 0]))]


def agregats_lus(lignes: list[tuple], table: str = "heures") -> Heures:
    """Des lignes `COLONNES[table]` en agrégats ; instants en secondes."""
    colonnes = np.array(lignes, dtype=np.float64).reshape(-1, len(COLONNES[table])).T
    return Heures(
        heure=colonnes[0].astype(np.int64), nombre=colonnes[1].astype(np.int64),
        t_premier=colonnes[2] / 1000, v_premier=colonnes[3],
        t_dernier=colonnes[4] / 1000, v_dernier=colonnes[5], interne=colonnes[6],
        ecart_max=colonnes[7] if table == "jours" else None,
    )


COLONNES_HEURE = ["heure", "nombre", "t_premier", "v_premier", "t_dernier", "v_dernier", "interne"]
COLONNES = {"heures": COLONNES_HEURE, "jours": [*COLONNES_HEURE, "ecart_max"]}
