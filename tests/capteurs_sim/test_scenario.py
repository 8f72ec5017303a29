"""La vie simulée de la démonstration : reproductible, chaque incident là où sa règle le juge, le
kit muet du lancement qui revient, des messages fautifs refusés pour leur motif, des actions qui
changent vraiment les courbes."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import numpy as np
import orjson
import pytest

from capteurs_sim.communaute import plan
from capteurs_sim.ecarts import Moments, Usage
from capteurs_sim.generation import Generateur
from capteurs_sim.gestes import VEILLES
from capteurs_sim.kit import Kit
from capteurs_sim.lycees import compteurs, lycees
from capteurs_sim.pannes import planifier
from capteurs_sim.scenario import scenario
from noyau.domaine.calendrier import est_ferie, est_jour_de_classe, est_vacances
from noyau.domaine.temps import PARIS
from noyau.mesures.aiguillage import Aiguillage
from noyau.mesures.validation import Registre, valider, valider_series

LYCEES = lycees(9)
REFERENCE = date(2026, 12, 1)
LANCEMENT = datetime(2026, 12, 6, 10, 30, tzinfo=PARIS).timestamp()


@pytest.fixture(scope="module")
def pannes():
    return scenario(LYCEES, 42, REFERENCE, LANCEMENT)


def test_reproductible_et_place_par_rapport_au_lancement(pannes):
    assert scenario(LYCEES, 42, REFERENCE, LANCEMENT) == pannes
    plus_tard = scenario(LYCEES, 42, REFERENCE, LANCEMENT + 30 * 86400)
    assert {s.jour for s in plus_tard.surconsommations} != {s.jour for s in pannes.surconsommations}
    assert planifier(LYCEES, 42, REFERENCE).coupures == pannes.coupures[:2]  # les incidents de toujours restent


def test_une_surconsommation_par_lycee_un_jour_que_sa_regle_juge(pannes):
    assert sorted(s.ecart.uai for s in pannes.surconsommations) == sorted(l.uai for l in LYCEES)
    for s in pannes.surconsommations:
        jour, lendemain = s.jour, s.jour + timedelta(days=1)
        if s.regle == "nuit":
            assert s.ecart.moments is Moments.NUIT and est_jour_de_classe(jour) and est_jour_de_classe(jour - timedelta(days=1))
        elif s.regle == "week-end":
            assert jour.weekday() == 5 and s.ecart.usage is Usage.ELECTRICITE and est_jour_de_classe(lendemain + timedelta(days=1))
        else:
            assert s.regle == "vacances" and est_vacances(jour) and not est_ferie(jour) and not est_jour_de_classe(lendemain)
        assert s.ecart.facteur >= 2.5 and s.jour < date(2026, 9, 20)  # avant les défis de la démonstration
    assert len({s.jour for s in pannes.surconsommations}) == len(LYCEES)


def test_le_sous_compteur_muet_au_lancement_revient_et_envoie_ce_qu_il_a_garde(pannes):
    muet = next(c for c in pannes.coupures if c.compteur)
    assert (muet.debut, muet.fin, muet.rattrapage) == (LANCEMENT - 22 * 3600, LANCEMENT + 2 * 3600, True)
    generateur = Generateur(LYCEES, 42, REFERENCE, lancement=LANCEMENT)
    fin = LANCEMENT // 3600 * 3600
    sujet = f"lycees/{muet.uai}/{muet.compteur}"
    historique = [m for m in generateur.messages_historique(fin - 3 * 86400, fin, 3600) if m.sujet == sujet]
    assert max(o["ts"] for m in historique for o in orjson.loads(m.charge)) < muet.debut
    assert historique[-1].envoye_le < muet.debut  # son dernier message reçu : avant le silence
    assert not [m for m in generateur.messages_direct(muet.fin - 60, 60) if m.sujet == sujet]
    retour = [m for m in generateur.messages_direct(muet.fin, 60) if m.sujet == sujet]
    gardes = [o["ts"] for m in retour[:-1] for o in orjson.loads(m.charge)]
    assert gardes == list(range(int(muet.debut), int(muet.fin), 60)) and {m.envoye_le for m in retour} == {muet.fin}


def test_un_trou_de_huit_heures_douze_jours_avant(pannes):
    (trou,) = [c for c in pannes.coupures if not c.rattrapage and c.fin - c.debut == 8 * 3600]
    assert LANCEMENT - 13 * 86400 < trou.debut < LANCEMENT - 11 * 86400 and trou.compteur is None


def test_chaque_message_fautif_est_refuse_pour_son_motif(pannes):
    registre = Registre.depuis([l.uai for l in LYCEES], compteurs(LYCEES))
    motifs = []
    for fautif in pannes.fautifs:
        decodage = Aiguillage().decoder(fautif.sujet, fautif.charge, fautif.envoye_le)
        acceptes, refuses = valider(decodage.releves, registre, fautif.envoye_le)
        series, hors_series = valider_series(decodage.series, registre, fautif.envoye_le)
        rejets = decodage.rejets + refuses + hors_series
        assert not acceptes and not series and {r.motif for r in rejets} == {fautif.motif}
        assert len(rejets) == fautif.releves * (2 if b"puissance_w" in fautif.charge and b'"ERR"' not in fautif.charge else 1)
        motifs.append(fautif.motif)
    assert len(set(motifs)) == 7
    assert all(LANCEMENT - 60 * 86400 < f.envoye_le < LANCEMENT for f in pannes.fautifs)


def _energie(kit: Kit, nom: str, debut: float, fin: float) -> float:
    capteur = next(c for c in kit.lycee.capteurs if c.compteur.compteur == nom)
    index = next(iter(kit.mesures(capteur, np.array([debut, fin])).values()))
    return float(np.diff(index)[0]) * (capteur.compteur.coef_kwh_m3 or 1.0)


def _avec_et_sans(pannes, action) -> tuple[Kit, Kit]:
    """Le kit du lycée de l'action, et le même sans cette seule action."""
    lycee = next(l for l in LYCEES if l.uai == action.uai)
    sans = replace(pannes, ecarts=tuple(e for e in pannes.ecarts if e != action.ecart))
    return Kit(lycee, 42, pannes), Kit(lycee, 42, sans)


