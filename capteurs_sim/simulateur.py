"""Le simulateur de kits : des lycées bretons qui publient leurs relevés selon le contrat.

Usage (la commande `enerlycee simulateur` et la démonstration s'en servent ainsi) :

    from capteurs_sim.lycees import lycees
    from capteurs_sim.simulateur import Simulateur
    from noyau.mesures.adresse_mqtt import lire_adresse_mqtt

    with Simulateur(lire_adresse_mqtt("mqtt://127.0.0.1:1883"), lycees(24), graine=42) as sim:
        total = sim.nombre_releves(debut, fin)                 # pour une barre de progression
        sim.historique(debut, fin, progression=barre.update)   # 13 mois en tableaux, vite
        sim.direct(pas_s=600, vitesse=60.0, arret=evenement, depuis=fin)  # puis le direct

- `Simulateur(adresse, lycees=None, graine=42, reference=None, taille_message=1000,
  en_vol_max=100, lancement=None)` : `lycees` par défaut tous ceux de `capteurs_sim.lycees` ;
  `reference` (une date) place les pannes (voir `capteurs_sim.pannes`), par défaut le 1er du mois
  courant ; `lancement` (secondes Unix), celui de la démonstration, y ajoute la vie d'un parc réel
  (`capteurs_sim.scenario`). Même graine, même référence, mêmes instants : mêmes octets publiés.
- `nombre_releves(debut, fin, pas_s=3600) -> int` : les objets relevés que publiera
  `historique` (un objet peut porter plusieurs grandeurs, comme index_kwh et puissance_w).
- `historique(debut, fin, pas_s=3600, progression=None) -> int` : publie [debut, fin) en
  tableaux d'au plus `taille_message` relevés ordonnés, compteur par compteur ; sondes de salle
  depuis le début de la saison de chauffe d'avant (capteurs_sim.generation.debut_des_salles). `progression(n)` est appelée après chaque message avec
  le nombre de relevés qu'il contient (`tqdm.update` convient). Rend la main quand le courtier
  a tout accusé ; renvoie le nombre de relevés publiés.
- `direct(pas_s=600, vitesse=1.0, arret=None, depuis=None) -> int` : un relevé par capteur
  tous les `pas_s` de temps simulé, en messages simples. L'horloge simulée part de `depuis`
  (par défaut maintenant), avance `vitesse` fois plus vite que le temps réel pour rattraper
  le présent, mais ne le dépasse jamais (un relevé dans le futur serait rejeté). S'arrête
  dès que `arret` (un `threading.Event`) est levé ; renvoie le nombre de relevés publiés.

`debut`, `fin` et `depuis` : datetime avec fuseau, ou secondes Unix. Les compteurs sont des
fonctions du temps depuis le 1er janvier 2024 : le direct reprend là où l'historique s'arrête.
"""

import os
import threading
import time
from collections.abc import Callable
from datetime import date, datetime

from capteurs_sim.generation import TAILLE_MESSAGE, Generateur
from capteurs_sim.lycees import Lycee
from capteurs_sim.lycees import lycees as tous_les_lycees
from capteurs_sim.pannes import reference_par_defaut
from capteurs_sim.publication import Publieur
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import maintenant
from noyau.mesures.adresse_mqtt import AdresseMqtt


class Simulateur:
    def __init__(self, adresse: AdresseMqtt, lycees: list[Lycee] | None = None, graine: int = 42,
                 reference: date | None = None, taille_message: int = TAILLE_MESSAGE, en_vol_max: int = 100,
                 lancement: float | None = None):
        if not 1 <= taille_message <= 10_000:
            raise DonneeInvalide("taille_message doit être entre 1 et 10 000 relevés")
        self.lycees = list(tous_les_lycees() if lycees is None else lycees)
        self.graine = graine
        self.generateur = Generateur(self.lycees, graine, reference or reference_par_defaut(), taille_message, lancement)
        self._publieur = Publieur(adresse, f"enerlycee-simulateur-{graine}-{os.getpid()}", en_vol_max)
        self._connecte = False

    def __enter__(self) -> "Simulateur":
        return self

    def __exit__(self, *exc) -> None:
        self.fermer()

    def nombre_releves(self, debut: datetime | float, fin: datetime | float, pas_s: int = 3600) -> int:
        return self.generateur.nombre_releves(_secondes(debut), _secondes(fin), pas_s)

    def historique(self, debut: datetime | float, fin: datetime | float, pas_s: int = 3600,
                   progression: Callable[[int], object] | None = None) -> int:
        self._connecter()
        publies = 0
        for message in self.generateur.messages_historique(_secondes(debut), _secondes(fin), pas_s):
            self._publieur.publier(message.sujet, message.charge)
            publies += message.releves
            if progression:
                progression(message.releves)
        self._publieur.attendre()
        return publies

    def direct(self, pas_s: int = 600, vitesse: float = 1.0, arret: threading.Event | None = None,
               depuis: datetime | float | None = None) -> int:
        if pas_s <= 0 or vitesse <= 0:
            raise DonneeInvalide("pas_s et vitesse doivent être positifs")
        arret = arret or threading.Event()
        self._connecter()
        instant = -(-int(_secondes(depuis) if depuis is not None else maintenant()) // pas_s) * pas_s
        publies, dernier_pas = 0, None
        while not arret.is_set():
            if arret.wait(_attente(instant, pas_s, vitesse, dernier_pas)):
                break
            dernier_pas = time.monotonic()
            for message in self.generateur.messages_direct(instant, pas_s):
                self._publieur.publier(message.sujet, message.charge)
                publies += message.releves
            instant += pas_s
        self._publieur.attendre()
        return publies

    def fermer(self) -> None:
        if self._connecte:
            self._publieur.attendre()
            self._publieur.fermer()
            self._connecte = False

    def _connecter(self) -> None:
        if not self._connecte:
            self._publieur.connecter()
            self._connecte = True


def _attente(instant: float, pas_s: int, vitesse: float, dernier_pas: float | None) -> float:
    """Le temps réel à attendre avant de publier `instant` : le rythme voulu, jamais en avance."""
    avance = instant - maintenant()
    rythme = 0.0 if dernier_pas is None else pas_s / vitesse - (time.monotonic() - dernier_pas)
    return max(avance, rythme, 0.0)


def _secondes(moment: datetime | float) -> float:
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            raise DonneeInvalide("instant sans fuseau : ajouter un fuseau (Europe/Paris ou UTC)")
        return moment.timestamp()
    return float(moment)
