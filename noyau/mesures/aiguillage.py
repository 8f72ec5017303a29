"""L'aiguillage des messages : à chaque sujet MQTT son décodeur.

Les sujets `lycees/<UAI>/<compteur>` vont au décodeur du contrat (JSON natif ou SenML).
Ceux des kits du commerce vont au décodeur de leur format, selon les liaisons du fichier de
correspondances, qui en font des relevés du compteur relié. Le collecteur s'abonne à
`abonnements()` et décode chaque message par `decoder()` (les tableaux natifs y restent en
colonnes : `Decodage.series`).
"""

from collections.abc import Sequence

from noyau.domaine.modele import Rejet, Releve
from noyau.mesures.correspondances import Liaison
from noyau.mesures.protocole import ABONNEMENT, PREFIXE, TAILLE_MAX_CONTENU, Decodage, decoder_en_series


class Aiguillage:
    def __init__(self, liaisons: Sequence[Liaison] = ()):
        self.liaisons = list(liaisons)

    def abonnements(self) -> list[str]:
        return [ABONNEMENT] + list(dict.fromkeys(liaison.sujet for liaison in self.liaisons))

    def decoder(self, topic: str, charge: bytes, recu_le: float) -> Decodage:
        liaisons = [] if topic.startswith(PREFIXE + "/") else [lien for lien in self.liaisons if correspond(lien.sujet, topic)]
        if not liaisons:
            return decoder_en_series(topic, charge, recu_le)
        return decoder_appareil(topic, charge, recu_le, liaisons)


def decoder_appareil(topic: str, charge: bytes, recu_le: float, liaisons: Sequence[Liaison]) -> Decodage:
    """Chaque liaison lit le message et garde les mesures de son canal ; chaque erreur est rejetée une fois.
    Un message complet dont aucun canal n'est relié est rejeté (une voie oubliée dans le fichier) ;
    un message partiel par nature (trame TIC en mode Changed) ne l'est pas."""
    resultat, motifs, canaux_lus, partiel = Decodage(), set(), set(), False
    contenu = charge.decode("utf-8", "replace")[:TAILLE_MAX_CONTENU]
    for liaison in liaisons:
        lecture = liaison.lire(topic, charge, recu_le)
        for erreur in lecture.erreurs:
            motif = f"{liaison.format.value} : {erreur}"
            if motif not in motifs:
                motifs.add(motif)
                resultat.rejets.append(Rejet(recu_le, topic, motif, contenu, liaison.uai, liaison.compteur))
        canaux_lus |= {m.canal for m in lecture.mesures}
        partiel |= lecture.partielle
        resultat.releves += [
            Releve(liaison.uai, liaison.compteur, m.grandeur, m.ts, m.valeur, liaison.format)
            for m in lecture.mesures if m.canal == liaison.canal
        ]
    if canaux_lus and not resultat.releves and not partiel:
        presents = ", ".join(sorted(c or "(appareil entier)" for c in canaux_lus))
        premiere = liaisons[0]
        motif = f"{premiere.format.value} : aucun canal relié dans ce message (canaux présents : « {presents} »)"
        resultat.rejets.append(Rejet(recu_le, topic, motif, contenu, premiere.uai, premiere.compteur))
    return resultat


def correspond(filtre: str, topic: str) -> bool:
    """Le sujet `topic` est-il couvert par le filtre MQTT `filtre` (`+`, `#`) ?"""
    niveaux_filtre, niveaux = filtre.split("/"), topic.split("/")
    if topic.startswith("$") and filtre[:1] in ("+", "#"):
        return False  # MQTT 3.1.1, 4.7.2 : les jokers de tête ne couvrent pas les sujets en $
    for rang, niveau in enumerate(niveaux_filtre):
        if niveau == "#":
            return True
        if rang >= len(niveaux) or niveau not in ("+", niveaux[rang]):
            return False
    return len(niveaux) == len(niveaux_filtre)
