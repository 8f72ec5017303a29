"""Les incidents plantés : coupures, remise à zéro, chauffage oublié, et l'économie de nuit."""

from dataclasses import replace
from datetime import date

import numpy as np
import orjson
import pytest

from capteurs_sim.generation import Generateur, grille_d_instants
from capteurs_sim.kit import Kit
from capteurs_sim.lycees import lycees
from capteurs_sim.pannes import Pannes, planifier

REFERENCE = date(2026, 11, 1)
LYCEES = lycees(6)


@pytest.fixture(scope="module")
def pannes():
    return planifier(LYCEES, 42, REFERENCE)


def kit_de(uai: str, pannes: Pannes) -> Kit:
    return Kit(next(l for l in LYCEES if l.uai == uai), 42, pannes)


def capteur(kit: Kit, nom: str):
    return next(c for c in kit.lycee.capteurs if c.compteur.compteur == nom)


def test_planification_reproductible_et_complete(pannes):
    assert planifier(LYCEES, 42, REFERENCE) == pannes
    assert planifier(LYCEES, 43, REFERENCE) != pannes
    assert len(pannes.coupures) == 2 and {c.rattrapage for c in pannes.coupures} == {True, False}
    assert len(pannes.remises) == len(pannes.chauffages) == len(pannes.ecarts) == 1
    assert len({c.uai for c in pannes.coupures} | {pannes.remises[0].uai, pannes.chauffages[0].uai,
                                                    pannes.ecarts[0].uai}) == 5


def test_coupures_dans_l_historique(pannes):
    perdue = next(c for c in pannes.coupures if not c.rattrapage)
    rattrapee = next(c for c in pannes.coupures if c.rattrapage)
    debut, fin = perdue.debut - 86400 * 3, rattrapee.fin + 86400 * 3
    generateur = Generateur(LYCEES, 42, REFERENCE)
    messages = list(generateur.messages_historique(debut, fin, 3600))
    assert sum(m.releves for m in messages) == generateur.nombre_releves(debut, fin, 3600)

    def instants(uai, nom, parmi=messages):
        sujet = f"lycees/{uai}/{nom}"
        return np.array([o["ts"] for m in parmi if m.sujet == sujet for o in orjson.loads(m.charge)])

    publies = instants(perdue.uai, "principal")
    assert not ((publies >= perdue.debut) & (publies < perdue.fin)).any()
    assert len(publies) == len(grille_d_instants(debut, fin, 3600)) - 30
    dernier = [m for m in messages if m.sujet == f"lycees/{rattrapee.uai}/principal"][-1]
    en_retard = np.array([o["ts"] for o in orjson.loads(dernier.charge)])
    assert len(en_retard) == 52 and en_retard.min() >= rattrapee.debut and en_retard.max() < rattrapee.fin


def test_coupure_rattrapee_en_direct(pannes):
    """Au retour, le kit envoie d'abord tout ce qu'il a gardé depuis le début de la coupure (au pas
    du direct), en tableaux, puis son relevé du moment."""
    rattrapee = next(c for c in pannes.coupures if c.rattrapage)
    generateur = Generateur(LYCEES, 42, REFERENCE)
    pendant = generateur.messages_direct(rattrapee.debut, 600)
    assert not any(rattrapee.uai in m.sujet for m in pendant)
    apres = [m for m in generateur.messages_direct(rattrapee.fin, 600) if f"/{rattrapee.uai}/principal" in m.sujet]
    tableau, maintenant = apres
    instants = [o["ts"] for o in orjson.loads(tableau.charge)]
    assert instants == list(range(int(rattrapee.debut), int(rattrapee.fin), 600)) and tableau.envoye_le == rattrapee.fin
    assert orjson.loads(maintenant.charge)["ts"] == rattrapee.fin and maintenant.releves == 1


def test_remise_a_zero_du_compteur_principal(pannes):
    remise = pannes.remises[0]
    kit = kit_de(remise.uai, pannes)
    instants = remise.instant + 3600.0 * np.arange(-48, 48)
    index = kit.mesures(capteur(kit, remise.compteur), instants)["index_kwh"]
    sauts = np.diff(index)
    assert (sauts < 0).sum() == 1 and index[49] < 500 and index[47] > 10_000


def test_chauffage_oublie_un_week_end(pannes):
    oubli = pannes.chauffages[0]
    kit, temoin = kit_de(oubli.uai, pannes), kit_de(oubli.uai, Pannes())
    nom = next(c.compteur.compteur for c in kit.lycee.capteurs if c.compteur.usage == "chauffage")
    bornes = np.array([oubli.debut, oubli.fin])
    avec, sans = (np.diff(next(iter(k.mesures(capteur(k, nom), bornes).values())))[0] for k in (kit, temoin))
    assert avec > 1.5 * sans


def test_economie_de_nuit_de_30_pourcent(pannes):
    economie = pannes.ecarts[0]
    kit, temoin = kit_de(economie.uai, pannes), kit_de(economie.uai, replace(pannes, ecarts=()))
    nuits = economie.debut + 86400.0 * 7 + np.array([1.0, 4 * 3600])  # de minuit à 4 h, une semaine après
    avec = np.diff(kit.mesures(capteur(kit, "principal"), nuits)["index_kwh"])[0]
    sans = np.diff(temoin.mesures(capteur(temoin, "principal"), nuits)["index_kwh"])[0]
    assert avec == pytest.approx(0.7 * sans, rel=0.01)
    jour = economie.debut + 86400.0 * 7 + np.array([10 * 3600.0, 14 * 3600])
    assert np.diff(kit.mesures(capteur(kit, "principal"), jour)["index_kwh"])[0] == pytest.approx(
        np.diff(temoin.mesures(capteur(temoin, "principal"), jour)["index_kwh"])[0], rel=0.001)
