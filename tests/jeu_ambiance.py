"""Un petit jeu de sondes de salle, calculable à la main, autour du passage à l'heure d'été.

Lycée A (Rennes, zone B, horaires par défaut 7 h 30 - 18 h 30 du lundi au vendredi), du vendredi
27 mars 2026 au mardi 31 mars (exclu) : 24 + 24 + 23 + 24 = 95 heures, toutes dans la saison de
chauffe, le dimanche 29 passe à l'heure d'été. Un relevé tous les quarts d'heure :

- `salle-b12` : 21 °C de 7 h à 19 h (heure de Paris) les jours de classe (vendredi, lundi), 17 °C
  sinon ; CO2 900 ppm de 8 h à 9 h, 1 200 de 9 h à 10 h, 1 600 de 10 h à 12 h les jours de classe,
  450 sinon ; humidité 50 % ;
- `salle-c01` : 19 °C tout le temps, ni CO2 ni humidité ;
- `sonde-exterieure` : 8 °C (ou `exterieur`) ;
- `chaufferie` (gaz, usage chauffage, 10 kWh/m³) : 1 m³ par heure, soit 10 kWh.
"""

from datetime import datetime

import numpy as np

from noyau.domaine.calendrier import est_jour_de_classe
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve
from noyau.domaine.temps import PARIS, lire_borne
from tests.conftest import LYCEE_A

DEBUT, FIN = "2026-03-27", "2026-03-31"
UAI = LYCEE_A.uai


def compteurs() -> list[Compteur]:
    return [
        Compteur(UAI, "chaufferie", Energie.GAZ, True, "chauffage", 10.0),
        Compteur(UAI, "salle-b12", None, False, "salle de classe"),
        Compteur(UAI, "salle-c01", None, False, "salle de classe"),
        Compteur(UAI, "sonde-exterieure", None, False, "température extérieure"),
    ]


def instants(debut: str = DEBUT, fin: str = FIN) -> np.ndarray:
    return np.arange(lire_borne(debut).timestamp(), lire_borne(fin).timestamp(), 900.0)


def temperature_b12(local: datetime) -> float:
    return 21.0 if est_jour_de_classe(local.date()) and 7 <= local.hour < 19 else 17.0


def co2_b12(local: datetime) -> float:
    if not est_jour_de_classe(local.date()):
        return 450.0
    return {8: 900.0, 9: 1200.0, 10: 1600.0, 11: 1600.0}.get(local.hour, 450.0)


def releves(debut: str = DEBUT, fin: str = FIN, exterieur: float = 8.0) -> list[Releve]:
    tous = []
    for k, ts in enumerate(instants(debut, fin).tolist()):
        local = datetime.fromtimestamp(ts, PARIS)
        tous += [
            Releve(UAI, "salle-b12", Grandeur.TEMPERATURE_C, ts, temperature_b12(local)),
            Releve(UAI, "salle-b12", Grandeur.CO2_PPM, ts, co2_b12(local)),
            Releve(UAI, "salle-b12", Grandeur.HUMIDITE_PCT, ts, 50.0),
            Releve(UAI, "salle-c01", Grandeur.TEMPERATURE_C, ts, 19.0),
            Releve(UAI, "sonde-exterieure", Grandeur.TEMPERATURE_C, ts, exterieur),
            Releve(UAI, "chaufferie", Grandeur.INDEX_M3, ts, 100.0 + 0.25 * k),
        ]
    fin_ts = lire_borne(fin).timestamp()  # le dernier index ferme la dernière heure
    return [*tous, Releve(UAI, "chaufferie", Grandeur.INDEX_M3, fin_ts, 100.0 + 0.25 * len(instants(debut, fin)))]


def sondes_de_salle() -> list[Compteur]:
    """Les deux sondes de salle seules, à ajouter au jeu de tests/conftest.py (qui a sa chaufferie et sa sonde extérieure)."""
    return [c for c in compteurs() if c.compteur.startswith("salle-")]


def releves_des_salles() -> list[Releve]:
    return [r for r in releves() if r.compteur.startswith("salle-")]
