"""Le stockage InfluxDB (1.x, 2.x, 3.x) : tout dans une base (1.x) ou un bucket (2.x, 3.x).

La base n'a pas de rétention côté serveur : c'est Enerlycée qui purge les relevés bruts
(`purger`), les agrégats horaires et le registre restent. Mesures (étiquettes ; champs) :

- `releve` (uai, compteur, grandeur ; valeur, source) à l'instant du relevé, à la
  milliseconde. La première valeur reçue reste : un lot qui suit les relevés de ses heures
  prolonge leurs agrégats ; sinon `ecrire` relit ces heures, n'écrit que les relevés nouveaux et
  recalcule leurs agrégats avec la même fonction du noyau que SQLite
  (`noyau.domaine.agregats.resumer_par_heure`) : mêmes nombres, à l'identique
  (noyau.stockage.influxdb_agregats).
- `heure` (uai, compteur, grandeur ; nombre, t_premier, v_premier, t_dernier, v_dernier,
  interne) au début de l'heure : les agrégats horaires, réécrits à chaque recalcul ; `jour`,
  les mêmes champs au minuit de Paris : les agrégats journaliers, recalculés des horaires.
- `rejet` (uai, motif ; recu_le, topic, compteur, contenu) à l'instant de réception, rendu
  unique à la nanoseconde : les échantillons de la quarantaine, les ECHANTILLONS_PAR_SITE
  derniers de chaque lycée (InfluxDB 3 ne supprime pas : il les garde jusqu'à sa rétention) ;
  `rejet_compte` (uai, motif ; nombre, dernier) à l'instant 0 : tous les rejets comptés. Les
  rejets sans lycée connu ont l'étiquette uai `-` (une série sans étiquette ne se supprime pas).
- Points à clé, tous à l'instant 0 : la dernière écriture d'une même clé l'emporte.
  `site` (uai ; contenu JSON), `compteur` (uai, compteur ; contenu JSON), `serie` (uai,
  compteur, grandeur ; premier, dernier en ms, dernier_recu), `jeton` (empreinte ; role, uai,
  cree_le, expire_le, revoque_le), `etat` (composant ; contenu JSON, note_le), `document`
  (collection, identifiant ; uai, contenu JSON, modifie_le, supprime : une suppression réécrit
  le point, marqué supprimé).
- `session` (sans étiquette ; empreinte, jeton, cree_le, vu_le, csrf, fermee) à l'instant de son
  ouverture (à la microseconde) : une seule série, quel que soit le nombre de sessions ; une
  session se relit par son empreinte, se ferme en réécrivant son point marqué fermé, et les
  sessions anciennes se suppriment par leur instant (1.x, 2.x).
- `fenetre` (sans étiquette ; cle, n, marque) : les compteurs à fenêtre glissante (limite
  d'écritures, frein aux échecs d'authentification), un point par événement à son échéance
  (noyau.stockage.influxdb_fenetre).
- `bail` (sans étiquette ; nom, titulaire, depuis) : les candidatures aux baux (un seul processus
  de tâches à la fois), un point par renouvellement à son échéance (noyau.stockage.influxdb_bail).

Quarantaine, jetons, sessions, données de gestion et états : noyau.stockage.influxdb_gestion ; la
mesure `ambiance` (statistiques horaires des mesures sans énergie) : noyau.stockage.influxdb_ambiance.
"""

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict

import numpy as np
import orjson

