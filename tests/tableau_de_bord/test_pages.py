"""Les pages appelées directement, dans le contexte Flask, sur le stockage rempli : les nombres
affichés sont ceux des lectures du noyau, écrits à la française avec leur unité."""

from datetime import datetime

import pytest
from dash import dcc, html

from noyau.calculs.lecture import consommation_site
from noyau.domaine import texte
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS
from tableau_de_bord import ids
from tableau_de_bord.pages import lycee, not_found_404, region
from tableau_de_bord.sections import consommation, courbes, kits
from tests.conftest import LYCEE_A, LYCEE_B
from tests.tableau_de_bord.conftest import (
    composants,
    lignes_du_tableau,
    par_id,
    texte_de,
)

pytestmark = pytest.mark.usefixtures("contexte")


def _minuit(jour: str) -> datetime:
    return datetime.fromisoformat(jour).replace(tzinfo=PARIS)


def _kernel(stockage, uai, energie, debut, fin, pas):
    """La lecture du noyau que la page doit afficher."""
    return consommation_site(stockage, uai, energie, _minuit(debut), _minuit(fin), pas)


def _ligne(page, nom: str) -> list[str]:
    table = composants(par_id(page, ids.REGION_CONTENU), html.Table)[0]
    return next(ligne for ligne in lignes_du_tableau(table) if ligne[0] == nom)


def test_region_chaque_lycee_avec_les_nombres_du_noyau(stockage_rempli):
    page = region.layout(fin="2026-04-01")
    for lycee_, pas_kwh in ((LYCEE_A, 10.0), (LYCEE_B, 5.0)):
        semaine = _kernel(stockage_rempli, lycee_.uai, Energie.ELECTRICITE, "2026-03-25", "2026-04-01", Pas.JOUR)
        annee = _kernel(stockage_rempli, lycee_.uai, Energie.ELECTRICITE, "2026-01-01", "2026-04-01", Pas.MOIS)
        assert semaine.total == pas_kwh * 6 * (24 * 6 + 23)  # le 29 mars n'a que 23 heures
        nom, rang, commune, sept_jours, depuis_janvier, an_passe, evolution, economie, par_m2, message = _ligne(page, lycee_.nom)
        assert commune == lycee_.commune
        assert sept_jours == texte.quantite(semaine.total, "kWh")
        assert depuis_janvier == f"{texte.quantite(annee.total, 'kWh')} (incomplet)"  # rien en janvier-février
        assert (an_passe, evolution, economie) == ("aucune donnée", "—", "—")
        assert rang in ("1", "2") and message != "jamais"  # reçu à l'écriture du jeu
        assert par_m2 == f"{texte.quantite(annee.total / lycee_.surface_m2, 'kWh/m²', 1)} (incomplet)"


def test_region_dit_ses_periodes_et_lie_chaque_lycee(stockage_rempli):
    page = region.layout(energie="gaz", fin="2026-04-01")
    lu = texte_de(page)
    assert "7 derniers jours : du 25/03/2026 au 31/03/2026" in lu
    assert "Depuis le 1er janvier : du 01/01/2026 au 31/03/2026" in lu
    assert "comparé à la même période de 2025 (du 01/01/2025 au 31/03/2025)" in lu
    liens = {lien.children: lien.href for lien in composants(page, dcc.Link)}
    assert liens[LYCEE_A.nom] == f"/lycee/{LYCEE_A.uai}?energie=gaz&fin=2026-04-01"
    graphique = par_id(page, ids.REGION_GRAPHIQUE)
    assert LYCEE_B.nom in list(graphique.figure.data[0].y)


