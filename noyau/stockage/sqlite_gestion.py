"""Ce que le fichier SQLite garde à côté des relevés : quarantaine, jetons, sessions du tableau de
bord, données de gestion et états des services, pour `StockageSQLite`, qui fournit `_transaction` et `_lire`."""

import sqlite3
from collections.abc import Sequence

import orjson

from noyau.domaine.modele import Rejet
from noyau.domaine.temps import maintenant
from noyau.stockage.base import ECHANTILLONS_PAR_SITE, Document, Jeton, MotifRejet, Session
from noyau.stockage.generations import DOCUMENTS, Jours


def incrementer(connexion: sqlite3.Connection, cles) -> None:
    """Incrémente ces générations (noyau.stockage.generations), dans la transaction de l'écriture."""
    connexion.executemany(
        "INSERT INTO generations VALUES (?, 1) ON CONFLICT (cle) DO UPDATE SET valeur = valeur + 1", [(cle,) for cle in sorted(cles)]
    )


_COLONNES_JETON = "empreinte, role, uai, cree_le, expire_le, revoque_le"


class GestionSQLite:
    # --- quarantaine ---
    def ecrire_quarantaine(self, comptes: Sequence[MotifRejet], echantillons: Sequence[Rejet]) -> None:
        with self._transaction() as connexion:
            self._ranger_quarantaine(connexion, comptes, echantillons)

    def _ranger_quarantaine(self, connexion: sqlite3.Connection, comptes: Sequence[MotifRejet], echantillons: Sequence[Rejet]) -> None:
        connexion.executemany(
            "INSERT INTO rejets_comptes VALUES (?, ?, ?, ?) ON CONFLICT (uai, motif) DO UPDATE"
            " SET nombre = nombre + excluded.nombre, dernier = max(dernier, excluded.dernier)",
            [(m.uai or "", m.motif, m.nombre, m.dernier) for m in comptes],
        )
        connexion.executemany(
            "INSERT INTO rejets (recu_le, topic, uai, compteur, motif, contenu) VALUES (?, ?, ?, ?, ?, ?)",
            [(r.recu_le, r.topic, r.uai, r.compteur, r.motif, r.contenu) for r in echantillons],
        )
        for uai in {r.uai for r in echantillons}:
            connexion.execute(
                "DELETE FROM rejets WHERE uai IS ?1 AND id <= "
                "(SELECT id FROM rejets WHERE uai IS ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
                (uai, ECHANTILLONS_PAR_SITE),
            )

    def motifs_rejet(self) -> list[MotifRejet]:
        lignes = self._lire(
            "SELECT nullif(uai, ''), motif, nombre, dernier FROM rejets_comptes ORDER BY uai, nombre DESC"
        )
        return [MotifRejet(*ligne) for ligne in lignes]

    def derniers_rejets(self, uai: str | None, nombre: int) -> list[Rejet]:
        lignes = self._lire(
            "SELECT recu_le, topic, motif, contenu, uai, compteur FROM rejets"
            " WHERE uai IS ? ORDER BY id DESC LIMIT ?",
            (uai, nombre),
        )
        return [Rejet(*ligne) for ligne in lignes]

    # --- jetons ---
    def enregistrer_jeton(self, jeton: Jeton) -> None:
        with self._transaction() as connexion:
            connexion.execute(
                "INSERT INTO jetons (empreinte, role, uai, cree_le, expire_le, revoque_le) VALUES (?, ?, ?, ?, ?, ?)",
                (jeton.empreinte, jeton.role, jeton.uai, jeton.cree_le, jeton.expire_le, jeton.revoque_le),
            )

    def jeton(self, empreinte: str) -> Jeton | None:
        lignes = self._lire(f"SELECT {_COLONNES_JETON} FROM jetons WHERE empreinte = ?", (empreinte,))
        return Jeton(*lignes[0]) if lignes else None

    def jetons(self) -> list[Jeton]:
        return [Jeton(*ligne) for ligne in self._lire(f"SELECT {_COLONNES_JETON} FROM jetons ORDER BY cree_le")]

    def revoquer_jeton(self, empreinte: str, le: float) -> None:
        with self._transaction() as connexion:
            connexion.execute("UPDATE jetons SET revoque_le = ? WHERE empreinte = ?", (le, empreinte))

    # --- sessions du tableau de bord ---
    def enregistrer_session(self, session: Session) -> None:
        with self._transaction() as connexion:
            connexion.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?)",
                              (session.empreinte, session.jeton, session.cree_le, session.vu_le, session.csrf))

    def session(self, empreinte: str) -> Session | None:
        lignes = self._lire("SELECT empreinte, jeton, cree_le, vu_le, csrf FROM sessions WHERE empreinte = ?", (empreinte,))
        return Session(*lignes[0]) if lignes else None

    def supprimer_session(self, session: Session) -> None:
        with self._transaction() as connexion:
            connexion.execute("DELETE FROM sessions WHERE empreinte = ?", (session.empreinte,))

    def purger_sessions(self, creees_avant: float) -> None:
        with self._transaction() as connexion:
            connexion.execute("DELETE FROM sessions WHERE cree_le < ?", (creees_avant,))

    # --- compteurs à fenêtre glissante : vérifier et compter dans une même transaction (BEGIN IMMEDIATE) ---
    def compter_dans_fenetre(self, cle: str, instant: float, duree_s: float, plafond: int, compter: bool = True) -> tuple[bool, list[float]]:
        if not compter:
            lignes = self._lire("SELECT echeance FROM fenetres WHERE cle = ? AND echeance > ? ORDER BY echeance", (cle, instant))
            return False, [ligne[0] for ligne in lignes]
        with self._transaction() as connexion:
            connexion.execute("DELETE FROM fenetres WHERE echeance <= ?", (instant,))
            echeances = [ligne[0] for ligne in connexion.execute("SELECT echeance FROM fenetres WHERE cle = ? ORDER BY echeance", (cle,))]
            compte = len(echeances) < plafond
            if compte:
                connexion.execute("INSERT INTO fenetres VALUES (?, ?)", (cle, instant + duree_s))
        return compte, echeances

    # --- baux ---
    def candidater(self, nom: str, titulaire: str, depuis: float, instant: float, echeance: float) -> list[tuple[float, str]]:
        with self._transaction() as connexion:
            connexion.execute("DELETE FROM baux WHERE echeance <= ?", (instant,))
            connexion.execute("INSERT OR REPLACE INTO baux VALUES (?, ?, ?, ?)", (nom, titulaire, depuis, echeance))
            return connexion.execute(
                "SELECT depuis, titulaire FROM baux WHERE nom = ? AND echeance > ? ORDER BY depuis, titulaire", (nom, instant)
            ).fetchall()

    def retirer_candidature(self, nom: str, titulaire: str, echeance: float) -> None:
        with self._transaction() as connexion:
            connexion.execute("DELETE FROM baux WHERE nom = ? AND titulaire = ?", (nom, titulaire))

    # --- données de gestion ---
    def enregistrer_document(self, document: Document) -> None:
        with self._transaction() as connexion:
            connexion.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)",
                (document.collection, document.identifiant, document.uai,
                 orjson.dumps(document.contenu).decode(), document.modifie_le),
            )
            incrementer(connexion, [DOCUMENTS])

    def documents(self, collection: str | None = None, uai: str | None = None) -> list[Document]:
        lignes = self._lire(
            "SELECT collection, identifiant, uai, contenu, modifie_le FROM documents"
            " WHERE (?1 IS NULL OR collection = ?1) AND (?2 IS NULL OR uai = ?2) ORDER BY modifie_le, identifiant",
            (collection, uai),
        )
        return [Document(c, i, u, orjson.loads(contenu), m) for c, i, u, contenu, m in lignes]

    def supprimer_document(self, collection: str, identifiant: str) -> bool:
        with self._transaction() as connexion:
            curseur = connexion.execute(
                "DELETE FROM documents WHERE collection = ? AND identifiant = ?", (collection, identifiant)
            )
            incrementer(connexion, [DOCUMENTS])
        return curseur.rowcount > 0

    # --- générations ---
    def generations(self, cles: Sequence[str | Jours]) -> tuple:
        """Une plage de jours vaut la somme de ses générations : elles ne font que croître, la somme
        change dès que l'une d'elles change."""
        colonnes, parametres = [], []
        for cle in cles:
            if isinstance(cle, Jours):
                colonnes.append("(SELECT total(valeur) FROM generations WHERE cle BETWEEN ? AND ?)")
                parametres += [cle.prefixe + cle.premier, cle.prefixe + cle.dernier]
            else:
                colonnes.append("(SELECT valeur FROM generations WHERE cle = ?)")
                parametres.append(cle)
        return tuple(self._lire(f"SELECT {', '.join(colonnes)}", parametres)[0])

    # --- états ---
    def noter_etat(self, composant: str, etat: dict) -> None:
        with self._transaction() as connexion:
            connexion.execute(
                "INSERT OR REPLACE INTO etats VALUES (?, ?, ?)",
                (composant, orjson.dumps(etat).decode(), maintenant()),
            )

    def lire_etat(self, composant: str) -> tuple[dict, float] | None:
        lignes = self._lire("SELECT contenu, note_le FROM etats WHERE composant = ?", (composant,))
        return (orjson.loads(lignes[0][0]), lignes[0][1]) if lignes else None

    def lire_etats(self, prefixe: str) -> dict[str, tuple[dict, float]]:
        lignes = self._lire("SELECT composant, contenu, note_le FROM etats WHERE substr(composant, 1, ?) = ?",
                            (len(prefixe), prefixe))
        return {composant: (orjson.loads(contenu), note_le) for composant, contenu, note_le in lignes}