from noyau.domaine.agregats import Heures
from noyau.domaine.erreurs import ErreurStockage
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Nature, Rejet, Releve, SerieDeReleves, Site, Source
from noyau.domaine.temps import maintenant
from noyau.stockage.base import EtatSerie, Serie, Stockage, Volume
from noyau.stockage.generations import REGISTRE, touchees_par_jour
from noyau.stockage.influxdb_agregats import (
    CHAMPS,
    AgregatsInfluxDB,
    heures_lues,
    instructions_par_plage,
    jours_touches,
    lignes_agregats,
    lignes_jours_d_un_lot,
    plages_touchees,
    prefixe_de_serie,
    prolongements,
    resumer_par_heure_cles,
    series_lues,
)
from noyau.stockage.influxdb_ambiance import AmbianceInfluxDB, lignes_ambiance, resumer_ambiance
from noyau.stockage.influxdb_bail import BailInfluxDB
from noyau.stockage.influxdb_fenetre import FenetreInfluxDB
from noyau.stockage.influxdb_gestion import NS_PAR_MS, GestionInfluxDB, json_texte
from noyau.stockage.influxdb_http import DELAI_VERIFICATION_S, AdresseInflux, TransportInflux, texte
from noyau.stockage.influxdb_lecture import (
    MS_PAR_HEURE,
    Cle,
    choix_series,
    colonnes,
    heures_depuis,
    points,
    une_serie,
    volumes,
)
from noyau.stockage.ligne import ligne, lignes_de_releves, prefixe
from noyau.stockage.lots import Colonnes

REQUETE_ETENDUES = "SELECT premier, dernier, dernier_recu, uai, compteur, grandeur FROM serie"


