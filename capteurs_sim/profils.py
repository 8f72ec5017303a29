"""Les profils de consommation d'un lycée, heure par heure, calculés en tableaux numpy.

Chaque fonction rend l'énergie de chaque heure [début, début + 1 h) : kWh pour l'électricité,
le gaz et la chaleur, m³ pour l'eau. Ordres de grandeur pour un lycée de 15 000 m² :
électricité 700 à 900 MWh par an (veille de nuit vers 2,6 W/m², pointe vers 20 W/m² en cours),
chauffage 90 à 130 kWh/m² par an selon l'internat, eau quelque 0,25 m³/m² par an.

- Électricité : le compteur `principal` est la somme des sous-compteurs (cantine, ateliers,
  internat) et du reste du bâtiment ; rien ne tourne fort hors des jours de classe, sauf le
  personnel les jours ouvrés des petites vacances et la veille (serveurs, froid, ventilation).
- Cantine : froid en continu, cuisson avant midi, plonge ensuite ; dîner et petit-déjeuner
  les jours d'internat.
- Internat : du dimanche soir au vendredi matin en période scolaire, pointes le soir et au lever.
- Chauffage : d'octobre à avril, proportionnel à l'écart entre la consigne et la température
  extérieure ; consigne réduite la nuit, le week-end et en vacances ; relance le matin ;
  eau chaude sanitaire toute l'année (cantine, internat).
"""

import numpy as np

from capteurs_sim import hasard
from capteurs_sim.contexte import Contexte
from capteurs_sim.lycees import Genre, Lycee

MOIS_DE_CHAUFFE = (10, 11, 12, 1, 2, 3, 4)
CONSIGNE_CONFORT = 20.0
CONSIGNE_REDUITE = 16.0
CONSIGNE_INTERNAT = 18.5
CONSIGNE_VACANCES = 12.0
DEPERDITIONS_W_M2_K = 2.4
BRUIT = 0.07


def entre(heure: np.ndarray, debut: float, fin: float) -> np.ndarray:
    return (heure >= debut) & (heure < fin)


def cloche(heure: np.ndarray, centre: float, largeur: float) -> np.ndarray:
    return np.exp(-0.5 * ((heure - centre) / largeur) ** 2)


def consigne(c: Contexte, internat: bool, force: np.ndarray) -> np.ndarray:
    """La consigne de chauffage (°C) : confort en cours (préchauffage dès 6 h), réduite sinon."""
    confort = c.classe & entre(c.heure, 6.0, 18.0) & ~((c.jour_semaine == 2) & (c.heure >= 13.0))
    reduite = np.where(c.ouvre | c.classe, CONSIGNE_REDUITE, CONSIGNE_REDUITE - 1.0)
    nuit = np.where(internat & c.internat, CONSIGNE_INTERNAT, reduite)
    hors_cours = np.where(c.classe | c.internat | (c.jour_semaine >= 5), nuit, CONSIGNE_VACANCES)
    return np.where(confort | force, CONSIGNE_CONFORT, hors_cours)


def en_saison_de_chauffe(c: Contexte) -> np.ndarray:
    return np.isin(c.mois, MOIS_DE_CHAUFFE)


def energie_horaire(genre: Genre, lycee: Lycee, c: Contexte, heures: np.ndarray, exterieur: np.ndarray,
                    force: np.ndarray, graine: int) -> np.ndarray:
    """L'énergie de chaque heure pour ce genre de capteur (contexte pris au milieu de l'heure).

    `heures` numérote les heures (secondes Unix // 3600) pour le bruit ; `exterieur` est la
    température extérieure ; `force` marque les heures de chauffage oublié en confort.
    """
    surface = lycee.surface_m2 * _sobriete(lycee, genre, graine)
    if genre is Genre.CHAUFFAGE:
        return _bruite(_chauffage_w_m2(lycee, c, exterieur, force) * surface / 1000.0, lycee, genre, heures, graine)
    if genre is Genre.EAU:
        return _bruite(_eau_l_m2(c) * surface / 1000.0, lycee, genre, heures, graine)
    if genre is Genre.ELECTRICITE:
        parties = [Genre.CANTINE, Genre.ATELIERS] + ([Genre.INTERNAT] if lycee.internat else [])
        reste = _bruite(_reste_w_m2(c) * surface / 1000.0, lycee, "reste", heures, graine)
        return reste + sum(energie_horaire(p, lycee, c, heures, exterieur, force, graine) for p in parties)
    return _bruite(_ELECTRIQUES[genre](c) * surface / 1000.0, lycee, genre, heures, graine)


