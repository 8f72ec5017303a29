"""Les statistiques horaires des mesures d'ambiance dans le fichier SQLite (table `ambiance` :
série, heure, nombre, somme, minimum, maximum), pour `StockageSQLite`, qui fournit `_natures`,
`_serie`, `_etendre_series`, `_transaction` et `_lire`.

Chaque lot écrit recalcule, des relevés bruts, les statistiques des heures qu'il touche (retards
et doublons compris), avec la même fonction du noyau qu'InfluxDB
(`noyau.domaine.ambiance.resumer_ambiance_series`) ; la purge ne les touche pas.
"""

import sqlite3

import numpy as np

from noyau.domaine.agregats import plages_contigues
from noyau.domaine.ambiance import HeuresAmbiance, resumer_ambiance_series
from noyau.domaine.modele import Grandeur, Nature
from noyau.domaine.temps import maintenant
from noyau.stockage.sqlite_agregats import lire_plages

MS_PAR_HEURE = 3_600_000


class AmbianceSQLite:
    def _mettre_a_jour_ambiance(self, connexion: sqlite3.Connection, instants: dict[int, np.ndarray]) -> None:
        """Recalcule les statistiques des heures touchées par ce lot (`instants` : ceux du lot, en
        ms, par série), pour les séries sans énergie."""
        plages = [
            (serie, premiere * MS_PAR_HEURE, (derniere + 1) * MS_PAR_HEURE)
            for serie, ms in instants.items() if self._natures[serie] is Nature.AMBIANCE
            for premiere, derniere in plages_contigues(np.unique(ms // MS_PAR_HEURE).tolist())
        ]
        if plages:
            brutes = lire_plages(connexion, "releves", "ts, valeur", plages)
            _inserer(connexion, *resumer_ambiance_series(brutes[:, 0].astype(np.int64), brutes[:, 1] / 1000, brutes[:, 2]))

    def lire_heures_ambiance(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> HeuresAmbiance:
        lignes = self._lire(
            "SELECT a.heure, a.nombre, a.somme, a.minimum, a.maximum FROM series s"
            " JOIN compteurs c ON c.id = s.compteur_id JOIN ambiance a ON a.serie = s.id"
            " WHERE c.uai = ? AND c.compteur = ? AND s.grandeur = ? AND a.heure >= ? AND a.heure < ? ORDER BY a.heure",
            (uai, compteur, grandeur.value, int(debut // 3600), int(-(-fin // 3600))),
        )
        colonnes = np.array(lignes, dtype=np.float64).reshape(-1, 5).T
        return HeuresAmbiance(colonnes[0].astype(np.int64), colonnes[1].astype(np.int64), colonnes[2], colonnes[3], colonnes[4])

    def ecrire_heures_ambiance(self, uai: str, compteur: str, grandeur: Grandeur, heures: HeuresAmbiance) -> None:
        if not len(heures.heure):
            return
        with self._transaction() as connexion:
            serie = self._serie(connexion, uai, compteur, grandeur)
            _inserer(connexion, np.full(len(heures.heure), serie), heures)
            etendue = (serie, int(heures.heure[0]) * MS_PAR_HEURE, int(heures.heure[-1]) * MS_PAR_HEURE)
            self._etendre_series(connexion, [etendue], maintenant())
            self._incrementer_series(connexion, {serie: (etendue[1], etendue[2] + MS_PAR_HEURE - 1)})


def _inserer(connexion: sqlite3.Connection, series: np.ndarray, heures: HeuresAmbiance) -> None:
    colonnes = (series, heures.heure, heures.nombre, heures.somme, heures.minimum, heures.maximum)
    connexion.executemany("INSERT OR REPLACE INTO ambiance VALUES (?, ?, ?, ?, ?, ?)", zip(*(c.tolist() for c in colonnes)))
