"""Le spool : une file sur disque pour les messages reçus pendant que le stockage ne répond pas.

Un fichier SQLite à part (WAL, synchronous=FULL : un message ajouté est sur le disque avant
d'être acquitté au courtier). Borné en octets : plein, il refuse, et le collecteur cesse
d'acquitter (le courtier garde alors les messages). Rejoué dans l'ordre d'arrivée.
"""

import sqlite3
from pathlib import Path

from collecteur.client_mqtt import Message

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, recu_le REAL NOT NULL, topic TEXT NOT NULL, charge BLOB NOT NULL);
"""


class Spool:
    def __init__(self, chemin: Path, octets_max: int):
        chemin.parent.mkdir(parents=True, exist_ok=True)
        self.chemin = chemin
        self.octets_max = octets_max
        self._connexion = sqlite3.connect(chemin, isolation_level=None, check_same_thread=False)
        self._connexion.execute("PRAGMA journal_mode=WAL")
        self._connexion.execute("PRAGMA synchronous=FULL")
        self._connexion.executescript(_SCHEMA)
        self.nombre, self.octets = self._connexion.execute(
            "SELECT count(*), coalesce(sum(length(charge)), 0) FROM messages"
        ).fetchone()

    def ajouter(self, messages: list[Message]) -> bool:
        """Garde les messages sur disque ; False, sans rien garder, s'il n'y a pas la place."""
        taille = sum(len(m.charge) for m in messages)
        if self.octets + taille > self.octets_max:
            return False
        with self._connexion:
            self._connexion.execute("BEGIN IMMEDIATE")
            self._connexion.executemany(
                "INSERT INTO messages (recu_le, topic, charge) VALUES (?, ?, ?)",
                [(m.recu_le, m.topic, m.charge) for m in messages],
            )
        self.nombre += len(messages)
        self.octets += taille
        return True

    def premiers(self, octets: int) -> tuple[int, list[Message]]:
        """Les plus anciens messages, environ `octets` (déjà acquittés : mid 0, QoS 0, lien -1), et
        l'identifiant du dernier d'entre eux."""
        curseur = self._connexion.execute("SELECT id, recu_le, topic, charge FROM messages ORDER BY id")
        dernier, messages, taille = 0, [], 0
        for identifiant, recu_le, topic, charge in curseur:
            dernier = identifiant
            messages.append(Message(0, 0, topic, bytes(charge), recu_le, -1))
            taille += len(charge)
            if taille >= octets:
                break
        curseur.close()
        return dernier, messages

    def retirer_jusqu_a(self, identifiant: int) -> None:
        with self._connexion:
            self._connexion.execute("BEGIN IMMEDIATE")
            self._connexion.execute("DELETE FROM messages WHERE id <= ?", (identifiant,))
        self.nombre, self.octets = self._connexion.execute(
            "SELECT count(*), coalesce(sum(length(charge)), 0) FROM messages"
        ).fetchone()

    def fermer(self) -> None:
        self._connexion.close()
