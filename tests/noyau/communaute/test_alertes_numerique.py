"""L'alerte `numerique-hors-occupation` : un équipement numérique qui tire, la nuit avant un jour
de classe ou un jour ouvré sans classe, plus de 1,5 fois sa propre habitude. Zone B : vacances
de Noël du 20 décembre 2025 au 4 janvier 2026, d'hiver du 14 février au 1er mars, de printemps
du 11 au 26 avril ; lundi de Pâques le 6 avril."""

from datetime import date

import pytest

from noyau.communaute.alertes import Seuils, verifier_site
from noyau.domaine.calendrier import est_ferie, est_vacances
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve, Site
from noyau.domaine.temps import a_paris
from tests.noyau.jeu_journalier import minuit

UAI = "0350028R"
SEUILS = Seuils(jours_examines=21)


@pytest.fixture
def lycee(stockage):
    stockage.enregistrer_registre([Site(UAI, "Lycée A", "Rennes", 10000.0)], [
        Compteur(UAI, "serveurs", Energie.ELECTRICITE, False, "numerique-serveurs"),
        Compteur(UAI, "salle-info", Energie.ELECTRICITE, False, "numerique-salle"),
        Compteur(UAI, "cantine", Energie.ELECTRICITE, False, "cantine"),
    ])
    return stockage


def index_horaires(compteur: str, kw, debut: date, fin: date) -> list[Releve]:
    """Un index par heure pleine de [debut, fin] : `kw(jour, heure)` kW pendant chaque heure (heure de Paris)."""
    releves, index = [], 0.0
    for t in range(int(minuit(debut)), int(minuit(fin)) + 1, 3600):
        releves.append(Releve(UAI, compteur, Grandeur.INDEX_KWH, t, index))
        local = a_paris(t)
        index += kw(local.date(), local.hour)
    return releves


def test_salle_informatique_allumee_une_nuit(lycee):
    """0,5 kW la nuit, 4 kW de 8 h à 18 h ; la nuit du mercredi 25 au jeudi 26 mars 2026, restée à
    4 kW : 8 fois la médiane des 14 nuits de jours de classe précédentes. La cantine, qui n'est pas
    du numérique, fait de même sans alerte ; les nuits des week-ends ne sont pas jugées."""
    def salle(jour: date, heure: int) -> float:
        oubliee = (jour == date(2026, 3, 25) and heure >= 18) or (jour == date(2026, 3, 26) and heure < 8)
        return 4.0 if oubliee or (jour.weekday() < 5 and 8 <= heure < 18) else 0.5

    lycee.ecrire(index_horaires("salle-info", salle, date(2026, 2, 1), date(2026, 3, 31))
                 + index_horaires("cantine", salle, date(2026, 2, 1), date(2026, 3, 31)))
    [alerte] = verifier_site(lycee, UAI, SEUILS, minuit(date(2026, 3, 31)))
    assert (alerte.identifiant, alerte.regle, alerte.jour) == (f"{UAI}-numerique-hors-occupation-salle-info-nuit-2026-03-26",
                                                               "numerique-hors-occupation", date(2026, 3, 26))
    assert (alerte.details["puissance_moyenne"], alerte.details["habituelle"], alerte.details["facteur"]) == (4.0, 0.5, 8.0)
    assert alerte.details["compteur"] == "salle-info" and alerte.details["plage"] == "nuit"
    assert alerte.message.startswith("Nuit du 25/03 au 26/03/2026 (0 h - 5 h) : numérique (salle informatique, "
                                     "compteur salle-info) à 4,00\u00a0kW en moyenne, 8,0 fois son habitude (0,50\u00a0kW, "
                                     "médiane des 14 nuits précédentes de jours de classe)")
    assert verifier_site(lycee, UAI, SEUILS, minuit(date(2026, 3, 31))) == []  # une seule fois


def test_salle_de_serveurs_restee_allumee_pendant_les_vacances(lycee):
    """2 kW en continu ; en veille (0,8 kW) les vacances et jours fériés de Noël et d'hiver, mais
    pas celles de printemps : chacun des 5 jours ouvrés de leur première semaine alerte (2,5 fois
    la médiane des 10 jours d'hiver) ; la seconde semaine, la première est entrée dans l'habitude
    (médiane 1,4 kW : 1,43 fois). Les nuits des vacances ne sont pas jugées ; la nuit de la
    rentrée (lundi 27 avril) est à son habitude."""
    def serveurs(jour: date, heure: int) -> float:
        en_veille = est_vacances(jour, "B") or (est_ferie(jour) and jour.weekday() < 5)
        return 0.8 if en_veille and jour < date(2026, 4, 1) else 2.0

    lycee.ecrire(index_horaires("serveurs", serveurs, date(2025, 12, 1), date(2026, 4, 29)))
    levees = verifier_site(lycee, UAI, SEUILS, minuit(date(2026, 4, 29)))
    jours = [date(2026, 4, j) for j in (13, 14, 15, 16, 17)]
    assert sorted(a.identifiant for a in levees) == [f"{UAI}-numerique-hors-occupation-serveurs-vacances-{j}" for j in jours]
    avril = next(a for a in levees if a.jour == date(2026, 4, 13))
    assert (avril.details["puissance_moyenne"], avril.details["habituelle"], avril.details["facteur"]) == (2.0, 0.8, 2.5)
    assert avril.message.startswith("Jour sans classe du 13/04/2026 : numérique (serveurs, compteur serveurs) à 2,00\u00a0kW")
