"""Les fermetures particulières d'un lycée (pont, journée pédagogique, travaux, grève, neige) : un
jour fermé est un jour sans classe partout où sert le calendrier du lycée."""

from datetime import date, datetime

import numpy as np
import pytest

from noyau.calculs.horaires import (
    FERMETURES_MAX,
    declaration,
    en_json,
    enregistrer_horaires,
    horaires_du_lycee,
    repartir_heure,
)
from noyau.calculs.numerique import part_numerique
from noyau.calculs.occupation import occupation
from noyau.domaine.calendrier import NatureDuJour
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur
from noyau.domaine.temps import PARIS
from tests.noyau.jeu_journalier import SITES, UAI, compteurs, puissance_constante, releves_journaliers

# Le mercredi 9 décembre 2026, un jour de classe en zone B, le lycée est fermé (journée pédagogique).
FERME = date(2026, 12, 9)
JOURNEE = {"debut": "2026-12-09", "fin": "2026-12-10", "motif": "Journée pédagogique"}


@pytest.fixture
def lycee(stockage):
    stockage.enregistrer_registre(SITES, compteurs())
    return stockage


def instant(*args) -> float:
    return datetime(*args, tzinfo=PARIS).timestamp()


def avec_internat(stockage, fermetures: list[dict]):
    return enregistrer_horaires(stockage, UAI, {**declaration(stockage, UAI), "internat": True, "fermetures": fermetures})


def test_un_jour_ferme_est_un_jour_sans_classe(lycee):
    sans, avec = avec_internat(lycee, []), avec_internat(lycee, [JOURNEE])
    assert sans.est_jour_de_classe(FERME) and not avec.est_jour_de_classe(FERME)
    assert repartir_heure(sans, instant(2026, 12, 9, 10), instant(2026, 12, 9, 11)) == {"ouverture": 1.0}
    assert repartir_heure(avec, instant(2026, 12, 9, 10), instant(2026, 12, 9, 11)) == {"vacances": 1.0}
    # la veille (mardi) est une veille sans classe le lendemain : ni classe le jour, ni la nature d'avant
    assert avec.nature_du_jour(FERME) is NatureDuJour.VEILLE_DE_CLASSE  # le jeudi 10 est un jour de classe
    assert avec.nature_du_jour(date(2026, 12, 8)) is NatureDuJour.CLASSE


def test_pas_de_nuit_d_internat_autour_d_un_jour_ferme(lycee):
    """Les internes rentrent chez eux la veille d'une fermeture : le mardi soir n'est plus une nuit
    d'internat ; le jeudi matin non plus (la nuit suit un jour fermé) ; le jeudi soir, si."""
    sans, avec = avec_internat(lycee, []), avec_internat(lycee, [JOURNEE])
    mardi_soir, jeudi_matin, jeudi_soir = (instant(2026, 12, 8, 20), instant(2026, 12, 10, 6), instant(2026, 12, 10, 20))
    for debut in (mardi_soir, jeudi_matin):
        assert repartir_heure(sans, debut, debut + 3600) == {"nuit_internat": 1.0}
        assert repartir_heure(avec, debut, debut + 3600) == {"soir_et_nuit": 1.0}
    assert repartir_heure(avec, jeudi_soir, jeudi_soir + 3600) == {"nuit_internat": 1.0}


def test_les_salles_d_un_jour_ferme_sont_inoccupees(lycee):
    avec = avec_internat(lycee, [JOURNEE])
    occupees = occupation(avec, instant(2026, 12, 8), instant(2026, 12, 11))
    mardi, mercredi, jeudi = (occupees.ouverture[24 * k + 10] for k in range(3))  # 10 h chaque jour
    assert (mardi, mercredi, jeudi) == (1.0, 0.0, 1.0)
    assert occupees.vide_depuis[24 + 10] == 15.0  # depuis la fin de la dernière heure occupée, mardi 19 h
    assert np.all(occupees.ouverture[24:48] == 0)


