"""La couture du stockage : ce que le reste du code attend de n'importe quel stockage.

SQLite (embarqué, par défaut) et InfluxDB l'implémentent. Les erreurs propres à chaque
moteur sont traduites à cette couture en `ErreurStockage` / `StockageIndisponible`.
"""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import orjson

from noyau.domaine.agregats import Heures
from noyau.domaine.ambiance import HeuresAmbiance
from noyau.domaine.modele import Compteur, Grandeur, Rejet, Releve, SerieDeReleves, Site
from noyau.domaine.temps import maintenant
from noyau.mesures.protocole import sujet
from noyau.stockage.generations import Jours
from noyau.stockage.lots import Cle, Colonnes, regrouper

ECHANTILLONS_PAR_SITE = 100  # rejets gardés en entier par lycée (et pour les messages sans lycée connu)
ETAT_RETENTION = "retention"  # l'état noté par `purger` : {"avant": limite des relevés bruts}
MOTIF_RETENTION = "relevé plus ancien que la rétention des relevés bruts"


@dataclass(frozen=True)
class Serie:
    """Les relevés d'une grandeur d'un compteur, triés par instant (secondes Unix)."""

    ts: np.ndarray
    valeurs: np.ndarray


@dataclass(frozen=True)
class EtatSerie:
    """Ce qu'un stockage sait d'une série : son étendue et son dernier message reçu."""

    uai: str
    compteur: str
    grandeur: Grandeur
    premier: float
    dernier: float
    dernier_recu: float


@dataclass(frozen=True)
class MotifRejet:
    uai: str | None
    motif: str
    nombre: int
    dernier: float


RESOLUTIONS = ("releve", "heure", "jour")  # relevés bruts, agrégats horaires, agrégats journaliers


@dataclass(frozen=True)
class Volume:
    """Ce qu'un stockage garde d'un site à une résolution (`releve`, `heure` ou `jour`) : la
    sobriété, visible.

    `octets` est estimé au prorata des lignes (None si le moteur ne dit pas sa taille).
    """

    uai: str
    resolution: str
    lignes: int
    octets: int | None
    premier: float
    dernier: float


@dataclass(frozen=True)
class Jeton:
    """Un jeton d'écriture, gardé par son empreinte ; `expire_le` None : sans échéance."""

    empreinte: str
    role: str
    uai: str | None
    cree_le: float
    expire_le: float | None = None
    revoque_le: float | None = None


@dataclass(frozen=True)
class Session:
    """Une session du tableau de bord (noyau.communaute.sessions), gardée par l'empreinte de son
    identifiant : `jeton` est l'empreinte du code d'accès qui l'a ouverte, `csrf` son secret
    anti-CSRF. Rien qui désigne une personne."""

    empreinte: str
    jeton: str
    cree_le: float
    vu_le: float
    csrf: str = ""


@dataclass(frozen=True)
class Document:
    """Une donnée de gestion (objectif, défi, action, alerte, écriture journalisée...) : un
    contenu JSON rangé dans une collection sous un identifiant, rattaché à un lycée ou non.

    Le stockage ne lit pas le contenu : chaque module du noyau garde la forme de sa collection."""

    collection: str
    identifiant: str
    uai: str | None
    contenu: dict
    modifie_le: float