def test_region_rappel_change_d_energie(stockage_rempli):
    contenu = region.mettre_a_jour("gaz", "2026-03-31", "par_m2")
    gaz = _kernel(stockage_rempli, LYCEE_A.uai, Energie.GAZ, "2026-03-25", "2026-04-01", Pas.JOUR)
    assert gaz.total == pytest.approx(10.8 * 6 * (24 * 6 + 23))  # 1 m³ toutes les 10 minutes, 10,8 kWh/m³
    table = composants(contenu, html.Table)[0]
    lignes = {ligne[0]: ligne for ligne in lignes_du_tableau(table)}
    assert lignes[LYCEE_A.nom][3] == texte.quantite(gaz.total, "kWh")


def test_region_adresse_invalide():
    assert "énergie inconnue « vapeur »" in texte_de(region.layout(energie="vapeur"))
    assert "date illisible" in texte_de(region.layout(fin="2026-13-45"))


def test_region_sans_date_compte_jusqu_a_aujourd_hui(monkeypatch):
    monkeypatch.setattr("tableau_de_bord.donnees.maintenant", lambda: datetime(2026, 4, 8, 12, tzinfo=PARIS).timestamp())
    lu = texte_de(region.layout())
    assert "7 derniers jours : du 01/04/2026 au 07/04/2026" in lu


def test_lycee_total_graphique_et_tableau_du_noyau(stockage_rempli):
    page = lycee.layout(uai=LYCEE_A.uai.lower(), fin="2026-04-01")  # l'UAI s'accepte en minuscules
    attendu = _kernel(stockage_rempli, LYCEE_A.uai, Energie.ELECTRICITE, "2026-03-02", "2026-04-01", Pas.JOUR)
    section = par_id(page, ids.LYCEE_CONSOMMATION)
    lu = texte_de(section)
    assert f"Total : {texte.quantite(attendu.total, 'kWh')}" in lu
    assert "compteurs principaux, du 02/03/2026 au 31/03/2026" in lu and "données complètes" in lu
    barres = par_id(section, ids.LYCEE_GRAPHIQUE).figure
    assert sum(sum(trace.y) for trace in barres.data) == pytest.approx(attendu.total)
    assert not composants(section, html.Table)  # le tableau des valeurs n'est construit qu'à l'ouverture
    valeurs = lignes_du_tableau(consommation.tableau_consommation(LYCEE_A.uai, "electricite", "2026-03-02", "2026-04-01", "jour"))
    assert len(valeurs) == len(attendu.points) == 30
    assert valeurs[0] == ["le 02/03/2026", texte.nombre(attendu.points[0].valeur, 1), "complet", "—"]  # rien en 2025


def test_lycee_periode_au_dela_des_releves_est_incomplete():
    page = lycee.layout(uai=LYCEE_A.uai, debut="2026-03-30", fin="2026-04-10", pas="jour")
    section = par_id(page, ids.LYCEE_CONSOMMATION)
    assert "données incomplètes" in texte_de(section)
    assert [trace.name for trace in par_id(section, ids.LYCEE_GRAPHIQUE).figure.data] == ["Période complète", "Période incomplète"]


def test_lycee_courbe_de_charge_en_kw(stockage_rempli):
    page = lycee.layout(uai=LYCEE_B.uai, fin="2026-04-01")
    assert texte_de(par_id(page, ids.LYCEE_COURBE)) == "Chargement…"  # remplie juste après, par un rappel
    _, _, section, _, _ = lycee.completer("electricite", "2026-03-02", "2026-03-31", LYCEE_B.uai)
    courbe = par_id(section, ids.LYCEE_COURBE_GRAPHIQUE).figure
    assert set(courbe.data[0].y) == {30.0}  # 5 kWh toutes les 10 minutes : 30 kW
    assert "du 25/03/2026 au 31/03/2026" in texte_de(section)
    lignes = lignes_du_tableau(courbes.tableau_courbe(LYCEE_B.uai, "electricite", "2026-04-01"))
    assert lignes[0] == ["25/03/2026 00:00–01:00", "30,0", "30,0", "complet"]


