"""Les bornes de plausibilité d'un relevé, par grandeur : une valeur hors de ces bornes n'est pas
une mesure d'un compteur ou d'une sonde de lycée (kit déréglé, trame corrompue, valeur forgée) ;
elle est mise en quarantaine avec son motif au lieu d'être rangée comme une vraie.

- Index (kWh, m³) : jamais négatifs (un index négatif ferait des heures de consommation
  négative) ; au plus 10 milliards, au-delà des 9 chiffres de l'afficheur d'un compteur (un
  index de 1,23e29 kWh ou de 1,7e308 ferait des consommations infinies).
- Puissance active : de 0 à 100 MW (un lycée appelle quelques centaines de kW) ; négative, c'est
  une pince posée à l'envers ou une production, que les calculs de consommation ne savent pas lire.
- Puissance apparente : de 0 à 100 MVA.
- Ambiance : température de -60 à 100 °C, CO₂ de 0 à 100 000 ppm, humidité de 0 à 100 %.

Les bornes sont celles de toutes les énergies : un compteur de gaz, d'électricité ou d'eau a le
même afficheur. Le motif cite la grandeur et ses bornes, jamais la valeur reçue (noyau.domaine.
modele.motif_de_categorie) : un motif par grandeur, en nombre fini.
"""

import numpy as np

from noyau.domaine.modele import Grandeur

INDEX_MAX = 1e10

# grandeur : (minimum, maximum, les bornes dites dans le motif)
BORNES: dict[Grandeur, tuple[float, float, str]] = {
    Grandeur.INDEX_KWH: (0.0, INDEX_MAX, "de 0 à 10 milliards de kWh"),
    Grandeur.INDEX_M3: (0.0, INDEX_MAX, "de 0 à 10 milliards de m³"),
    Grandeur.PUISSANCE_W: (0.0, 1e8, "de 0 à 100 MW"),
    Grandeur.PUISSANCE_APPARENTE_VA: (0.0, 1e8, "de 0 à 100 MVA"),
    Grandeur.TEMPERATURE_C: (-60.0, 100.0, "de -60 à 100 °C"),
    Grandeur.CO2_PPM: (0.0, 100_000.0, "de 0 à 100 000 ppm"),
    Grandeur.HUMIDITE_PCT: (0.0, 100.0, "de 0 à 100 %"),
}


def motif_invraisemblable(grandeur: Grandeur) -> str:
    return f"{grandeur.value} hors des bornes plausibles ({BORNES[grandeur][2]})"


def invraisemblable(grandeur: Grandeur, valeur: float) -> str | None:
    """Le motif de quarantaine d'une valeur hors des bornes de sa grandeur, ou None."""
    minimum, maximum, _ = BORNES[grandeur]
    return None if minimum <= valeur <= maximum else motif_invraisemblable(grandeur)


def hors_bornes(grandeur: Grandeur, valeurs: np.ndarray) -> np.ndarray:
    """Le masque des valeurs hors des bornes de leur grandeur (NaN compris)."""
    minimum, maximum, _ = BORNES[grandeur]
    return ~((valeurs >= minimum) & (valeurs <= maximum))
