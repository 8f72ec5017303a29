"""L'écrivain : décode, valide et écrit les messages par lots, hors du fil réseau de paho.

Un lot est écrit en une transaction (relevés et rejets ensemble), puis ses messages sont
acquittés. Si le stockage ne répond pas, le lot va au spool sur disque, puis est acquitté ;
tant que le spool n'est pas vide, les lots suivants le rejoignent (l'ordre est gardé) et il
est rejoué dès que le stockage répond. Spool plein : plus rien n'est acquitté, le courtier
garde les messages. Rien n'est acquitté qui ne soit écrit ou sur disque.

Chaque lot est décodé pendant que le précédent s'écrit (fil `rangement`) : le stockage attend le
réseau ou le disque pendant que l'écrivain calcule. Les lots s'écrivent un à la fois, dans l'ordre.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from collecteur.client_mqtt import Message
from collecteur.metriques import Metriques
from collecteur.spool import Spool
from noyau.domaine.erreurs import ErreurStockage
from noyau.domaine.modele import Rejet, Releve, SerieDeReleves
from noyau.domaine.temps import maintenant
from noyau.mesures.aiguillage import Aiguillage
from noyau.mesures.plausibilite import invraisemblable
from noyau.mesures.protocole import PREFIXE, TAILLE_MAX_CONTENU, Decodage, lire_unitaire
from noyau.mesures.validation import AVANCE_MAX_S, MOTIFS_INCONNUS, Registre, valider, valider_series
from noyau.stockage import Stockage

journal = logging.getLogger(__name__)

OCTETS_PAR_LOT = 1_000_000  # environ 20 000 relevés
TAILLE_MAX_MESSAGE = 2_000_000  # 10 000 relevés (le maximum du contrat) tiennent en moins de 1 Mo
ATTENTE_LOT_S = 0.05
FILE_OCTETS = 16_000_000  # la file des messages reçus ne garde pas plus en mémoire
COUT_MESSAGE = 500  # octets d'un message en file en plus de sa charge (sujet, objets Python)
ATTENTE_FILE_S = 0.005
ATTENTE_MIN_S, ATTENTE_MAX_S = 0.5, 30.0  # entre deux essais du stockage en panne
RECHARGE_REGISTRE_S = 2.0
SUJETS_DU_CONTRAT = PREFIXE + "/"


@dataclass
class Compteurs:
    """Ce que le collecteur a fait depuis son démarrage."""

    recus: int = 0  # messages reçus du courtier
    stockes: int = 0  # relevés nouveaux écrits
    doublons: int = 0  # relevés déjà présents (renvoi QoS 1, kit qui republie)
    rejetes: int = 0  # relevés ou messages mis en quarantaine
    rejoues: int = 0  # messages rejoués depuis le spool
    rejets_par_motif: dict[str, int] = field(default_factory=dict)
    derniers_messages: dict[tuple[str, str], float] = field(default_factory=dict)  # par kit : reçu le


@dataclass(frozen=True)
class LotDecode:
    """Ce qu'un lot de messages donne à écrire."""

    releves: list[Releve | SerieDeReleves]
    rejets: list[Rejet]
    plus_recents: list[float]  # l'instant du relevé le plus récent de chaque message accepté