class Stockage(ABC):
    """Registre (sites, compteurs), relevés, quarantaine, jetons et états des services."""

    # Combien de lectures ce moteur sert à la fois (un serveur : plusieurs ; un fichier : une).
    lectures_paralleles = 1
    # Vrai quand plusieurs collecteurs se partagent les relevés des mêmes séries (un groupe) :
    # InfluxDB, sans transactions, vérifie alors ses agrégats après chaque écriture ; SQLite
    # n'en a pas besoin (une transaction BEGIN IMMEDIATE par écriture).
    ecrivains_multiples = False

    # --- registre ---
    @abstractmethod
    def enregistrer_registre(self, sites: Sequence[Site] = (), compteurs: Sequence[Compteur] = ()) -> None:
        """Ajoute ou met à jour, tout ou rien."""

    @abstractmethod
    def sites(self) -> list[Site]: ...

    @abstractmethod
    def compteurs(self, uai: str | None = None) -> list[Compteur]: ...

    # --- relevés ---
    @abstractmethod
    def ecrire(
        self, releves: Sequence[Releve | SerieDeReleves], rejets: Sequence[Rejet] = (), recu_le: float | None = None
    ) -> int:
        """Écrit durablement, tout ou rien ; un relevé déjà présent n'est pas doublé.

        Les relevés viennent un par un ou en colonnes (tableaux des kits), mêlés dans l'ordre de
        réception. Les compteurs des relevés existent (le collecteur l'a vérifié). `recu_le` :
        quand ces relevés ont été reçus (par défaut maintenant) ; le dernier message reçu d'une
        série (`EtatSerie.dernier_recu`) est le plus tardif de ces instants. Renvoie le nombre de
        relevés nouveaux.
        """

    @abstractmethod
    def lire_releves(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Serie:
        """Les relevés de [debut, fin], plus le dernier avant et le premier après s'ils existent."""

    @abstractmethod
    def lire_heures(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Heures:
        """Les agrégats horaires (noyau.domaine.agregats) des heures de [debut, fin), plus la dernière
        heure non vide avant et la première à partir de fin, s'il y en a. Tenus à jour à chaque
        écriture, pour les grandeurs d'énergie (index, puissance) ; les autres ont leurs
        statistiques horaires (`lire_heures_ambiance`)."""

    @abstractmethod
    def lire_jours(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> Heures:
        """Comme `lire_heures`, pour les agrégats des jours de Paris (`heure` : celle du minuit) ;
        `debut` et `fin` sont des minuits de Paris. Tenus à jour avec les agrégats horaires."""

    @abstractmethod
    def lire_heures_ambiance(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> HeuresAmbiance:
        """Les statistiques horaires (noyau.domaine.ambiance : nombre, somme, minimum, maximum) des
        heures de [debut, fin) d'une mesure sans énergie (température, CO2, humidité...). Tenues à
        jour à chaque écriture, gardées après la purge des relevés bruts."""

    @abstractmethod
    def ecrire_heures_ambiance(self, uai: str, compteur: str, grandeur: Grandeur, heures: HeuresAmbiance) -> None:
        """Écrit des statistiques horaires telles quelles (copie des heures dont les relevés bruts
        sont purgés)."""

    @abstractmethod
    def series(self, uai: str | None = None) -> list[EtatSerie]: ...

    @abstractmethod
    def exporter(self, uai: str, compteur: str, grandeur: Grandeur, debut: float, fin: float) -> list[Releve]:
        """Les relevés bruts de [debut, fin), avec leur provenance (pour la copie entre stockages)."""

    @abstractmethod
    def ecrire_heures(self, uai: str, compteur: str, grandeur: Grandeur, heures: Heures) -> None:
        """Écrit des agrégats horaires tels quels (copie des heures dont les relevés bruts sont
        purgés) ; recalcule les agrégats des jours qu'ils touchent."""

    # --- rétention ---
    def purger(self, avant: float) -> int:
        """Supprime les relevés bruts d'avant l'heure pleine qui précède `avant` ; les agrégats
        horaires et journaliers, et les statistiques horaires des mesures d'ambiance, restent.
        Renvoie le nombre de relevés supprimés.

        La limite est notée d'abord : un relevé arrivé en retard pour une heure purgée ne peut
        plus recalculer l'agrégat de cette heure (il n'en aurait qu'une partie) ; il va en
        quarantaine (voir `_hors_retention`)."""
        limite = avant // 3600 * 3600
        notee = self.lire_etat(ETAT_RETENTION)
        if notee is None or notee[0]["avant"] < limite:
            self.noter_etat(ETAT_RETENTION, {"avant": limite})
        return self._supprimer_releves_bruts(limite)

    @abstractmethod
    def _supprimer_releves_bruts(self, avant: float) -> int:
        """Supprime les relevés bruts d'avant `avant` (une heure pleine) ; renvoie leur nombre."""

    def _preparer(
        self, releves: Sequence[Releve | SerieDeReleves], rejets: Sequence[Rejet]
    ) -> tuple[dict[Cle, Colonnes], list[MotifRejet], list[Rejet]]:
        """Ce qu'`ecrire` range : les relevés en colonnes par série, sans ceux d'avant la
        rétention, et la quarantaine (comptes, échantillons)."""
        lots, rejets = self._hors_retention(regrouper(releves), rejets)
        return lots, *self._quarantaine(rejets)

    def _hors_retention(self, lots: dict[Cle, Colonnes], rejets: Sequence[Rejet]) -> tuple[dict[Cle, Colonnes], Sequence[Rejet]]:
        """Sépare les relevés plus anciens que la dernière purge : ils vont en quarantaine."""
        notee = self.lire_etat(ETAT_RETENTION)
        if notee is None or all(lot.ts[0] >= notee[0]["avant"] for lot in lots.values()):
            return lots, rejets
        limite, recu_le, refuses, gardes = notee[0]["avant"], maintenant(), [], {}
        for (uai, compteur, grandeur), lot in lots.items():
            anciens = lot.ts < limite
            refuses += [
                Rejet(recu_le, sujet(uai, compteur), MOTIF_RETENTION, orjson.dumps({"ts": ts, grandeur.value: valeur}).decode(), uai, compteur)
                for ts, valeur in zip(lot.ts[anciens].tolist(), lot.valeurs[anciens].tolist())
            ]
            if not anciens.all():
                gardes[(uai, compteur, grandeur)] = lot.partie(~anciens)
        return gardes, [*rejets, *refuses]

    @abstractmethod
    def volumes(self) -> list[Volume]:
        """Par site et par résolution : lignes, octets, plus ancien et plus récent relevé."""

    # --- quarantaine ---
    def _quarantaine(self, rejets: Sequence[Rejet]) -> tuple[list[MotifRejet], list[Rejet]]:
        """Les comptes à ajouter et les échantillons à garder : un rejet d'un lycée inconnu du
        registre est rangé sans lycée (un flot de sujets inventés ne crée pas de groupes).

        Chaque moteur garde tous les comptes (site, motif) et les ECHANTILLONS_PAR_SITE derniers
        rejets de chaque groupe : la quarantaine tient dans une place bornée."""
        if not rejets:
            return [], []
        connus = {site.uai for site in self.sites()}
        echantillons = [r if r.uai is None or r.uai in connus else replace(r, uai=None) for r in rejets]
        comptes: dict[tuple[str | None, str], MotifRejet] = {}
        for r in echantillons:
            avant = comptes.get((r.uai, r.motif), MotifRejet(r.uai, r.motif, 0, r.recu_le))
            comptes[(r.uai, r.motif)] = MotifRejet(r.uai, r.motif, avant.nombre + 1, max(avant.dernier, r.recu_le))
        return list(comptes.values()), echantillons

    @abstractmethod
    def ecrire_quarantaine(self, comptes: Sequence[MotifRejet], echantillons: Sequence[Rejet]) -> None:
        """Ajoute ces comptes et ces échantillons tels quels (copie entre stockages)."""

    @abstractmethod
    def motifs_rejet(self) -> list[MotifRejet]:
        """Le nombre de rejets par site et par motif (tous comptés, même ceux dont l'échantillon
        n'est plus gardé)."""

    @abstractmethod
    def derniers_rejets(self, uai: str | None, nombre: int) -> list[Rejet]:
        """Les derniers échantillons d'un lycée (None : sans lycée connu), du plus récent au plus ancien."""

    # --- jetons ---
    @abstractmethod
    def enregistrer_jeton(self, jeton: Jeton) -> None: ...

    @abstractmethod
    def jeton(self, empreinte: str) -> Jeton | None: ...

    @abstractmethod
    def jetons(self) -> list[Jeton]: ...

    @abstractmethod
    def revoquer_jeton(self, empreinte: str, le: float) -> None: ...

    # --- sessions du tableau de bord ---
    @abstractmethod
    def enregistrer_session(self, session: Session) -> None:
        """Ajoute, ou remplace la session de même empreinte (même `cree_le`)."""

    @abstractmethod
    def session(self, empreinte: str) -> Session | None: ...

    @abstractmethod
    def supprimer_session(self, session: Session) -> None: ...

    @abstractmethod
    def purger_sessions(self, creees_avant: float) -> None:
        """Supprime les sessions ouvertes avant cet instant (InfluxDB 3, qui ne supprime pas, les
        garde : elles ne valent plus)."""

    # --- compteurs à fenêtre glissante (noyau.communaute.fenetre) ---
    @abstractmethod
    def compter_dans_fenetre(self, cle: str, instant: float, duree_s: float, plafond: int, compter: bool = True) -> tuple[bool, list[float]]:
        """Les événements de `cle` encore dans leur fenêtre à `instant` (comptés depuis moins de
        `duree_s`) : s'ils sont moins de `plafond` et si `compter`, un de plus est compté à `instant`,
        sans jamais en laisser passer plus de `plafond` à la fois, quels que soient les processus et
        les machines qui comptent. Renvoie (compté ou non, les échéances des autres événements de la
        fenêtre, croissantes) ; l'échéance d'un événement : l'instant où il sort de sa fenêtre. Ce qui
        en est sorti est oublié (toutes clés)."""

    # --- baux (noyau.exploitation.bail) ---
    @abstractmethod
    def candidater(self, nom: str, titulaire: str, depuis: float, instant: float, echeance: float) -> list[tuple[float, str]]:
        """Note, ou renouvelle jusqu'à `echeance`, la candidature de `titulaire` au bail `nom`
        (candidat sans interruption depuis `depuis`) ; renvoie les candidatures vivantes à `instant`
        (d'échéance à venir), la sienne comprise, en (depuis, titulaire) croissants. Les candidatures
        échues sont oubliées (tous baux)."""

    @abstractmethod
    def retirer_candidature(self, nom: str, titulaire: str, echeance: float) -> None:
        """Retire la candidature de `titulaire` au bail `nom`, renouvelée au plus tard jusqu'à
        `echeance` : le suivant peut prendre le bail aussitôt."""

    # --- données de gestion ---
    @abstractmethod
    def enregistrer_document(self, document: Document) -> None:
        """Ajoute, ou remplace le document de même collection et même identifiant."""

    @abstractmethod
    def documents(self, collection: str | None = None, uai: str | None = None) -> list[Document]:
        """Les documents d'une collection (de toutes si None ; d'un lycée si `uai`), du plus
        ancien modifié au plus récent."""

    @abstractmethod
    def supprimer_document(self, collection: str, identifiant: str) -> bool:
        """Renvoie False si le document n'existait pas."""

    # --- générations (noyau.stockage.generations) ---
    @abstractmethod
    def generations(self, cles: Sequence[str | Jours]) -> tuple:
        """La génération de chaque clé, dans l'ordre (None : jamais incrémentée), ou d'une plage de
        jours (une valeur qui change dès qu'une génération de la plage change) ; une seule requête."""

    # --- états des services (lien au courtier, collecteur...) ---
    @abstractmethod
    def noter_etat(self, composant: str, etat: dict) -> None: ...

    @abstractmethod
    def lire_etat(self, composant: str) -> tuple[dict, float] | None:
        """L'état noté et l'instant où il l'a été."""

    @abstractmethod
    def lire_etats(self, prefixe: str) -> dict[str, tuple[dict, float]]:
        """Les états notés des composants dont le nom commence par `prefixe` (un par collecteur...)."""

    @abstractmethod
    def verifier(self) -> None:
        """Lève StockageIndisponible si le stockage ne répond pas."""

    @abstractmethod
    def fermer(self) -> None: ...
