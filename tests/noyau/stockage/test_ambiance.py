"""Les statistiques horaires des mesures d'ambiance, sur chaque moteur (voir conftest.py) :
tenues à jour à chaque écriture, gardées après la purge des relevés bruts."""

import numpy as np

from noyau.domaine.ambiance import resumer_ambiance
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import lire_borne
from noyau.stockage.base import MOTIF_RETENTION
from tests.conftest import LYCEE_A

SONDE = "sonde-exterieure"
T0 = lire_borne("2026-03-02").timestamp()


def temperature(ts: float, valeur: float, grandeur: Grandeur = Grandeur.TEMPERATURE_C) -> Releve:
    return Releve(LYCEE_A.uai, SONDE, grandeur, ts, valeur)


def comparer(lues, attendues) -> None:
    for champ in ("heure", "nombre", "somme", "minimum", "maximum"):
        np.testing.assert_allclose(getattr(lues, champ), getattr(attendues, champ), rtol=1e-12, err_msg=champ)


def test_statistiques_tenues_a_jour_malgre_retards_et_doublons(registre):
    tirage = np.random.default_rng(5)
    ts = np.sort(T0 + np.unique(tirage.integers(0, 40 * 3600, 900)).astype(np.float64))
    valeurs = np.round(18 + 4 * tirage.standard_normal(len(ts)), 1)
    releves = [temperature(float(t), float(v)) for t, v in zip(ts, valeurs)]
    for lot in np.array_split(tirage.permutation(len(releves)), 13):  # dans le désordre, par lots, avec des doublons
        registre.ecrire([releves[i] for i in lot] + [temperature(releves[i].ts, -99.0) for i in lot[:2]])
    lues = registre.lire_heures_ambiance(LYCEE_A.uai, SONDE, Grandeur.TEMPERATURE_C, T0, T0 + 41 * 3600)
    comparer(lues, resumer_ambiance(ts, valeurs))
    assert lues.nombre.sum() == len(ts) and lues.minimum.min() > -99
    dedans = registre.lire_heures_ambiance(LYCEE_A.uai, SONDE, Grandeur.TEMPERATURE_C, T0 + 3600, T0 + 3 * 3600)
    assert (dedans.heure * 3600).tolist() == [T0 + 3600, T0 + 2 * 3600]


def test_chaque_grandeur_a_ses_statistiques(registre):
    registre.ecrire([temperature(T0 + 60, 20.5), temperature(T0 + 120, 21.5), temperature(T0 + 60, 800.0, Grandeur.CO2_PPM)])
    co2 = registre.lire_heures_ambiance(LYCEE_A.uai, SONDE, Grandeur.CO2_PPM, T0, T0 + 3600)
    assert (co2.nombre.tolist(), co2.somme.tolist(), co2.minimum.tolist(), co2.maximum.tolist()) == ([1], [800.0], [800.0], [800.0])
    temperatures = registre.lire_heures_ambiance(LYCEE_A.uai, SONDE, Grandeur.TEMPERATURE_C, T0, T0 + 3600)
    assert temperatures.moyenne.tolist() == [21.0]
    assert len(registre.lire_heures_ambiance(LYCEE_A.uai, SONDE, Grandeur.HUMIDITE_PCT, T0, T0 + 3600).heure) == 0
    assert len(registre.lire_heures(LYCEE_A.uai, SONDE, Grandeur.TEMPERATURE_C, T0, T0 + 3600).heure) == 0


def test_les_statistiques_d_une_sonde_survivent_a_la_purge(registre):
    ts = T0 + 600.0 * np.arange(6 * 24 * 4)  # 4 jours, toutes les 10 minutes
    valeurs = 19.0 + (np.arange(len(ts)) % 7) / 2
    registre.ecrire([temperature(float(t), float(v)) for t, v in zip(ts, valeurs)])
    avant = registre.lire_heures_ambiance(LYCEE_A.uai, SONDE, Grandeur.TEMPERATURE_C, T0, T0 + 4 * 86400)
    limite = T0 + 2 * 86400
    assert registre.purger(limite + 1800) == 2 * 144
    assert len(registre.lire_releves(LYCEE_A.uai, SONDE, Grandeur.TEMPERATURE_C, T0, limite - 1).ts) == 1  # le premier d'après
    comparer(registre.lire_heures_ambiance(LYCEE_A.uai, SONDE, Grandeur.TEMPERATURE_C, T0, T0 + 4 * 86400), avant)
    assert len(avant.heure) == 96
    assert registre.ecrire([temperature(T0 + 30, 40.0)]) == 0  # son heure n'a plus de relevés bruts : quarantaine
    comparer(registre.lire_heures_ambiance(LYCEE_A.uai, SONDE, Grandeur.TEMPERATURE_C, T0, T0 + 4 * 86400), avant)
    assert [m.motif for m in registre.motifs_rejet()] == [MOTIF_RETENTION]


def test_statistiques_copiees_telles_quelles(registre):
    heures = resumer_ambiance(np.array([T0 + 10, T0 + 20, T0 + 7200.0]), np.array([400.0, 500.0, 1200.0]))
    registre.ecrire_heures_ambiance(LYCEE_A.uai, SONDE, Grandeur.CO2_PPM, heures)
    comparer(registre.lire_heures_ambiance(LYCEE_A.uai, SONDE, Grandeur.CO2_PPM, T0, T0 + 86400), heures)
    (etat,) = registre.series(LYCEE_A.uai)
    assert (etat.compteur, etat.grandeur, etat.premier, etat.dernier) == (SONDE, Grandeur.CO2_PPM, T0, T0 + 7200)
