"""Les alertes : kit silencieux (en direct et après coup), week-end anormal (chauffage corrigé
du climat), objectif dépassé, une seule alerte par condition et par jour, états."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from noyau.calculs.horaires import en_json, enregistrer_horaires, horaires_du_lycee
from noyau.communaute.alertes import Seuils, alertes, verifier_site, verifier_tout
from noyau.communaute.file_alertes import alertes_du_parc, changer_etat, file_de_traitement
from noyau.communaute.jetons import creer_jeton, empreinte, identifiant
from noyau.communaute.objectifs import creer_objectif
from noyau.domaine.calendrier import est_jour_de_classe
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import PARIS, a_paris, maintenant
from tests.noyau.jeu_journalier import SITES, UAI, UAI_B, compteurs, minuit, releves_journaliers, temperatures

SEUILS = Seuils()


def instant(*args) -> float:
    return datetime(*args, tzinfo=PARIS).timestamp()


@pytest.fixture
def registre(stockage):
    stockage.enregistrer_registre(SITES, compteurs(UAI) + compteurs(UAI_B))
    return stockage


def horaires(debut: float, heures: int, sauf=()) -> list[Releve]:
    """Un relevé d'index par heure (1 kWh par heure), sauf aux heures de `sauf`."""
    return [Releve(UAI, "principal", Grandeur.INDEX_KWH, debut + 3600 * h, float(h)) for h in range(heures) if h not in sauf]


