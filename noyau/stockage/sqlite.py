"""Le stockage embarqué : un fichier SQLite en WAL, sûr entre processus (collecteur, API).

Les relevés sont rangés par série (un compteur, une grandeur) et par instant en
millisecondes, clé primaire qui rend l'écriture idempotente (INSERT OR IGNORE). Les agrégats
horaires (table `heures`) sont recalculés des relevés bruts des heures que chaque lot touche,
ceux des jours de Paris (table `jours`, clé : l'heure du minuit) des agrégats horaires.
La purge supprime les relevés bruts anciens, série par série, puis rend la place au système
(`auto_vacuum = INCREMENTAL` pour un fichier créé par cette version).
"""

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, repeat
from pathlib import Path

import numpy as np
import orjson

from noyau.domaine.agregats import Heures, minuits_de_paris, plages_contigues, resumer_par_heure_series, resumer_par_jour_series
from noyau.domaine.erreurs import ErreurStockage, StockageIndisponible
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Nature, Rejet, Releve, SerieDeReleves, Site, Source
from noyau.domaine.temps import maintenant
from noyau.stockage.base import ECHANTILLONS_PAR_SITE, RESOLUTIONS, Document, EtatSerie, Jeton, MotifRejet, Serie, Stockage, Volume

_SCHEMA = """
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
CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL, identifiant TEXT NOT NULL, uai TEXT, contenu TEXT NOT NULL,
    modifie_le REAL NOT NULL, PRIMARY KEY (collection, identifiant));
CREATE INDEX IF NOT EXISTS documents_par_site ON documents (collection, uai, modifie_le);
CREATE TABLE IF NOT EXISTS etats (
    composant TEXT PRIMARY KEY, contenu TEXT NOT NULL, note_le REAL NOT NULL);
"""

_MS_PAR_HEURE = 3_600_000
_COLONNES_JETON = "empreinte, role, uai, cree_le, expire_le, revoque_le"


def _inserer_agregats(connexion: sqlite3.Connection, table: str, series: np.ndarray, agregats: Heures) -> None:
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


def _lire_plages(connexion: sqlite3.Connection, table: str, colonnes: str, plages: list[tuple[int, int, int]]) -> np.ndarray:
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


def _agregats(lignes: list[tuple], table: str = "heures") -> Heures:
    """Des lignes `_COLONNES[table]` en agrégats ; instants en secondes."""
    colonnes = np.array(lignes, dtype=np.float64).reshape(-1, len(_COLONNES[table])).T
    return Heures(
        heure=colonnes[0].astype(np.int64), nombre=colonnes[1].astype(np.int64),
        t_premier=colonnes[2] / 1000, v_premier=colonnes[3],
        t_dernier=colonnes[4] / 1000, v_dernier=colonnes[5], interne=colonnes[6],
        ecart_max=colonnes[7] if table == "jours" else None,
    )


_COLONNES_HEURE = ["heure", "nombre", "t_premier", "v_premier", "t_dernier", "v_dernier", "interne"]
_COLONNES = {"heures": _COLONNES_HEURE, "jours": [*_COLONNES_HEURE, "ecart_max"]}


# Les erreurs qui disent que la base ne répond pas (et qu'il faut réessayer plus tard).
_INDISPONIBLE = ("locked", "busy", "unable to open", "disk I/O", "readonly", "full")