def test_les_actions_changent_les_courbes(pannes):
    """Les veilles coupées baissent d'un quart les week-ends qui suivent, pas la semaine ; un réglage
    du chauffage baisse le chauffage ; une affiche ne change rien."""
    actions = plan(LYCEES, 42, datetime.fromtimestamp(LANCEMENT, PARIS).date(), pannes.ecarts[:1]).actions
    veilles = next(a for a in actions if a.geste == VEILLES)
    assert veilles.ecart in pannes.ecarts
    avec, sans = _avec_et_sans(pannes, veilles)
    samedi = datetime.combine(veilles.jour + timedelta(days=(5 - veilles.jour.weekday()) % 7 + 7), datetime.min.time(), PARIS)
    week_end = (samedi.timestamp(), samedi.timestamp() + 2 * 86400)
    semaine = (samedi.timestamp() + 2 * 86400, samedi.timestamp() + 7 * 86400)
    assert _energie(avec, "principal", *week_end) == pytest.approx(0.75 * _energie(sans, "principal", *week_end), abs=0.01)
    assert _energie(avec, "principal", *semaine) == pytest.approx(_energie(sans, "principal", *semaine), abs=0.01)
    avant = (week_end[0] - 14 * 86400, week_end[1] - 14 * 86400)
    if avant[1] <= veilles.ecart.debut:
        assert _energie(avec, "principal", *avant) == pytest.approx(_energie(sans, "principal", *avant), abs=0.01)

    chauffage = next(a for a in actions if a.geste.usage is Usage.CHAUFFAGE and a.ecart)
    assert chauffage.jour.month in (10, 11, 12, 1, 2, 3)
    avec, sans = _avec_et_sans(pannes, chauffage)
    compteur = next(c.compteur.compteur for c in avec.lycee.capteurs if c.compteur.usage == "chauffage")
    mois = (chauffage.ecart.debut + 86400, chauffage.ecart.debut + 29 * 86400)
    baisse = _energie(avec, compteur, *mois) / _energie(sans, compteur, *mois)
    assert chauffage.geste.facteur - 1e-6 <= baisse < 0.99
    sans_effet = [a for a in actions if a.geste.facteur == 1.0]
    assert sans_effet and all(a.ecart is None for a in sans_effet)
