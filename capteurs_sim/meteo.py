"""Une température extérieure bretonne synthétique, fonction pure du temps.

Saison (hivers doux vers 7 °C en janvier, étés vers 18 °C en juillet), cycle du jour (plus
marqué l'été), perturbations de quelques jours (sinusoïdes de phases tirées de la graine)
et un petit bruit. Valable pour tout instant : le direct prolonge l'historique sans couture.
"""

import numpy as np

from capteurs_sim import hasard

_MOYENNE = 12.5
_AMPLITUDE_SAISON = 5.5
_JOUR_LE_PLUS_FROID = 20  # vers le 20 janvier
_PERIODES_PERTURBATIONS_J = (2.9, 4.7, 7.3, 11.9, 19.3)
_AMPLITUDES_PERTURBATIONS = (0.9, 1.3, 1.4, 1.1, 0.9)
_DUREE_ANNEE_J = 365.2425
_JOURS_1970_A_2000 = 10957


def temperature_exterieure(instants: np.ndarray, graine: int, decalage: float = 0.0) -> np.ndarray:
    """La température (°C) aux instants (secondes Unix) ; `decalage` distingue un lieu d'un autre."""
    jours = np.asarray(instants, dtype=np.float64) / 86400.0
    jour_annee = (jours - _JOURS_1970_A_2000) % _DUREE_ANNEE_J
    hiver = np.cos(2 * np.pi * (jour_annee - _JOUR_LE_PLUS_FROID) / _DUREE_ANNEE_J)
    saison = _MOYENNE - _AMPLITUDE_SAISON * hiver
    heure_solaire = (jours % 1.0) * 24.0
    diurne = (3.0 - 1.2 * hiver) * np.cos(2 * np.pi * (heure_solaire - 15.0) / 24.0)
    return saison + diurne + _perturbations(jours, graine) + decalage + 0.3 * hasard.normale(
        hasard.cle(graine, "meteo", decalage), np.floor(jours * 144)
    )


def _perturbations(jours: np.ndarray, graine: int) -> np.ndarray:
    phases = hasard.uniforme(hasard.cle(graine, "perturbations"), np.arange(len(_PERIODES_PERTURBATIONS_J)))
    total = np.zeros_like(jours)
    for periode, amplitude, phase in zip(_PERIODES_PERTURBATIONS_J, _AMPLITUDES_PERTURBATIONS, phases):
        total += amplitude * np.sin(2 * np.pi * (jours / periode + phase))
    return total
