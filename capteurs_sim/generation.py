"""Les messages MQTT des kits, sans courtier : une fonction pure de (lycées, graine, référence, instants).

- Historique : la grille d'instants (multiples de `pas_s`) est découpée en blocs de
  `taille_message` instants ; pour chaque bloc, chaque capteur envoie un tableau de relevés
  ordonnés dans le temps. Les sondes de salle ne sont publiées que depuis le début de la saison
  de chauffe d'avant (le 1er octobre de l'an passé, ou d'il y a deux ans au printemps et en
  été : cet hiver et le précédent) ; la sonde extérieure et les compteurs, sur toute la période. Les relevés d'une coupure
  rattrapée finie partent à la fin, en tableaux ; ceux d'une coupure perdue ne partent jamais.
- Direct : un objet par capteur et par instant, comme un kit réel ; au retour d'une coupure
  rattrapée, le kit envoie d'abord en tableaux tout ce qu'il a gardé depuis son début.
- Avec `lancement` (la démonstration), la vie d'un parc réel s'y ajoute (capteurs_sim.scenario) :
  surconsommations, messages fautifs, un compteur muet au moment du lancement, les effets
  des actions de la communauté, et ses fermetures particulières (capteurs_sim.fermetures : ces
  jours-là, le lycée consomme comme un jour sans classe).

Chaque message dit quand le kit l'envoie (`envoye_le`). Les charges sont encodées par
`noyau.mesures.protocole.encoder` ; `ts` en secondes Unix entières.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from capteurs_sim.fermetures import fermetures_prevues
from capteurs_sim.kit import Kit
from capteurs_sim.lycees import Capteur, Genre, Lycee
from capteurs_sim.pannes import Coupure, MessageFautif, planifier
from capteurs_sim.scenario import scenario
from noyau.domaine.calendrier import CalendrierScolaire, debut_de_saison
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import PARIS, a_paris
from noyau.mesures.protocole import encoder, sujet

TAILLE_MESSAGE = 1000


@dataclass(frozen=True)
class Message:
    sujet: str
    charge: bytes
    releves: int  # nombre d'objets relevés dans la charge
    envoye_le: float  # secondes Unix : son dernier relevé, ou le retour du kit après une coupure


class Generateur:
    def __init__(self, lycees: list[Lycee], graine: int, reference: date, taille_message: int = TAILLE_MESSAGE,
                 lancement: float | None = None):
        self.pannes = planifier(lycees, graine, reference) if lancement is None else scenario(lycees, graine, reference, lancement)
        fermetures = {} if lancement is None else fermetures_prevues(lycees, a_paris(lancement).date())
        self.kits = [Kit(lycee, graine, self.pannes, CalendrierScolaire(fermetures=fermetures.get(lycee.uai, ()))) for lycee in lycees]
        self.taille_message = taille_message

    def nombre_releves(self, debut: float, fin: float, pas_s: int) -> int:
        """Le nombre d'objets relevés que l'historique publiera (pour une barre de progression)."""
        grille = grille_d_instants(debut, fin, pas_s)
        total = sum(f.releves for f in self.pannes.fautifs if debut <= f.envoye_le < fin)
        for kit, capteur in self._capteurs():
            instants = self._instants_du_capteur(capteur, grille, fin)
            total += int(self._en_ligne(kit, capteur, instants).sum())
            total += sum(len(self._instants_du_capteur(capteur, gardes, fin)) for _, gardes in self._gardes(kit, capteur, debut, fin, pas_s))
        return total

    def messages_historique(self, debut: float, fin: float, pas_s: int) -> Iterator[Message]:
        grille = grille_d_instants(debut, fin, pas_s)
        if len(grille):
            for kit in self.kits:
                kit.preparer(grille[0], grille[-1])
        for rang in range(0, len(grille), self.taille_message):
            bloc = grille[rang : rang + self.taille_message]
            for kit, capteur in self._capteurs():
                instants = self._instants_du_capteur(capteur, bloc, fin)
                yield from self._tableaux(kit, capteur, instants[self._en_ligne(kit, capteur, instants)])
        yield from (self._fautif(f) for f in self.pannes.fautifs if debut <= f.envoye_le < fin)
        for kit, capteur in self._capteurs():
            for coupure, gardes in self._gardes(kit, capteur, debut, fin, pas_s):
                yield from self._tableaux(kit, capteur, self._instants_du_capteur(capteur, gardes, fin), coupure.fin)

    def messages_direct(self, instant: float, pas_s: int = 600) -> list[Message]:
        """Les messages de tous les kits à cet instant : au retour d'une coupure rattrapée, ce
        que le kit a gardé (au pas `pas_s`) d'abord ; les messages fautifs de [instant, instant + pas_s)."""
        moment = np.array([instant], dtype=np.float64)
        messages = [self._fautif(f) for f in self.pannes.fautifs if instant <= f.envoye_le < instant + pas_s]
        for kit, capteur in self._capteurs():
            if not self._en_ligne(kit, capteur, moment)[0]:
                continue
            for coupure, gardes in self._gardes(kit, capteur, instant - pas_s, instant, pas_s):
                messages += self._tableaux(kit, capteur, gardes, coupure.fin)
            objet = objets_releves(moment, kit.mesures(capteur, moment))[0]
            messages.append(Message(sujet(kit.lycee.uai, capteur.compteur.compteur), encoder(objet), 1, instant))
        return messages

    def _capteurs(self) -> Iterator[tuple[Kit, Capteur]]:
        return ((kit, capteur) for kit in self.kits for capteur in kit.lycee.capteurs)

    def _en_ligne(self, kit: Kit, capteur: Capteur, instants: np.ndarray) -> np.ndarray:
        uai, nom = kit.lycee.uai, capteur.compteur.compteur
        return ~(self.pannes.hors_ligne(uai, nom, instants, False) | self.pannes.hors_ligne(uai, nom, instants, True))

    def _gardes(self, kit: Kit, capteur: Capteur, apres: float, jusqu_a: float, pas_s: int) -> list[tuple[Coupure, np.ndarray]]:
        """Chaque coupure rattrapée de ce capteur finie dans ]apres, jusqu_a], et les instants
        (au pas `pas_s`) que le kit a gardés pendant qu'elle durait."""
        coupures = self.pannes.rattrapees(kit.lycee.uai, capteur.compteur.compteur, apres, jusqu_a)
        return [(c, grille_d_instants(c.debut, c.fin, pas_s)) for c in coupures]

    @staticmethod
    def _instants_du_capteur(capteur: Capteur, instants: np.ndarray, fin: float) -> np.ndarray:
        if capteur.genre is Genre.SALLE:
            return instants[instants >= debut_des_salles(fin)]
        return instants

    def _tableaux(self, kit: Kit, capteur: Capteur, instants: np.ndarray, envoye_le: float | None = None) -> Iterator[Message]:
        """Des tableaux d'au plus `taille_message` relevés, envoyés à leur dernier relevé (ou à `envoye_le`)."""
        for rang in range(0, len(instants), self.taille_message):
            morceau = instants[rang : rang + self.taille_message]
            objets = objets_releves(morceau, kit.mesures(capteur, morceau))
            charge = encoder(objets)
            yield Message(sujet(kit.lycee.uai, capteur.compteur.compteur), charge, len(objets),
                          float(morceau[-1]) if envoye_le is None else envoye_le)

    @staticmethod
    def _fautif(fautif: MessageFautif) -> Message:
        return Message(fautif.sujet, fautif.charge, fautif.releves, fautif.envoye_le)


def debut_des_salles(fin: float) -> float:
    """Le 1er octobre qui ouvre la saison de chauffe d'avant celle de `fin` (minuit à Paris)."""
    saison = debut_de_saison(a_paris(fin).date())
    return datetime(saison.year - 1, saison.month, saison.day, tzinfo=PARIS).timestamp()


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
