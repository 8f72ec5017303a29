"""Le confort des salles simulées (capteurs_sim.confort) : l'aile chaude, la salle mal aérée et la
consigne baissée d'un degré, mesurés comme le produit les mesure (moyennes pendant les cours)."""

from datetime import date, datetime

import numpy as np

from capteurs_sim.communaute import plan
from capteurs_sim.confort import AILE_CHAUDE, CONSIGNE_BAISSEE, SALLE_CONFINEE, degres_en_plus, jour_de_la_baisse
from capteurs_sim.ecarts import Ecart, Moments, Usage
from capteurs_sim.kit import Kit
from capteurs_sim.lycees import lycees
from capteurs_sim.pannes import Pannes
from noyau.domaine.temps import PARIS

MARDI = datetime(2026, 1, 13, tzinfo=PARIS).timestamp()  # un jour de classe d'hiver
EN_COURS = MARDI + 3600.0 * np.array([9.5, 11.0, 14.5, 16.5])  # pendant les quatre cours du jour (heure de Paris)


def kit_de(uai: str, ecarts: tuple[Ecart, ...] = ()) -> Kit:
    return Kit(next(l for l in lycees() if l.uai == uai), 42, Pannes(ecarts=ecarts))


def temperatures(kit: Kit, salle: str, instants: np.ndarray) -> np.ndarray:
    capteur = next(c for c in kit.lycee.capteurs if c.compteur.compteur == salle)
    return kit.mesures(capteur, instants)["temperature_c"]


def test_une_salle_ordinaire_suit_la_consigne_et_ses_occupants():
    autre = temperatures(kit_de("0350028R"), "salle-a101", EN_COURS)
    assert np.all((autre > 19.5) & (autre < 21.5)) and abs(autre.mean() - 20.5) < 0.5


def test_l_aile_chaude_a_trois_degres_de_trop():
    uai, (a101, b204), degres = AILE_CHAUDE
    kit = kit_de(uai)
    assert temperatures(kit, a101, EN_COURS).mean() - temperatures(kit, "salle-c012", EN_COURS).mean() > degres - 1
    assert temperatures(kit, b204, EN_COURS).mean() > 22.5


def test_la_salle_mal_aeree_reste_une_heure_de_cours_entiere_au_dessus_de_1500_ppm():
    uai, salle = SALLE_CONFINEE
    kit = kit_de(uai)
    capteur = next(c for c in kit.lycee.capteurs if c.compteur.compteur == salle)
    deuxieme_heure = MARDI + 3600 * 9 + 60.0 * np.arange(60)  # de 9 h à 10 h, la fin du premier cours
    assert kit.mesures(capteur, deuxieme_heure)["co2_ppm"].min() > 1500
    voisine = next(c for c in kit.lycee.capteurs if c.compteur.compteur == "salle-a101")
    assert kit.mesures(voisine, deuxieme_heure)["co2_ppm"].max() < 1400


def test_une_consigne_baissee_se_sent_dans_les_salles():
    baisse = Ecart(CONSIGNE_BAISSEE, Usage.CHAUFFAGE, 0.93, MARDI, moments=Moments.TOUJOURS)
    assert degres_en_plus((baisse,), CONSIGNE_BAISSEE, "salle-a101", np.array([MARDI - 1, MARDI])).round(6).tolist() == [0.0, -1.0]
    avant, apres = kit_de(CONSIGNE_BAISSEE), kit_de(CONSIGNE_BAISSEE, (baisse,))
    ecart = temperatures(apres, "salle-a101", EN_COURS) - temperatures(avant, "salle-a101", EN_COURS)
    assert np.allclose(ecart, -1.0, atol=0.11)


def test_le_jour_de_la_baisse_et_son_action_avec_sa_salle():
    assert jour_de_la_baisse(date(2026, 12, 6)) == date(2026, 11, 16)  # 2 semaines avant ; 6 semaines avant : le 5 octobre, chauffé
    assert jour_de_la_baisse(date(2026, 9, 15)) == date(2026, 3, 30)  # l'automne n'a pas encore six semaines chauffées
    (action,) = [a for a in plan(lycees(24), 42, date(2026, 12, 6)).actions if a.salle is not None]
    assert (action.uai, action.geste.titre, action.jour, action.salle) == (
        CONSIGNE_BAISSEE, "Baisser la consigne d'un degré", date(2026, 11, 16), "salle-a101")
    assert (action.ecart.usage, action.ecart.moments, round(action.ecart.facteur, 2)) == (Usage.CHAUFFAGE, Moments.TOUJOURS, 0.93)
