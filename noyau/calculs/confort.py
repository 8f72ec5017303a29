"""Le confort et l'air des salles, reliés à l'énergie : les indicateurs d'un lycée sur une période.

Tout part des moyennes horaires des sondes de salle (noyau.calculs.ambiance ; la sonde extérieure
n'est pas une salle) et de l'occupation heure par heure (noyau.calculs.occupation : horaires du
lycée, vacances de sa zone, saison de chauffe du 1er octobre au 20 mai). Une heure coupée par une
borne d'horaire compte au prorata de sa part d'ouverture.

- **Degrés-heures au-dessus de 19 °C** (code de l'énergie, art. R241-26 : 19 °C en moyenne dans les
  locaux d'enseignement occupés) : pendant les heures de cours de la saison de chauffe, les jours
  où il fait moins de 12 °C dehors en moyenne (au-delà, une salle occupée n'a plus besoin de
  chauffage : trop chaude, elle l'est par le soleil et les élèves ; sans température extérieure,
  tous les jours comptent), la somme de (température moyenne de l'heure − 19 °C) quand elle
  dépasse 19 °C. L'**excès moyen** est ces
  degrés-heures sur les heures de cours mesurées ; le **surcoût estimé** applique la règle de
  l'ADEME, environ 7 % de chauffage par degré, au chauffage consommé pendant ces heures.
- **CO2** : les heures de cours où la moyenne de l'heure dépasse 1 000 ppm (valeur guide du
  règlement sanitaire départemental type) et 1 500 ppm (valeur d'action rapide du HCSP, reprise par
  l'arrêté du 27 décembre 2022 sur la qualité de l'air intérieur des écoles).
- **Chauffage en inoccupation** (art. R241-27) : dans la saison de chauffe, les heures où le lycée
  est vide depuis 24 à 48 heures et la salle au-dessus de 16 °C, ou depuis 48 heures et plus et
  la salle au-dessus de 8 °C, et leurs degrés-heures au-delà de la limite. Une salle vide se tient
  quelques degrés au-dessus de l'extérieur sans chauffage (soleil, murs, inertie) : une heure ne
  compte que si la salle est aussi plus chaude que dehors de `ECART_CHAUFFE_C` (6 °C) au moins
  (température extérieure moyenne du jour : noyau.calculs.meteo) ; sans température extérieure,
  elle ne compte pas.

Limites (docs/methodes.md) : une sonde mesure un point d'une salle ; la règle des 7 % est un ordre
de grandeur pour l'ensemble du chauffage ; l'écart de 6 °C à l'extérieur est une hypothèse du projet.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from noyau.calculs.ambiance import nom_de_salle, salles_du_lycee
from noyau.calculs.cache import de_tout, en_cache
from noyau.calculs.correction_climatique import chauffage_de
from noyau.calculs.horaires import horaires_du_lycee
from noyau.calculs.lecture import consommation_site, site
from noyau.calculs.meteo import temperatures_journalieres
from noyau.calculs.occupation import Occupation, aligner, occupation
from noyau.domaine.agregats import alignees_sur_l_heure
from noyau.domaine.ambiance import HeuresAmbiance
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Compteur, Grandeur
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS, a_paris
from noyau.stockage import Stockage

CONSIGNE_MAX_C = 19.0  # R241-26
LIMITE_24H_C, LIMITE_48H_C = 16.0, 8.0  # R241-27 : inoccupation de 24 à 48 h, de 48 h et plus
ECONOMIE_PAR_DEGRE = 0.07  # ADEME : environ 7 % de chauffage par degré
CO2_GUIDE_PPM, CO2_ACTION_PPM = 1000.0, 1500.0
ECART_CHAUFFE_C = 6.0  # une salle vide plus chaude que dehors d'au moins 6 °C est chauffée
NON_CHAUFFAGE_C = 12.0  # au-dessus (moyenne du jour dehors), une salle occupée trop chaude l'est sans le chauffage


@dataclass(frozen=True)
class ConfortSalle:
    compteur: str
    salle: str
    heures_de_cours: float  # heures de cours de la saison de chauffe avec une température (parts d'ouverture)
    temperature_moyenne: float | None  # pendant ces heures
    degres_heures: float  # au-dessus de 19 °C, pendant ces heures
    heures_co2: float  # heures de cours avec une mesure de CO2
    heures_co2_guide: float  # au-dessus de 1 000 ppm
    heures_co2_action: float  # au-dessus de 1 500 ppm
    heures_vide_16: float  # vide depuis 24 à 48 h, au-dessus de 16 °C
    heures_vide_8: float  # vide depuis 48 h ou plus, au-dessus de 8 °C
    degres_heures_vide: float  # au-delà de la limite de ces heures

    @property
    def exces_moyen(self) -> float | None:
        return self.degres_heures / self.heures_de_cours if self.heures_de_cours else None

    @property
    def surcout(self) -> float | None:
        """La part de chauffage en trop, estimée (0,14 : 14 %)."""
        return None if self.exces_moyen is None else ECONOMIE_PAR_DEGRE * self.exces_moyen


@dataclass(frozen=True)
class ConfortLycee:
    uai: str
    debut: float
    fin: float
    salles: list[ConfortSalle]
    chauffage_en_cours_kwh: float | None  # chauffage consommé pendant les heures de cours de la saison

    @property
    def heures_de_cours(self) -> float:
        return sum(s.heures_de_cours for s in self.salles)

    @property
    def exces_moyen(self) -> float | None:
        """Les degrés-heures de toutes les salles sur leurs heures de cours."""
        return sum(s.degres_heures for s in self.salles) / self.heures_de_cours if self.heures_de_cours else None

    @property
    def surcout_kwh(self) -> float | None:
        if self.exces_moyen is None or self.chauffage_en_cours_kwh is None:
            return None
        return self.chauffage_en_cours_kwh * ECONOMIE_PAR_DEGRE * self.exces_moyen

    @property
    def pires(self) -> list[ConfortSalle]:
        """Les salles, des plus surchauffées aux moins."""
        return sorted(self.salles, key=lambda s: (-s.degres_heures, s.salle))


def confort_lycee(stockage: Stockage, uai: str, debut: datetime, fin: datetime) -> ConfortLycee:
    """Les indicateurs de chaque salle du lycée sur [debut, fin) (bornes à l'heure pleine) ; le
    chauffage en trop est estimé sur les heures comptées des degrés-heures (au moins une salle
    mesurée, un jour de chauffe). Gardé en cache (noyau.calculs.cache) jusqu'à la prochaine écriture
    dans ces jours (sondes, températures extérieures, chauffage) ou de gestion (horaires)."""
    return en_cache(stockage, de_tout(periodes=[(debut, fin)]), ("confort", uai, debut, fin), lambda: _confort_lycee(stockage, uai, debut, fin))


def _confort_lycee(stockage: Stockage, uai: str, debut: datetime, fin: datetime) -> ConfortLycee:
    site(stockage, uai)
    a, b = debut.timestamp(), fin.timestamp()
    if not alignees_sur_l_heure(np.array([a, b])) or b <= a:
        raise DonneeInvalide("le confort se calcule sur des heures pleines : debut avant fin, à l'heure pile")
    occupees = occupation(horaires_du_lycee(stockage, uai), a, b)
    lectures = _lectures(stockage, occupees, salles_du_lycee(stockage, uai))
    if not lectures:
        return ConfortLycee(uai, a, b, [], None)
    exterieur = exterieur_par_heure(stockage, uai, occupees)
    salles = [confort_salle(occupees, exterieur, *lecture) for lecture in lectures]
    mesurees = np.any([np.isfinite(aligner(occupees, t.heure, t.moyenne)) for _, t, _ in lectures], axis=0) & jour_de_chauffe(exterieur)
    return ConfortLycee(uai, a, b, salles, chauffage_en_cours(stockage, uai, debut, fin, occupees, mesurees))


def confort_salles(stockage: Stockage, occupees: Occupation, sondes: list[Compteur]) -> list[ConfortSalle]:
    """Les indicateurs de ces sondes de salle sur les heures de l'occupation."""
    lectures = _lectures(stockage, occupees, sondes)
    exterieur = exterieur_par_heure(stockage, sondes[0].uai, occupees) if lectures else None
    return [confort_salle(occupees, exterieur, *lecture) for lecture in lectures]


def _lectures(stockage: Stockage, occupees: Occupation, sondes: list[Compteur]) -> list[tuple[Compteur, HeuresAmbiance, HeuresAmbiance]]:
    """Les moyennes horaires de température et de CO2 de chaque sonde sur les heures de l'occupation."""
    a, b = float(occupees.heures[0]) * 3600, float(occupees.heures[-1] + 1) * 3600
    return [(sonde, stockage.lire_heures_ambiance(sonde.uai, sonde.compteur, Grandeur.TEMPERATURE_C, a, b),
             stockage.lire_heures_ambiance(sonde.uai, sonde.compteur, Grandeur.CO2_PPM, a, b)) for sonde in sondes]


def confort_salle(occupees: Occupation, exterieur: np.ndarray, sonde: Compteur, temperatures: HeuresAmbiance,
                  co2: HeuresAmbiance) -> ConfortSalle:
    """Les indicateurs d'une salle, de ses moyennes horaires de température et de CO2 ; `exterieur` :
    la température extérieure de chaque heure de l'occupation (NaN inconnue)."""
    t, c = aligner(occupees, temperatures.heure, temperatures.moyenne), aligner(occupees, co2.heure, co2.moyenne)
    ouverture = np.nan_to_num(occupees.ouverture)
    chauffe = np.where(occupees.saison & np.isfinite(t) & jour_de_chauffe(exterieur), ouverture, 0.0)
    t0 = np.nan_to_num(t)
    en_cours = np.where(np.isfinite(c), ouverture, 0.0)
    c0 = np.nan_to_num(c)
    vide = occupees.saison & np.isfinite(t) & (ouverture == 0) & ~np.isnan(occupees.ouverture)
    limite = np.where(occupees.vide_depuis >= 48, LIMITE_48H_C, LIMITE_24H_C)
    au_dessus = vide & (occupees.vide_depuis >= 24) & (t0 > limite) & chauffee(t, exterieur)
    return ConfortSalle(
        compteur=sonde.compteur, salle=nom_de_salle(sonde.compteur, sonde.usage),
        heures_de_cours=float(chauffe.sum()),
        temperature_moyenne=float((chauffe * t0).sum() / chauffe.sum()) if chauffe.sum() else None,
        degres_heures=float((chauffe * np.maximum(t0 - CONSIGNE_MAX_C, 0.0)).sum()),
        heures_co2=float(en_cours.sum()),
        heures_co2_guide=float(en_cours[c0 > CO2_GUIDE_PPM].sum()),
        heures_co2_action=float(en_cours[c0 > CO2_ACTION_PPM].sum()),
        heures_vide_16=float((au_dessus & (limite == LIMITE_24H_C)).sum()),
        heures_vide_8=float((au_dessus & (limite == LIMITE_48H_C)).sum()),
        degres_heures_vide=float((t0 - limite)[au_dessus].sum()),
    )


def jour_de_chauffe(exterieur: np.ndarray) -> np.ndarray:
    """Vrai où la température extérieure du jour est sous NON_CHAUFFAGE_C, ou inconnue : une salle
    de classe occupée (élèves, soleil) n'a plus besoin de chauffage au-delà."""
    return ~(np.nan_to_num(exterieur, nan=-np.inf) >= NON_CHAUFFAGE_C)


def chauffee(temperature: np.ndarray, exterieur: np.ndarray) -> np.ndarray:
    """Vrai où une salle vide est plus chaude que dehors d'au moins ECART_CHAUFFE_C (faux sans l'une des deux)."""
    return np.nan_to_num(temperature - exterieur, nan=-np.inf) >= ECART_CHAUFFE_C


def exterieur_par_heure(stockage: Stockage, uai: str, occupees: Occupation) -> np.ndarray:
    """La température extérieure moyenne du jour de chaque heure (sonde du lycée, sinon station
    importée : noyau.calculs.meteo) ; NaN pour un jour sans donnée."""
    if not len(occupees.heures):
        return np.zeros(0)
    jours = [a_paris(h * 3600).date() for h in occupees.heures.tolist()]
    connues = temperatures_journalieres(stockage, uai, jours[0], jours[-1] + timedelta(days=1))
    return np.array([connues.get(jour, np.nan) for jour in jours])


def chauffage_en_cours(stockage: Stockage, uai: str, debut: datetime, fin: datetime, occupees: Occupation,
                       mesurees: np.ndarray) -> float | None:
    """Le chauffage (kWh) consommé pendant les heures de cours de la saison de chauffe où une salle est
    mesurée (`mesurees`, par heure de l'occupation) : les compteurs qui déclarent l'usage « chauffage »,
    sinon la part de chauffage par défaut des compteurs principaux (noyau.calculs.correction_climatique) ;
    None sans aucun relevé."""
    poids = np.nan_to_num(occupees.ouverture) * occupees.saison * mesurees
    total, mesure = 0.0, False
    energies = {c.energie for c in stockage.compteurs(uai) if c.energie is not None and c.energie.unite == "kWh"}
    for energie in sorted(energies):
        compteurs, part = chauffage_de(stockage, uai, energie)
        lectures = [(c, 1.0) for c in compteurs] or ([(None, part)] if part else [])
        for compteur, facteur in lectures:
            for point in consommation_site(stockage, uai, energie, debut, fin, Pas.HEURE, compteur).points:
                total += facteur * point.valeur * poids[occupees.rang(int(point.debut // 3600))]
                mesure = True
    return total if mesure else None


@dataclass(frozen=True)
class JourDeCours:
    """Une journée de cours d'une salle : ses moyennes pendant les heures de cours."""

    jour: date
    temperature: float | None
    co2: float | None


def jours_de_cours(stockage: Stockage, uai: str, compteur: str, debut: date, fin: date) -> list[JourDeCours]:
    """La courbe d'une salle : chaque jour de [debut, fin) qui a des heures de cours mesurées, avec
    la température et le CO2 moyens de ces heures (au prorata de leur part d'ouverture)."""
    a, b = _minuit(debut), _minuit(fin)
    occupees = occupation(horaires_du_lycee(stockage, uai), a, b)
    jours = np.array([a_paris(h * 3600).date() for h in occupees.heures.tolist()])
    moyennes = {}
    for grandeur in (Grandeur.TEMPERATURE_C, Grandeur.CO2_PPM):
        heures = stockage.lire_heures_ambiance(uai, compteur, grandeur, a, b)
        valeurs = aligner(occupees, heures.heure, heures.moyenne)
        poids = np.where(np.isfinite(valeurs), np.nan_to_num(occupees.ouverture), 0.0)
        moyennes[grandeur] = {j: float((poids * np.nan_to_num(valeurs))[jours == j].sum() / poids[jours == j].sum())
                              for j in sorted(set(jours[poids > 0].tolist()))}
    temperatures, co2 = moyennes[Grandeur.TEMPERATURE_C], moyennes[Grandeur.CO2_PPM]
    return [JourDeCours(j, temperatures.get(j), co2.get(j)) for j in sorted(temperatures.keys() | co2.keys())]


def _minuit(jour: date) -> float:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS).timestamp()