def test_rangees_triees_relues_et_gardees_par_le_formulaire_des_horaires(lycee):
    pont = {"debut": "2027-05-07", "fin": "2027-05-08", "motif": "  Pont  "}
    enregistrer_horaires(lycee, UAI, {**declaration(lycee, UAI), "zone": "A", "fermetures": [pont, JOURNEE]})
    attendues = [JOURNEE, {**pont, "motif": "Pont"}]
    assert en_json(horaires_du_lycee(lycee, UAI))["fermetures"] == attendues
    assert declaration(lycee, UAI)["fermetures"] == attendues
    # une écriture qui ne change que les plages (celle du formulaire) garde zone et fermetures
    enregistrer_horaires(lycee, UAI, {**declaration(lycee, UAI), "jours": {"lundi": [["08:00", "17:00"]]}})
    relues = horaires_du_lycee(lycee, UAI)
    assert relues.zone == "A" and en_json(relues)["fermetures"] == attendues
    # sans champ fermetures : celles déclarées restent (le reste est remplacé) ; [] les retire
    enregistrer_horaires(lycee, UAI, {"jours": {}})
    relues = horaires_du_lycee(lycee, UAI)
    assert relues.zone == "B" and en_json(relues)["fermetures"] == attendues
    enregistrer_horaires(lycee, UAI, {"jours": {}, "fermetures": []})
    assert horaires_du_lycee(lycee, UAI).fermetures == ()


@pytest.mark.parametrize("fermeture, message", [
    ({**JOURNEE, "fin": "2026-12-09"}, "fermeture n° 1 : fin (exclue) doit suivre debut ; un seul jour fermé, le 2026-12-09 : "
                                       "debut 2026-12-09, fin 2026-12-10"),
    ({**JOURNEE, "debut": "09/12/2026"}, "fermeture n° 1, debut : date AAAA-MM-JJ attendue"),
    ({**JOURNEE, "fin": None}, "fermeture n° 1, fin : date AAAA-MM-JJ attendue"),
    ({**JOURNEE, "motif": " "}, "fermeture n° 1, motif obligatoire"),
    ({**JOURNEE, "motif": "x" * 81}, "fermeture n° 1, motif trop long : 80 caractères au plus"),
    ({**JOURNEE, "motif": "Grève, joindre cpe@lycee.fr"}, "fermeture n° 1, motif : pas de donnée personnelle"),
    ({**JOURNEE, "motif": "Neige : appeler le 02 99 00 00 00"}, "fermeture n° 1, motif : pas de donnée personnelle"),
    ({**JOURNEE, "fin": "2028-01-01"}, "fermeture n° 1 : 366 jours au plus"),
    ({**JOURNEE, "debut": "1999-12-31"}, "fermeture n° 1, debut : entre les années 2000 et 2100"),
    ("2026-12-09", "fermeture n° 1 : un objet"),
])
def test_fermeture_refusee_avec_son_motif(lycee, fermeture, message):
    with pytest.raises(DonneeInvalide, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        enregistrer_horaires(lycee, UAI, {"jours": {}, "fermetures": [fermeture]})
    assert lycee.documents("horaires", UAI) == []  # rien d'écrit


def test_nombre_de_fermetures_borne(lycee):
    with pytest.raises(DonneeInvalide, match=f"fermetures : {FERMETURES_MAX} au plus"):
        enregistrer_horaires(lycee, UAI, {"jours": {}, "fermetures": [JOURNEE] * (FERMETURES_MAX + 1)})
    with pytest.raises(DonneeInvalide, match="fermetures : une liste"):
        enregistrer_horaires(lycee, UAI, {"jours": {}, "fermetures": JOURNEE})


def test_une_fermeture_declaree_apres_coup_recalcule_la_part_gardee_en_cache(lycee):
    """La part du numérique est gardée en cache (noyau.calculs.cache) : déclarer une fermeture
    change la génération `documents`, et la part hors occupation est recalculée : les 11 heures
    d'ouverture (7 h 30 - 18 h 30) du mercredi fermé passent hors occupation."""
    lycee.enregistrer_registre(SITES, [*compteurs(), Compteur(UAI, "serveurs", Energie.ELECTRICITE, False, "numerique-serveurs")])
    lundi, lundi_suivant = date(2026, 12, 7), date(2026, 12, 14)
    lycee.ecrire(releves_journaliers(UAI, "serveurs", puissance_constante(1.0), lundi, lundi_suivant)
                 + releves_journaliers(UAI, "principal", puissance_constante(10.0), lundi, lundi_suivant))
    debut, fin = datetime(2026, 12, 7, tzinfo=PARIS), datetime(2026, 12, 14, tzinfo=PARIS)
    assert part_numerique(lycee, UAI, debut, fin).hors_occupation == pytest.approx(168 - 5 * 11)
    enregistrer_horaires(lycee, UAI, {**declaration(lycee, UAI), "fermetures": [JOURNEE]})
    assert part_numerique(lycee, UAI, debut, fin).hors_occupation == pytest.approx(168 - 4 * 11)
