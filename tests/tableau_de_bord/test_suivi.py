"""Le suivi affiché par les pages (analyse, trajectoire, objectifs, alertes, actions, défis,
équivalences) : les nombres des fonctions du noyau, sur le stockage rempli et des objets créés
par le noyau lui-même."""

from datetime import date, datetime

import pytest
from dash import html

from noyau.calculs.analyse import analyser
from noyau.calculs.trajectoire import declarer_reference, reduction_visee
from noyau.communaute.actions import creer_action
from noyau.communaute.alertes import Seuils, verifier_site
from noyau.communaute.defis import creer_defi
from noyau.communaute.objectifs import creer_objectif
from noyau.domaine import texte
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Grandeur, Releve
from noyau.domaine.temps import PARIS
from tableau_de_bord import donnees, ids, suivi
from tableau_de_bord.pages import eleves, lycee, region
from tableau_de_bord.sections import vues_eleves
from tests.conftest import LYCEE_A, LYCEE_B
from tests.tableau_de_bord.conftest import (
    composants,
    lignes_du_tableau,
    par_id,
    texte_de,
)

pytestmark = pytest.mark.usefixtures("contexte")
MARS, AVRIL = date(2026, 3, 2), date(2026, 4, 1)


def _minuit(jour: date) -> datetime:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS)


def test_talon_et_hors_horaires_du_noyau(stockage_rempli):
    contenu = suivi.analyse(LYCEE_B.uai, Energie.ELECTRICITE, MARS, AVRIL)
    talon, repartition, _ = analyser(stockage_rempli, LYCEE_B.uai, Energie.ELECTRICITE, _minuit(MARS), _minuit(AVRIL))
    lu = texte_de(contenu)
    assert f"Talon : {texte.nombre(talon.valeur, 1)}\u00a0kW" in lu and talon.valeur == pytest.approx(30.0)
    hors = 1 - repartition.categories["ouverture"] / repartition.total
    assert f"hors horaires d'ouverture : {texte.nombre(100 * hors)}\u00a0%" in lu
    lignes = {l[0]: l for l in lignes_du_tableau(composants(contenu, html.Table)[0])}
    assert lignes["Week-ends"][1] == texte.nombre(repartition.categories["week_end"])


def test_trajectoire_avec_reference_declaree(stockage_rempli):
    declarer_reference(stockage_rempli, LYCEE_A.uai, Energie.ELECTRICITE, 2025, 600_000.0, None)
    contenu = suivi.objectifs(LYCEE_A.uai, Energie.ELECTRICITE, AVRIL)
    lu = texte_de(contenu)
    assert "Référence 2025 (déclarée) : 600\u00a0000\u00a0kWh" in lu
    figure = par_id(contenu, f"trajectoire-{LYCEE_A.uai}").figure
    assert [trace.name for trace in figure.data] == ["Consommation (corrigée du climat pour le chauffage)", "Objectif de la trajectoire"]
    assert len(figure.data[1].y) == 12


def test_trajectoire_sans_reference_complete_le_dit():
    lu = texte_de(suivi.objectifs(LYCEE_B.uai, Energie.ELECTRICITE, AVRIL))
    assert "Pas de consommation de référence pour 2025" in lu or "Référence 2025 incomplète" in lu


def test_objectif_propre_bilan_puis_mois_par_mois(stockage_rempli):
    objectif = creer_objectif(stockage_rempli, LYCEE_A.uai, "electricite", 10.0, date(2026, 3, 1), date(2026, 4, 1), "moins 10 %")
    contenu = suivi.objectifs_propres(LYCEE_A.uai, Energie.ELECTRICITE)
    assert not composants(contenu, html.Table)  # les mois se construisent quand on les déplie
    assert "Objectif « moins 10 % » : -10,0\u00a0% par rapport au même mois un an plus tôt" in texte_de(contenu)
    assert "Aucun mois fini et complet pour l'instant." in texte_de(contenu)  # rien en mars 2025
    mars = lignes_du_tableau(suivi.tableau_objectif(LYCEE_A.uai, objectif.identifiant))[0]
    assert mars[0] == "mars 2026" and mars[2] == "—" and mars[4].startswith("incomplet")


def test_bilan_d_un_objectif_sur_ses_mois_complets(stockage_rempli):
    """Mars 2025 à 12 kWh par pas de 10 minutes, mars 2026 à 10 : -16,7 %, pour -10 % visés."""
    debut = datetime(2025, 3, 1, tzinfo=PARIS).timestamp()
    stockage_rempli.ecrire([Releve(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, debut + 600 * k, 12.0 * k)
                            for k in range(32 * 144 + 1)])
    premier_mars = datetime(2026, 3, 1, tzinfo=PARIS).timestamp()  # le jeu commence le 2 : le 1er, heure par heure
    stockage_rempli.ecrire([Releve(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, premier_mars + 3600 * h, 1000.0 - 60 * (24 - h))
                            for h in range(24)])
    creer_objectif(stockage_rempli, LYCEE_A.uai, "electricite", 10.0, date(2026, 3, 1), date(2026, 4, 1), "moins 10 %")
    lu = texte_de(suivi.objectifs_propres(LYCEE_A.uai, Energie.ELECTRICITE))
    assert "1 mois finis et complets : 1 atteint, 0 dépassé ; en tout -16,7\u00a0%, pour -10,0\u00a0% visés." in lu


