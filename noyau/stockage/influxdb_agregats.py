"""Les agrégats horaires et journaliers dans InfluxDB, justes même quand plusieurs collecteurs
écrivent les mêmes heures en même temps. Pour `StockageInfluxDB`, qui fournit `_transport` et
`_lire_plages`.

InfluxDB n'a pas de transaction : `ecrire` relit les relevés d'une heure, y ajoute les siens et
réécrit l'agrégat ; deux collecteurs qui le font en même temps pour la même heure écrivent chacun
un agrégat qui ignore les relevés de l'autre, et le dernier écrit l'emporte (à l'essai : trois
collecteurs d'un groupe, des heures de 60 relevés rangées avec 6). D'où une vérification, après
chaque écriture et avant que le collecteur n'acquitte : pour chaque heure touchée, le nombre de
relevés bruts (compté par InfluxDB) doit être le `nombre` de l'agrégat (ou des statistiques
horaires d'une mesure d'ambiance), et chaque jour touché doit
être celui qu'on recalcule de ses heures ; sinon l'heure est recalculée de ses relevés bruts (le
jour de ses heures) et réécrite, puis vérifiée de nouveau. Un agrégat est toujours calculé d'une
lecture des relevés bruts, qui ne font que s'ajouter (le premier reçu reste) : à nombre égal, ce
sont les mêmes relevés. Chaque écrivain vérifie après sa dernière écriture : la dernière
vérification voit tous les relevés et le dernier agrégat écrit, et le corrige s'il le faut. Ce que
les agrégats commutent ainsi coûte, par lot, un comptage et une lecture des agrégats touchés.
"""

import numpy as np

from noyau.domaine.agregats import Heures, minuits_de_paris, plages_contigues, resumer_par_heure_series, resumer_par_jour_series
from noyau.domaine.erreurs import ErreurStockage
from noyau.domaine.modele import Grandeur, Nature
from noyau.stockage.influxdb_ambiance import lignes_ambiance, resumer_ambiance
from noyau.stockage.influxdb_gestion import NS_PAR_MS
from noyau.stockage.influxdb_lecture import MS_PAR_HEURE, choix_series, en_heures
from noyau.stockage.ligne import ligne, prefixe
from noyau.stockage.lots import Cle

CHAMPS = {
    "heure": "nombre, t_premier, v_premier, t_dernier, v_dernier, interne",
    "jour": "nombre, t_premier, v_premier, t_dernier, v_dernier, interne, ecart_max",
}
VERIFICATIONS_MAX = 8  # au-delà, le lot échoue (spool, rejeu) plutôt que de laisser un agrégat faux


