"""Des relevés à l'énergie par période : la section 3 du contrat, en calcul vectoriel pur.

- Index cumulatif : l'énergie de [a, b) est l'avance du compteur, sa valeur en a et en b
  interpolée linéairement entre les relevés qui les entourent. Un index qui baisse a été
  remis à zéro ou remplacé : l'avance sur cet écart vaut la nouvelle valeur, répartie
  linéairement sur l'écart comme toute autre avance.
- Puissance seule : intégrale par trapèzes ; un écart de plus de 15 minutes entre deux
  relevés de puissance ne compte pour rien ; une borne qui tombe dans un écart le coupe
  exactement (puissance interpolée linéairement).
- Une période est présente si des relevés l'entourent au moins en partie ; complète si des
  relevés l'entourent entièrement et qu'aucun écart de plus d'une heure ne la touche.
"""

from dataclasses import dataclass

import numpy as np

from noyau.domaine.modele import Nature

ECART_MAX_PUISSANCE_S = 15 * 60
ECART_MAX_COMPLET_S = 60 * 60
_WS_PAR_KWH = 3_600_000.0


@dataclass(frozen=True)
class Energies:
    """Par période : l'énergie, si la période est présente, si elle est complète."""

    valeurs: np.ndarray
    presentes: np.ndarray
    completes: np.ndarray


def energies(
    nature: Nature,
    ts: np.ndarray,
    valeurs: np.ndarray,
    bornes: np.ndarray,
    segments: np.ndarray | None = None,
    ecarts: np.ndarray | None = None,
) -> Energies:
    """Énergie par période [bornes[k], bornes[k+1]) ; unité de l'index, ou kWh pour une puissance.

    `segments` donne l'énergie de chaque écart entre points consécutifs quand elle est déjà
    connue (agrégats horaires, voir noyau.domaine.agregats) ; sinon elle est calculée des relevés.
    """
    n = len(bornes) - 1
    if len(ts) < 2:
        return Energies(np.zeros(n), np.zeros(n, bool), np.zeros(n, bool))
    if segments is None:
        segments = energie_des_segments(nature, ts, valeurs)
    a_chaque_borne = _cumul(nature, ts, valeurs, segments, np.clip(bornes, ts[0], ts[-1]))
    debuts, fins = bornes[:-1], bornes[1:]
    presentes = (debuts < ts[-1]) & (fins > ts[0])
    return Energies(
        valeurs=np.where(presentes, np.diff(a_chaque_borne), 0.0),
        presentes=presentes,
        completes=presentes & (debuts >= ts[0]) & (fins <= ts[-1]) & ~_touche_un_trou(ts, debuts, fins, ecarts),
    )


def energie_des_segments(nature: Nature, ts: np.ndarray, valeurs: np.ndarray) -> np.ndarray:
    """L'énergie de chaque écart entre deux relevés consécutifs."""
    if nature is Nature.INDEX:
        avances = np.diff(valeurs)
        return np.where(avances < 0, valeurs[1:], avances)
    duree = np.diff(ts)
    trapezes = (valeurs[:-1] + valeurs[1:]) / 2 * duree / _WS_PAR_KWH
    return np.where(duree <= ECART_MAX_PUISSANCE_S, trapezes, 0.0)


def _cumul(nature: Nature, ts: np.ndarray, valeurs: np.ndarray, segments: np.ndarray, instants: np.ndarray) -> np.ndarray:
    """L'énergie cumulée depuis ts[0] à chaque instant ; un instant dans un écart le coupe
    linéairement (index) ou selon la puissance interpolée (trapèze partiel)."""
    cumul = np.concatenate(([0.0], np.cumsum(segments)))
    i = np.clip(np.searchsorted(ts, instants, side="right") - 1, 0, len(ts) - 2)
    duree = ts[i + 1] - ts[i]
    dans_segment = instants - ts[i]
    if nature is Nature.INDEX:
        partiel = segments[i] * dans_segment / duree
    else:
        puissance = valeurs[i] + (valeurs[i + 1] - valeurs[i]) * dans_segment / duree
        partiel = np.where(duree <= ECART_MAX_PUISSANCE_S, (valeurs[i] + puissance) / 2 * dans_segment / _WS_PAR_KWH, 0.0)
    return cumul[i] + np.where(dans_segment >= duree, segments[i], partiel)


def _touche_un_trou(ts: np.ndarray, debuts: np.ndarray, fins: np.ndarray, ecarts: np.ndarray | None) -> np.ndarray:
    """Vrai pour chaque période [debut, fin) qu'un écart de plus d'une heure chevauche ; `ecarts`
    dit, entre deux points d'agrégats, s'il y avait un trou dans l'agrégat (voir noyau.domaine.agregats)."""
    trous = np.flatnonzero((np.diff(ts) if ecarts is None else ecarts) > ECART_MAX_COMPLET_S)
    if len(trous) == 0:
        return np.zeros(len(debuts), bool)
    debuts_trous, fins_trous = ts[trous], ts[trous + 1]
    chevauchants = np.searchsorted(debuts_trous, fins, "left") - np.searchsorted(fins_trous, debuts, "right")
    return chevauchants > 0