class StockageInfluxDB(AgregatsInfluxDB, AmbianceInfluxDB, BailInfluxDB, FenetreInfluxDB, GestionInfluxDB, Stockage):
    lectures_paralleles = 4

    def __init__(self, adresse: AdresseInflux):
        self.adresse = adresse
        self._transport = TransportInflux(adresse)
        self._compteurs_connus: dict[tuple[str, str], Energie | None] = {}  # (lycée, compteur) → énergie
        self._verrou = threading.Lock()
        self._dernier_ns_rejet = 0
        self._envoi_des_releves = ThreadPoolExecutor(1, thread_name_prefix="influxdb-releves")
        self._lecture_des_releves = ThreadPoolExecutor(1, thread_name_prefix="influxdb-bruts")

    def __repr__(self) -> str:
        return f"StockageInfluxDB({self.adresse.racine}/{self.adresse.base})"

    # --- registre ---
    def enregistrer_registre(self, sites: Sequence[Site] = (), compteurs: Sequence[Compteur] = ()) -> None:
        lignes = [ligne(prefixe("site", {"uai": s.uai}), {"contenu": json_texte(asdict(s))}, 0) for s in sites]
        lignes += [
            ligne(prefixe("compteur", {"uai": c.uai, "compteur": c.compteur}), {"contenu": json_texte(asdict(c))}, 0)
            for c in compteurs
        ]
        self._transport.ecrire(lignes)
        self._compteurs_connus = {}  # une énergie a pu changer
        self._incrementer([REGISTRE])

    def sites(self) -> list[Site]:
        contenus = points(self._lire("SELECT contenu FROM site")[0])
        return sorted((Site(**orjson.loads(p["contenu"])) for p in contenus), key=lambda s: s.uai)

    def compteurs(self, uai: str | None = None) -> list[Compteur]:
        filtre = f" WHERE uai = {texte(uai)}" if uai is not None else ""
        compteurs = []
        for point in points(self._lire(f"SELECT contenu FROM compteur{filtre}")[0]):
            donnees = orjson.loads(point["contenu"])
            donnees["energie"] = Energie(donnees["energie"]) if donnees["energie"] else None
            compteurs.append(Compteur(**donnees))
        return sorted(compteurs, key=lambda c: (c.uai, c.compteur))

    # --- relevés ---
    def ecrire(
        self, releves: Sequence[Releve | SerieDeReleves], rejets: Sequence[Rejet] = (), recu_le: float | None = None
    ) -> int:
        lots, comptes, echantillons = self._preparer(releves, rejets)
        self._verifier_compteurs(lots)
        plages = {cle: plages_touchees(lot.ms) for cle, lot in lots.items()}
        cles = [cle for cle in lots if cle[2].nature is not Nature.AMBIANCE]
        ambiantes = [cle for cle in lots if cle[2].nature is Nature.AMBIANCE]
        # Le cas courant (le direct, une rafale dans l'ordre) prolonge les agrégats lus ; seules les
        # séries d'un relevé en retard relisent leurs relevés bruts. Les sondes les relisent toujours,
        # et chaque membre d'un groupe aussi : les relevés d'une série y sont partagés entre membres
        # à tour de rôle, ceux de l'un tombent entre ceux de l'autre.
        relues = ambiantes + (cles if self.ecrivains_multiples else [])
        heures_des_jours, notees, presents = self._lire_avant_ecriture(cles, plages, relues)
        prolongees, a_relire = prolongements(cles, [lots[cle].ms for cle in cles], heures_des_jours, presents.keys())
        if a_relire:
            presents |= self._lire_plages("releve", "valeur", {cle: plages[cle] for cle in a_relire})
        lignes, series = [], {}
        for cle, lot in lots.items():
            if cle in presents:  # la première valeur reçue reste
                deja = np.array([ms for ms, _ in presents[cle]], dtype=np.int64)
                lot = lot.partie(~np.isin(lot.ms, deja))
                series[cle] = _fusionner(presents[cle], lot)
            else:
                series[cle] = (lot.ms / 1000, lot.valeurs)
            lignes += lignes_de_releves(prefixe_de_serie("releve", cle), lot.ms, lot.valeurs, lot.sources)
        extremes = {cle: (int(lot.ms[0]), int(lot.ms[-1])) for cle, lot in lots.items()}
        # Les relevés partent pendant qu'on calcule et écrit les agrégats (InfluxDB range d'un
        # côté, Python calcule de l'autre) ; l'appel ne réussit que si tout est écrit. Un échec
        # des relevés après celui des agrégats est réparé au rejeu du lot : il ne suit plus l'agrégat
        # de ses heures, qui sont relues et recalculées (noyau.stockage.influxdb_agregats.prolongements).
        envoi = self._envoi_des_releves.submit(self._transport.ecrire, lignes)
        try:
            rangs, heures = resumer_par_heure_cles(cles, [series[cle] for cle in cles], prolongees)
            recu = maintenant() if recu_le is None else recu_le
            statistiques = lignes_ambiance(ambiantes, *resumer_ambiance([series[cle] for cle in ambiantes]))
            self._transport.ecrire(lignes_agregats("heure", cles, rangs, heures) + self._lignes_series(extremes, recu, notees)
                                   + statistiques + lignes_jours_d_un_lot(cles, heures_des_jours, rangs, heures))
            self.ecrire_quarantaine(comptes, echantillons)
        finally:
            try:
                envoi.result()
            finally:  # après les données, même en partie écrites : la génération couvre ce qui a été écrit
                if lignes:
                    self._incrementer_series(extremes, notees)
        if self.ecrivains_multiples and self._verifier_agregats(plages):  # un autre collecteur a pu écrire les mêmes heures
            self._incrementer_series(extremes, notees)
        return len(lignes)

    def _lire_avant_ecriture(self, cles: list[Cle], plages: dict[Cle, list[tuple[int, int]]], relues: list[Cle]):
        """Ce qu'un lot lit avant d'écrire : en une requête, les agrégats horaires des jours qu'il
        touche (`heures_lues`) et l'étendue notée de chaque série ; en même temps, par une autre
        (InfluxDB les sert sur deux cœurs), les relevés bruts de ses heures dans les séries `relues`."""
        if not plages:
            return heures_lues(cles, {}), {}, {}
        plages_relues = {cle: plages[cle] for cle in relues}
        presents = self._lecture_des_releves.submit(self._lire_plages, "releve", "valeur", plages_relues) if relues else None
        jours = instructions_par_plage(CHAMPS["heure"], "heure", jours_touches(cles, plages), series_en_tout=len(self._compteurs_connus))
        resultats = self._transport.requete([*jours, REQUETE_ETENDUES])
        lues = heures_lues(cles, series_lues(resultats[:-1], {cle: [] for cle in cles}))
        notees = {(p["uai"], p["compteur"], Grandeur(p["grandeur"])): p for p in points(resultats[-1])}
        return lues, notees, presents.result() if presents else {}

    def _incrementer_series(self, extremes: dict[Cle, tuple[int, int]], notees: dict[Cle, dict] | None = None) -> None:
        """Incrémente les générations des lycées et énergies de ces séries (noyau.stockage.generations),
        et celles des jours touchés : `extremes`, série → premier et dernier instant écrits (ms), élargis
        jusqu'au relevé d'avant (exclu : sa valeur ne change pas) et à celui d'après (les sondes
        n'interpolent pas : sans voisins). Un lot qui prolonge sa série (le direct) ou la précède a
        pour voisin un bout de son étendue notée avant l'écriture (`notees`, sans requête) ; les voisins
        d'un lot tombé au milieu de sa série sont lus des agrégats horaires. Avec plusieurs
        collecteurs, une étendue notée peut dater d'avant l'écriture d'un autre : la plage n'en est
        que plus large, et l'autre couvre la sienne."""
        voisins, au_milieu = {}, {}
        for cle, (premier, dernier) in extremes.items():
            notee = None if notees is None else notees.get(cle)
            if cle[2].nature is Nature.AMBIANCE or (notees is not None and notee is None):
                continue  # une sonde, ou une série neuve : sans voisins
            if notee is not None and premier > notee["dernier"]:
                voisins[cle] = (notee["dernier"], None)
            elif notee is not None and dernier < notee["premier"]:
                voisins[cle] = (None, notee["premier"])
            else:
                au_milieu[cle] = (premier, dernier)
        voisins |= self._voisins(au_milieu)
        elargies = []
        for cle, (premier, dernier) in extremes.items():
            avant, apres = voisins.get(cle, (None, None))
            debut, fin = premier if avant is None else min(premier, avant + 1), dernier if apres is None else max(dernier, apres)
            elargies.append((cle[0], self._compteurs_connus.get(cle[:2]), debut / 1000, fin / 1000))
        self._incrementer(touchees_par_jour(elargies))

    def _voisins(self, extremes: dict[Cle, tuple[int, int]]) -> dict[Cle, tuple]:
        """Pour chaque série : un instant (ms) au plus tard du relevé qui précède son premier instant, au
        plus tôt de celui qui suit son dernier (None : aucun), lus des agrégats horaires en une requête :
        le premier de l'heure s'il précède, sinon le dernier de l'heure agrégée d'avant ; de même après."""
        demandes: dict[tuple[str, int], list[Cle]] = {}
        for cle, (premier, dernier) in extremes.items():
            for sorte, heure in (("meme", premier // MS_PAR_HEURE), ("avant", premier // MS_PAR_HEURE),
                                 ("meme", dernier // MS_PAR_HEURE), ("apres", dernier // MS_PAR_HEURE)):
                if cle not in demandes.setdefault((sorte, heure), []):
                    demandes[(sorte, heure)].append(cle)
        requetes = {
            "meme": "SELECT t_premier, t_dernier FROM heure WHERE time >= {h}ms AND time < {h_suivante}ms",
            "avant": "SELECT last(t_dernier) AS t_dernier FROM heure WHERE time < {h}ms",
            "apres": "SELECT first(t_premier) AS t_premier FROM heure WHERE time > {h}ms",
        }
        lots = [(sorte, heure, choix) for (sorte, heure), cles in demandes.items() for choix in choix_series(cles)]
        instructions = [
            requetes[sorte].format(h=heure * MS_PAR_HEURE, h_suivante=(heure + 1) * MS_PAR_HEURE) + f" AND ({choix}) GROUP BY uai, compteur, grandeur"
            for sorte, heure, choix in lots
        ]
        lus: dict[tuple[str, int, Cle], dict] = {}
        for (sorte, heure, _), resultat in zip(lots, self._transport.requete(instructions) if instructions else []):
            for point in points(resultat):
                lus[(sorte, heure, (point["uai"], point["compteur"], Grandeur(point["grandeur"])))] = point
        voisins = {}
        for cle, (premier, dernier) in extremes.items():
            ha, hb = premier // MS_PAR_HEURE, dernier // MS_PAR_HEURE
            meme_a, meme_b = lus.get(("meme", ha, cle), {}), lus.get(("meme", hb, cle), {})
            avant = meme_a["t_premier"] if meme_a.get("t_premier", premier) < premier else lus.get(("avant", ha, cle), {}).get("t_dernier")
            apres = meme_b["t_dernier"] if meme_b.get("t_dernier", dernier) > dernier else lus.get(("apres", hb, cle), {}).get("t_premier")
            voisins[cle] = (avant, apres)
        return voisins

    def _verifier_compteurs(self, cles) -> None:
        manquants = {(uai, compteur) for uai, compteur, _ in cles} - self._compteurs_connus.keys()
        if manquants:
            self._compteurs_connus = {(c.uai, c.compteur): c.energie for c in self.compteurs()}
            inconnus = manquants - self._compteurs_connus.keys()
            if inconnus:
                raise ErreurStockage(f"compteur inconnu {'/'.join(sorted(inconnus)[0])}")

    def _etendues_notees(self) -> dict[Cle, dict]:
        """L'étendue notée de chaque série : premier et dernier instant (ms), dernier reçu."""
        return {(p["uai"], p["compteur"], Grandeur(p["grandeur"])): p for p in self._points_series(None)}

    def _lignes_series(self, extremes: dict[Cle, tuple[int, int]], recu: float, notees: dict[Cle, dict] | None = None) -> list[str]:
        """L'étendue de chaque série touchée, reçue à l'instant `recu`, fusionnée avec celle déjà notée
        (`notees`, lues ici si elles ne le sont pas déjà)."""
        if not extremes:
            return []
        notees = self._etendues_notees() if notees is None else notees
        lignes = []
        for cle, (premier, dernier) in extremes.items():
            avant = notees.get(cle, {"premier": premier, "dernier": dernier, "dernier_recu": recu})
            champs = {"premier": min(premier, avant["premier"]), "dernier": max(dernier, avant["dernier"]),
                      "dernier_recu": float(max(recu, avant["dernier_recu"]))}
            lignes.append(ligne(prefixe_de_serie("serie", cle), champs, 0))
        return lignes

    def ecrire_heures(self, uai: str, compteur: str, grandeur: Grandeur, heures: Heures) -> None:
        if len(heures.heure) == 0:
            return
        cle = (uai, compteur, grandeur)
        extremes = {cle: (round(heures.t_premier[0] * 1000), round(heures.t_dernier[-1] * 1000))}
        rangs = np.zeros(len(heures.heure), np.int64)
        self._transport.ecrire(lignes_agregats("heure", [cle], rangs, heures) + self._lignes_series(extremes, maintenant()))
        self._mettre_a_jour_jours([cle], rangs, heures.heure)
        self._verifier_compteurs([cle])
        self._incrementer_series(extremes)

    def lire_releves(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Serie:
        a, b, choix = round(debut * 1000), round(fin * 1000), une_serie((uai, compteur, grandeur))
        resultats = self._lire(
            f"SELECT valeur FROM releve WHERE {choix} AND time <= {a}ms ORDER BY time DESC LIMIT 1",
            f"SELECT valeur FROM releve WHERE {choix} AND time > {a}ms AND time < {b}ms",
            f"SELECT valeur FROM releve WHERE {choix} AND time >= {b}ms ORDER BY time ASC LIMIT 1",
        )
        donnees = np.unique(np.concatenate([colonnes(r, 2) for r in resultats]), axis=0)
        return Serie(ts=donnees[:, 0] / 1000, valeurs=donnees[:, 1])

    def lire_heures(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Heures:
        return self._lire_agregats("heure", (uai, compteur, grandeur), debut, fin)

    def lire_jours(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Heures:
        return self._lire_agregats("jour", (uai, compteur, grandeur), debut, fin)

    def _lire_agregats(self, mesure: str, cle: Cle, debut: float, fin: float) -> Heures:
        a, b = int(debut // 3600) * MS_PAR_HEURE, int(-(-fin // 3600)) * MS_PAR_HEURE
        choix, champs = une_serie(cle), CHAMPS[mesure]
        precedent = f"SELECT {champs} FROM {mesure} WHERE {choix} AND time < {a}ms"
        avant, pendant, apres = self._lire(
            # le précédent cherché d'abord dans les 40 jours d'avant : bien moins de fichiers à ouvrir
            f"{precedent} AND time >= {a - 40 * 24 * MS_PAR_HEURE}ms ORDER BY time DESC LIMIT 1",
            f"SELECT {champs} FROM {mesure} WHERE {choix} AND time >= {a}ms AND time < {b}ms",
            f"SELECT {champs} FROM {mesure} WHERE {choix} AND time >= {b}ms ORDER BY time ASC LIMIT 1",
        )
        if not avant:
            (avant,) = self._lire(f"{precedent} ORDER BY time DESC LIMIT 1")
        return heures_depuis(np.concatenate([colonnes(r, 2 + champs.count(",")) for r in (avant, pendant, apres)]))

    def series(self, uai: str | None = None) -> list[EtatSerie]:
        etats = [
            EtatSerie(p["uai"], p["compteur"], Grandeur(p["grandeur"]), p["premier"] / 1000, p["dernier"] / 1000, p["dernier_recu"])
            for p in self._points_series(uai)
        ]
        return sorted(etats, key=lambda e: (e.uai, e.compteur, e.grandeur.value))

    def _points_series(self, uai: str | None) -> list[dict]:
        filtre = f" WHERE uai = {texte(uai)}" if uai is not None else ""
        return points(self._lire(REQUETE_ETENDUES + filtre)[0])

    def exporter(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> list[Releve]:
        choix = une_serie((uai, compteur, grandeur))
        requete = f"SELECT valeur, source FROM releve WHERE {choix} AND time >= {round(debut * 1000)}ms AND time < {round(fin * 1000)}ms"
        return [
            Releve(uai, compteur, grandeur, p["time"] / 1000, p["valeur"], Source(p["source"] or Source.NATIF))
            for p in points(self._lire(requete)[0])
        ]

    # --- rétention ---
    def _supprimer_releves_bruts(self, avant: float) -> int:
        limite = int(avant // 3600) * MS_PAR_HEURE
        compte = points(self._lire(f"SELECT count(valeur) FROM releve WHERE time < {limite}ms")[0])
        self._transport.supprimer_avant("releve", limite * NS_PAR_MS)
        self._incrementer([REGISTRE])
        return compte[0]["count"] if compte else 0

    def volumes(self) -> list[Volume]:
        return volumes(self._transport)

    def verifier(self) -> None:
        self._transport.requete(["SELECT contenu FROM site LIMIT 1"], DELAI_VERIFICATION_S)

    def fermer(self) -> None:
        self._envoi_des_releves.shutdown()
        self._lecture_des_releves.shutdown()
        self._transport.fermer()


def _fusionner(presents: list[list], nouveaux: Colonnes) -> tuple[np.ndarray, np.ndarray]:
    """Les relevés des heures touchées, déjà là et nouveaux, triés : (instants en s, valeurs)."""
    deja = np.array(presents, dtype=np.float64).reshape(-1, 2)
    ms = np.concatenate((deja[:, 0], nouveaux.ms.astype(np.float64)))
    valeurs = np.concatenate((deja[:, 1], nouveaux.valeurs))
    ordre = np.argsort(ms, kind="stable")
    return ms[ordre] / 1000, valeurs[ordre]