class AgregatsInfluxDB:
    def _mettre_a_jour_jours(self, cles: list[Cle], rangs: np.ndarray, heures: np.ndarray) -> None:
        """Recalcule, des agrégats horaires, ceux des jours de Paris que ces heures (de la série
        `cles[rang]`) touchent, toutes les séries d'un coup."""
        attendus = self._jours_recalcules(cles, rangs, heures)
        if attendus:
            self._transport.ecrire(lignes_agregats("jour", cles, *attendus[:2]))

    def _jours_recalcules(self, cles: list[Cle], rangs: np.ndarray, heures: np.ndarray) -> tuple | None:
        """(rang de la série de chaque jour, agrégats des jours, plages [ms, ms) lues par série)."""
        if not len(heures):
            return None
        jours = np.unique(np.column_stack((rangs, minuits_de_paris(heures))), axis=0)
        fins = minuits_de_paris(jours[:, 1] + 25)
        plages: dict[Cle, list[tuple[int, int]]] = {}
        for rang, debut, fin in zip(jours[:, 0].tolist(), jours[:, 1].tolist(), fins.tolist()):
            plages.setdefault(cles[rang], []).append((debut * MS_PAR_HEURE, fin * MS_PAR_HEURE))
        lues = self._lire_plages("heure", CHAMPS["heure"], plages)
        blocs = [
            np.column_stack((np.full(len(lignes), rang), np.array(lignes, dtype=np.float64)))
            for rang, cle in enumerate(cles) if (lignes := lues.get(cle))
        ]
        if not blocs:
            return None
        lignes = np.unique(np.concatenate(blocs), axis=0)  # par série, puis par heure
        rangs_heures = lignes[:, 0].astype(np.int64)
        index = np.array([cle[2].nature is Nature.INDEX for cle in cles])[rangs_heures]
        rangs_jours, agregats = resumer_par_jour_series(rangs_heures, index, en_heures(lignes[:, 1:]))
        return rangs_jours, agregats, plages

    def _verifier_agregats(self, plages: dict[Cle, list[tuple[int, int]]]) -> bool:
        """Vérifie (et corrige) les agrégats des heures `plages` [ms, ms) de chaque série (les
        statistiques horaires pour une mesure d'ambiance), et de leurs jours, jusqu'à ce qu'une
        vérification ne change plus rien ; vrai si elle a corrigé."""
        cles = [cle for cle in plages if cle[2].nature is not Nature.AMBIANCE]
        ambiantes = {cle: plages_serie for cle, plages_serie in plages.items() if cle[2].nature is Nature.AMBIANCE}
        plages = {cle: plages[cle] for cle in cles}
        corrige = False
        for _ in range(VERIFICATIONS_MAX):
            heures_fausses = self._heures_fausses("heure", plages)
            if heures_fausses:
                self._recalculer_heures(cles, heures_fausses)
            statistiques_fausses = self._heures_fausses("ambiance", ambiantes)
            if statistiques_fausses:
                self._recalculer_heures(list(statistiques_fausses), statistiques_fausses)
            if not self._corriger_jours(cles, plages) and not heures_fausses and not statistiques_fausses:
                return corrige
            corrige = True
        raise ErreurStockage("agrégats InfluxDB encore changés par un autre écrivain après "
                             f"{VERIFICATIONS_MAX} vérifications : le lot sera rejoué")

    def _heures_fausses(self, mesure: str, plages: dict[Cle, list[tuple[int, int]]]) -> dict[Cle, list[int]]:
        """Les heures (ms) dont l'agrégat (`heure` ou `ambiance`) ne compte pas autant de relevés
        qu'InfluxDB en a."""
        if not plages:
            return {}
        comptes = self._compter_releves(plages)
        nombres = {
            (cle, int(ms)): int(nombre)
            for cle, lignes in self._lire_plages(mesure, "nombre", plages).items() for ms, nombre in lignes
        }
        fausses: dict[Cle, list[int]] = {}
        for (cle, ms), compte in comptes.items():
            if compte and nombres.get((cle, ms)) != compte:
                fausses.setdefault(cle, []).append(ms)
        return fausses

    def _compter_releves(self, plages: dict[Cle, list[tuple[int, int]]]) -> dict[tuple[Cle, int], int]:
        series_par_plage: dict[tuple[int, int], list[Cle]] = {}
        for cle, plages_serie in plages.items():
            for plage in plages_serie:
                series_par_plage.setdefault(plage, []).append(cle)
        instructions = [
            f"SELECT count(valeur) FROM releve WHERE time >= {a}ms AND time < {b}ms AND ({choix})"
            " GROUP BY time(1h), uai, compteur, grandeur fill(none)"
            for (a, b), cles in series_par_plage.items()
            for choix in choix_series(cles)
        ]
        comptes = {}
        for resultat in self._transport.requete(instructions):
            for serie in resultat:
                etiquettes = serie["tags"]
                cle = (etiquettes["uai"], etiquettes["compteur"], Grandeur(etiquettes["grandeur"]))
                comptes.update({(cle, int(ms)): int(compte) for ms, compte in serie["values"]})
        return comptes

    def _recalculer_heures(self, cles: list[Cle], heures_fausses: dict[Cle, list[int]]) -> None:
        """Recalcule ces heures de leurs relevés bruts et les réécrit (des séries toutes d'ambiance, ou aucune)."""
        plages = {
            cle: [(a * MS_PAR_HEURE, (b + 1) * MS_PAR_HEURE) for a, b in plages_contigues(sorted(ms // MS_PAR_HEURE for ms in liste))]
            for cle, liste in heures_fausses.items()
        }
        lus = self._lire_plages("releve", "valeur", plages)
        a_refaire = [cle for cle in cles if cle in plages]
        series = []
        for cle in a_refaire:
            donnees = np.array(sorted(lus[cle]), dtype=np.float64).reshape(-1, 2)
            series.append((donnees[:, 0] / 1000, donnees[:, 1]))
        if a_refaire[0][2].nature is Nature.AMBIANCE:
            self._transport.ecrire(lignes_ambiance(a_refaire, *resumer_ambiance(series)))
        else:
            self._transport.ecrire(lignes_agregats("heure", a_refaire, *resumer_par_heure_cles(a_refaire, series)))

    def _corriger_jours(self, cles: list[Cle], plages: dict[Cle, list[tuple[int, int]]]) -> bool:
        """Réécrit les jours touchés qui ne sont pas ceux qu'on recalcule de leurs heures ; True s'il y en a."""
        rangs = np.array([rang for rang, cle in enumerate(cles) for a, b in plages[cle] for _ in range(a, b, MS_PAR_HEURE)], np.int64)
        heures = np.array([h // MS_PAR_HEURE for cle in cles for a, b in plages[cle] for h in range(a, b, MS_PAR_HEURE)], np.int64)
        attendus = self._jours_recalcules(cles, rangs, heures)
        if attendus is None:
            return False
        rangs_jours, jours, plages_jours = attendus
        lus = self._lire_plages("jour", CHAMPS["jour"], plages_jours)
        ranges = {(cle, int(ligne_lue[0]) // MS_PAR_HEURE): ligne_lue[1:] for cle, lignes in lus.items() for ligne_lue in lignes}
        differents = [
            k for k, (rang, heure) in enumerate(zip(rangs_jours.tolist(), jours.heure.tolist()))
            if not _egaux(ranges.get((cles[rang], heure)), jours, k)
        ]
        if not differents:
            return False
        choisis = np.array(differents)
        self._transport.ecrire(lignes_agregats("jour", cles, rangs_jours[choisis], _extraire(jours, choisis)))
        return True


def _egaux(range_: list | None, jours: Heures, k: int) -> bool:
    if range_ is None:
        return False
    attendu = [jours.nombre[k], round(jours.t_premier[k] * 1000), jours.v_premier[k], round(jours.t_dernier[k] * 1000),
               jours.v_dernier[k], jours.interne[k], jours.ecart_max[k]]
    return bool(np.allclose(np.array(range_, dtype=np.float64), np.array(attendu, dtype=np.float64), rtol=1e-12, atol=1e-9))


def _extraire(heures: Heures, choisis: np.ndarray) -> Heures:
    return Heures(*(None if colonne is None else colonne[choisis] for colonne in (
        heures.heure, heures.nombre, heures.t_premier, heures.v_premier, heures.t_dernier, heures.v_dernier,
        heures.interne, heures.ecart_max)))


def etiquettes(cle: Cle) -> dict[str, str]:
    return {"uai": cle[0], "compteur": cle[1], "grandeur": cle[2].value}


def plages_touchees(instants) -> list[tuple[int, int]]:
    """Les plages [ms, ms) des heures pleines que ces instants (ms) touchent."""
    heures = sorted({ms // MS_PAR_HEURE for ms in instants})
    return [(premiere * MS_PAR_HEURE, (derniere + 1) * MS_PAR_HEURE) for premiere, derniere in plages_contigues(heures)]


def resumer_par_heure_cles(cles: list[Cle], series: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, Heures]:
    """Les agrégats horaires de ces séries (instants, valeurs) : le rang de la série de chaque agrégat, et les agrégats."""
    rangs = np.repeat(np.arange(len(cles)), [len(ts) for ts, _ in series]).astype(np.int64)
    index = np.array([cle[2].nature is Nature.INDEX for cle in cles], dtype=bool)[rangs]
    ts = np.concatenate([ts for ts, _ in series] or [np.zeros(0)])
    if not len(ts):
        return rangs, en_heures(np.zeros((0, 7)))
    return resumer_par_heure_series(rangs, index, ts, np.concatenate([valeurs for _, valeurs in series]))


def lignes_agregats(mesure: str, cles: list[Cle], rangs: np.ndarray, heures: Heures) -> list[str]:
    """Une ligne par agrégat, celui de rang i de la série `cles[rangs[i]]`."""
    debuts = [prefixe(mesure, etiquettes(cle)) for cle in cles]
    colonnes = {
        "nombre": heures.nombre.tolist(),
        "t_premier": np.round(heures.t_premier * 1000).astype(np.int64).tolist(), "v_premier": heures.v_premier.tolist(),
        "t_dernier": np.round(heures.t_dernier * 1000).astype(np.int64).tolist(), "v_dernier": heures.v_dernier.tolist(),
        "interne": heures.interne.tolist(),
    }
    if heures.ecart_max is not None:
        colonnes["ecart_max"] = heures.ecart_max.tolist()
    return [
        ligne(debuts[rang], dict(zip(colonnes, valeurs)), h * MS_PAR_HEURE * NS_PAR_MS)
        for rang, h, *valeurs in zip(rangs.tolist(), heures.heure.tolist(), *colonnes.values())
    ]