def kit_revenu_apres_un_trou(stockage) -> None:
    """Le compteur principal du lycée A se tait du 06/04 1 h au 08/04 0 h, puis reprend : un trou."""
    reprise = datetime(2026, 4, 8, tzinfo=PARIS).timestamp()
    stockage.ecrire([Releve(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, reprise + 600 * k, 60_000.0 + 10 * k)
                     for k in range(144)])
    verifier_site(stockage, LYCEE_A.uai, Seuils(), datetime(2026, 4, 9, 12, tzinfo=PARIS).timestamp())


def test_alerte_avec_son_constat(stockage_rempli):
    """La règle par son libellé, le constat en français ; ni nom de règle ni clé brute."""
    kit_revenu_apres_un_trou(stockage_rempli)
    contenu = suivi.alertes(LYCEE_A.uai)
    ligne = composants(contenu, html.Li)[0]
    assert texte_de(composants(ligne, html.Strong)) == "06/04/2026 — Kit silencieux [nouvelle]"
    assert "Kit silencieux : aucun relevé d'énergie du 06/04/2026 à " in texte_de(ligne)
    assert f"(identifiant : {donnees.alertes(LYCEE_A.uai)[0].identifiant})" in texte_de(ligne)  # pour le formulaire
    lisible = texte_de(ligne).split("(identifiant")[0]
    assert "jusqu_a" not in lisible and "kit-silencieux" not in lisible


def test_actions_sur_les_courbes_et_leur_effet(stockage_rempli):
    creer_action(stockage_rempli, LYCEE_A.uai, "Écrans éteints le soir", "eco-geste", date(2026, 3, 20), "electricite",
                 groupe="éco-délégués")
    page = lycee.layout(uai=LYCEE_A.uai, fin="2026-04-01")
    barres = par_id(page, ids.LYCEE_GRAPHIQUE).figure
    assert [a.text for a in barres.layout.annotations] == ["action 1"]
    _, actions = lycee.suivre(LYCEE_A.uai)
    actions = composants(actions, html.Table)[0]
    ligne = lignes_du_tableau(actions)[0]
    assert ligne[:5] == ["1. Écrans éteints le soir", "20/03/2026", "eco-geste", "Électricité", "éco-délégués"]


def test_eleves_defi_classement_et_equivalences(stockage_rempli, monkeypatch):
    creer_defi(stockage_rempli, "Défi de printemps", "electricite", date(2026, 3, 23), date(2026, 3, 30),
               [(LYCEE_A.uai, None), (LYCEE_B.uai, None)])
    monkeypatch.setattr("tableau_de_bord.donnees.maintenant", lambda: datetime(2026, 4, 1, 12, tzinfo=PARIS).timestamp())
    page = eleves.layout(uai=LYCEE_A.uai, fin="2026-04-01")
    vues = eleves.rafraichir(0, par_id(page, ids.ELEVES_PARAMETRES).data)[3:-2]  # remplies juste après l'ouverture
    defi = next(t for t in composants(vues, html.Table) if "classement du défi" in texte_de(t))
    assert {ligne[0] for ligne in lignes_du_tableau(defi)} == {LYCEE_A.nom, LYCEE_B.nom}
    assert "Défi : Défi de printemps" in texte_de(vues)
    assert "Pas encore de comparaison complète avec l'an dernier." in texte_de(vues)  # rien en 2025
    assert len([s for s in composants(page, html.Section) if isinstance(s.id, dict)]) == 6  # les vues du kiosque, l'air compris


def test_eleves_equivalences_sur_les_jours_complets_des_deux_annees(stockage_rempli):
    """Mars 2025 : 12 kWh par pas de 10 minutes au lieu de 10, et trois heures sans relevé le 10 :
    ce jour-là ne compte pas, les 29 autres si (une heure manquante n'efface pas le mois). Chaque
    année a son jour de 23 heures (29 mars 2026, 30 mars 2025) : 28 × 288 + (1 728 − 1 380) − (1 656 − 1 440)."""
    debut = datetime(2025, 3, 2, tzinfo=PARIS).timestamp()
    trou = (datetime(2025, 3, 10, 9, tzinfo=PARIS).timestamp(), datetime(2025, 3, 10, 12, tzinfo=PARIS).timestamp())
    stockage_rempli.ecrire([Releve(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, debut + 600 * k, 12.0 * k)
                            for k in range(31 * 144 + 1) if not trou[0] < debut + 600 * k < trou[1]])
    vue = texte_de(vues_eleves.equivalences(LYCEE_A.uai, AVRIL))
    assert "8 340 kWh d'électricité économisés par rapport aux mêmes jours de l'an dernier " \
           "(sur 29 jours complets les deux années), c'est :" in vue.replace(texte.ESPACE_INSECABLE, " ")


