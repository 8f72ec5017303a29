"""Les agrégats horaires et journaliers dans InfluxDB, justes même quand plusieurs collecteurs
écrivent les mêmes heures en même temps. Pour `StockageInfluxDB`, qui fournit `_transport`.

Avant d'écrire, un lot lit (une requête) les agrégats horaires des jours qu'il touche. Une heure
dont tous les relevés nouveaux suivent ceux de son agrégat (le direct, une rafale dans l'ordre) est
prolongée sans relire ses relevés bruts (`prolongements`, `noyau.domaine.agregats.
prolonger_par_heure_series` : les nombres du recalcul, à l'identique) ; une série qui a un relevé
en retard dans une heure relit les relevés bruts des heures touchées, et ses agrégats en sont
recalculés. Les jours sont recalculés de toutes leurs heures.

InfluxDB n'a pas de transaction : deux collecteurs qui écrivent en même temps la même heure écrivent
chacun un agrégat qui ignore les relevés de l'autre, et le dernier écrit l'emporte (à l'essai : trois
collecteurs d'un groupe, des heures de 60 relevés rangées avec 6). D'où, pour les membres d'un groupe
(`ecrivains_multiples`), une vérification après chaque écriture et avant que le collecteur n'acquitte :
pour chaque heure touchée, le nombre de relevés bruts (compté par InfluxDB) doit être le `nombre` de
l'agrégat (ou des statistiques horaires d'une mesure d'ambiance), et le `nombre` de chaque jour touché
la somme de ceux de ses heures ; sinon l'heure est recalculée de ses relevés bruts (le jour de ses
heures) et réécrite, puis vérifiée de nouveau. Un agrégat compte des relevés bruts déjà écrits (ceux
qu'il a lus ou prolongés, et ceux de son lot, écrits avant la vérification) : il en compte au plus
autant qu'il y en a, et à nombre égal ce sont les mêmes ; de même un jour calculé d'heures d'avant une
correction en compte moins que ses heures corrigées. Chaque écrivain vérifie après sa dernière
écriture : la dernière vérification voit tous les relevés et le dernier agrégat écrit, et le corrige
s'il le faut. Ce que cela coûte, par lot : une requête de comptes (relevés bruts par heure, `nombre`
des heures et des jours touchés). Un collecteur seul ne la fait pas : plusieurs collecteurs sur une
même base sont les membres d'un groupe (`--groupe`), chaque message à un seul.
"""

import functools

import numpy as np

