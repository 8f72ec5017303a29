"""Les actions du référentiel pour le confort : « Baisser la consigne d'un degré » notée le lundi
23 mars 2026 dans la salle B12 ; la salle passe de 21 à 20 °C pendant les cours, son CO2 de 1 200 à
800 ppm, et la chaufferie de 10 à 9,3 kWh par heure (7 % de moins). Un relevé par heure du
23 février au 21 avril (vacances d'hiver jusqu'au 1er mars, de printemps dès le 11 avril)."""

from datetime import date, datetime

import pytest

from noyau.communaute.actions import action, creer_action, effet
from noyau.communaute.actions_confort import ACTIONS_PROPOSEES, effet_sur_la_salle, proposee
from noyau.domaine.calendrier import est_jour_de_classe
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import PARIS, lire_borne
from tests.conftest import LYCEE_A
from tests.jeu_ambiance import UAI, compteurs

JOUR = date(2026, 3, 23)


def releves() -> list[Releve]:
    tous, index = [], 0.0
    for ts in range(int(lire_borne("2026-02-23").timestamp()), int(lire_borne("2026-04-21").timestamp()) + 1, 3600):
        local = datetime.fromtimestamp(ts, PARIS)
        apres = local.date() >= JOUR
        en_cours = est_jour_de_classe(local.date()) and 7 <= local.hour < 19
        tous += [Releve(UAI, "salle-b12", Grandeur.TEMPERATURE_C, ts, (20.0 if apres else 21.0) if en_cours else 16.0),
                 Releve(UAI, "salle-b12", Grandeur.CO2_PPM, ts, (800.0 if apres else 1200.0) if en_cours else 450.0),
                 Releve(UAI, "sonde-exterieure", Grandeur.TEMPERATURE_C, ts, 8.0),
                 Releve(UAI, "chaufferie", Grandeur.INDEX_M3, ts, index)]
        index += 0.93 if apres else 1.0  # 10 kWh/m³
    return tous


@pytest.fixture
def lycee(stockage):
    stockage.enregistrer_registre([LYCEE_A], compteurs())
    stockage.ecrire(releves())
    return stockage


def test_baisser_la_consigne_se_voit_dans_la_salle_et_sur_le_gaz(lycee):
    baisser = proposee("Baisser la consigne d'un degré")
    notee = creer_action(lycee, UAI, baisser.titre, baisser.type, JOUR, compteur="chaufferie", groupe="éco-délégués",
                         description=baisser.description, salle="salle-b12")
    relue = action(lycee, UAI, notee.identifiant)
    assert (relue.salle, relue.energie.value) == ("salle-b12", "gaz")
    salle = effet_sur_la_salle(lycee, relue, date(2026, 4, 21))
    assert (salle.salle, salle.debut, salle.fin) == ("salle B12", date(2026, 2, 23), date(2026, 4, 20))
    assert (salle.avant.temperature_moyenne, salle.apres.temperature_moyenne, salle.ecart_temperature) == (21.0, 20.0, -1.0)
    assert (salle.part_co2_avant, salle.part_co2_apres) == (1.0, 0.0)
    assert effet(lycee, relue, date(2026, 4, 21)).economie == pytest.approx(0.07)
    assert effet_sur_la_salle(lycee, relue, JOUR) is None  # rien avant le lendemain


def test_la_salle_est_une_sonde_du_lycee(lycee):
    with pytest.raises(DonneeInvalide, match="pas une sonde"):
        creer_action(lycee, UAI, "Aérer", "eco-geste", JOUR, energie="gaz", salle="chaufferie")
    with pytest.raises(Introuvable):
        creer_action(lycee, UAI, "Aérer", "eco-geste", JOUR, energie="gaz", salle="salle-z99")
    sans_salle = creer_action(lycee, UAI, "Extinction des écrans", "eco-geste", JOUR, energie="electricite")
    assert sans_salle.salle is None and effet_sur_la_salle(lycee, sans_salle, date(2026, 4, 21)) is None


def test_deux_actions_proposees():
    assert [(a.cle, a.titre) for a in ACTIONS_PROPOSEES] == [
        ("baisser-consigne", "Baisser la consigne d'un degré"), ("aerer", "Aérer 5 minutes toutes les heures")]
    assert proposee("Aérer 5 minutes toutes les heures").grandeur is Grandeur.CO2_PPM and proposee("autre") is None
