"""Les tables du fichier SQLite, et la mise à niveau d'un fichier d'une version précédente."""

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS sites (
    uai TEXT PRIMARY KEY, nom TEXT NOT NULL, commune TEXT NOT NULL,
    surface_m2 REAL, latitude REAL, longitude REAL);
CREATE TABLE IF NOT EXISTS compteurs (
    id INTEGER PRIMARY KEY, uai TEXT NOT NULL REFERENCES sites(uai), compteur TEXT NOT NULL,
    energie TEXT, principal INTEGER NOT NULL, usage TEXT NOT NULL DEFAULT '', coef_kwh_m3 REAL,
    UNIQUE (uai, compteur));
CREATE TABLE IF NOT EXISTS series (
    id INTEGER PRIMARY KEY, compteur_id INTEGER NOT NULL REFERENCES compteurs(id),
    grandeur TEXT NOT NULL, premier INTEGER NOT NULL, dernier INTEGER NOT NULL,
    dernier_recu REAL NOT NULL, UNIQUE (compteur_id, grandeur));
CREATE TABLE IF NOT EXISTS releves (
    serie INTEGER NOT NULL, ts INTEGER NOT NULL, valeur REAL NOT NULL, source INTEGER NOT NULL,
    PRIMARY KEY (serie, ts)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS heures (
    serie INTEGER NOT NULL, heure INTEGER NOT NULL, nombre INTEGER NOT NULL,
    t_premier INTEGER NOT NULL, v_premier REAL NOT NULL, t_dernier INTEGER NOT NULL,
    v_dernier REAL NOT NULL, interne REAL NOT NULL, PRIMARY KEY (serie, heure)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS jours (
    serie INTEGER NOT NULL, heure INTEGER NOT NULL, nombre INTEGER NOT NULL,
    t_premier INTEGER NOT NULL, v_premier REAL NOT NULL, t_dernier INTEGER NOT NULL,
    v_dernier REAL NOT NULL, interne REAL NOT NULL, ecart_max REAL NOT NULL,
    PRIMARY KEY (serie, heure)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ambiance (
    serie INTEGER NOT NULL, heure INTEGER NOT NULL, nombre INTEGER NOT NULL, somme REAL NOT NULL,
    minimum REAL NOT NULL, maximum REAL NOT NULL, PRIMARY KEY (serie, heure)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rejets (
    id INTEGER PRIMARY KEY, recu_le REAL NOT NULL, topic TEXT NOT NULL, uai TEXT,
    compteur TEXT, motif TEXT NOT NULL, contenu TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rejets_par_site ON rejets (uai, id);
CREATE TABLE IF NOT EXISTS rejets_comptes (
    uai TEXT NOT NULL, motif TEXT NOT NULL, nombre INTEGER NOT NULL, dernier REAL NOT NULL,
    PRIMARY KEY (uai, motif)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS jetons (
    empreinte TEXT PRIMARY KEY, role TEXT NOT NULL, uai TEXT, cree_le REAL NOT NULL,
    expire_le REAL, revoque_le REAL);
CREATE TABLE IF NOT EXISTS sessions (
    empreinte TEXT PRIMARY KEY, jeton TEXT NOT NULL, cree_le REAL NOT NULL, vu_le REAL NOT NULL,
    csrf TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fenetres (cle TEXT NOT NULL, echeance REAL NOT NULL);
CREATE INDEX IF NOT EXISTS fenetres_par_cle ON fenetres (cle, echeance);
CREATE INDEX IF NOT EXISTS fenetres_par_echeance ON fenetres (echeance);
CREATE TABLE IF NOT EXISTS baux (
    nom TEXT NOT NULL, titulaire TEXT NOT NULL, depuis REAL NOT NULL, echeance REAL NOT NULL,
    PRIMARY KEY (nom, titulaire)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL, identifiant TEXT NOT NULL, uai TEXT, contenu TEXT NOT NULL,
    modifie_le REAL NOT NULL, PRIMARY KEY (collection, identifiant));
CREATE INDEX IF NOT EXISTS documents_par_site ON documents (collection, uai, modifie_le);
CREATE TABLE IF NOT EXISTS generations (cle TEXT PRIMARY KEY, valeur INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS etats (
    composant TEXT PRIMARY KEY, contenu TEXT NOT NULL, note_le REAL NOT NULL);
"""


def migrer(connexion: sqlite3.Connection) -> None:
    """Un fichier d'une version précédente reçoit les colonnes ajoutées depuis."""
    colonnes = {ligne[1] for ligne in connexion.execute("PRAGMA table_info(jetons)")}
    for colonne in ("expire_le", "revoque_le"):
        if colonne not in colonnes:
            connexion.execute(f"ALTER TABLE jetons ADD COLUMN {colonne} REAL")
    connexion.execute("DROP TABLE IF EXISTS echecs_acces")  # remplacée par `fenetres`
    if connexion.execute("SELECT NOT EXISTS (SELECT 1 FROM rejets_comptes)").fetchone()[0]:
        connexion.execute(
            "INSERT INTO rejets_comptes SELECT coalesce(uai, ''), motif, count(*), max(recu_le)"
            " FROM rejets GROUP BY uai, motif"
        )