from noyau.domaine.agregats import (
    Heures,
    minuits_de_paris,
    plages_contigues,
    prolonger_par_heure_series,
    resumer_par_heure_series,
    resumer_par_jour_series,
)
from noyau.domaine.erreurs import ErreurStockage
from noyau.domaine.modele import Grandeur, Nature
from noyau.stockage.influxdb_ambiance import lignes_ambiance, resumer_ambiance
from noyau.stockage.influxdb_gestion import NS_PAR_MS
from noyau.stockage.influxdb_lecture import MS_PAR_HEURE, choix_series, en_heures
from noyau.stockage.ligne import lignes_en_colonnes, prefixe
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
        if not len(heures):
            return
        jours = np.unique(np.column_stack((rangs, minuits_de_paris(heures))), axis=0)
        fins = minuits_de_paris(jours[:, 1] + 25)
        plages: dict[Cle, list[tuple[int, int]]] = {}
        for rang, debut, fin in zip(jours[:, 0].tolist(), jours[:, 1].tolist(), fins.tolist()):
            plages.setdefault(cles[rang], []).append((debut * MS_PAR_HEURE, fin * MS_PAR_HEURE))
        self._transport.ecrire(lignes_jours(cles, heures_lues(cles, self._lire_plages("heure", CHAMPS["heure"], plages))))

    def _lire_plages(self, mesure: str, champs: str, plages: dict[Cle, list[tuple[int, int]]]) -> dict[Cle, list[list]]:
        """Les points (temps en ms, puis les champs) de ces plages [ms, ms) de chaque série."""
        return series_lues(self._transport.requete(instructions_par_plage(champs, mesure, plages)), plages)

    def _verifier_agregats(self, plages: dict[Cle, list[tuple[int, int]]]) -> bool:
        """Vérifie (et corrige) les agrégats des heures `plages` [ms, ms) de chaque série (les
        statistiques horaires pour une mesure d'ambiance), et de leurs jours, jusqu'à ce qu'une
        vérification ne change plus rien ; vrai si elle a corrigé. Une vérification est une requête de
        comptes : relevés bruts par heure, `nombre` des heures, des heures de chaque jour touché, des jours."""
        cles = [cle for cle in plages if cle[2].nature is not Nature.AMBIANCE]
        rangs = {cle: rang for rang, cle in enumerate(cles)}
        jours = jours_touches(cles, plages)
        corrige = False
        for _ in range(VERIFICATIONS_MAX):
            fausses, jours_faux = self._comptes_faux(plages, jours)
            heures = [(cle, ms) for cle, liste in fausses.items() if cle in rangs for ms in liste]
            for mesure in ("heure", "ambiance"):
                choisies = {cle: liste for cle, liste in fausses.items() if (mesure == "ambiance") == (cle not in rangs)}
                if choisies:
                    self._recalculer_heures(list(choisies), choisies)
            a_refaire = heures + jours_faux  # les jours des heures recalculées, et les jours faux
            if a_refaire:
                self._mettre_a_jour_jours(cles, np.array([rangs[cle] for cle, _ in a_refaire], np.int64),
                                          np.array([ms // MS_PAR_HEURE for _, ms in a_refaire], np.int64))
            if not fausses and not jours_faux:
                return corrige
            corrige = True
        raise ErreurStockage("agrégats InfluxDB encore changés par un autre écrivain après "
                             f"{VERIFICATIONS_MAX} vérifications : le lot sera rejoué")

    def _comptes_faux(self, plages: dict[Cle, list[tuple[int, int]]], jours: dict[Cle, list[tuple[int, int]]]):
        """Les heures (ms, par série) dont l'agrégat ne compte pas autant de relevés qu'InfluxDB en
        a, et les jours (série, minuit en ms) qui ne comptent pas autant de relevés que leurs heures."""
        ambiantes = {cle: liste for cle, liste in plages.items() if cle[2].nature is Nature.AMBIANCE}
        energies = {cle: liste for cle, liste in plages.items() if cle[2].nature is not Nature.AMBIANCE}
        parties = [
            instructions_par_plage("count(valeur)", "releve", plages, "time(1h), "),
            instructions_par_plage("nombre", "heure", energies), instructions_par_plage("nombre", "ambiance", ambiantes),
            instructions_par_plage("nombre", "heure", jours), instructions_par_plage("nombre", "jour", jours),
        ]
        resultats = self._transport.requete([instruction for partie in parties for instruction in partie])
        lus, debut = [], 0
        for partie in parties:
            lus.append(_valeurs(resultats[debut:debut + len(partie)]))
            debut += len(partie)
        comptes, nombres_heures, nombres_ambiance, heures_des_jours, nombres_jours = lus
        nombres_heures |= nombres_ambiance
        fausses: dict[Cle, list[int]] = {}
        for (cle, ms), compte in comptes.items():
            if compte and nombres_heures.get((cle, ms)) != compte:
                fausses.setdefault(cle, []).append(ms)
        sommes: dict[tuple[Cle, int], int] = {}
        if heures_des_jours:
            instants = np.array([ms for _, ms in heures_des_jours], np.int64)
            minuits = (minuits_de_paris(instants // MS_PAR_HEURE) * MS_PAR_HEURE).tolist()
            for ((cle, _), nombre), minuit in zip(heures_des_jours.items(), minuits):
                sommes[(cle, minuit)] = sommes.get((cle, minuit), 0) + nombre
        jours_faux = [(cle, minuit) for (cle, minuit), somme in sommes.items() if nombres_jours.get((cle, minuit)) != somme]
        return fausses, jours_faux

    def _recalculer_heures(self, cles: list[Cle], heures_fausses: dict[Cle, list[int]]) -> None:
        """Recalcule ces heures de leurs relevés bruts et les réécrit (des séries toutes d'ambiance, ou aucune)."""
        plages = {
            cle: [(a * MS_PAR_HEURE, (b + 1) * MS_PAR_HEURE) for a, b in plages_contigues(sorted(ms // MS_PAR_HEURE for ms in liste))]
            for cle, liste in heures_fausses.items()
        }
        lus = self._lire_plages("releve", "valeur", plages)
        series = []
        for cle in cles:
            donnees = np.array(sorted(lus[cle]), dtype=np.float64).reshape(-1, 2)
            series.append((donnees[:, 0] / 1000, donnees[:, 1]))
        if cles[0][2].nature is Nature.AMBIANCE:
            self._transport.ecrire(lignes_ambiance(cles, *resumer_ambiance(series)))
        else:
            self._transport.ecrire(lignes_agregats("heure", cles, *resumer_par_heure_cles(cles, series)))


def series_lues(resultats: list[list[dict]], plages: dict[Cle, list[tuple[int, int]]]) -> dict[Cle, list[list]]:
    """Les points lus (`instructions_par_plage` sans `temps`) de chaque série de `plages`, même sans point."""
    lus: dict[Cle, list[list]] = {cle: [] for cle in plages}
    for resultat in resultats:
        for serie in resultat:
            etiquettes = serie["tags"]
            cle = (etiquettes["uai"], etiquettes["compteur"], Grandeur(etiquettes["grandeur"]))
            if cle in lus:  # une lecture sans choix de séries donne aussi les autres
                lus[cle] += serie["values"]
    return lus


def heures_lues(cles: list[Cle], lues: dict[Cle, list[list]]) -> np.ndarray:
    """Des agrégats horaires lus (champs de CHAMPS["heure"], instants en ms), une ligne chacun :
    rang de la série dans `cles`, puis les champs tels que lus."""
    blocs = [
        np.column_stack((np.full(len(lignes), rang), np.array(lignes, dtype=np.float64)))
        for rang, cle in enumerate(cles) if (lignes := lues.get(cle))
    ]
    return np.concatenate(blocs) if blocs else np.zeros((0, 8))


def prolongements(cles: list[Cle], instants: list[np.ndarray], lues: np.ndarray, relues) -> tuple[np.ndarray, set[Cle]]:
    """Ce qu'un lot range sans relire de relevés bruts. `instants` : ses relevés (ms, triés) de
    chaque série de `cles` ; `lues` : les agrégats horaires de ses jours (`heures_lues`) ; `relues` :
    des séries dont les relevés bruts sont déjà lus (ni prolongées, ni à relire). Une heure
    sans agrégat, ou dont les relevés nouveaux suivent tous ceux de son agrégat, est prolongée ;
    sinon (un relevé en retard dans l'heure) sa série est à relire.

    L'agrégat d'une heure compte tous ses relevés bruts, sauf pendant une écriture interrompue : le
    lot rejoué (mêmes relevés, mêmes valeurs) la répare. Relevés écrits sans leurs agrégats : ils
    sont réécrits et comptés une fois ; agrégats écrits sans les relevés : le lot ne suit plus son
    agrégat, l'heure est relue et recalculée. Deux écrivains des mêmes heures : voir la vérification
    des membres d'un groupe (`_verifier_agregats`).
    Renvoie les agrégats prolongés (lignes de `lues`) et les séries à relire."""
    lignes = {(int(rang), int(ms)): ligne for rang, ms, ligne in zip(lues[:, 0], lues[:, 1], lues)}
    prolongees, a_relire = [], set()
    for rang, (cle, ms) in enumerate(zip(cles, instants)):
        if cle in relues:
            continue
        heures, premiers = heures_et_premiers(ms)
        gardees = []
        for heure, premier in zip((heures * MS_PAR_HEURE).tolist(), premiers.tolist()):
            ligne = lignes.get((rang, heure))
            if ligne is None:
                continue
            if premier <= ligne[5]:
                a_relire.add(cle)
                break
            gardees.append(ligne)
        else:
            prolongees += gardees
    return (np.array(prolongees) if prolongees else np.zeros((0, 8))), a_relire


def lignes_jours(cles: list[Cle], lignes: np.ndarray) -> list[str]:
    """Les agrégats des jours de ces agrégats horaires (lignes de `heures_lues`) : tous ceux de
    chaque jour concerné."""
    if not len(lignes):
        return []
    lignes = np.unique(lignes, axis=0)  # par série, puis par heure
    rangs_heures = lignes[:, 0].astype(np.int64)
    index = np.array([cle[2].nature is Nature.INDEX for cle in cles])[rangs_heures]
    rangs_jours, agregats = resumer_par_jour_series(rangs_heures, index, en_heures(lignes[:, 1:]))
    return lignes_agregats("jour", cles, rangs_jours, agregats)


def lignes_jours_d_un_lot(cles: list[Cle], lues: np.ndarray, rangs: np.ndarray, heures: Heures) -> list[str]:
    """Les jours des heures d'un lot (`rangs`, `heures`, écrites avec eux), de leurs agrégats horaires
    `lues` avant l'écriture (`heures_lues`, tous ceux de ces jours) : les heures du lot remplacent
    celles lues. Les mêmes jours que `_mettre_a_jour_jours` après l'écriture, sans relire."""
    if not len(heures.heure):
        return []
    ms = heures.heure * MS_PAR_HEURE
    ecrites = np.column_stack((
        rangs, ms, heures.nombre, np.round(heures.t_premier * 1000), heures.v_premier,
        np.round(heures.t_dernier * 1000), heures.v_dernier, heures.interne,
    )).astype(np.float64)
    remplacees = np.isin(_cles_d_heures(lues[:, 0], lues[:, 1]), _cles_d_heures(rangs, ms))
    return lignes_jours(cles, np.concatenate((lues[~remplacees], ecrites)))


def _cles_d_heures(rangs: np.ndarray, ms: np.ndarray) -> np.ndarray:
    """Une clé entière par (série, heure)."""
    return rangs.astype(np.int64) * (1 << 32) + (ms // MS_PAR_HEURE).astype(np.int64)


def jours_touches(cles: list[Cle], plages: dict[Cle, list[tuple[int, int]]]) -> dict[Cle, list[tuple[int, int]]]:
    """Les plages [ms, ms) des jours de Paris que ces plages d'heures touchent, par série."""
    heures = np.array([(rang, ms // MS_PAR_HEURE) for rang, cle in enumerate(cles) for a, b in plages[cle]
                       for ms in range(a, b, MS_PAR_HEURE)], np.int64).reshape(-1, 2)
    paires = np.unique(np.column_stack((heures[:, 0], minuits_de_paris(heures[:, 1]))), axis=0)
    fins = minuits_de_paris(paires[:, 1] + 25)
    jours: dict[Cle, list[tuple[int, int]]] = {cle: [] for cle in cles}
    for rang, debut, fin in zip(paires[:, 0].tolist(), paires[:, 1].tolist(), fins.tolist()):
        jours[cles[rang]].append((debut * MS_PAR_HEURE, fin * MS_PAR_HEURE))
    return jours


def instructions_par_plage(
    selection: str, mesure: str, plages: dict[Cle, list[tuple[int, int]]], temps: str = "", series_en_tout: int | None = None
) -> list[str]:
    """Les requêtes de `selection` dans ces plages [ms, ms) de chaque série, regroupées par série
    (et par `temps`, sans les intervalles vides). Une plage qu'au moins le tiers des `series_en_tout`
    partagent est lue sans choix de séries, celles de trop ignorées à la lecture : InfluxDB 1.6
    répond trois fois plus vite (2 000 séries : 54 ms au lieu de 20 fois 8 ms par paquets de 100)."""
    series_par_plage: dict[tuple[int, int], list[Cle]] = {}
    for cle, plages_serie in plages.items():
        for plage in plages_serie:
            series_par_plage.setdefault(plage, []).append(cle)
    vides = " fill(none)" if temps else ""
    return [
        f"SELECT {selection} FROM {mesure} WHERE time >= {a}ms AND time < {b}ms{choix} GROUP BY {temps}uai, compteur, grandeur{vides}"
        for (a, b), cles in series_par_plage.items()
        for choix in (
            [""] if series_en_tout and 3 * len(cles) >= series_en_tout else [f" AND ({choix})" for choix in choix_series(cles)]
        )
    ]


def _valeurs(resultats: list[list[dict]]) -> dict[tuple[Cle, int], int]:
    """(série, instant en ms) → la valeur entière lue."""
    valeurs = {}
    for resultat in resultats:
        for serie in resultat:
            etiquettes = serie["tags"]
            cle = (etiquettes["uai"], etiquettes["compteur"], Grandeur(etiquettes["grandeur"]))
            valeurs.update({(cle, int(ms)): int(valeur) for ms, valeur in serie["values"] if valeur is not None})
    return valeurs


def etiquettes(cle: Cle) -> dict[str, str]:
    return {"uai": cle[0], "compteur": cle[1], "grandeur": cle[2].value}


def plages_touchees(instants: np.ndarray) -> list[tuple[int, int]]:
    """Les plages [ms, ms) des heures pleines que ces instants (ms, triés) touchent."""
    heures = heures_et_premiers(instants)[0].tolist()
    return [(premiere * MS_PAR_HEURE, (derniere + 1) * MS_PAR_HEURE) for premiere, derniere in plages_contigues(heures)]


def heures_et_premiers(instants: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pour des instants triés (ms) : leurs heures distinctes (instant // MS_PAR_HEURE) et le premier
    instant de chacune."""
    heures = instants // MS_PAR_HEURE
    premiers = np.ones(len(heures), bool)
    premiers[1:] = heures[1:] != heures[:-1]
    return heures[premiers], instants[premiers]


def resumer_par_heure_cles(
    cles: list[Cle], series: list[tuple[np.ndarray, np.ndarray]], prolongees: np.ndarray | None = None
) -> tuple[np.ndarray, Heures]:
    """Les agrégats horaires de ces séries (instants, valeurs) : le rang de la série de chaque agrégat,
    et les agrégats ; `prolongees` : des agrégats lus (lignes de `heures_lues`) que ces relevés
    prolongent (`prolongements`)."""
    rangs = np.repeat(np.arange(len(cles)), [len(ts) for ts, _ in series]).astype(np.int64)
    index_cles = np.array([cle[2].nature is Nature.INDEX for cle in cles], dtype=bool)
    ts = np.concatenate([ts for ts, _ in series] or [np.zeros(0)])
    if not len(ts):
        return rangs, en_heures(np.zeros((0, 7)))
    valeurs = np.concatenate([valeurs for _, valeurs in series])
    if prolongees is None or not len(prolongees):
        return resumer_par_heure_series(rangs, index_cles[rangs], ts, valeurs)
    rangs_lus = prolongees[:, 0].astype(np.int64)
    return prolonger_par_heure_series(en_heures(prolongees[:, 1:]), rangs_lus, index_cles[rangs_lus], rangs, index_cles[rangs], ts, valeurs)


def lignes_agregats(mesure: str, cles: list[Cle], rangs: np.ndarray, heures: Heures) -> list[str]:
    """Une ligne par agrégat, celui de rang i de la série `cles[rangs[i]]`."""
    colonnes = {
        "nombre": heures.nombre.astype(np.int64),
        "t_premier": np.round(heures.t_premier * 1000).astype(np.int64), "v_premier": heures.v_premier,
        "t_dernier": np.round(heures.t_dernier * 1000).astype(np.int64), "v_dernier": heures.v_dernier,
        "interne": heures.interne,
    }
    if heures.ecart_max is not None:
        colonnes["ecart_max"] = heures.ecart_max
    debuts = [prefixe_de_serie(mesure, cles[rang]) for rang in rangs.tolist()]
    return lignes_en_colonnes(debuts, colonnes, (heures.heure * MS_PAR_HEURE * NS_PAR_MS).tolist())


@functools.lru_cache(maxsize=100_000)
def prefixe_de_serie(mesure: str, cle: Cle) -> str:
    """`mesure,compteur=…,grandeur=…,uai=…` : le début des lignes d'une série, échappé une fois."""
    return prefixe(mesure, etiquettes(cle))
