"""Ce qu'InfluxDB garde à côté des relevés : quarantaine, jetons, sessions du tableau de bord,
données de gestion et états des services (les mesures `rejet`, `rejet_compte`, `jeton`, `session`,
`document`, `etat` décrites dans noyau.stockage.influxdb), pour `StockageInfluxDB`, qui fournit `_transport`, `_lire`, `_verrou`
et `_dernier_ns_rejet`."""

import hashlib
import re
import threading
import uuid
from collections.abc import Sequence
from dataclasses import asdict, replace

import orjson

from noyau.domaine.modele import Rejet
from noyau.domaine.temps import maintenant
from noyau.stockage.base import ECHANTILLONS_PAR_SITE, Document, Jeton, MotifRejet, Session
from noyau.stockage.generations import DOCUMENTS, Jours
from noyau.stockage.influxdb_http import TransportInflux, texte
from noyau.stockage.influxdb_lecture import points
from noyau.stockage.ligne import ligne, prefixe

NS_PAR_MS = 1_000_000
_SANS_LYCEE = "-"


class GestionInfluxDB:
    _transport: TransportInflux
    _verrou: threading.Lock
    _dernier_ns_rejet: int

    def _lire(self, *instructions: str) -> list[list[dict]]:
        return self._transport.requete(list(instructions))

    # --- quarantaine ---
    def ecrire_quarantaine(self, comptes: Sequence[MotifRejet], echantillons: Sequence[Rejet]) -> None:
        if not comptes and not echantillons:
            return
        avant = {(m.uai, m.motif): m for m in self.motifs_rejet()}
        lignes = self._lignes_rejets(echantillons)
        for m in comptes:
            deja = avant.get((m.uai, m.motif), MotifRejet(m.uai, m.motif, 0, m.dernier))
            champs = {"nombre": deja.nombre + m.nombre, "dernier": float(max(deja.dernier, m.dernier))}
            lignes.append(ligne(prefixe("rejet_compte", {"uai": m.uai or _SANS_LYCEE, "motif": m.motif}), champs, 0))
        self._transport.ecrire(lignes)
        if self._transport.version < 3:
            for uai in {r.uai for r in echantillons}:
                plus_ancien_garde = points(self._lire(
                    f"SELECT recu_le FROM rejet WHERE uai = {texte(uai or _SANS_LYCEE)}"
                    f" ORDER BY time DESC LIMIT 1 OFFSET {ECHANTILLONS_PAR_SITE - 1}"
                )[0])
                if plus_ancien_garde:
                    self._transport.supprimer_avant("rejet", plus_ancien_garde[0]["time"] * NS_PAR_MS, {"uai": uai or _SANS_LYCEE})

    def _lignes_rejets(self, rejets: Sequence[Rejet]) -> list[str]:
        lignes = []
        for rejet in rejets:
            with self._verrou:
                ns = self._dernier_ns_rejet = max(round(rejet.recu_le * 1e9), self._dernier_ns_rejet + 1)
            champs = {"recu_le": rejet.recu_le, "topic": rejet.topic, "compteur": rejet.compteur, "contenu": rejet.contenu}
            lignes.append(ligne(prefixe("rejet", {"uai": rejet.uai or _SANS_LYCEE, "motif": rejet.motif}), champs, ns))
        return lignes

    def motifs_rejet(self) -> list[MotifRejet]:
        lignes = points(self._lire("SELECT nombre, dernier FROM rejet_compte GROUP BY uai, motif")[0])
        motifs = [MotifRejet(_lycee(p["uai"]), p["motif"], p["nombre"], float(p["dernier"])) for p in lignes]
        return sorted(motifs, key=lambda m: (m.uai is not None, m.uai or "", -m.nombre))

    def derniers_rejets(self, uai: str | None, nombre: int) -> list[Rejet]:
        requete = (
            "SELECT recu_le, topic, motif, contenu, compteur FROM rejet"
            f" WHERE uai = {texte(uai or _SANS_LYCEE)} ORDER BY time DESC LIMIT {int(nombre)}"
        )
        return [
            Rejet(p["recu_le"], p["topic"], p["motif"], p["contenu"], uai, p["compteur"])
            for p in points(self._lire(requete)[0])
        ]

    # --- jetons ---
    def enregistrer_jeton(self, jeton: Jeton) -> None:
        champs = {k: v for k, v in asdict(jeton).items() if k != "empreinte"}
        self._transport.ecrire([ligne(prefixe("jeton", {"empreinte": jeton.empreinte}), champs, 0)])

    def revoquer_jeton(self, empreinte: str, le: float) -> None:
        jeton = self.jeton(empreinte)
        if jeton is not None:
            self.enregistrer_jeton(replace(jeton, revoque_le=le))

    def jeton(self, empreinte: str) -> Jeton | None:
        trouves = self._jetons(f" WHERE empreinte = {texte(empreinte)}")
        return trouves[0] if trouves else None

    def jetons(self) -> list[Jeton]:
        return sorted(self._jetons(""), key=lambda j: j.cree_le)

    def _jetons(self, filtre: str) -> list[Jeton]:
        lignes = points(self._lire(f"SELECT * FROM jeton{filtre}")[0])
        return [
            Jeton(p["empreinte"], p["role"], p.get("uai"), float(p["cree_le"]), _reel(p.get("expire_le")),
                  _reel(p.get("revoque_le")))
            for p in lignes
        ]

    # --- sessions du tableau de bord ---
    def enregistrer_session(self, session: Session) -> None:
        self._ecrire_session(session, fermee=False)

    def _ecrire_session(self, session: Session, fermee: bool) -> None:
        champs = {**asdict(session), "fermee": fermee}
        self._transport.ecrire([ligne("session", champs, round(session.cree_le * 1e6) * 1000)])

    def session(self, empreinte: str) -> Session | None:
        trouves = points(self._lire(f"SELECT * FROM session WHERE empreinte = {texte(empreinte)}")[0])
        ouvertes = [
            Session(p["empreinte"], p["jeton"], float(p["cree_le"]), float(p["vu_le"]), p["csrf"])
            for p in trouves if not p["fermee"]
        ]
        return ouvertes[0] if ouvertes else None

    def supprimer_session(self, session: Session) -> None:
        self._ecrire_session(session, fermee=True)

    def purger_sessions(self, creees_avant: float) -> None:
        if self._transport.version < 3:
            self._transport.supprimer_avant("session", round(creees_avant * 1e9))

    # --- données de gestion ---
    def enregistrer_document(self, document: Document) -> None:
        self._ecrire_document(document, supprime=False)

    def _ecrire_document(self, document: Document, supprime: bool) -> None:
        etiquettes = {"collection": document.collection, "identifiant": document.identifiant}
        champs = {"uai": document.uai, "contenu": json_texte(document.contenu), "modifie_le": document.modifie_le,
                  "supprime": supprime}
        self._transport.ecrire([ligne(prefixe("document", etiquettes), champs, 0)])
        self._incrementer([DOCUMENTS])

    def documents(self, collection: str | None = None, uai: str | None = None) -> list[Document]:
        filtre = f" WHERE collection = {texte(collection)}" if collection else ""
        lignes = points(self._lire(f"SELECT * FROM document{filtre}")[0])
        trouves = [
            Document(p["collection"], p["identifiant"], p.get("uai"), orjson.loads(p["contenu"]), float(p["modifie_le"]))
            for p in lignes
            if not p["supprime"] and (uai is None or p.get("uai") == uai)
        ]
        return sorted(trouves, key=lambda d: (d.modifie_le, d.identifiant))

    def supprimer_document(self, collection: str, identifiant: str) -> bool:
        trouve = [d for d in self.documents(collection) if d.identifiant == identifiant]
        if trouve:
            self._ecrire_document(replace(trouve[0], contenu={}, modifie_le=maintenant()), supprime=True)
        return bool(trouve)

    # --- générations : la mesure `generation` (cle ; valeur), points à l'instant 0 ---
    def _incrementer(self, cles) -> None:
        """Une valeur neuve pour chaque clé, écrite après les données qu'elle couvre (sans ordre :
        seul compte qu'elle change ; InfluxDB n'a pas d'incrément atomique)."""
        valeur = uuid.uuid4().hex
        self._transport.ecrire([ligne(prefixe("generation", {"cle": cle}), {"valeur": valeur}, 0) for cle in sorted(cles)])

    def generations(self, cles: Sequence[str | Jours]) -> tuple:
        """Une plage de jours vaut l'empreinte des générations de ses jours (lues par leur préfixe)."""
        choix = " OR ".join(
            f"cle =~ /^{re.escape(cle.prefixe).replace('/', chr(92) + '/')}/" if isinstance(cle, Jours) else f"cle = {texte(cle)}"
            for cle in cles
        )
        lues = {p["cle"]: p["valeur"] for p in points(self._lire(f"SELECT valeur, cle FROM generation WHERE {choix}")[0])}
        return tuple(_empreinte(lues, cle) if isinstance(cle, Jours) else lues.get(cle) for cle in cles)

    # --- états ---
    def noter_etat(self, composant: str, etat: dict) -> None:
        champs = {"contenu": json_texte(etat), "note_le": maintenant()}
        self._transport.ecrire([ligne(prefixe("etat", {"composant": composant}), champs, 0)])

    def lire_etat(self, composant: str) -> tuple[dict, float] | None:
        lignes = points(self._lire(f"SELECT contenu, note_le FROM etat WHERE composant = {texte(composant)}")[0])
        return (orjson.loads(lignes[0]["contenu"]), lignes[0]["note_le"]) if lignes else None

    def lire_etats(self, prefixe: str) -> dict[str, tuple[dict, float]]:
        motif = re.escape(prefixe).replace("/", r"\/")
        lignes = points(self._lire(f"SELECT contenu, note_le, composant FROM etat WHERE composant =~ /^{motif}/")[0])
        return {p["composant"]: (orjson.loads(p["contenu"]), p["note_le"]) for p in lignes}


def _lycee(etiquette: str) -> str | None:
    return None if etiquette in (_SANS_LYCEE, "") else etiquette


def _reel(valeur: float | int | None) -> float | None:
    """InfluxDB rend un décimal entier (1780000000.0) sous forme d'entier JSON : réécrit tel quel,
    il changerait le type du champ."""
    return None if valeur is None else float(valeur)


def json_texte(donnees: dict) -> str:
    return orjson.dumps(donnees).decode()


def _empreinte(lues: dict[str, str], jours: Jours) -> str:
    """L'empreinte des générations de la plage : elle change dès que l'une d'elles change."""
    premiere, derniere = jours.prefixe + jours.premier, jours.prefixe + jours.dernier
    dans = sorted((cle, valeur) for cle, valeur in lues.items() if premiere <= cle <= derniere)
    return hashlib.blake2b(repr(dans).encode(), digest_size=16).hexdigest()
