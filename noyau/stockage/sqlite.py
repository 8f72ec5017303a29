"""Le stockage embarqué : un fichier SQLite en WAL, sûr entre processus (collecteur, API).

Les relevés sont rangés par série (un compteur, une grandeur) et par instant en
millisecondes, clé primaire qui rend l'écriture idempotente (INSERT OR IGNORE). Les agrégats
horaires (table `heures`) sont recalculés des relevés bruts des heures que chaque lot touche,
ceux des jours de Paris (table `jours`, clé : l'heure du minuit) des agrégats horaires.
La purge supprime les relevés bruts anciens, série par série, puis rend la place au système
(`auto_vacuum = INCREMENTAL` pour un fichier créé par cette version).

Les tables : noyau.stockage.sqlite_schema ; les agrégats lus et écrits par lots :
noyau.stockage.sqlite_agregats ; quarantaine, jetons, données de gestion et états :
noyau.stockage.sqlite_gestion.
"""

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, repeat
from pathlib import Path

import numpy as np

from noyau.domaine.agregats import Heures, minuits_de_paris, plages_contigues, resumer_par_heure_series, resumer_par_jour_series
from noyau.domaine.erreurs import ErreurStockage, StockageIndisponible
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Nature, Rejet, Releve, SerieDeReleves, Site, Source
from noyau.domaine.temps import maintenant
from noyau.stockage.base import RESOLUTIONS, EtatSerie, Serie, Stockage, Volume
from noyau.stockage.generations import REGISTRE, touchees_par_jour
from noyau.stockage.sqlite_agregats import COLONNES, COLONNES_HEURE, agregats_lus, inserer_agregats, lire_plages
from noyau.stockage.sqlite_ambiance import AmbianceSQLite
from noyau.stockage.sqlite_gestion import GestionSQLite, incrementer
from noyau.stockage.sqlite_schema import SCHEMA, migrer

_MS_PAR_HEURE = 3_600_000


# Les tables de chaque résolution, avec le premier et le dernier instant (ms) de chaque ligne.
_TABLES_PAR_RESOLUTION = {
    "releve": (("releves", "ts", "ts"),),
    "heure": (("heures", "t_premier", "t_dernier"), ("ambiance", f"heure * {_MS_PAR_HEURE}", f"heure * {_MS_PAR_HEURE}")),
    "jour": (("jours", "t_premier", "t_dernier"),),
}

# Les erreurs qui disent que la base ne répond pas (et qu'il faut réessayer plus tard).
_INDISPONIBLE = ("locked", "busy", "unable to open", "disk I/O", "readonly", "full")


