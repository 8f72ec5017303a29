"""Des profils plausibles : totaux annuels par m², rythmes scolaires, chauffage, CO2, météo."""

import time
from datetime import datetime

import numpy as np
import pytest

from capteurs_sim.contexte import contexte
from capteurs_sim.kit import Kit
from capteurs_sim.lycees import Genre, lycees
from capteurs_sim.meteo import temperature_exterieure
from capteurs_sim.pannes import Pannes
from capteurs_sim.profils import energie_horaire
from noyau.domaine.calendrier import CalendrierScolaire
from noyau.domaine.identifiants import Energie
from noyau.domaine.temps import PARIS

DEBUT = datetime(2025, 9, 1, tzinfo=PARIS).timestamp()
HEURES = DEBUT + 3600.0 * np.arange(8760)


def paris(*args) -> float:
    return datetime(*args, tzinfo=PARIS).timestamp()


def energie(kit: Kit, nom: str, instants: np.ndarray) -> np.ndarray:
    """L'énergie entre instants successifs, en kWh (m³ pour l'eau), lue sur l'index publié."""
    capteur = next(c for c in kit.lycee.capteurs if c.compteur.compteur == nom)
    index = next(v for k, v in kit.mesures(capteur, instants).items() if k.startswith("index"))
    return np.diff(index) * (capteur.compteur.coef_kwh_m3 or 1.0)


@pytest.fixture(scope="module")
def kits():
    return [Kit(lycee, 42, Pannes()) for lycee in lycees()]


def test_totaux_annuels_par_m2(kits):
    for kit in kits:
        surface = kit.lycee.surface_m2
        electricite = energie(kit, "principal", HEURES[[0, -1]])[0]
        assert 45 <= electricite / surface <= 95, kit.lycee.site.nom
        chauffage = "chaufferie" if kit.lycee.chauffage is Energie.GAZ else "reseau-chaleur"
        assert 60 <= energie(kit, chauffage, HEURES[[0, -1]])[0] / surface <= 170, kit.lycee.site.nom
        if kit.lycee.eau:
            assert 0.1 <= energie(kit, "eau", HEURES[[0, -1]])[0] / surface <= 0.6


def test_lycee_de_15000_m2_entre_600_et_1200_mwh(kits):
    kit = next(k for k in kits if k.lycee.surface_m2 == 15000)
    assert 600_000 <= energie(kit, "principal", HEURES[[0, -1]])[0] <= 1_200_000


def test_une_annee_d_un_compteur_en_bien_moins_d_une_seconde():
    lycee = lycees(1)[0]
    milieux = HEURES + 1800.0
    depart = time.perf_counter()
    c = contexte(milieux, CalendrierScolaire())
    exterieur = temperature_exterieure(milieux, 7)
    heures = (milieux // 3600).astype(np.int64)
    valeurs = energie_horaire(Genre.ELECTRICITE, lycee, c, heures, exterieur, np.zeros(8760, bool), 7)
    assert time.perf_counter() - depart < 0.5
    assert valeurs.shape == (8760,) and (valeurs > 0).all()


def test_rythme_scolaire_de_l_electricite(kits):
    kit = next(k for k in kits if k.lycee.internat)
    mardi_10h = energie(kit, "principal", np.array([paris(2026, 1, 13, 10), paris(2026, 1, 13, 11)]))[0]
    mardi_3h = energie(kit, "principal", np.array([paris(2026, 1, 13, 3), paris(2026, 1, 13, 4)]))[0]
    samedi_10h = energie(kit, "principal", np.array([paris(2026, 1, 17, 10), paris(2026, 1, 17, 11)]))[0]
    noel_10h = energie(kit, "principal", np.array([paris(2025, 12, 30, 10), paris(2025, 12, 30, 11)]))[0]
    assert mardi_10h > 3 * mardi_3h
    assert samedi_10h < 0.5 * mardi_10h and noel_10h < 0.6 * mardi_10h


def test_internat_du_dimanche_soir_au_vendredi_matin(kits):
    kit = next(k for k in kits if k.lycee.internat)
    def soiree(jour):
        return energie(kit, "internat", np.array([paris(2026, 1, jour, 20), paris(2026, 1, jour, 22)]))[0]
    assert soiree(11) > 3 * soiree(10)  # dimanche soir contre samedi soir
    assert soiree(13) > 3 * soiree(16)  # mardi soir contre vendredi soir


def test_pointe_de_la_cantine_avant_midi(kits):
    instants = np.array([paris(2026, 1, 13, h) for h in range(6, 16)])
    par_heure = energie(kits[0], "cantine", instants)
    assert 4 <= int(np.argmax(par_heure)) <= 6  # entre 10 h et 13 h


def test_chauffage_en_hiver_seulement(kits):
    kit = next(k for k in kits if k.lycee.chauffage is Energie.GAZ)
    janvier = energie(kit, "chaufferie", np.array([paris(2026, 1, 5), paris(2026, 2, 1)]))[0]
    juillet = energie(kit, "chaufferie", np.array([paris(2026, 7, 1), paris(2026, 7, 28)]))[0]
    assert janvier > 8 * juillet > 0


def test_temperature_exterieure_bretonne():
    janvier = temperature_exterieure(paris(2026, 1, 1) + 3600.0 * np.arange(24 * 31), 42)
    juillet = temperature_exterieure(paris(2026, 7, 1) + 3600.0 * np.arange(24 * 31), 42)
    assert 5 <= janvier.mean() <= 9 and 16 <= juillet.mean() <= 20
    assert janvier.min() > -8 and juillet.max() < 35


def test_co2_monte_pendant_les_cours(kits):
    kit = kits[0]
    salle = next(c for c in kit.lycee.capteurs if c.genre is Genre.SALLE)
    instants = np.array([paris(2026, 1, 13, 3), paris(2026, 1, 13, 8, 5), paris(2026, 1, 13, 9, 55),
                         paris(2026, 1, 13, 13, 15)])
    co2 = kit.mesures(salle, instants)["co2_ppm"]
    assert co2[0] < 480 and co2[1] < co2[2]
    assert 950 <= co2[2] <= 1300 and co2[3] < 520