def test_kit_silencieux_en_direct(registre):
    registre.ecrire(horaires(maintenant() // 3600 * 3600 - 24 * 3600, 24))
    assert verifier_site(registre, UAI, SEUILS, maintenant() + 5 * 3600) == []  # moins de 6 h
    [alerte] = verifier_site(registre, UAI, SEUILS, maintenant() + 7 * 3600)
    assert alerte.regle == "kit-silencieux" and alerte.details["jusqu_a"] is None
    assert alerte.message.startswith("Kit silencieux") and "toujours silencieux" in alerte.message
    assert verifier_site(registre, UAI, SEUILS, maintenant() + 8 * 3600) == []  # le même silence : une seule alerte


def test_kit_silencieux_apres_coup(registre):
    """Relevés du 1er au 3 mars à chaque heure, sauf 9 heures manquantes le 2 mars (de 2 h à
    10 h : un trou de 10 h) et 4 le 3 mars (un trou de 5 h, sous le seuil)."""
    debut = instant(2026, 3, 1)
    registre.ecrire(horaires(debut, 72, sauf=set(range(26, 35)) | set(range(60, 64))))
    [alerte] = verifier_site(registre, UAI, SEUILS, instant(2026, 3, 5))
    assert (alerte.identifiant, alerte.jour) == (f"{UAI}-kit-silencieux-2026-03-02", date(2026, 3, 2))
    assert alerte.details == {"depuis": "2026-03-02T01:00:00+01:00", "jusqu_a": "2026-03-02T11:00:00+01:00", "heures": 10.0}
    assert alerte.message == "Kit silencieux : aucun relevé d'énergie du 02/03/2026 à 01:00 jusqu'au 02/03/2026 à 11:00 (10\u00a0h)."


def semaine(jour_ouvre: float, week_end: dict, defaut: float):
    """`jour_ouvre` kWh du lundi au vendredi, `defaut` le samedi et le dimanche sauf ceux de `week_end`."""
    return lambda jour: jour_ouvre if jour.weekday() < 5 else week_end.get(jour, defaut)


def test_week_end_anormal_chauffage_corrige_du_climat(registre):
    """Électricité : 24 kWh par jour de week-end (1 kW), 1,4 kW le 6 décembre (sous 1,5 fois),
    2 kW le 13 (alerte). Gaz : 48 kWh par jour de week-end (2 kW) à 8 °C (10 DJU) ; 4 kW le 6
    décembre à 8 °C (alerte) ; 4 kW le 13 mais à −2 °C (20 DJU) : l'habitude corrigée est
    2 kW × 20 / 10 = 4 kW, pas d'alerte. Les nuits sans classe d'avant (week-ends, mais aussi
    vacances de la Toussaint et 11 novembre, à 100 kWh par jour) ont pour médiane 1 kW
    d'électricité."""
    debut, fin = date(2025, 10, 13), date(2025, 12, 15)
    electricite = {date(2025, 12, 6): 33.6, date(2025, 12, 7): 33.6, date(2025, 12, 13): 48.0, date(2025, 12, 14): 48.0}
    gaz = {jour: 96.0 for jour in (date(2025, 12, 6), date(2025, 12, 7), date(2025, 12, 13), date(2025, 12, 14))}
    froid = {date(2025, 12, 13), date(2025, 12, 14)}
    registre.ecrire(releves_journaliers(UAI, "principal", semaine(100.0, electricite, 24.0), debut, fin)
                    + releves_journaliers(UAI, "chaufferie", semaine(100.0, gaz, 48.0), debut, fin)
                    + temperatures(UAI, lambda jour: -2.0 if jour in froid else 8.0, debut, fin))
    levees = verifier_site(registre, UAI, SEUILS, instant(2025, 12, 15, 12))
    # chaque jour consomme régulièrement : les nuits (0 h - 5 h) de ce week-end d'électricité sont
    # aussi anormales (le gaz, énergie de chauffage, n'est jugé qu'au week-end)
    assert sorted(a.identifiant for a in levees) == [
        f"{UAI}-nuit-electricite-2025-12-13", f"{UAI}-nuit-electricite-2025-12-14",
        f"{UAI}-week-end-electricite-2025-12-13", f"{UAI}-week-end-gaz-2025-12-06",
    ]
    par_energie = {a.details["energie"]: a.details for a in levees if a.regle == "week-end"}
    assert par_energie["electricite"] == {"energie": "electricite", "puissance_moyenne": 2.0, "habituelle": 1.0,
                                          "unite": "kW", "facteur": 2.0, "seuil": 1.5}
    assert (par_energie["gaz"]["puissance_moyenne"], par_energie["gaz"]["habituelle"]) == (4.0, 2.0)
    messages = {a.details["energie"]: a.message for a in levees if a.regle == "week-end"}
    assert messages["gaz"].endswith("chauffage corrigé du climat).") and "climat" not in messages["electricite"]


def test_week_end_de_chauffage_sans_temperature_non_corrige(registre):
    """Gaz : 48 kWh par jour de week-end (2 kW), 96 le 6 et le 7 décembre, et aucune température :
    l'alerte ne prétend pas avoir corrigé le climat, elle dit qu'elle n'a pas pu."""
    gaz = {date(2025, 12, 6): 96.0, date(2025, 12, 7): 96.0}
    registre.ecrire(releves_journaliers(UAI, "chaufferie", semaine(100.0, gaz, 48.0), date(2025, 10, 13), date(2025, 12, 15)))
    [alerte] = verifier_site(registre, UAI, SEUILS, instant(2025, 12, 15, 12))
    assert alerte.identifiant == f"{UAI}-week-end-gaz-2025-12-06"
    assert "chauffage corrigé du climat" not in alerte.message
    assert alerte.message.endswith("chauffage non corrigé du climat : degrés-jours indisponibles).")


def test_nuit_anormale_un_jour_de_classe(registre):
    """1 kW jour et nuit ; le mardi 9 décembre 2025, 2 kW : sa nuit (0 h - 5 h) est jugée contre
    les 14 nuits de jours de classe précédentes (1 kW), les nuits sans classe (vacances de la
    Toussaint à 3 kW) n'y entrent pas. Le passage à l'heure d'hiver (26 octobre, nuit de 6 h)
    ne fausse rien."""
    toussaint = lambda jour: date(2025, 10, 18) <= jour <= date(2025, 11, 2)  # noqa: E731
    registre.ecrire(releves_journaliers(UAI, "principal", lambda jour: 48.0 if jour == date(2025, 12, 9) else
                                        72.0 if toussaint(jour) else 24.0, date(2025, 10, 13), date(2025, 12, 11)))
    [alerte] = verifier_site(registre, UAI, SEUILS, instant(2025, 12, 11, 12))
    assert (alerte.identifiant, alerte.regle) == (f"{UAI}-nuit-electricite-2025-12-09", "nuit")
    assert (alerte.details["puissance_moyenne"], alerte.details["habituelle"]) == (2.0, 1.0)
    assert alerte.message.startswith("Nuit du 08/12 au 09/12/2025 (0 h - 5 h) : électricité à 2,0\u00a0kW")


def test_pas_d_alerte_de_nuit_un_jour_ferme_declare(registre):
    """Deux lycées consomment de même : 1 kW les jours de classe, 3 kW les jours sans classe ; le
    mardi 9 décembre 2025, fermés tous deux (neige), à 3 kW. Celui qui a déclaré la fermeture
    compare cette nuit aux nuits sans classe (3 kW) : rien d'anormal, ni la nuit ni le jour (contre
    les jours ouvrés sans classe). L'autre la compare aux nuits de classe : une fausse alerte."""
    neige = [{"debut": "2025-12-09", "fin": "2025-12-10", "motif": "Neige"}]
    declares = enregistrer_horaires(registre, UAI, {**en_json(horaires_du_lycee(registre, UAI)), "fermetures": neige})
    par_jour = lambda jour: 24.0 if declares.est_jour_de_classe(jour) else 72.0  # noqa: E731
    registre.ecrire(releves_journaliers(UAI, "principal", par_jour, date(2025, 10, 13), date(2025, 12, 11))
                    + releves_journaliers(UAI_B, "principal", par_jour, date(2025, 10, 13), date(2025, 12, 11)))
    assert verifier_site(registre, UAI, SEUILS, instant(2025, 12, 11, 12)) == []
    [fausse] = verifier_site(registre, UAI_B, SEUILS, instant(2025, 12, 11, 12))
    assert fausse.identifiant == f"{UAI_B}-nuit-electricite-2025-12-09"


def test_jour_de_vacances_anormal(registre):
    """Électricité : 100 kWh les jours de classe, 24 les samedis et dimanches, 30 (1,25 kW) les
    jours ouvrés sans classe (Toussaint, 11 novembre) ; le lundi 22 décembre, premier jour des
    vacances de Noël, 60 (2,5 kW) : deux fois la médiane des 10 jours ouvrés sans classe
    précédents. Sa nuit (2,5 kW contre 1 kW, médiane des nuits sans classe) l'est aussi."""
    def electricite(jour: date) -> float:
        if jour == date(2025, 12, 22):
            return 60.0
        return 24.0 if jour.weekday() >= 5 else 100.0 if est_jour_de_classe(jour) else 30.0

    registre.ecrire(releves_journaliers(UAI, "principal", electricite, date(2025, 10, 13), date(2025, 12, 24)))
    levees = {a.identifiant: a for a in verifier_site(registre, UAI, SEUILS, instant(2025, 12, 24, 12))}
    assert sorted(levees) == [f"{UAI}-nuit-electricite-2025-12-22", f"{UAI}-vacances-electricite-2025-12-22"]
    vacances = levees[f"{UAI}-vacances-electricite-2025-12-22"]
    assert (vacances.details["puissance_moyenne"], vacances.details["habituelle"], vacances.details["facteur"]) == (2.5, 1.25, 2.0)
    assert vacances.message.startswith("Jour sans classe du 22/12/2025 : électricité à 2,5\u00a0kW")


def test_vacances_de_la_zone_du_lycee(registre):
    """Un lycée déclaré en zone C : le lundi 27 avril 2026 est un jour de ses vacances de
    printemps (un jour de classe en zone B). 100 kWh les jours de classe, 24 les samedis et
    dimanches, 30 les jours ouvrés sans classe ; 60 ce lundi : anormal pour un jour de vacances."""
    enregistrer_horaires(registre, UAI, {**en_json(horaires_du_lycee(registre, UAI)), "zone": "C"})

    def electricite(jour: date) -> float:
        if jour == date(2026, 4, 27):
            return 60.0
        return 24.0 if jour.weekday() >= 5 else 100.0 if est_jour_de_classe(jour, "C") else 30.0

    registre.ecrire(releves_journaliers(UAI, "principal", electricite, date(2025, 11, 3), date(2026, 4, 28)))
    levees = verifier_site(registre, UAI, SEUILS, instant(2026, 4, 28, 12))
    assert sorted(a.identifiant for a in levees) == [f"{UAI}-nuit-electricite-2026-04-27", f"{UAI}-vacances-electricite-2026-04-27"]


def internat(jour: date, heure: int) -> float:
    """kWh de chaque heure d'un lycée à internat : 1 ; 4 de plus de 8 h à 18 h un jour de classe ;
    la veille d'un jour de classe, 6 de plus de 18 h à minuit (les internes rentrent : douches,
    dîner). Un week-end suivi d'un jour de classe fait 24 + 60 kWh (1,75 kW), un autre 48 (1 kW) ;
    un jour ouvré sans classe fait 60 kWh (2,5 kW) la veille d'un jour de classe, 24 (1 kW) sinon.
    La nuit (0 h - 5 h) est toujours à 1 kW."""
    classe = 4.0 if est_jour_de_classe(jour) and 8 <= heure < 18 else 0.0
    veille = 6.0 if est_jour_de_classe(jour + timedelta(days=1)) and heure >= 18 else 0.0
    return 1.0 + classe + veille


def releves_horaires(par_heure, debut: date, fin: date) -> list[Releve]:
    """L'index du compteur principal à chaque heure de [debut, fin) : `par_heure(jour, heure)` kWh
    l'heure (heure locale)."""
    releves, index = [], 0.0
    for t in range(int(minuit(debut)), int(minuit(fin)), 3600):
        releves.append(Releve(UAI, "principal", Grandeur.INDEX_KWH, t, index))
        local = a_paris(t)
        index += par_heure(local.date(), local.hour)
    return releves + [Releve(UAI, "principal", Grandeur.INDEX_KWH, minuit(fin), index)]


def test_week_ends_de_rentree_compares_aux_week_ends_avant_la_classe(registre):
    """Du 5 janvier au 15 septembre 2026, le profil `internat`. Les week-ends de septembre (1,75 kW)
    sont comparés aux week-ends suivis d'un jour de classe (juin : 1,75 kW), pas à ceux de l'été
    (1 kW) : pas d'alerte le 5 septembre. Le 12 septembre, 6 kWh de plus de 10 h à 17 h le samedi
    et le dimanche : 168 kWh en 48 h, 3,5 kW, deux fois l'habitude."""
    def profil(jour: date, heure: int) -> float:
        oubli = 6.0 if jour in (date(2026, 9, 12), date(2026, 9, 13)) and 10 <= heure < 17 else 0.0
        return internat(jour, heure) + oubli

    registre.ecrire(releves_horaires(profil, date(2026, 1, 5), date(2026, 9, 15)))
    [alerte] = verifier_site(registre, UAI, replace(SEUILS, jours_examines=250), instant(2026, 9, 15, 12))
    assert alerte.identifiant == f"{UAI}-week-end-electricite-2026-09-12"
    assert (alerte.details["puissance_moyenne"], alerte.details["habituelle"], alerte.details["facteur"]) == (3.5, 1.75, 2.0)
    assert alerte.message == ("Week-end du 12/09/2026 : électricité à 3,5\u00a0kW en moyenne, 2,0 fois l'habitude (1,8\u00a0kW, "
                              "médiane des 8 week-ends précédents suivis d'un jour de classe).")


def test_veilles_de_classe_sans_classe_comparees_entre_elles(registre):
    """Le profil `internat` du 5 janvier au 2 septembre 2026 : le lundi de Pâques, le jeudi de
    l'Ascension, le lundi de Pentecôte et le 31 août (2,5 kW, veilles d'un jour de classe) ne sont
    pas comparés aux autres jours ouvrés sans classe (1 kW) ; ils n'ont pas 4 semblables dans les
    120 jours d'avant : pas jugés. Rien n'est anormal."""
    registre.ecrire(releves_horaires(internat, date(2026, 1, 5), date(2026, 9, 2)))
    assert verifier_site(registre, UAI, replace(SEUILS, jours_examines=240), instant(2026, 9, 2, 12)) == []


def test_objectif_depasse(registre):
    """Décembre 2024 : 100 kWh par jour ; décembre 2025 : 95. Objectif −10 % : cible 3 100 × 0,9
    = 2 790 kWh, consommé 2 945 : dépassé."""
    avant = releves_journaliers(UAI, "principal", lambda jour: 100.0, date(2024, 12, 1), date(2025, 1, 1))
    apres = releves_journaliers(UAI, "principal", lambda jour: 95.0, date(2025, 12, 1), date(2026, 1, 1))
    registre.ecrire(avant + [replace(r, valeur=r.valeur + 10_000) for r in apres])
    objectif = creer_objectif(registre, UAI, "electricite", 10, date(2025, 12, 1), date(2026, 1, 1), "Moins 10 %")
    [alerte] = verifier_site(registre, UAI, SEUILS, instant(2026, 1, 5, 12))
    assert alerte.identifiant == f"{UAI}-objectif-{objectif.identifiant}-2025-12"
    assert alerte.details == {"objectif": objectif.identifiant, "energie": "electricite",
                              "consommation": pytest.approx(2945.0), "cible": pytest.approx(2790.0)}
    assert alerte.message == "Objectif « Moins 10 % » dépassé en décembre 2025 : 2\u00a0945\u00a0kWh pour une cible de 2\u00a0790\u00a0kWh."


def test_etats_et_deduplication(registre):
    registre.ecrire(horaires(instant(2026, 3, 1), 72, sauf=set(range(26, 35))))
    assert verifier_tout(registre, SEUILS, instant(2026, 3, 5)) == 1
    [alerte] = alertes(registre, UAI)
    assert alerte.etat == "nouvelle" and alertes(registre, UAI_B) == [] and alerte.note == "" and alerte.par is None
    assert alerte.levee_le == pytest.approx(maintenant(), abs=60)  # l'instant réel, pas celui de l'examen
    code = registre.jeton(empreinte(creer_jeton(registre, "gestionnaire", UAI)))
    prise = changer_etat(registre, UAI, alerte.identifiant, "prise-en-charge", "  Appelé l'agent  ", par=code)
    assert (prise.etat, prise.note, prise.par) == ("prise-en-charge", "Appelé l'agent", identifiant(code))
    changer_etat(registre, UAI, alerte.identifiant, "resolue")
    assert verifier_tout(registre, SEUILS, instant(2026, 3, 6)) == 0  # résolue : pas recréée
    [relue] = alertes(registre, UAI)
    assert (relue.etat, relue.note, relue.par) == ("resolue", "Appelé l'agent", None)  # sans note : celle d'avant reste
    assert alertes(registre, UAI, "nouvelle") == []
    with pytest.raises(DonneeInvalide, match="état d'alerte inconnu"):
        changer_etat(registre, UAI, alerte.identifiant, "vue")
    with pytest.raises(DonneeInvalide, match="note trop longue"):
        changer_etat(registre, UAI, alerte.identifiant, "resolue", "x" * 1001)
    with pytest.raises(Introuvable, match="alerte inconnue"):
        changer_etat(registre, UAI_B, alerte.identifiant, "resolue")


def test_une_alerte_prise_en_charge_ne_se_repete_plus(registre):
    """Deux silences, le 2 et le 3 mars : le second ne lève rien tant que le premier est pris en charge."""
    registre.ecrire(horaires(instant(2026, 3, 1), 96, sauf=set(range(26, 35)) | set(range(50, 59))))
    [premier] = verifier_site(registre, UAI, SEUILS, instant(2026, 3, 3))
    changer_etat(registre, UAI, premier.identifiant, "prise-en-charge")
    assert verifier_site(registre, UAI, SEUILS, instant(2026, 3, 5)) == []
    changer_etat(registre, UAI, premier.identifiant, "resolue")
    [second] = verifier_site(registre, UAI, SEUILS, instant(2026, 3, 5))
    assert second.jour == date(2026, 3, 3) and second.etat == "nouvelle"


def test_la_file_du_parc_par_gravite_age_et_lycee(registre):
    registre.ecrire(horaires(instant(2026, 3, 1), 96, sauf=set(range(26, 35)) | set(range(50, 59))))
    avant = releves_journaliers(UAI, "principal", lambda jour: 100.0, date(2024, 12, 1), date(2025, 1, 1))
    apres = releves_journaliers(UAI, "principal", lambda jour: 95.0, date(2025, 12, 1), date(2026, 1, 1))
    registre.ecrire(avant + [replace(r, valeur=r.valeur + 10_000) for r in apres])
    creer_objectif(registre, UAI, "electricite", 10, date(2025, 12, 1), date(2026, 1, 1))
    verifier_site(registre, UAI, SEUILS, instant(2026, 3, 5))
    # les silences (gravité haute), du plus ancien (entre décembre et mars) au plus récent, puis l'objectif (faible)
    assert [(a.regle, a.jour) for a in file_de_traitement(registre)] == [
        ("kit-silencieux", date(2026, 1, 1)), ("kit-silencieux", date(2026, 3, 2)), ("kit-silencieux", date(2026, 3, 3)),
        ("objectif", date(2025, 12, 1))]
    changer_etat(registre, UAI, f"{UAI}-kit-silencieux-2026-03-02", "fausse-alerte")
    changer_etat(registre, UAI, f"{UAI}-kit-silencieux-2026-01-01", "prise-en-charge")  # encore ouverte
    assert [a.jour for a in file_de_traitement(registre)] == [date(2026, 1, 1), date(2026, 3, 3), date(2025, 12, 1)]
    assert [a.regle for a in alertes_du_parc(registre, regle="objectif")] == ["objectif"]
    assert [a.etat for a in alertes_du_parc(registre, etat="fausse-alerte", uai=UAI)] == ["fausse-alerte"]
    with pytest.raises(DonneeInvalide, match="règle d'alerte inconnue"):
        alertes_du_parc(registre, regle="orage")


def test_lycee_sans_relevé_sans_alerte(registre):
    assert verifier_site(registre, UAI_B, SEUILS, minuit(date(2026, 3, 5))) == []
