"""Les sondes d'ambiance : température extérieure, et température, CO2 et humidité des salles.

Fonctions pures de l'instant (pas seulement de l'heure) : le direct, toutes les 10 minutes,
voit le CO2 monter pendant un cours (vers 1 200 ppm au bout de deux heures, selon la salle),
retomber à la récréation et à midi, et rester vers 420 ppm hors des cours ; la température suivre
la consigne de la chaufferie, un degré de plus quand la classe est là (capteurs_sim.confort pour
les salles qui s'en écartent).
"""

import numpy as np

from capteurs_sim import hasard
from capteurs_sim.contexte import Contexte
from capteurs_sim.meteo import temperature_exterieure
from capteurs_sim.profils import CONSIGNE_CONFORT, consigne, en_saison_de_chauffe

CO2_EXTERIEUR = 420.0
COURS = ((8.0, 10.0), (10.25, 12.25), (13.5, 15.5), (15.75, 17.75))  # heures locales
MONTEE_MIN = 45.0
AERATION_MIN = 15.0
CONFINEMENT = 2.5


def decalage_du_lieu(longitude: float) -> float:
    """La côte ouest est un peu plus douce que l'Ille-et-Vilaine."""
    return round(-0.12 * (longitude + 3.0), 2)


def exterieur(instants: np.ndarray, graine: int, longitude: float) -> dict[str, np.ndarray]:
    return {"temperature_c": np.round(temperature_exterieure(instants, graine, decalage_du_lieu(longitude)), 1)}


def salle(instants: np.ndarray, c: Contexte, exterieur_c: np.ndarray, cle: int, en_plus: np.ndarray | float = 0.0,
          force: np.ndarray | None = None, confinee: bool = False) -> dict[str, np.ndarray]:
    """Les trois grandeurs d'une salle de classe ; `cle` distingue une salle d'une autre. Chauffée,
    elle suit la consigne du bâtiment d'enseignement (pas celle de l'internat), plus `en_plus`
    degrés pendant le confort (capteurs_sim.confort) ; `force` : le chauffage oublié en confort
    (capteurs_sim.pannes) ; `confinee` : une salle mal aérée."""
    rangs = np.floor(np.asarray(instants) / 60.0)
    occupee, co2 = _co2(c, cle, confinee)
    reglage = consigne(c, False, np.zeros(len(c.heure), bool) if force is None else force)
    en_confort = np.where(reglage >= CONSIGNE_CONFORT, en_plus, 0.0)
    chauffee = np.where(en_saison_de_chauffe(c), reglage - 0.5 + en_confort, 0.0)
    libre = np.maximum(exterieur_c + 4.0, 15.0)
    temperature = np.maximum(chauffee, libre) + 1.0 * occupee + 0.3 * hasard.normale(cle, rangs)
    humidite = 48.0 + 9.0 * occupee - 0.4 * (temperature - 20.0) + 2.0 * hasard.normale(cle ^ 1, rangs)
    return {
        "temperature_c": np.round(temperature, 1),
        "co2_ppm": np.round(co2 + 12.0 * hasard.normale(cle ^ 2, rangs)),
        "humidite_pct": np.round(np.clip(humidite, 25.0, 80.0), 1),
    }


def _co2(c: Contexte, cle: int, confinee: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(salle occupée, CO2 en ppm) : montée exponentielle en cours, aération après ; une salle
    confinée monte 2,5 fois plus haut et retombe 3,5 fois moins vite."""
    amplitude = (650.0 + 350.0 * hasard.uniforme(cle, np.zeros(1))[0]) * (CONFINEMENT if confinee else 1.0)
    aeration_min = AERATION_MIN * (CONFINEMENT + 1.0 if confinee else 1.0)
    occupee = np.zeros(len(c.heure), dtype=bool)
    surplus = np.zeros(len(c.heure))
    for debut, fin in COURS:
        jour_de_cours = c.classe & ((c.jour_semaine != 2) | (fin <= 12.5))
        dedans = jour_de_cours & (c.heure >= debut) & (c.heure < fin)
        occupee |= dedans
        monte = amplitude * (1.0 - np.exp(-(c.heure - debut) * 60.0 / MONTEE_MIN))
        sommet = amplitude * (1.0 - np.exp(-(fin - debut) * 60.0 / MONTEE_MIN))
        apres = jour_de_cours & (c.heure >= fin)
        retombe = sommet * np.exp(-(c.heure - fin) * 60.0 / aeration_min)
        surplus = np.maximum(surplus, np.where(dedans, monte, np.where(apres, retombe, 0.0)))
    return occupee, CO2_EXTERIEUR + surplus
