"""Les statistiques horaires des mesures d'ambiance dans InfluxDB : mesure `ambiance` (uai,
compteur, grandeur ; nombre, somme, minimum, maximum) au début de l'heure, réécrite à chaque
recalcul, gardée après la purge des relevés bruts. Pour `StockageInfluxDB`, qui fournit
`_transport`, `_lire` et `_lignes_series`.

`ecrire` recalcule les statistiques des heures qu'un lot touche des relevés de ces heures (déjà
là et nouveaux, qu'il relit de toute façon), avec la même fonction du noyau que SQLite
(`noyau.domaine.ambiance.resumer_ambiance_series`) : mêmes nombres.
"""

import numpy as np

from noyau.domaine.ambiance import HeuresAmbiance, resumer_ambiance_series
from noyau.domaine.modele import Grandeur
from noyau.domaine.temps import maintenant
from noyau.stockage.influxdb_gestion import NS_PAR_MS
from noyau.stockage.influxdb_lecture import MS_PAR_HEURE, colonnes, une_serie
from noyau.stockage.ligne import ligne, prefixe
from noyau.stockage.lots import Cle


class AmbianceInfluxDB:
    def lire_heures_ambiance(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> HeuresAmbiance:
        a, b = int(debut // 3600) * MS_PAR_HEURE, int(-(-fin // 3600)) * MS_PAR_HEURE
        (resultat,) = self._lire(
            f"SELECT nombre, somme, minimum, maximum FROM ambiance WHERE {une_serie((uai, compteur, grandeur))}"
            f" AND time >= {a}ms AND time < {b}ms"
        )
        lignes = colonnes(resultat, 5)
        return HeuresAmbiance((lignes[:, 0] // MS_PAR_HEURE).astype(np.int64), lignes[:, 1].astype(np.int64),
                              lignes[:, 2], lignes[:, 3], lignes[:, 4])

    def ecrire_heures_ambiance(self, uai: str, compteur: str, grandeur: Grandeur, heures: HeuresAmbiance) -> None:
        if not len(heures.heure):
            return
        cle = (uai, compteur, grandeur)
        extremes = {cle: (int(heures.heure[0]) * MS_PAR_HEURE, int(heures.heure[-1]) * MS_PAR_HEURE)}
        self._transport.ecrire(lignes_ambiance([cle], np.zeros(len(heures.heure), np.int64), heures) + self._lignes_series(extremes, maintenant()))
        self._verifier_compteurs([cle])
        self._incrementer_series({cle: (extremes[cle][0], extremes[cle][1] + MS_PAR_HEURE - 1)})


def resumer_ambiance(series: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, HeuresAmbiance]:
    """Les statistiques horaires de ces séries (instants en s, valeurs), toutes d'un coup : le rang
    de la série de chaque agrégat, et les agrégats."""
    rangs = np.repeat(np.arange(len(series)), [len(ts) for ts, _ in series]).astype(np.int64)
    ts = np.concatenate([ts for ts, _ in series] or [np.zeros(0)])
    valeurs = np.concatenate([valeurs for _, valeurs in series] or [np.zeros(0)])
    return resumer_ambiance_series(rangs, ts, valeurs)


def lignes_ambiance(cles: list[Cle], rangs: np.ndarray, heures: HeuresAmbiance) -> list[str]:
    """Une ligne par heure, celle de rang i de la série `cles[rangs[i]]`."""
    debuts = [prefixe("ambiance", {"uai": uai, "compteur": compteur, "grandeur": grandeur.value}) for uai, compteur, grandeur in cles]
    return [
        ligne(debuts[rang], {"nombre": nombre, "somme": somme, "minimum": minimum, "maximum": maximum}, h * MS_PAR_HEURE * NS_PAR_MS)
        for rang, h, nombre, somme, minimum, maximum in zip(
            rangs.tolist(), heures.heure.tolist(), heures.nombre.tolist(), heures.somme.tolist(),
            heures.minimum.tolist(), heures.maximum.tolist(),
        )
    ]