class StockageSQLite(Stockage):
    def __init__(self, chemin: str | Path):
        self.chemin = Path(chemin)
        self.chemin.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._ouvertes: list[sqlite3.Connection] = []
        self._verrou = threading.Lock()
        self._series: dict[tuple[str, str, str], int] = {}
        self._natures: dict[int, Nature] = {}
        with self._traduire():
            self._connexion().executescript(_SCHEMA)
            self._migrer()

    def __repr__(self) -> str:
        return f"StockageSQLite({self.chemin})"

    def _migrer(self) -> None:
        """Un fichier d'une version précédente reçoit les colonnes ajoutées depuis."""
        connexion = self._connexion()
        colonnes = {ligne[1] for ligne in connexion.execute("PRAGMA table_info(jetons)")}
        for colonne in ("expire_le", "revoque_le"):
            if colonne not in colonnes:
                connexion.execute(f"ALTER TABLE jetons ADD COLUMN {colonne} REAL")
        if connexion.execute("SELECT NOT EXISTS (SELECT 1 FROM rejets_comptes)").fetchone()[0]:
            connexion.execute(
                "INSERT INTO rejets_comptes SELECT coalesce(uai, ''), motif, count(*), max(recu_le)"
                " FROM rejets GROUP BY uai, motif"
            )

    # --- connexions et erreurs ---
    def _connexion(self) -> sqlite3.Connection:
        """Une connexion par fil d'exécution (l'API sert ses requêtes dans un pool de fils)."""
        connexion = getattr(self._local, "connexion", None)
        if connexion is None:
            connexion = sqlite3.connect(self.chemin, timeout=30, isolation_level=None, check_same_thread=False)
            connexion.execute("PRAGMA auto_vacuum=INCREMENTAL")  # avant WAL : ne vaut que pour un fichier neuf
            connexion.execute("PRAGMA journal_mode=WAL")
            # FULL : en WAL, chaque transaction est sur le disque quand COMMIT rend la main ; le
            # collecteur acquitte au courtier ce qu'`ecrire` a rendu (NORMAL ne synchronise qu'aux
            # points de reprise : une coupure de courant perdrait des lots déjà acquittés).
            connexion.execute("PRAGMA synchronous=FULL")
            connexion.execute("PRAGMA foreign_keys=ON")
            self._local.connexion = connexion
            with self._verrou:
                self._ouvertes.append(connexion)
        return connexion

    @contextmanager
    def _traduire(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as erreur:
            if not any(mot in str(erreur) for mot in _INDISPONIBLE):
                raise ErreurStockage(f"erreur SQLite ({self.chemin}) : {erreur}") from erreur
            raise StockageIndisponible(f"base SQLite indisponible ({self.chemin}) : {erreur}") from erreur
        except sqlite3.Error as erreur:
            raise ErreurStockage(f"erreur SQLite ({self.chemin}) : {erreur}") from erreur

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._traduire():
            connexion = self._connexion()
            connexion.execute("BEGIN IMMEDIATE")
            try:
                yield connexion
            except BaseException:
                connexion.execute("ROLLBACK")
                raise
            connexion.execute("COMMIT")

    def _lire(self, requete: str, parametres: Sequence = ()) -> list[tuple]:
        with self._traduire():
            return self._connexion().execute(requete, parametres).fetchall()

    # --- registre ---
    def enregistrer_registre(self, sites: Sequence[Site] = (), compteurs: Sequence[Compteur] = ()) -> None:
        with self._transaction() as connexion:
            connexion.executemany(
                "INSERT INTO sites VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uai) DO UPDATE SET nom=excluded.nom,"
                " commune=excluded.commune, surface_m2=excluded.surface_m2, latitude=excluded.latitude,"
                " longitude=excluded.longitude",
                [(s.uai, s.nom, s.commune, s.surface_m2, s.latitude, s.longitude) for s in sites],
            )
            connexion.executemany(
                "INSERT INTO compteurs (uai, compteur, energie, principal, usage, coef_kwh_m3)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uai, compteur) DO UPDATE SET energie=excluded.energie,"
                " principal=excluded.principal, usage=excluded.usage, coef_kwh_m3=excluded.coef_kwh_m3",
                [(c.uai, c.compteur, c.energie, int(c.principal), c.usage, c.coef_kwh_m3) for c in compteurs],
            )

    def sites(self) -> list[Site]:
        return [Site(*ligne) for ligne in self._lire("SELECT * FROM sites ORDER BY uai")]

    def compteurs(self, uai: str | None = None) -> list[Compteur]:
        lignes = self._lire(
            "SELECT uai, compteur, energie, principal, usage, coef_kwh_m3 FROM compteurs"
            " WHERE ? IS NULL OR uai = ? ORDER BY uai, compteur",
            (uai, uai),
        )
        return [
            Compteur(u, c, Energie(e) if e else None, bool(p), usage, coef) for u, c, e, p, usage, coef in lignes
        ]

    # --- relevés ---
    def ecrire(self, releves: Sequence[Releve | SerieDeReleves], rejets: Sequence[Rejet] = ()) -> int:
        lots, comptes, echantillons = self._preparer(releves, rejets)
        with self._transaction() as connexion:
            par_serie = {self._serie(connexion, *cle): lot for cle, lot in lots.items()}
            avant = connexion.total_changes
            connexion.executemany("INSERT OR IGNORE INTO releves VALUES (?, ?, ?, ?)", chain.from_iterable(
                zip(repeat(serie), lot.ms.tolist(), lot.valeurs.tolist(), lot.sources.tolist()) for serie, lot in par_serie.items()
            ))
            nouveaux = connexion.total_changes - avant
            self._etendre_series(connexion, [(serie, int(lot.ms[0]), int(lot.ms[-1])) for serie, lot in par_serie.items()])
            self._mettre_a_jour_heures(connexion, {serie: lot.ms for serie, lot in par_serie.items()})
            self._ranger_quarantaine(connexion, comptes, echantillons)
        return nouveaux

    def ecrire_quarantaine(self, comptes: Sequence[MotifRejet], echantillons: Sequence[Rejet]) -> None:
        with self._transaction() as connexion:
            self._ranger_quarantaine(connexion, comptes, echantillons)

    def _ranger_quarantaine(self, connexion: sqlite3.Connection, comptes: Sequence[MotifRejet], echantillons: Sequence[Rejet]) -> None:
        connexion.executemany(
            "INSERT INTO rejets_comptes VALUES (?, ?, ?, ?) ON CONFLICT (uai, motif) DO UPDATE"
            " SET nombre = nombre + excluded.nombre, dernier = max(dernier, excluded.dernier)",
            [(m.uai or "", m.motif, m.nombre, m.dernier) for m in comptes],
        )
        connexion.executemany(
            "INSERT INTO rejets (recu_le, topic, uai, compteur, motif, contenu) VALUES (?, ?, ?, ?, ?, ?)",
            [(r.recu_le, r.topic, r.uai, r.compteur, r.motif, r.contenu) for r in echantillons],
        )
        for uai in {r.uai for r in echantillons}:
            connexion.execute(
                "DELETE FROM rejets WHERE uai IS ?1 AND id <= "
                "(SELECT id FROM rejets WHERE uai IS ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
                (uai, ECHANTILLONS_PAR_SITE),
            )

    def _serie(self, connexion: sqlite3.Connection, uai: str, compteur: str, grandeur: Grandeur) -> int:
        cle = (uai, compteur, grandeur.value)
        identifiant = self._series.get(cle)
        if identifiant is None:
            ligne = connexion.execute(
                "SELECT s.id FROM series s JOIN compteurs c ON c.id = s.compteur_id"
                " WHERE c.uai = ? AND c.compteur = ? AND s.grandeur = ?",
                cle,
            ).fetchone()
            if ligne is None:
                ligne = connexion.execute(
                    "INSERT INTO series (compteur_id, grandeur, premier, dernier, dernier_recu)"
                    " SELECT id, ?, ?, ?, 0 FROM compteurs WHERE uai = ? AND compteur = ? RETURNING id",
                    (cle[2], 2**62, -(2**62), cle[0], cle[1]),
                ).fetchone()
            if ligne is None:
                raise ErreurStockage(f"compteur inconnu {cle[0]}/{cle[1]}")
            identifiant = self._series[cle] = ligne[0]
            self._natures[identifiant] = grandeur.nature
        return identifiant

    @staticmethod
    def _etendre_series(connexion: sqlite3.Connection, etendues: list[tuple[int, int, int]]) -> None:
        """`etendues` : (série, premier, dernier instant en ms) de ce qui vient d'être écrit."""
        recu = maintenant()
        connexion.executemany(
            "UPDATE series SET premier = min(premier, ?), dernier = max(dernier, ?),"
            " dernier_recu = ? WHERE id = ?",
            [(premier, dernier, recu, serie) for serie, premier, dernier in etendues],
        )

    def _mettre_a_jour_heures(self, connexion: sqlite3.Connection, instants: dict[int, np.ndarray]) -> None:
        """Recalcule, des relevés bruts, les agrégats des heures que ce lot a touchées
        (`instants` : ceux du lot, en ms, par série), toutes les séries d'un coup."""
        plages = [
            (serie, premiere * _MS_PAR_HEURE, (derniere + 1) * _MS_PAR_HEURE)
            for serie, ms in instants.items() if self._natures[serie] is not Nature.AMBIANCE
            for premiere, derniere in plages_contigues(np.unique(ms // _MS_PAR_HEURE).tolist())
        ]
        if not plages:
            return
        brutes = _lire_plages(connexion, "releves", "ts, valeur", plages)
        series = brutes[:, 0].astype(np.int64)
        series_heures, heures = resumer_par_heure_series(series, self._index(series), brutes[:, 1] / 1000, brutes[:, 2])
        _inserer_agregats(connexion, "heures", series_heures, heures)
        self._mettre_a_jour_jours(connexion, series_heures, heures.heure)

    def _mettre_a_jour_jours(self, connexion: sqlite3.Connection, series: np.ndarray, heures: np.ndarray) -> None:
        """Recalcule, des agrégats horaires, ceux des jours de Paris que ces heures (de ces séries) touchent."""
        jours = np.unique(np.column_stack((series, minuits_de_paris(heures))), axis=0)
        fins = minuits_de_paris(jours[:, 1] + 25)
        plages = list(zip(jours[:, 0].tolist(), jours[:, 1].tolist(), fins.tolist()))
        lignes = _lire_plages(connexion, "heures", ", ".join(_COLONNES_HEURE), plages)
        series_agregats = lignes[:, 0].astype(np.int64)
        series_jours, agregats = resumer_par_jour_series(series_agregats, self._index(series_agregats), _agregats(lignes[:, 1:]))
        _inserer_agregats(connexion, "jours", series_jours, agregats)

    def _index(self, series: np.ndarray) -> np.ndarray:
        """Pour chaque point, vrai si sa série est un index (sinon une puissance)."""
        uniques, rangs = np.unique(series, return_inverse=True)
        return np.array([self._natures[s] is Nature.INDEX for s in uniques.tolist()], dtype=bool)[rangs.reshape(-1)]

    def ecrire_heures(self, uai: str, compteur: str, grandeur: Grandeur, heures: Heures) -> None:
        if len(heures.heure) == 0:
            return
        with self._transaction() as connexion:
            serie = self._serie(connexion, uai, compteur, grandeur)
            series = np.full(len(heures.heure), serie)
            _inserer_agregats(connexion, "heures", series, heures)
            self._mettre_a_jour_jours(connexion, series, heures.heure)
            self._etendre_series(connexion, [(serie, round(heures.t_premier[0] * 1000), round(heures.t_dernier[-1] * 1000))])

    def lire_heures(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Heures:
        return self._lire_agregats("heures", (uai, compteur, grandeur.value), debut, fin)

    def lire_jours(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Heures:
        return self._lire_agregats("jours", (uai, compteur, grandeur.value), debut, fin)

    def _lire_agregats(self, table: str, cle: tuple[str, str, str], debut: float, fin: float) -> Heures:
        a, b = int(debut // 3600), int(-(-fin // 3600))
        lignes = self._lire(
            "WITH s AS (SELECT s.id FROM series s JOIN compteurs c ON c.id = s.compteur_id"
            "           WHERE c.uai = ? AND c.compteur = ? AND s.grandeur = ?)"
            f" SELECT {', '.join('h.' + c for c in _COLONNES[table])} FROM {table} h, s WHERE h.serie = s.id"
            f" AND h.heure >= coalesce((SELECT max(heure) FROM {table} WHERE serie = s.id AND heure < ?), ?)"
            f" AND h.heure <= coalesce((SELECT min(heure) FROM {table} WHERE serie = s.id AND heure >= ?), ?)"
            " ORDER BY h.heure",
            (*cle, a, a, b, b),
        )
        return _agregats(lignes, table)

    def lire_releves(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Serie:
        a, b = round(debut * 1000), round(fin * 1000)
        lignes = self._lire(
            "WITH s AS (SELECT s.id FROM series s JOIN compteurs c ON c.id = s.compteur_id"
            "           WHERE c.uai = ? AND c.compteur = ? AND s.grandeur = ?)"
            " SELECT r.ts, r.valeur FROM releves r, s WHERE r.serie = s.id"
            " AND r.ts >= coalesce((SELECT max(ts) FROM releves WHERE serie = s.id AND ts <= ?), ?)"
            " AND r.ts <= coalesce((SELECT min(ts) FROM releves WHERE serie = s.id AND ts >= ?), ?)"
            " ORDER BY r.ts",
            (uai, compteur, grandeur.value, a, a, b, b),
        )
        donnees = np.array(lignes, dtype=np.float64).reshape(-1, 2)
        return Serie(ts=donnees[:, 0] / 1000, valeurs=donnees[:, 1])

    def series(self, uai: str | None = None) -> list[EtatSerie]:
        lignes = self._lire(
            "SELECT c.uai, c.compteur, s.grandeur, s.premier, s.dernier, s.dernier_recu"
            " FROM series s JOIN compteurs c ON c.id = s.compteur_id WHERE ? IS NULL OR c.uai = ?"
            " ORDER BY c.uai, c.compteur, s.grandeur",
            (uai, uai),
        )
        return [EtatSerie(u, c, Grandeur(g), p / 1000, d / 1000, recu) for u, c, g, p, d, recu in lignes]

    def exporter(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> list[Releve]:
        lignes = self._lire(
            "SELECT r.ts, r.valeur, r.source FROM series s JOIN compteurs c ON c.id = s.compteur_id"
            " JOIN releves r ON r.serie = s.id WHERE c.uai = ? AND c.compteur = ? AND s.grandeur = ?"
            " AND r.ts >= ? AND r.ts < ? ORDER BY r.ts",
            (uai, compteur, grandeur.value, round(debut * 1000), round(fin * 1000)),
        )
        sources = list(Source)
        return [Releve(uai, compteur, grandeur, ts / 1000, valeur, sources[code]) for ts, valeur, code in lignes]

    # --- rétention ---
    def _supprimer_releves_bruts(self, avant: float) -> int:
        limite = int(avant // 3600) * _MS_PAR_HEURE
        supprimes = 0
        for (serie,) in self._lire("SELECT id FROM series ORDER BY id"):
            with self._transaction() as connexion:
                supprimes += connexion.execute("DELETE FROM releves WHERE serie = ? AND ts < ?", (serie, limite)).rowcount
        with self._traduire():  # executescript : la place libérée rendue en entier, puis le WAL vidé
            self._connexion().executescript("PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);")
        return supprimes

    def volumes(self) -> list[Volume]:
        uai_de = dict(self._lire("SELECT s.id, c.uai FROM series s JOIN compteurs c ON c.id = s.compteur_id"))
        octets = dict(self._lire("SELECT name, sum(pgsize) FROM dbstat WHERE name IN ('releves', 'heures', 'jours') GROUP BY name"))
        volumes = []
        for resolution, table, premier, dernier in (
            ("releve", "releves", "ts", "ts"), ("heure", "heures", "t_premier", "t_dernier"), ("jour", "jours", "t_premier", "t_dernier"),
        ):
            par_site: dict[str, list] = {}
            for serie, lignes, debut, fin in self._lire(
                f"SELECT serie, count(*), min({premier}), max({dernier}) FROM {table} GROUP BY serie"
            ):
                cumul = par_site.setdefault(uai_de[serie], [0, debut, fin])
                cumul[:] = [cumul[0] + lignes, min(cumul[1], debut), max(cumul[2], fin)]
            total = sum(lignes for lignes, _, _ in par_site.values())
            volumes += [
                Volume(uai, resolution, lignes, round(octets.get(table, 0) * lignes / total), debut / 1000, fin / 1000)
                for uai, (lignes, debut, fin) in par_site.items()
            ]
        return sorted(volumes, key=lambda v: (v.uai, RESOLUTIONS.index(v.resolution)))

    # --- quarantaine ---
    def motifs_rejet(self) -> list[MotifRejet]:
        lignes = self._lire(
            "SELECT nullif(uai, ''), motif, nombre, dernier FROM rejets_comptes ORDER BY uai, nombre DESC"
        )
        return [MotifRejet(*ligne) for ligne in lignes]

    def derniers_rejets(self, uai: str | None, nombre: int) -> list[Rejet]:
        lignes = self._lire(
            "SELECT recu_le, topic, motif, contenu, uai, compteur FROM rejets"
            " WHERE uai IS ? ORDER BY id DESC LIMIT ?",
            (uai, nombre),
        )
        return [Rejet(*ligne) for ligne in lignes]

    # --- jetons ---
    def enregistrer_jeton(self, jeton: Jeton) -> None:
        with self._transaction() as connexion:
            connexion.execute(
                "INSERT INTO jetons (empreinte, role, uai, cree_le, expire_le, revoque_le) VALUES (?, ?, ?, ?, ?, ?)",
                (jeton.empreinte, jeton.role, jeton.uai, jeton.cree_le, jeton.expire_le, jeton.revoque_le),
            )

    def jeton(self, empreinte: str) -> Jeton | None:
        lignes = self._lire(f"SELECT {_COLONNES_JETON} FROM jetons WHERE empreinte = ?", (empreinte,))
        return Jeton(*lignes[0]) if lignes else None

    def jetons(self) -> list[Jeton]:
        return [Jeton(*ligne) for ligne in self._lire(f"SELECT {_COLONNES_JETON} FROM jetons ORDER BY cree_le")]

    def revoquer_jeton(self, empreinte: str, le: float) -> None:
        with self._transaction() as connexion:
            connexion.execute("UPDATE jetons SET revoque_le = ? WHERE empreinte = ?", (le, empreinte))

    # --- données de gestion ---
    def enregistrer_document(self, document: Document) -> None:
        with self._transaction() as connexion:
            connexion.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)",
                (document.collection, document.identifiant, document.uai,
                 orjson.dumps(document.contenu).decode(), document.modifie_le),
            )

    def documents(self, collection: str | None = None, uai: str | None = None) -> list[Document]:
        lignes = self._lire(
            "SELECT collection, identifiant, uai, contenu, modifie_le FROM documents"
            " WHERE (?1 IS NULL OR collection = ?1) AND (?2 IS NULL OR uai = ?2) ORDER BY modifie_le, identifiant",
            (collection, uai),
        )
        return [Document(c, i, u, orjson.loads(contenu), m) for c, i, u, contenu, m in lignes]

    def supprimer_document(self, collection: str, identifiant: str) -> bool:
        with self._transaction() as connexion:
            curseur = connexion.execute(
                "DELETE FROM documents WHERE collection = ? AND identifiant = ?", (collection, identifiant)
            )
        return curseur.rowcount > 0

    # --- états ---
    def noter_etat(self, composant: str, etat: dict) -> None:
        with self._transaction() as connexion:
            connexion.execute(
                "INSERT OR REPLACE INTO etats VALUES (?, ?, ?)",
                (composant, orjson.dumps(etat).decode(), maintenant()),
            )

    def lire_etat(self, composant: str) -> tuple[dict, float] | None:
        lignes = self._lire("SELECT contenu, note_le FROM etats WHERE composant = ?", (composant,))
        return (orjson.loads(lignes[0][0]), lignes[0][1]) if lignes else None

    def verifier(self) -> None:
        self._lire("SELECT count(*) FROM sqlite_master")

    def fermer(self) -> None:
        """Ferme les connexions de tous les fils ; le stockage n'est plus utilisable ensuite."""
        with self._verrou:
            for connexion in self._ouvertes:
                connexion.close()
            self._ouvertes.clear()