def _sobriete(lycee: Lycee, genre: Genre, graine: int) -> float:
    """Un facteur propre au lycée (bâti, équipements, habitudes) : de 0,8 à 1,25, de 0,75 à 1,35 pour le chauffage."""
    bas, haut = (0.75, 1.35) if genre is Genre.CHAUFFAGE else (0.8, 1.25)
    tirage = hasard.uniforme(hasard.cle(graine, lycee.uai, "sobriete", genre), np.zeros(1))[0]
    return bas + (haut - bas) * tirage


def _bruite(valeurs: np.ndarray, lycee: Lycee, nom: str, heures: np.ndarray, graine: int) -> np.ndarray:
    bruit = hasard.normale(hasard.cle(graine, lycee.uai, nom), heures)
    return valeurs * np.clip(1.0 + BRUIT * bruit, 0.6, 1.4)


def _reste_w_m2(c: Contexte) -> np.ndarray:
    """Le bâtiment hors cantine, ateliers et internat : veille, cours, personnel."""
    h = c.heure
    cours = c.ouvert * (6.0 + 6.0 * cloche(h, 10.5, 2.0) + 4.0 * cloche(h, 15.0, 1.8))
    personnel = (c.ouvre & ~c.classe & entre(h, 8.0, 17.0)) * 1.5
    eclairage_hiver = c.ouvert * np.isin(c.mois, (11, 12, 1, 2)) * (entre(h, 8.0, 9.5) | entre(h, 16.5, 18.0)) * 2.0
    return 2.6 + cours + personnel + eclairage_hiver


def _cantine_w_m2(c: Contexte) -> np.ndarray:
    h = c.heure
    dejeuner = c.classe * (5.0 * cloche(h, 11.3, 1.0) + 2.0 * entre(h, 12.5, 14.5))
    internes = c.internat * (1.8 * cloche(h, 18.8, 0.7) + 1.2 * cloche(h, 7.0, 0.5))
    return 0.6 + dejeuner + internes


def _ateliers_w_m2(c: Contexte) -> np.ndarray:
    machines = c.ouvert & (entre(c.heure, 8.0, 12.0) | entre(c.heure, 13.5, 17.5))
    return 0.3 + 3.5 * machines


def _internat_w_m2(c: Contexte) -> np.ndarray:
    h = c.heure
    soiree = 2.2 * entre(h, 18.0, 23.0) + 2.5 * entre(h, 6.0, 8.0) + 0.6 * (entre(h, 23.0, 24.0) | entre(h, 0.0, 6.0))
    return 0.2 + c.internat * soiree


_ELECTRIQUES = {Genre.CANTINE: _cantine_w_m2, Genre.ATELIERS: _ateliers_w_m2, Genre.INTERNAT: _internat_w_m2}


def _chauffage_w_m2(lycee: Lycee, c: Contexte, exterieur: np.ndarray, force: np.ndarray) -> np.ndarray:
    ecart = np.maximum(consigne(c, lycee.internat, force) - exterieur, 0.0)
    relance = 1.0 + 0.6 * (c.classe & entre(c.heure, 5.0, 7.0)) + 0.5 * ((c.jour_semaine == 0) & entre(c.heure, 4.0, 7.0))
    chauffe = en_saison_de_chauffe(c) * DEPERDITIONS_W_M2_K * ecart * relance
    eau_chaude = 0.3 + c.classe * 0.6 * entre(c.heure, 9.0, 14.0) + lycee.internat * c.internat * 0.8
    return np.minimum(chauffe, DEPERDITIONS_W_M2_K * 30.0) + eau_chaude


def _eau_l_m2(c: Contexte) -> np.ndarray:
    """Litres par m² et par heure : sanitaires et cantine en cours, douches à l'internat, fuite de fond."""
    h = c.heure
    journee = c.ouvert * (0.09 + 0.12 * cloche(h, 12.3, 0.8))
    douches = c.internat * 0.2 * (cloche(h, 7.0, 0.5) + cloche(h, 21.5, 0.6))
    return 0.004 + journee + douches