class Ecrivain:
    def __init__(
        self,
        stockage: Stockage,
        aiguillage: Aiguillage,
        spool: Spool,
        metriques: Metriques,
        acquitter: Callable[[list[Message]], None],
        taille_max_message: int = TAILLE_MAX_MESSAGE,
        file_octets: int = FILE_OCTETS,
    ):
        self.stockage = stockage
        self.taille_max_message = taille_max_message
        self.file_octets = file_octets
        self.metriques = metriques
        self.spool = spool
        self.panne: str | None = None  # la dernière erreur du stockage, tant qu'il ne répond pas
        self._prochain_essai = 0.0
        self._attente = ATTENTE_MIN_S
        self._aiguillage = aiguillage
        self.compteurs = Compteurs()
        # Bornée en octets par `recevoir` (le courtier, lui, n'envoie pas plus de RECEPTION_MAX
        # messages non acquittés : voir client_mqtt) ; rien n'est acquitté avant d'être écrit.
        self.file: queue.SimpleQueue[Message] = queue.SimpleQueue()
        self._octets_mis = self._octets_pris = 0  # chacun écrit par un seul fil : pas de verrou
        self._acquitter = acquitter
        self._registre = Registre({}, set())
        self._registre_charge_le = 0.0
        self._arret = threading.Event()
        self._fil = threading.Thread(target=self._boucle, name="ecrivain", daemon=True)
        self._rangement = ThreadPoolExecutor(1, thread_name_prefix="rangement")

    def demarrer(self) -> None:
        self._charger_registre()
        self._fil.start()

    def recevoir(self, message: Message) -> None:
        """Met un message reçu en file (appelé par le fil réseau). File pleine : attend que
        l'écrivain en prenne ; le courtier garde le reste, la mémoire reste bornée même sous une
        rafale de tableaux de 10 000 relevés."""
        while self._octets_mis - self._octets_pris > self.file_octets and not self._arret.is_set():
            time.sleep(ATTENTE_FILE_S)
        self._octets_mis += len(message.charge) + COUT_MESSAGE
        self.file.put(message)

    def arreter(self) -> None:
        """Écrit et acquitte ce qui est déjà reçu, puis s'arrête."""
        self._arret.set()
        self._fil.join()

    def _boucle(self) -> None:
        en_cours = None  # le lot qui s'écrit pendant que le suivant se décode
        while not (self._arret.is_set() and self.file.empty()):
            lot = self._prendre_lot()
            decode = self._decoder_lot(lot) if lot else None
            if en_cours is not None:
                self._terminer(*en_cours)
                en_cours = None
            if self.spool.nombre:
                self._rejouer()
            if lot and self.spool.nombre:
                self._ranger(lot)  # derrière le spool, dans l'ordre
            elif lot:
                en_cours = (lot, self._rangement.submit(self._ecrire_decode, lot, decode))
        if en_cours is not None:
            self._terminer(*en_cours)
        self._rangement.shutdown()

    def _terminer(self, lot: list[Message], ecriture: Future) -> None:
        """Attend l'écriture d'un lot : écrit, il est acquitté ; sinon il va au spool."""
        try:
            ecriture.result()
        except ErreurStockage as erreur:
            self._en_panne(erreur)
            self._ranger(lot, essayer=False)
            return
        self._retabli()
        self._acquitter(lot)

    def _prendre_lot(self) -> list[Message]:
        """Les messages en file, jusqu'à OCTETS_PAR_LOT ; s'il y en a moins, attend ATTENTE_LOT_S
        qu'il en vienne d'autres (une transaction pour beaucoup de messages). Sous une rafale, la
        file en tient toujours assez : aucune attente."""
        try:
            lot = [self.file.get(timeout=0.2)]
        except queue.Empty:
            return []
        taille = self._completer(lot, len(lot[0].charge))
        if taille < OCTETS_PAR_LOT:
            time.sleep(ATTENTE_LOT_S)
            taille = self._completer(lot, taille)
        self._octets_pris += taille + COUT_MESSAGE * len(lot)
        return lot

    def _completer(self, lot: list[Message], taille: int) -> int:
        while taille < OCTETS_PAR_LOT:
            try:
                lot.append(self.file.get_nowait())
            except queue.Empty:
                break
            taille += len(lot[-1].charge)
        return taille

    def _ranger(self, lot: list[Message], essayer: bool = True) -> None:
        """Écrit le lot (`essayer` : tout de suite, s'il n'y a rien au spool) ou le met au spool, puis
        l'acquitte ; spool plein : attend sans acquitter."""
        while True:
            if essayer and not self.spool.nombre:
                try:
                    self._ecrire(lot)
                    self._retabli()
                    self._acquitter(lot)
                    return
                except ErreurStockage as erreur:
                    self._en_panne(erreur)
            essayer = True
            if self.spool.ajouter(lot):
                self._acquitter(lot)
                return
            journal.error("spool plein (%d octets) : plus rien n'est acquitté tant que le stockage ne répond pas", self.spool.octets)
            time.sleep(self._attente)
            self._rejouer()

    def _rejouer(self) -> None:
        """Rejoue le spool dans l'ordre, par lots, tant que le stockage répond."""
        if time.monotonic() < self._prochain_essai:
            return
        while self.spool.nombre:
            dernier, messages = self.spool.premiers(OCTETS_PAR_LOT)
            try:
                self._ecrire(messages)
            except ErreurStockage as erreur:
                self._en_panne(erreur)
                return
            self.spool.retirer_jusqu_a(dernier)
            self.compteurs.rejoues += len(messages)
        self._retabli()
        journal.info("spool rejoué en entier ; écriture directe rétablie")

    def _en_panne(self, erreur: ErreurStockage) -> None:
        if self.panne is None:
            journal.error("stockage indisponible (%s) : les messages vont au spool %s", erreur, self.spool.chemin)
        self.panne = str(erreur)
        self._prochain_essai = time.monotonic() + self._attente
        self._attente = min(self._attente * 2, ATTENTE_MAX_S)

    def _retabli(self) -> None:
        if self.panne is not None:
            journal.info("stockage de nouveau joignable")
        self.panne = None
        self._attente = ATTENTE_MIN_S

    def _ecrire(self, lot: list[Message]) -> None:
        self._ecrire_decode(lot, self._decoder_lot(lot))

    def _decoder_lot(self, lot: list[Message]) -> LotDecode:
        """Décode et valide un lot. Le cas courant (un objet natif sans défaut, d'un compteur
        connu : `lire_unitaire`) va tout droit dans les colonnes de sa série, sans objet par relevé ;
        le reste passe par le décodage et la validation complets. Dans chaque série, l'ordre de
        réception est gardé (de deux relevés du même instant, le premier reçu reste)."""
        releves, rejets, plus_recents = [], [], []
        colonnes: dict[tuple, tuple[list, list]] = {}  # série → (instants, valeurs) en cours de remplissage
        derniers = self.compteurs.derniers_messages
        for message in lot:
            unitaire = self._unitaire(message)
            if unitaire is not None:
                uai, compteur, ts, mesures = unitaire
                for grandeur, valeur in mesures:
                    serie = colonnes.get((uai, compteur, grandeur))
                    if serie is None:
                        serie = colonnes[(uai, compteur, grandeur)] = ([], [])
                        releves.append((uai, compteur, grandeur, serie))
                    serie[0].append(ts)
                    serie[1].append(valeur)
                derniers[(uai, compteur)] = message.recu_le
                plus_recents.append(ts)
                continue
            decodage = self._decoder(message)
            acceptes, refuses = self._valider(decodage, message.recu_le)
            if acceptes:
                derniers[(acceptes[0].uai, acceptes[0].compteur)] = message.recu_le
                plus_recents.append(max(r.ts if isinstance(r, Releve) else float(r.ts.max()) for r in acceptes))
                for releve in acceptes:  # la suite de la série viendra après ceux-ci
                    colonnes.pop((releve.uai, releve.compteur, releve.grandeur), None)
                releves += acceptes
            if decodage.rejets or refuses:
                rejets += decodage.rejets + refuses
        releves = [
            SerieDeReleves(r[0], r[1], r[2], np.array(r[3][0]), np.array(r[3][1])) if type(r) is tuple else r for r in releves
        ]
        return LotDecode(releves, rejets, plus_recents)

    def _ecrire_decode(self, lot: list[Message], decode: LotDecode) -> None:
        with self.metriques.duree_lot.time():
            nouveaux = self.stockage.ecrire(decode.releves, decode.rejets)
        self.metriques.observer_retards(maintenant() - np.array(decode.plus_recents))
        nombre = sum(len(r) if isinstance(r, SerieDeReleves) else 1 for r in decode.releves)
        self._compter(lot, nombre, nouveaux, decode.rejets)

    def _unitaire(self, message: Message) -> tuple | None:
        """Le message, s'il est un relevé unitaire natif sans défaut d'un compteur connu qui peut
        mesurer ses grandeurs, aux valeurs plausibles (voir `lire_unitaire`) ; sinon None, et il suit
        le chemin complet, qui dit le motif du rejet."""
        if len(message.charge) > self.taille_max_message or not message.topic.startswith(SUJETS_DU_CONTRAT):
            return None
        unitaire = lire_unitaire(message.topic, message.charge)
        if unitaire is None:
            return None
        uai, compteur, ts, mesures = unitaire
        registre = self._registre
        if (uai, compteur) not in registre.compteurs or ts > message.recu_le + AVANCE_MAX_S:
            return None
        for grandeur, valeur in mesures:  # hors des bornes de plausibilité : le chemin complet la rejette
            if registre.incompatibilite(uai, compteur, grandeur) is not None or invraisemblable(grandeur, valeur):
                return None
        return unitaire

    def _valider(self, decodage: Decodage, recu_le: float) -> tuple[list[Releve | SerieDeReleves], list[Rejet]]:
        """Un compteur inconnu fait relire le registre (au plus toutes les RECHARGE_REGISTRE_S s) :
        il vient peut-être d'être importé."""
        acceptes, refuses = self._valider_une_fois(decodage, recu_le)
        if any(r.motif in MOTIFS_INCONNUS for r in refuses) and self._charger_registre(si_ancien=True):
            acceptes, refuses = self._valider_une_fois(decodage, recu_le)
        return acceptes, refuses

    def _valider_une_fois(self, decodage: Decodage, recu_le: float) -> tuple[list[Releve | SerieDeReleves], list[Rejet]]:
        acceptes, refuses = valider(decodage.releves, self._registre, recu_le)
        if not decodage.series:
            return acceptes, refuses
        series, hors_series = valider_series(decodage.series, self._registre, recu_le)
        return acceptes + series, refuses + hors_series

    def _decoder(self, message: Message) -> Decodage:
        """Un message plus gros que la limite n'est pas décodé : il va en quarantaine, tronqué."""
        if len(message.charge) <= self.taille_max_message:
            return self._aiguillage.decoder(message.topic, message.charge, message.recu_le)
        motif = f"message trop gros (plus de {self.taille_max_message} octets)"
        extrait = message.charge[:TAILLE_MAX_CONTENU].decode("utf-8", "replace")
        return Decodage(rejets=[Rejet(message.recu_le, message.topic, motif, extrait)])

    def _compter(self, lot, nombre_releves: int, nouveaux: int, rejets) -> None:
        self.compteurs.recus += len(lot)
        self.compteurs.stockes += nouveaux
        self.compteurs.doublons += nombre_releves - nouveaux
        self.compteurs.rejetes += len(rejets)
        for rejet in rejets:
            self.compteurs.rejets_par_motif[rejet.motif] = self.compteurs.rejets_par_motif.get(rejet.motif, 0) + 1
        if rejets:
            journal.warning(
                "%d relevé(s) mis en quarantaine, par exemple %s : %s", len(rejets), rejets[0].topic, rejets[0].motif,
                extra={"topic": rejets[0].topic, "motif": rejets[0].motif},
            )

    def _charger_registre(self, si_ancien: bool = False) -> bool:
        """Renvoie False si le registre, relu il y a moins de RECHARGE_REGISTRE_S s, ne l'est pas."""
        if si_ancien and time.monotonic() - self._registre_charge_le < RECHARGE_REGISTRE_S:
            return False
        self._registre = Registre.depuis((s.uai for s in self.stockage.sites()), self.stockage.compteurs())
        self._registre_charge_le = time.monotonic()
        return True