def test_lycee_compteurs_et_dernier_message(stockage_rempli):
    *_, resume = lycee.completer("electricite", "2026-03-02", "2026-03-31", LYCEE_A.uai)
    recu = max(s.dernier_recu for s in stockage_rempli.series(LYCEE_A.uai))
    assert f"le plus récent {texte.instant(recu)}" in texte_de(resume)
    compteurs = kits.tableau_kits(LYCEE_A.uai, "2026-03-02", "2026-04-01")  # construit quand on le déplie
    # le jeu avance de 10 minutes en 10 minutes depuis le 02/03 minuit : 35 jours plus tard, heure d'été
    lignes = {ligne[0]: ligne for ligne in lignes_du_tableau(compteurs)}
    assert lignes["principal"][1:5] == ["Électricité", "principal (compté dans le total)", "général", "index_kwh"]
    assert lignes["principal"][6] == "06/04/2026 à 01:00"
    assert lignes["cantine"][2] == "sous-compteur (hors total)"
    assert lignes["sonde-exterieure"][1:3] == ["aucune (sonde d'ambiance)", "sonde"]
    recu = max(s.dernier_recu for s in stockage_rempli.series(LYCEE_A.uai) if s.compteur == "principal")
    assert lignes["principal"][7] == texte.instant(recu)


def test_lycee_inconnu_sans_plantage():
    lu = texte_de(lycee.layout(uai="0000000A"))
    assert "Lycée inconnu" in lu and "0000000A" in lu


def test_lycee_adresse_invalide():
    assert "pas inconnu « minute »" in texte_de(lycee.layout(uai=LYCEE_A.uai, pas="minute"))


def test_lycee_rappel_duree_fixe_le_premier_jour():
    assert lycee.debut_pour_duree("7j", "2026-03-31") == "2026-03-25"
    assert lycee.debut_pour_duree("30j", "2026-03-31T00:00:00") == "2026-03-02"
    assert lycee.debut_pour_duree("12m", "2026-03-31") == "2025-04-01"


def test_lycee_rappel_refait_consommation_et_courbe(stockage_rempli):
    consommation = lycee.mettre_a_jour("gaz", "2026-03-02", "2026-03-29", "semaine", LYCEE_A.uai)
    _, _, courbe, _, _ = lycee.completer("gaz", "2026-03-02", "2026-03-29", LYCEE_A.uai)
    attendu = _kernel(stockage_rempli, LYCEE_A.uai, Energie.GAZ, "2026-03-02", "2026-03-30", Pas.SEMAINE)
    assert f"Total : {texte.quantite(attendu.total, 'kWh')}" in texte_de(consommation)
    assert par_id(consommation, ids.LYCEE_GRAPHIQUE).figure.layout.yaxis.title.text == "Consommation (kWh par semaine)"
    assert "du 23/03/2026 au 29/03/2026" in texte_de(courbe)


def test_lycee_rappel_refuse_un_pas_horaire_trop_long_et_des_dates_inversees():
    consommation = lycee.mettre_a_jour("electricite", "2026-01-01", "2026-03-31", "heure", LYCEE_A.uai)
    assert "pas horaire est limité à 31 jours" in texte_de(consommation)
    consommation = lycee.mettre_a_jour("electricite", "2026-03-31", "2026-03-01", "jour", LYCEE_A.uai)
    assert "Le premier jour doit précéder le dernier." in texte_de(consommation)


def test_page_introuvable_en_francais():
    assert "Page introuvable" in texte_de(not_found_404.layout())


def test_evolution_sur_une_base_incomplete_non_comparable():
    from tableau_de_bord.donnees import Total
    from tableau_de_bord.pages.region import _evolution

    assert _evolution(Total(1100.0, True), Total(100.0, False)) == "non comparable (an passé incomplet)"
    assert texte_de(_evolution(Total(1100.0, False), Total(1000.0, True))) == "+10,0\u00a0% (incomplet)"
