"""Les métriques Prometheus d'un collecteur (format texte, servi sur /metrics).

Les compteurs ne sont pas recopiés : un collecteur Prometheus personnalisé lit, à chaque
relevé de métriques, l'état de l'écrivain et du client (une seule source de vérité).
Seules les durées (écriture d'un lot, retard des relevés) sont observées au fil de l'eau.
"""

import logging

import numpy as np
from prometheus_client import CollectorRegistry, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

journal = logging.getLogger(__name__)

_RETARDS_S = (1, 5, 30, 60, 300, 900, 3600, 6 * 3600, 86400, 7 * 86400, float("inf"))


class Metriques:
    def __init__(self):
        self.registre = CollectorRegistry()
        self.duree_lot = Histogram(
            "enerlycee_lot_ecriture_secondes", "Durée d'écriture d'un lot dans le stockage", registry=self.registre
        )
        self.retard = Histogram(
            "enerlycee_retard_stockage_secondes",
            "Retard entre l'instant du relevé le plus récent d'un message et son écriture",
            buckets=_RETARDS_S,
            registry=self.registre,
        )
        self.etat: str | None = None  # l'adresse de /metrics, ou pourquoi elles sont indisponibles

    def servir(self, hote: str, port: int) -> None:
        """Sert /metrics sur `hote:port`. Un port occupé n'arrête pas la collecte : le journal le
        dit une fois, et l'état du collecteur (donc /sante) note les métriques indisponibles."""
        try:
            start_http_server(port, hote, registry=self.registre)
        except OSError as erreur:
            self.etat = (f"indisponibles : port {port} de {hote} occupé ou refusé ({erreur.strerror}) ;"
                         " option --metriques-port (ENERLYCEE_METRIQUES_PORT), 0 pour aucune")
            journal.warning("métriques %s ; le collecteur collecte sans elles", self.etat)
            return
        self.etat = f"http://{hote}:{port}/metrics"

    def observer_retards(self, retards: np.ndarray) -> None:
        """Observe les retards d'un lot d'un coup : `Histogram.observe` un par un coûtait près
        d'un dixième du temps d'écriture d'une rafale (cProfile). Mêmes nombres : chaque retard va
        au premier seau dont la borne le couvre (les seaux internes de prometheus_client ne
        sont pas cumulés, `observe` ajoute au premier seau qui couvre la valeur : vérifié sur 0.26 ;
        tests/collecteur/test_collecteur.py::test_metriques_prometheus)."""
        if not len(retards):
            return
        histogramme = self.retard
        comptes = np.bincount(np.searchsorted(histogramme._upper_bounds, retards, side="left"),
                              minlength=len(histogramme._upper_bounds))
        for seau, nombre in zip(histogramme._buckets, comptes.tolist()):
            if nombre:
                seau.inc(nombre)
        histogramme._sum.inc(float(retards.sum()))

    def suivre(self, collecteur) -> None:
        """Exporte aussi l'état du collecteur (compteurs, spool, lien au courtier)."""
        self.registre.register(_Instantane(collecteur))


class _Instantane:
    """Lit l'état du collecteur au moment où Prometheus le demande."""

    def __init__(self, collecteur):
        self._collecteur = collecteur

    def collect(self):
        compteurs = self._collecteur.ecrivain.compteurs
        for nom, aide, valeur in (
            ("enerlycee_messages_ecrits", "Messages dont les relevés sont écrits", compteurs.recus),
            ("enerlycee_releves_stockes", "Relevés nouveaux écrits", compteurs.stockes),
            ("enerlycee_releves_doublons", "Relevés déjà présents, ignorés", compteurs.doublons),
            ("enerlycee_messages_rejoues", "Messages rejoués depuis le spool", compteurs.rejoues),
        ):
            yield CounterMetricFamily(nom, aide, value=valeur)
        rejets = CounterMetricFamily("enerlycee_rejets", "Relevés ou messages mis en quarantaine", labels=["motif"])
        for motif, nombre in list(compteurs.rejets_par_motif.items()):  # copie : l'écrivain écrit en même temps
            rejets.add_metric([motif], nombre)
        yield rejets
        yield from self._jauges()

    def _jauges(self):
        ecrivain, client = self._collecteur.ecrivain, self._collecteur.client
        for nom, aide, valeur in (
            ("enerlycee_spool_messages", "Messages en attente dans le spool sur disque", ecrivain.spool.nombre),
            ("enerlycee_spool_octets", "Taille du spool sur disque", ecrivain.spool.octets),
            ("enerlycee_file_messages", "Messages reçus en mémoire, pas encore écrits", ecrivain.file.qsize()),
            ("enerlycee_stockage_en_panne", "1 si le stockage ne répond pas", int(ecrivain.panne is not None)),
            ("enerlycee_courtier_connecte", "1 si le lien au courtier est établi et abonné", int(client.connecte)),
        ):
            yield GaugeMetricFamily(nom, aide, value=valeur)
        dernier = GaugeMetricFamily(
            "enerlycee_dernier_message_horodatage", "Réception du dernier message de chaque kit (secondes Unix)",
            labels=["uai", "compteur"],
        )
        for (uai, compteur), recu_le in list(ecrivain.compteurs.derniers_messages.items()):
            dernier.add_metric([uai, compteur], recu_le)
        yield dernier
