"""Les messages MQTT des kits, sans courtier : une fonction pure de (lycées, graine, référence, instants).

- Historique : la grille d'instants (multiples de `pas_s`) est découpée en blocs de
  `taille_message` instants ; pour chaque bloc, chaque capteur envoie un tableau de relevés
  ordonnés dans le temps. Toutes les sondes de salle ne sont publiées que sur les 14 derniers
  jours ; la sonde extérieure et les compteurs, sur toute la période. Les relevés d'une coupure
  rattrapée partent à la fin, en tableaux ; ceux d'une coupure perdue ne partent jamais.
- Direct : un objet par capteur et par instant, comme un kit réel ; pendant une coupure
  rattrapée le kit garde ses relevés et les envoie en tableaux au premier instant après.

Les charges sont encodées par `noyau.mesures.protocole.encoder` ; `ts` en secondes Unix entières.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np

from capteurs_sim.kit import Kit
from capteurs_sim.lycees import Capteur, Genre, Lycee
from capteurs_sim.pannes import planifier
from noyau.domaine.erreurs import DonneeInvalide
from noyau.mesures.protocole import encoder, sujet

JOURS_DE_SALLE_EN_HISTORIQUE = 14
TAILLE_MESSAGE = 1000


@dataclass(frozen=True)
class Message:
    sujet: str
    charge: bytes
    releves: int  # nombre d'objets relevés dans la charge


class Generateur:
    def __init__(self, lycees: list[Lycee], graine: int, reference: date, taille_message: int = TAILLE_MESSAGE):
        self.pannes = planifier(lycees, graine, reference)
        self.kits = [Kit(lycee, graine, self.pannes) for lycee in lycees]
        self.taille_message = taille_message
        self._tampons: dict[tuple[str, str], list[dict]] = {}

    def nombre_releves(self, debut: float, fin: float, pas_s: int) -> int:
        """Le nombre d'objets relevés que l'historique publiera (pour une barre de progression)."""
        grille = grille_d_instants(debut, fin, pas_s)
        total = 0
        for kit in self.kits:
            for capteur in kit.lycee.capteurs:
                instants = self._instants_du_capteur(capteur, grille, fin)
                total += int((~self.pannes.hors_ligne(kit.lycee.uai, instants, rattrapage=False)).sum())
        return total

    def messages_historique(self, debut: float, fin: float, pas_s: int) -> Iterator[Message]:
        grille = grille_d_instants(debut, fin, pas_s)
        if len(grille):
            for kit in self.kits:
                kit.preparer(grille[0], grille[-1])
        for rang in range(0, len(grille), self.taille_message):
            bloc = grille[rang : rang + self.taille_message]
            for kit in self.kits:
                for capteur in kit.lycee.capteurs:
                    instants = self._instants_du_capteur(capteur, bloc, fin)
                    en_ligne = instants[~self._coupe(kit, instants)]
                    yield from self._tableaux(kit, capteur, en_ligne)
        for kit in self.kits:
            for capteur in kit.lycee.capteurs:
                instants = self._instants_du_capteur(capteur, grille, fin)
                yield from self._tableaux(kit, capteur, instants[self.pannes.hors_ligne(kit.lycee.uai, instants, True)])

    def messages_direct(self, instant: float) -> list[Message]:
        """Les messages de tous les kits à cet instant (tampons vidés au retour d'une coupure)."""
        moment = np.array([instant], dtype=np.float64)
        messages = []
        for kit in self.kits:
            if self.pannes.hors_ligne(kit.lycee.uai, moment, rattrapage=False)[0]:
                continue
            garde = self.pannes.hors_ligne(kit.lycee.uai, moment, rattrapage=True)[0]
            for capteur in kit.lycee.capteurs:
                cle = (kit.lycee.uai, capteur.compteur.compteur)
                objet = objets_releves(moment, kit.mesures(capteur, moment))[0]
                if garde:
                    self._tampons.setdefault(cle, []).append(objet)
                    continue
                tampon = self._tampons.pop(cle, [])
                messages += [self._message(capteur, tampon[i : i + self.taille_message])
                             for i in range(0, len(tampon), self.taille_message)]
                messages.append(Message(sujet(*cle), encoder(objet), 1))
        return messages

    def _coupe(self, kit: Kit, instants: np.ndarray) -> np.ndarray:
        uai = kit.lycee.uai
        return self.pannes.hors_ligne(uai, instants, False) | self.pannes.hors_ligne(uai, instants, True)

    @staticmethod
    def _instants_du_capteur(capteur: Capteur, instants: np.ndarray, fin: float) -> np.ndarray:
        if capteur.genre is Genre.SALLE:
            return instants[instants >= fin - JOURS_DE_SALLE_EN_HISTORIQUE * 86400]
        return instants

    def _tableaux(self, kit: Kit, capteur: Capteur, instants: np.ndarray) -> Iterator[Message]:
        for rang in range(0, len(instants), self.taille_message):
            morceau = instants[rang : rang + self.taille_message]
            yield self._message(capteur, objets_releves(morceau, kit.mesures(capteur, morceau)))

    @staticmethod
    def _message(capteur: Capteur, objets: list[dict]) -> Message:
        return Message(sujet(capteur.compteur.uai, capteur.compteur.compteur), encoder(objets), len(objets))


def grille_d_instants(debut: float, fin: float, pas_s: int) -> np.ndarray:
    """Les multiples de pas_s (secondes Unix) dans [debut, fin)."""
    if pas_s <= 0:
        raise DonneeInvalide("pas_s doit être un nombre de secondes positif")
    premier = -(-int(np.ceil(debut)) // pas_s) * pas_s
    return np.arange(premier, fin, pas_s, dtype=np.float64)


def objets_releves(instants: np.ndarray, mesures: dict[str, np.ndarray]) -> list[dict]:
    """Les objets relevés du contrat : {"ts": secondes Unix, grandeur: valeur, ...}."""
    ts = [int(t) if float(t).is_integer() else float(t) for t in instants.tolist()]
    noms = ("ts", *mesures)
    colonnes = [valeurs.tolist() for valeurs in mesures.values()]
    return [dict(zip(noms, ligne)) for ligne in zip(ts, *colonnes)]
