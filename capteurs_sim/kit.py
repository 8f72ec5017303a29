"""Le kit d'un lycée : les valeurs de chacun de ses capteurs à des instants quelconques.

Un index est une fonction déterministe du temps : la somme des énergies horaires depuis la
mise en service des kits (`ORIGINE`), interpolée dans l'heure en cours, plus un index de départ
propre au compteur. L'historique et le direct lisent donc le même compteur, qui continue là où
l'historique s'est arrêté. Les sommes sont gardées en cache sur la plage déjà demandée.
"""

from datetime import UTC, datetime

import numpy as np

from capteurs_sim import ambiance, confort, hasard, numerique
from capteurs_sim.contexte import contexte
from capteurs_sim.ecarts import facteurs
from capteurs_sim.lycees import Capteur, Genre, Lycee
from capteurs_sim.meteo import temperature_exterieure
from capteurs_sim.pannes import Pannes
from capteurs_sim.profils import energie_horaire
from noyau.domaine.calendrier import CalendrierScolaire
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie

ORIGINE = datetime(2024, 1, 1, tzinfo=UTC).timestamp()  # mise en service des kits
_HEURE_ORIGINE = int(ORIGINE // 3600)
_MARGE_H = 24 * 31
_HEURES_PAR_AN = 8760


class Kit:
    def __init__(self, lycee: Lycee, graine: int, pannes: Pannes, calendrier: CalendrierScolaire | None = None):
        self.lycee = lycee
        self.graine = graine
        self.pannes = pannes
        self.calendrier = calendrier or CalendrierScolaire()
        self._premiere_h = None  # heures (depuis ORIGINE) de la première et de la dernière somme gardées
        self._derniere_h = None
        self._cumuls: dict[str, np.ndarray] = {}  # compteur → énergie cumulée au début de chaque heure
        self._premiere_annee: dict[str, float] = {}  # compteur → énergie de sa première année

    def preparer(self, debut: float, fin: float) -> None:
        """Calcule d'un coup les sommes de [debut, fin] : l'historique évite ainsi les recalculs."""
        self._cumul_de_tous(int((debut - ORIGINE) // 3600), int((fin - ORIGINE) // 3600) + 1)

    def mesures(self, capteur: Capteur, instants: np.ndarray) -> dict[str, np.ndarray]:
        """Les grandeurs publiées par ce capteur (nom du contrat → valeurs), aux instants."""
        instants = np.asarray(instants, dtype=np.float64)
        genre, nom = capteur.genre, capteur.compteur.compteur
        if genre is Genre.EXTERIEUR:
            return ambiance.exterieur(instants, self.graine, self.lycee.site.longitude)
        if genre is Genre.SALLE:
            return self._salle(nom, instants)
        valeurs = {self._grandeur_index(capteur): self._index(capteur, instants)}
        if genre is Genre.ELECTRICITE:
            valeurs["puissance_w"] = self._puissance(nom, instants)
        return valeurs

    def _salle(self, nom: str, instants: np.ndarray) -> dict[str, np.ndarray]:
        uai = self.lycee.uai
        exterieur = temperature_exterieure(instants, self.graine, self._decalage)
        return ambiance.salle(instants, contexte(instants, self.calendrier), exterieur, hasard.cle(self.graine, uai, nom),
                              confort.degres_en_plus(self.pannes.ecarts, uai, nom, instants),
                              self.pannes.chauffage_force(uai, instants), confort.est_confinee(uai, nom))

    @property
    def _decalage(self) -> float:
        return ambiance.decalage_du_lieu(self.lycee.site.longitude)

    @staticmethod
    def _grandeur_index(capteur: Capteur) -> str:
        return "index_m3" if capteur.compteur.energie in (Energie.GAZ, Energie.EAU) else "index_kwh"

    def _index(self, capteur: Capteur, instants: np.ndarray) -> np.ndarray:
        nom = capteur.compteur.compteur
        coef = capteur.compteur.coef_kwh_m3 or 1.0  # gaz : kWh → m³
        brut = self._energie_cumulee(nom, instants)
        remise = self.pannes.remise(self.lycee.uai, nom)
        if remise is not None:
            avant = self._energie_cumulee(nom, np.array([remise]))[0]
            return np.round(np.where(instants >= remise, brut - avant, brut + self._depart(nom)) / coef, 3)
        return np.round((brut + self._depart(nom)) / coef, 3)

    def _depart(self, nom: str) -> float:
        """L'index affiché à la mise en service : le compteur avait déjà servi (0 à 5 ans de consommation)."""
        tirage = hasard.uniforme(hasard.cle(self.graine, self.lycee.uai, nom, "depart"), np.zeros(1))[0]
        return round(float(tirage) * 5.0 * self._premiere_annee[nom], 1)

    def _energie_cumulee(self, nom: str, instants: np.ndarray) -> np.ndarray:
        relatif = (instants - ORIGINE) / 3600.0
        heures = np.floor(relatif).astype(np.int64)
        cumul = self._cumul(nom, int(heures.min()), int(heures.max()) + 1)
        rang = heures - self._premiere_h
        return cumul[rang] + (relatif - heures) * (cumul[rang + 1] - cumul[rang])

    def _puissance(self, nom: str, instants: np.ndarray) -> np.ndarray:
        """La puissance moyenne de l'heure en cours, en W, avec un petit bruit à la minute."""
        heures = np.floor((instants - ORIGINE) / 3600.0).astype(np.int64)
        cumul = self._cumul(nom, int(heures.min()), int(heures.max()) + 1)
        rang = heures - self._premiere_h
        bruit = 1.0 + 0.04 * hasard.normale(hasard.cle(self.graine, self.lycee.uai, "puissance"), instants // 60)
        return np.round((cumul[rang + 1] - cumul[rang]) * 1000.0 * bruit)

    def _cumul(self, nom: str, premiere_h: int, derniere_h: int) -> np.ndarray:
        """L'énergie cumulée depuis ORIGINE au début des heures premiere_h..derniere_h (au moins)."""
        self._cumul_de_tous(premiere_h, derniere_h)
        return self._cumuls[nom]

    def _cumul_de_tous(self, premiere_h: int, derniere_h: int) -> None:
        if premiere_h < 0:
            raise DonneeInvalide("la simulation commence au 1er janvier 2024, mise en service des kits")
        if self._premiere_h is None:
            self._calculer(premiere_h, derniere_h + _MARGE_H)
        elif premiere_h < self._premiere_h or derniere_h >= self._derniere_h:
            self._calculer(min(premiere_h, self._premiere_h), max(derniere_h + _MARGE_H, self._derniere_h))

    def _calculer(self, premiere_h: int, derniere_h: int) -> None:
        """Les énergies horaires de tous les capteurs à index, de ORIGINE à derniere_h (un an au moins)."""
        heures = _HEURE_ORIGINE + np.arange(max(derniere_h, _HEURES_PAR_AN), dtype=np.int64)
        milieux = heures * 3600.0 + 1800.0
        c = contexte(milieux, self.calendrier)
        exterieur = temperature_exterieure(milieux, self.graine, self._decalage)
        force = self.pannes.chauffage_force(self.lycee.uai, milieux)
        self._premiere_h, self._derniere_h = premiere_h, derniere_h
        allumes = numerique.serveurs_allumes(self.pannes.numeriques, self.lycee.uai, milieux)
        numeriques = numerique.energies(self.lycee.site, c, heures, self.graine, allumes)  # derrière le principal
        for capteur in self.lycee.capteurs:
            if capteur.genre in (Genre.EXTERIEUR, Genre.SALLE):
                continue
            if capteur.genre is Genre.NUMERIQUE:
                energies = numeriques[capteur.compteur.compteur]
            else:
                energies = energie_horaire(capteur.genre, self.lycee, c, heures, exterieur, force, self.graine)
            if capteur.genre is Genre.ELECTRICITE:
                energies = energies + sum(numeriques.values(), np.zeros(len(heures)))
            energies = energies * facteurs(self.pannes.ecarts, self.lycee.uai, capteur.genre, milieux, c)
            cumul = np.concatenate(([0.0], np.cumsum(energies)))
            self._cumuls[capteur.compteur.compteur] = cumul[premiere_h : derniere_h + 1]
            self._premiere_annee[capteur.compteur.compteur] = float(cumul[_HEURES_PAR_AN])
