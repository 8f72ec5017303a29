"""Le service collecteur : relie le client MQTT et l'écrivain, et publie son état."""

import logging
import threading
from pathlib import Path

from collecteur.client_mqtt import ClientMqtt, Message
from collecteur.ecrivain import FILE_OCTETS, TAILLE_MAX_MESSAGE, Ecrivain
from collecteur.groupe import Groupe
from collecteur.metriques import Metriques
from collecteur.place import prendre_place
from collecteur.spool import Spool
from noyau.domaine.erreurs import ErreurStockage
from noyau.domaine.temps import maintenant
from noyau.exploitation.collecteurs import composant, noter_hors_ligne
from noyau.mesures.adresse_mqtt import AdresseMqtt
from noyau.mesures.aiguillage import Aiguillage
from noyau.stockage import Stockage

journal = logging.getLogger(__name__)

PERIODE_ETAT_S = 10.0
SPOOL_OCTETS = 1_000_000_000


class Collecteur:
    def __init__(
        self,
        stockage: Stockage,
        adresse: AdresseMqtt,
        spool: Path,
        identifiant: str = "enerlycee-collecteur",
        groupe: str | None = None,
        aiguillage: Aiguillage | None = None,
        spool_octets: int = SPOOL_OCTETS,
        taille_max_message: int = TAILLE_MAX_MESSAGE,
        file_octets: int = FILE_OCTETS,
    ):
        """`spool` : le fichier du spool sur disque ; `groupe` : abonnement partagé
        (`$share/<groupe>/...`) pour répartir la charge entre plusieurs collecteurs ;
        `file_octets` : la mémoire au plus des messages reçus pas encore écrits. Si un autre
        collecteur de l'hôte tient déjà `identifiant` et `spool`, celui-ci prend la place suivante
        (`collecteur.place`)."""
        self.stockage = stockage
        self.place = prendre_place(identifiant, spool)
        aiguillage = aiguillage or Aiguillage()
        abonnements = aiguillage.abonnements()
        self.groupe: Groupe | None = None
        self.nom_groupe = groupe
        testament = None
        if groupe:
            abonnements = [f"$share/{groupe}/{filtre}" for filtre in abonnements]
            # Chacun n'écrit qu'une part des relevés de chaque série : InfluxDB vérifie alors ses
            # agrégats après chaque écriture (noyau/stockage/influxdb_agregats.py).
            stockage.ecrivains_multiples = True
            if adresse.protocole == "5":  # testament retardé et sessions supprimées : MQTT 5
                self.groupe = Groupe(groupe, self.place.identifiant, adresse, abonnements, self._recevoir, self._membre_tombe)
                abonnements = [*abonnements, self.groupe.filtre_presence]
                testament = self.groupe.testament()
        self.client = ClientMqtt(
            adresse, self.place.identifiant, abonnements, self._recevoir, self._lien_change, testament=testament
        )
        self.metriques = Metriques()
        self.ecrivain = Ecrivain(
            stockage, aiguillage, Spool(self.place.spool, spool_octets), self.metriques, self._acquitter, taille_max_message,
            file_octets,
        )
        self.metriques.suivre(self)
        self._en_service = threading.Event()
        self._arret = threading.Event()
        self._coupe_depuis: float | None = maintenant()
        self._arrete = False
        self._verrou_etat = threading.Lock()
        self._fil_etat = threading.Thread(target=self._noter_etat_regulierement, name="etat", daemon=True)

    def demarrer(self) -> None:
        self._en_service.set()
        self.ecrivain.demarrer()
        self.client.demarrer()
        self._fil_etat.start()
        journal.info("collecteur démarré vers %s", self.stockage)

    def arreter(self) -> None:
        """Arrêt propre : plus rien n'est accepté, ce qui est reçu est écrit et acquitté. Membre
        d'un groupe dont un autre membre est en ligne : il le quitte d'abord, en vidant sa session,
        et la supprime (collecteur.groupe)."""
        quitte = self.groupe is not None and self.groupe.quitter(self.client)
        self._en_service.clear()
        self.ecrivain.arreter()
        self._arret.set()
        self._fil_etat.join()
        if quitte:
            self.groupe.effacer(self.client)
        self.client.arreter(supprimer_session=quitte)
        self._arrete = True
        self._noter_etat()
        self.ecrivain.spool.fermer()
        self.place.rendre()
        journal.info("collecteur arrêté : %s", self.etat())

    def etat(self) -> dict:
        """L'état noté dans le stockage pour /sante (noyau.exploitation.collecteurs ; les métriques
        détaillées sont sur /metrics)."""
        compteurs = self.ecrivain.compteurs
        return {
            "connecte": self.client.connecte and self._en_service.is_set(),
            "deconnecte_depuis": self._coupe_depuis,
            "arrete": self._arrete,
            "courtier": str(self.client.adresse),
            "identifiant": self.place.identifiant,
            "groupe": self.nom_groupe,
            "dernier_message": max(compteurs.derniers_messages.values(), default=None),
            "metriques": self.metriques.etat,
            "en_attente": self.ecrivain.file.qsize(),
            "stockage_en_panne": self.ecrivain.panne,
            "spool_messages": self.ecrivain.spool.nombre,
            "spool_octets": self.ecrivain.spool.octets,
            **{cle: getattr(compteurs, cle) for cle in ("recus", "stockes", "doublons", "rejetes", "rejoues", "rejets_par_motif")},
        }

    def _recevoir(self, message: Message) -> None:
        # Après l'arrêt, un message n'est ni écrit ni acquitté : le courtier le renverra.
        if self.groupe is not None and self.groupe.est_presence(message):
            self.groupe.noter(message)
            self._acquitter([message])
        elif self._en_service.is_set():
            self.ecrivain.recevoir(message)

    def _acquitter(self, messages: list[Message]) -> None:
        """Chaque lien acquitte les messages qu'il a reçus (le sien, et les sessions reprises)."""
        self.client.acquitter(messages)
        if self.groupe is not None:
            for lien in self.groupe.liens():
                lien.acquitter(messages)

    def _lien_change(self) -> None:
        if self.client.connecte:
            self._coupe_depuis = None
        elif self._coupe_depuis is None:
            self._coupe_depuis = maintenant()
        if self.groupe is not None and self.client.connecte:
            self.client.desabonner(self.groupe.ordinaires)  # gardés par la session à l'arrêt du groupe
            self.client.publier(*self.groupe.annonce())
        self._noter_etat()

    def _membre_tombe(self, identifiant: str) -> None:
        """Un membre du groupe tombé (son testament) dont ce collecteur reprend la session."""
        try:
            noter_hors_ligne(self.stockage, identifiant, self.place.identifiant)
        except ErreurStockage as erreur:
            journal.warning("état de %s non noté : %s", identifiant, erreur)

    def _noter_etat_regulierement(self) -> None:
        self._noter_etat()
        while not self._arret.wait(PERIODE_ETAT_S):
            self._noter_etat()

    def _noter_etat(self) -> None:
        """Un état calculé puis écrit à la fois (fil de l'état, fil réseau) : le dernier écrit est le plus récent."""
        try:
            with self._verrou_etat:
                self.stockage.noter_etat(composant(self.place.identifiant), self.etat())
        except ErreurStockage as erreur:
            journal.warning("état du collecteur non noté : %s", erreur)