class StockageSQLite(AmbianceSQLite, GestionSQLite, Stockage):
    def __init__(self, chemin: str | Path):
        self.chemin = Path(chemin)
        self.chemin.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._ouvertes: list[sqlite3.Connection] = []
        self._verrou = threading.Lock()
        self._series: dict[tuple[str, str, str], int] = {}
        self._natures: dict[int, Nature] = {}
        self._compteur_de: dict[int, tuple[str, Energie | None]] = {}  # série → (lycée, énergie) : ses générations
        with self._traduire():
            self._connexion().executescript(SCHEMA)
            migrer(self._connexion())

    def __repr__(self) -> str:
        return f"StockageSQLite({self.chemin})"

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
            incrementer(connexion, [REGISTRE])
        self._compteur_de.clear()  # une énergie a pu changer

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
    def ecrire(
        self, releves: Sequence[Releve | SerieDeReleves], rejets: Sequence[Rejet] = (), recu_le: float | None = None
    ) -> int:
        lots, comptes, echantillons = self._preparer(releves, rejets)
        with self._transaction() as connexion:
            par_serie = {self._serie(connexion, *cle): lot for cle, lot in lots.items()}
            avant = connexion.total_changes
            connexion.executemany("INSERT OR IGNORE INTO releves VALUES (?, ?, ?, ?)", chain.from_iterable(
                zip(repeat(serie), lot.ms.tolist(), lot.valeurs.tolist(), lot.sources.tolist()) for serie, lot in par_serie.items()
            ))
            nouveaux = connexion.total_changes - avant
            etendues = [(serie, int(lot.ms[0]), int(lot.ms[-1])) for serie, lot in par_serie.items()]
            self._etendre_series(connexion, etendues, maintenant() if recu_le is None else recu_le)
            instants = {serie: lot.ms for serie, lot in par_serie.items()}
            self._mettre_a_jour_heures(connexion, instants)
            self._mettre_a_jour_ambiance(connexion, instants)
            self._ranger_quarantaine(connexion, comptes, echantillons)
            if nouveaux:
                self._incrementer_series(connexion, {serie: (premier, dernier) for serie, premier, dernier in etendues})
        return nouveaux

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
        if identifiant not in self._compteur_de:
            (energie,) = connexion.execute("SELECT energie FROM compteurs WHERE uai = ? AND compteur = ?", cle[:2]).fetchone()
            self._compteur_de[identifiant] = (uai, Energie(energie) if energie else None)
        return identifiant

    def _incrementer_series(self, connexion: sqlite3.Connection, etendues: dict[int, tuple[int, int]]) -> None:
        """Incrémente les générations des lycées et énergies de ces séries (noyau.stockage.generations),
        et celles des jours touchés : `etendues`, série → premier et dernier instant écrits (ms), élargis
        jusqu'au relevé d'avant (exclu : sa valeur ne change pas) et à celui d'après (les sondes
        n'interpolent pas : sans voisins)."""
        voisins = self._voisins(connexion, [(s, *e) for s, e in etendues.items() if self._natures[s] is not Nature.AMBIANCE])
        elargies = []
        for serie, (premier, dernier) in etendues.items():
            avant, apres = voisins.get(serie, (None, None))
            debut, fin = premier if avant is None else min(premier, avant + 1), dernier if apres is None else max(dernier, apres)
            elargies.append((*self._compteur_de[serie], debut / 1000, fin / 1000))
        incrementer(connexion, touchees_par_jour(elargies))

    @staticmethod
    def _voisins(connexion: sqlite3.Connection, etendues: list[tuple[int, int, int]]) -> dict[int, tuple]:
        """Pour chaque (série, premier, dernier instant en ms) : un instant au plus tard du relevé qui
        précède le premier, au plus tôt de celui qui suit le dernier (None : aucun), lus des agrégats
        horaires (purge comprise) : le premier de l'heure s'il précède, sinon le dernier de l'heure
        d'avant ; de même après."""
        voisins = {}
        for k in range(0, len(etendues), 200):
            paquet = etendues[k : k + 200]
            lignes = connexion.execute(
                f"WITH e(serie, a, b, ha, hb) AS (VALUES {', '.join(['(?, ?, ?, ?, ?)'] * len(paquet))}) SELECT serie,"
                " coalesce((SELECT t_premier FROM heures WHERE serie = e.serie AND heure = e.ha AND t_premier < e.a),"
                "          (SELECT t_dernier FROM heures WHERE serie = e.serie AND heure < e.ha ORDER BY heure DESC LIMIT 1)),"
                " coalesce((SELECT t_dernier FROM heures WHERE serie = e.serie AND heure = e.hb AND t_dernier > e.b),"
                "          (SELECT t_premier FROM heures WHERE serie = e.serie AND heure > e.hb ORDER BY heure LIMIT 1)) FROM e",
                [v for serie, a, b in paquet for v in (serie, a, b, a // _MS_PAR_HEURE, b // _MS_PAR_HEURE)],
            ).fetchall()
            voisins.update({serie: (avant, apres) for serie, avant, apres in lignes})
        return voisins

    @staticmethod
    def _etendre_series(connexion: sqlite3.Connection, etendues: list[tuple[int, int, int]], recu: float) -> None:
        """`etendues` : (série, premier, dernier instant en ms) de ce qui vient d'être écrit,
        reçu à l'instant `recu`."""
        connexion.executemany(
            "UPDATE series SET premier = min(premier, ?), dernier = max(dernier, ?),"
            " dernier_recu = max(dernier_recu, ?) WHERE id = ?",
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
        brutes = lire_plages(connexion, "releves", "ts, valeur", plages)
        series = brutes[:, 0].astype(np.int64)
        series_heures, heures = resumer_par_heure_series(series, self._index(series), brutes[:, 1] / 1000, brutes[:, 2])
        inserer_agregats(connexion, "heures", series_heures, heures)
        self._mettre_a_jour_jours(connexion, series_heures, heures.heure)

    def _mettre_a_jour_jours(self, connexion: sqlite3.Connection, series: np.ndarray, heures: np.ndarray) -> None:
        """Recalcule, des agrégats horaires, ceux des jours de Paris que ces heures (de ces séries) touchent."""
        jours = np.unique(np.column_stack((series, minuits_de_paris(heures))), axis=0)
        fins = minuits_de_paris(jours[:, 1] + 25)
        plages = list(zip(jours[:, 0].tolist(), jours[:, 1].tolist(), fins.tolist()))
        lignes = lire_plages(connexion, "heures", ", ".join(COLONNES_HEURE), plages)
        series_agregats = lignes[:, 0].astype(np.int64)
        series_jours, agregats = resumer_par_jour_series(series_agregats, self._index(series_agregats), agregats_lus(lignes[:, 1:]))
        inserer_agregats(connexion, "jours", series_jours, agregats)

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
            inserer_agregats(connexion, "heures", series, heures)
            self._mettre_a_jour_jours(connexion, series, heures.heure)
            etendue = (serie, round(heures.t_premier[0] * 1000), round(heures.t_dernier[-1] * 1000))
            self._etendre_series(connexion, [etendue], maintenant())
            self._incrementer_series(connexion, {serie: etendue[1:]})

    def lire_heures(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Heures:
        return self._lire_agregats("heures", (uai, compteur, grandeur.value), debut, fin)

    def lire_jours(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Heures:
        return self._lire_agregats("jours", (uai, compteur, grandeur.value), debut, fin)

    def _lire_agregats(self, table: str, cle: tuple[str, str, str], debut: float, fin: float) -> Heures:
        a, b = int(debut // 3600), int(-(-fin // 3600))
        lignes = self._lire(
            "WITH s AS (SELECT s.id FROM series s JOIN compteurs c ON c.id = s.compteur_id"
            "           WHERE c.uai = ? AND c.compteur = ? AND s.grandeur = ?)"
            f" SELECT {', '.join('h.' + c for c in COLONNES[table])} FROM {table} h, s WHERE h.serie = s.id"
            f" AND h.heure >= coalesce((SELECT max(heure) FROM {table} WHERE serie = s.id AND heure < ?), ?)"
            f" AND h.heure <= coalesce((SELECT min(heure) FROM {table} WHERE serie = s.id AND heure >= ?), ?)"
            " ORDER BY h.heure",
            (*cle, a, a, b, b),
        )
        return agregats_lus(lignes, table)

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
        with self._transaction() as connexion:  # un résultat lu des relevés bruts n'est plus le même
            incrementer(connexion, [REGISTRE])
        with self._traduire():  # executescript : la place libérée rendue en entier, puis le WAL vidé
            self._connexion().executescript("PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);")
        return supprimes

    def volumes(self) -> list[Volume]:
        uai_de = dict(self._lire("SELECT s.id, c.uai FROM series s JOIN compteurs c ON c.id = s.compteur_id"))
        noms = ", ".join(f"'{table}'" for tables in _TABLES_PAR_RESOLUTION.values() for table, _, _ in tables)
        octets = dict(self._lire(f"SELECT name, sum(pgsize) FROM dbstat WHERE name IN ({noms}) GROUP BY name"))
        volumes = []
        for resolution, tables in _TABLES_PAR_RESOLUTION.items():
            par_site: dict[str, list] = {}  # uai → lignes, octets, premier, dernier
            for table, premier, dernier in tables:
                par_serie = self._lire(f"SELECT serie, count(*), min({premier}), max({dernier}) FROM {table} GROUP BY serie")
                total = sum(lignes for _, lignes, _, _ in par_serie)
                for serie, lignes, debut, fin in par_serie:
                    cumul = par_site.setdefault(uai_de[serie], [0, 0.0, debut, fin])
                    cumul[:] = [cumul[0] + lignes, cumul[1] + octets.get(table, 0) * lignes / total, min(cumul[2], debut), max(cumul[3], fin)]
            volumes += [
                Volume(uai, resolution, lignes, round(taille), debut / 1000, fin / 1000)
                for uai, (lignes, taille, debut, fin) in par_site.items()
            ]
        return sorted(volumes, key=lambda v: (v.uai, RESOLUTIONS.index(v.resolution)))

    def verifier(self) -> None:
        self._lire("SELECT count(*) FROM sqlite_master")

    def fermer(self) -> None:
        """Ferme les connexions de tous les fils ; le stockage n'est plus utilisable ensuite."""
        with self._verrou:
            for connexion in self._ouvertes:
                connexion.close()
            self._ouvertes.clear()
