"""Les sous-compteurs numériques simulés (capteurs_sim.numerique) : trois lycées équipés, derrière
leur compteur principal, et la salle de serveurs restée allumée pendant les dernières vacances."""

from dataclasses import replace
from datetime import date, datetime

import numpy as np
import pytest

from capteurs_sim.kit import Kit
from capteurs_sim.lycees import Genre, lycees
from capteurs_sim.numerique import EQUIPES, OUBLI, ServeursAllumes
from capteurs_sim.pannes import Pannes, planifier
from noyau.calculs.numerique import est_numerique
from noyau.domaine.temps import PARIS

REFERENCE = date(2026, 3, 1)


def paris(*args) -> float:
    return datetime(*args, tzinfo=PARIS).timestamp()


def energie(kit: Kit, nom: str, debut: float, fin: float) -> float:
    capteur = next(c for c in kit.lycee.capteurs if c.compteur.compteur == nom)
    return float(np.diff(kit.mesures(capteur, np.array([debut, fin]))["index_kwh"])[0])


@pytest.fixture(scope="module")
def ronarch():
    choisis = lycees(6)
    sans_economie = replace(planifier(choisis, 42, REFERENCE), ecarts=())  # l'économie de nuit tombe sur ce lycée
    return Kit(next(l for l in choisis if l.uai == OUBLI), 42, sans_economie)


def test_trois_lycees_equipes_de_sous_compteurs_numeriques():
    equipes = {l.uai: [c.compteur for c in l.capteurs if c.genre is Genre.NUMERIQUE] for l in lycees(9)}
    assert {uai for uai, compteurs in equipes.items() if compteurs} == set(EQUIPES)
    assert [c.usage for c in equipes["0350028R"]] == ["numerique-serveurs", "numerique-reseau", "numerique-salle",
                                                      "numerique-recharge", "numerique-affichage"]
    assert all(est_numerique(c) and not c.principal for compteurs in equipes.values() for c in compteurs)


def test_le_numerique_est_derriere_le_principal_et_en_fait_une_part_plausible():
    kit = Kit(lycees(1)[0], 42, Pannes())
    debut, fin = paris(2025, 1, 1), paris(2026, 1, 1)
    principal = energie(kit, "principal", debut, fin)
    numerique = sum(energie(kit, c.compteur.compteur, debut, fin) for c in kit.lycee.capteurs if c.genre is Genre.NUMERIQUE)
    autres = sum(energie(kit, nom, debut, fin) for nom in ("cantine", "ateliers", "internat"))
    assert principal > numerique + autres
    assert 0.04 < numerique / principal < 0.15


def test_salle_de_serveurs_restee_allumee_pendant_les_dernieres_vacances(ronarch):
    """Référence 1er mars 2026 : les dernières vacances finies une semaine avant sont celles de
    Noël (20 décembre - 4 janvier) ; à la Toussaint, l'extinction programmée avait joué."""
    assert ronarch.pannes.numeriques == (ServeursAllumes(OUBLI, paris(2025, 12, 20), paris(2026, 1, 5)),)
    noel = energie(ronarch, "serveurs", paris(2025, 12, 22), paris(2025, 12, 23))
    toussaint = energie(ronarch, "serveurs", paris(2025, 10, 20), paris(2025, 10, 21))
    classe = energie(ronarch, "serveurs", paris(2026, 1, 6), paris(2026, 1, 7))
    assert noel == pytest.approx(classe, rel=0.05) and noel == pytest.approx(2.5 * toussaint, rel=0.05)
    assert noel == pytest.approx(24 * 3.0 * 1.7, rel=0.05)  # 3 kW pour 10 000 m², 17 000 m²