def test_eleves_une_baisse_sans_double_negation(stockage_rempli):
    """Les mêmes jours de 2025, 0,8 % plus forts (10,08 kWh par pas de 10 minutes au lieu de 10) :
    « 0,8 % d'électricité de moins », pas « −0,8 % ... de moins »."""
    debut = datetime(2025, 3, 20, tzinfo=PARIS).timestamp()
    stockage_rempli.ecrire([Releve(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, debut + 600 * k, 10.08 * k)
                            for k in range(16 * 144)])
    grand_chiffre = texte_de(composants(eleves.layout(uai=LYCEE_A.uai, fin="2026-04-01"), html.P))
    assert "0,8\u00a0% d'électricité de moins que les mêmes jours de l'an dernier" in grand_chiffre
    assert "-0,8" not in grand_chiffre


def test_eleves_jauge_de_l_objectif(stockage_rempli, monkeypatch):
    monkeypatch.setattr(suivi.donnees, "objectifs_suivis", lambda uai: [_suivi_fictif()])
    vue = vues_eleves.jauge(LYCEE_A.uai, AVRIL)
    jauge = par_id(vue, ids.ELEVES_JAUGE)
    assert "-20,0\u00a0% atteints, pour -10,0\u00a0% visés" in texte_de(jauge)  # 80 contre 100 un an plus tôt
    remplie = next(d for d in composants(jauge, html.Div) if "jauge-remplie" in getattr(d, "className", ""))
    assert remplie.style == {"width": "90.9%"}  # échelle : 1,1 fois la baisse atteinte (plus que 2 fois la visée)
    assert "Objectif atteint !" in texte_de(vue)


def _suivi_fictif():
    from noyau.communaute.objectifs import MoisObjectif, Objectif, Suivi

    objectif = Objectif("o1", LYCEE_A.uai, Energie.ELECTRICITE, 10.0, date(2026, 3, 1), date(2026, 4, 1), "")
    return Suivi(objectif, [MoisObjectif(date(2026, 3, 1), 80.0, 100.0, 90.0, True, [], "atteint")])


def test_an_passe_ramene_au_climat_de_cette_annee(stockage_rempli):
    """Gaz du lycée A (compteur « chauffage ») : même consommation en mars 2025, mais 10 °C au lieu
    de 8 °C ; ramenée au climat de 2026 : × DJU 2026 / DJU 2025 = (18 - 8) / (18 - 10)."""
    debut = datetime(2025, 3, 2, tzinfo=PARIS).timestamp()
    stockage_rempli.ecrire([
        releve for k in range(32 * 144 + 1)
        for releve in (Releve(LYCEE_A.uai, "chaufferie", Grandeur.INDEX_M3, debut + 600 * k, 10.0 + k),
                       Releve(LYCEE_A.uai, "sonde-exterieure", Grandeur.TEMPERATURE_C, debut + 600 * k, 10.0))
    ])
    corrige = donnees.an_passe_corrige(LYCEE_A.uai, Energie.GAZ, date(2026, 3, 2), date(2026, 3, 31))
    passe = donnees.consommation_jours(LYCEE_A.uai, Energie.GAZ, date(2025, 3, 2), date(2025, 3, 31))
    assert (corrige.dju, corrige.dju_an_passe, corrige.part_chauffage) == (290.0, 232.0, 1.0)  # 29 jours
    assert corrige.corrigee == pytest.approx(passe.valeur * 290 / 232)
    assert donnees.an_passe_corrige(LYCEE_A.uai, Energie.ELECTRICITE, date(2026, 3, 2), date(2026, 3, 31)) is None


def test_progres_de_chaque_lycee_vers_sa_trajectoire(stockage_rempli):
    declarer_reference(stockage_rempli, LYCEE_A.uai, Energie.ELECTRICITE, 2025, 600_000.0, None)
    lignes = {l[0]: l for l in lignes_du_tableau(region.trajectoires_des_lycees("electricite", 2026))}
    assert lignes[LYCEE_A.nom][1] == "2025 (déclarée)"
    assert lignes[LYCEE_A.nom][2] == texte.nombre(600_000 * (1 - reduction_visee(2025, 2026)))
    assert lignes[LYCEE_B.nom][1:] == ["2025, incomplète", "—", "—", "—", "—"] or lignes[LYCEE_B.nom][1] == "aucune"

