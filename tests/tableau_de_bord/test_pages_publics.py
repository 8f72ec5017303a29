"""Les pages ajoutées pour les trois publics (carte, profil, élèves, qualité), appelées dans le
contexte Flask sur le stockage rempli de tests/conftest.py."""

from datetime import datetime

import dash
import numpy as np
import pandas as pd
import pytest
from dash import dcc, html
from dash.exceptions import PreventUpdate

from noyau.domaine.modele import Rejet
from noyau.domaine.temps import PARIS
from tableau_de_bord import donnees, figures, ids
from tableau_de_bord.pages import eleves, lycee, qualite, region
from tableau_de_bord.sections import kits
from tests.conftest import LYCEE_A, LYCEE_B
from tests.tableau_de_bord.conftest import (
    composants,
    lignes_du_tableau,
    par_id,
    texte_de,
)

pytestmark = pytest.mark.usefixtures("contexte")


def test_carte_un_point_par_lycee_sans_tuile():
    page = region.layout(fin="2026-04-01")
    carte = par_id(page, ids.REGION_CARTE).figure
    points = [trace for trace in carte.data if trace.mode == "markers"]
    assert sorted(points[-1].customdata[:, 0]) == sorted([LYCEE_A.nom, LYCEE_B.nom])
    assert all(trace.type == "scatter" for trace in carte.data)  # ni scattermap ni scattergeo : aucune requête
    assert carte.layout.yaxis.scaleanchor == "x"


def test_carte_recoloree_depuis_le_store_sans_relire(monkeypatch):
    page = region.layout(fin="2026-04-01")
    magasin = par_id(page, ids.REGION_DONNEES).data
    monkeypatch.setattr("tableau_de_bord.donnees.stockage", lambda: pytest.fail("relu le stockage"))
    carte = region.recolorer("semaine", magasin)
    assert carte.data[-1].marker.colorbar.title.text == "kWh"
    assert "en 7 jours" in carte.data[-1].customdata[0][2]


def test_classement_par_m2_et_liens_d_export():
    page = region.layout(fin="2026-04-01")
    table = composants(par_id(page, ids.REGION_CONTENU), html.Table)[0]
    rangs = [ligne[1] for ligne in lignes_du_tableau(table)]
    assert rangs == ["1", "2"]
    liens = [a.href for a in composants(par_id(page, ids.REGION_EXPORT), html.A)]
    assert "/api/v1/export?energie=electricite&debut=2026-01-01&fin=2026-04-01&pas=mois&format=csv" in liens


def test_profil_de_la_semaine_moyennes_par_heure():
    moyennes = donnees.profil_semaine(LYCEE_B.uai, donnees.Energie.ELECTRICITE, datetime(2026, 4, 1).date())
    assert moyennes.shape == (7, 24)
    assert np.allclose(moyennes.to_numpy(), 30.0)  # 5 kWh toutes les 10 minutes : 30 kW à toute heure


def test_profil_sans_donnee_vide():
    moyennes = donnees.profil_semaine(LYCEE_B.uai, donnees.Energie.ELECTRICITE, datetime(2025, 4, 1).date())
    assert moyennes.isna().all().all()
    figure = figures.carte_de_chaleur(moyennes, "kWh")
    assert figure.layout.annotations[0].text == "Aucune donnée pour cette période"


def test_lycee_profil_et_sous_compteurs():
    _, _, _, profil, _ = lycee.completer("electricite", "2026-03-02", "2026-03-31", LYCEE_A.uai)
    compteurs = kits.tableau_kits(LYCEE_A.uai, "2026-03-02", "2026-04-01")
    chaleur = par_id(profil, ids.LYCEE_CHALEUR_GRAPHIQUE).figure
    assert chaleur.data[0].type == "heatmap" and list(chaleur.data[0].y)[0] == "lundi"
    lignes = {ligne[0]: ligne for ligne in lignes_du_tableau(compteurs)}
    assert lignes["cantine"][5] == "8\u00a0628\u00a0kWh"  # 2 kWh par 10 minutes, 30 jours dont un de 23 heures
    assert lignes["sonde-exterieure"][5] == "—"


def test_choisir_un_autre_lycee_va_a_sa_page():
    assert lycee.changer_de_lycee(LYCEE_B.uai, LYCEE_A.uai) == (f"/lycee/{LYCEE_B.uai}", [])
    assert lycee.changer_de_lycee("kerichen", LYCEE_A.uai)[0] == f"/lycee/{LYCEE_B.uai}"  # sans casse
    assert lycee.changer_de_lycee("Lycée Chateaubriand (Rennes) — 0350028R", LYCEE_B.uai)[0] == f"/lycee/{LYCEE_A.uai}"
    assert eleves.changer_de_lycee("Brest")[0] == f"/eleves?uai={LYCEE_B.uai}"
    with pytest.raises(PreventUpdate):
        lycee.changer_de_lycee(LYCEE_A.uai, LYCEE_A.uai)  # déjà sur sa page


def test_choisir_un_lycee_ambigu_ou_inconnu_le_dit():
    adresse, reponse = lycee.changer_de_lycee("Lycée", LYCEE_A.uai)  # deux lycées : on ne devine pas
    assert adresse is dash.no_update
    liens = [lien.href for lien in composants(reponse, dcc.Link)]
    assert sorted(liens) == sorted([f"/lycee/{LYCEE_A.uai}", f"/lycee/{LYCEE_B.uai}"])
    assert "2 lycées correspondent" in texte_de(reponse)
    assert texte_de(eleves.changer_de_lycee("Quimper")[1]) == "Aucun lycée ne correspond."


def test_eleves_gros_chiffres_et_kiosque(monkeypatch):
    monkeypatch.setattr("tableau_de_bord.donnees.maintenant", lambda: datetime(2026, 4, 1, 12, tzinfo=PARIS).timestamp())
    page = eleves.layout(uai=LYCEE_A.uai.lower())
    assert LYCEE_A.nom in texte_de(page)
    semaine = par_id(page, ids.ELEVES_GRAPHIQUE).figure
    assert [trace.name for trace in semaine.data] == ["L'an dernier", "Cette semaine"]
    assert not composants(page, dcc.Interval)
    kiosque = eleves.layout(uai=LYCEE_A.uai, kiosque="1")
    assert composants(kiosque, dcc.Interval)[0].interval == eleves.DUREE_VUE_MS
    vues = [s for s in composants(kiosque, html.Section) if isinstance(s.id, dict)]
    assert [v.hidden for v in vues][:2] == [False, True]  # une vue à la fois


def test_ecran_du_hall_se_rafraichit_selon_l_adresse_bornee(monkeypatch):
    assert [eleves.minutes_de_rafraichissement(v) for v in ("", "5", "0,5", "0", "-3", "abc", "inf", "nan", "99999")] == [
        10.0, 5.0, 0.5, 0.1, 0.1, 10.0, 10.0, 10.0, 1440.0]
    kiosque = eleves.layout(uai=LYCEE_A.uai, kiosque="1", rafraichir="0,5")
    parametres = par_id(kiosque, ids.ELEVES_PARAMETRES).data
    assert parametres == {"uai": LYCEE_A.uai, "fin": None, "kiosque": True, "rafraichir_ms": 30_000}  # fin : aujourd'hui, chaque fois
    assert par_id(kiosque, ids.ELEVES_HORLOGE).interval == 30_000
    assert "données mises à jour toutes les 30 secondes" in texte_de(kiosque)
    assert par_id(eleves.layout(uai=LYCEE_A.uai, kiosque="1"), ids.ELEVES_HORLOGE).interval == 60_000  # une minute au plus
    assert "toutes les 10 minutes" in texte_de(eleves.layout(uai=LYCEE_A.uai, kiosque="1"))
    assert "données mises à jour toutes les minutes." in texte_de(eleves.layout(uai=LYCEE_A.uai, kiosque="1", rafraichir="1"))

    monkeypatch.setattr("tableau_de_bord.donnees.maintenant", lambda: datetime(2026, 4, 1, 0, 1, tzinfo=PARIS).timestamp())
    ouverture = eleves.rafraichir(0, parametres)
    assert ouverture[:3] == (dash.no_update,) * 3 and ouverture[-1] == {"demande": 0}  # la semaine est déjà dans la page
    _, figure, tableau, *_, etat = eleves.rafraichir(3, parametres)  # minuit passé : la semaine finit le 1er avril
    assert "du 25/03/2026 au 31/03/2026" in texte_de(tableau) and etat == {"demande": 3}
    assert figure.layout.font.size == eleves.POLICE_KIOSQUE


def test_ecran_du_hall_garde_ses_donnees_si_une_lecture_echoue(stockage_rempli, caplog):
    parametres = {"uai": LYCEE_A.uai, "fin": "2026-04-01", "kiosque": True, "rafraichir_ms": 600_000}
    stockage_rempli.fermer()  # le stockage ne répond plus
    with pytest.raises(PreventUpdate):  # rien ne change à l'écran, et l'erreur est journalisée
        eleves.rafraichir(1, parametres)
    assert f"Écran du hall {LYCEE_A.uai} : rafraîchissement impossible" in caplog.text
    with pytest.raises(Exception):  # noqa: B017 — à l'ouverture, l'erreur se voit
        eleves.rafraichir(0, parametres)


def test_eleves_lycee_inconnu():
    assert "Lycée inconnu" in texte_de(eleves.layout(uai="0000000A"))


def test_qualite_quarantaine_par_motif_et_completude(stockage_rempli):
    recu = datetime(2026, 4, 1, tzinfo=PARIS).timestamp()
    stockage_rempli.ecrire([], [Rejet(recu, f"lycees/{LYCEE_A.uai}/x", "compteur inconnu", "{}", LYCEE_A.uai, "x"),
                                Rejet(recu, "lycees/??", "JSON invalide", "{", None, None)])
    page = qualite.layout(fin="2026-04-01")
    lu = texte_de(page)
    assert "2 relevés en quarantaine" in lu
    tables = composants(page, html.Table)
    par_motif = {ligne[0]: ligne[1] for ligne in lignes_du_tableau(tables[0])}
    assert par_motif == {"compteur inconnu": "1", "JSON invalide": "1"}
    completude = lignes_du_tableau(qualite.tableau_completude("electricite", "2026-04-01"))
    assert {ligne[0] for ligne in completude} == {LYCEE_A.nom, LYCEE_B.nom}
    assert all(ligne[1:4] == ["30", "30", "30"] for ligne in completude)  # du 02/03 au 31/03 : 30 jours complets


def test_qualite_kits_muets(monkeypatch):
    monkeypatch.setattr("tableau_de_bord.donnees.maintenant", lambda: datetime(2099, 1, 1, tzinfo=PARIS).timestamp())
    muets = donnees.kits_muets(qualite.SILENCE_S)
    assert {(k.site.uai, k.compteur) for k in muets} >= {(LYCEE_A.uai, "principal"), (LYCEE_B.uai, "chaufferie")}


def test_figure_completude_en_pourcentage():
    lignes = pd.DataFrame({"nom": ["A", "B"], "part": [50.0, 100.0], "libelle": ["15 jours", "30 jours"]})
    figure = figures.completude(lignes)
    assert list(figure.data[0].x) == [50.0, 100.0] and figure.layout.xaxis.range == (0, 100)


def test_qualite_montre_l_envoi_des_alertes_et_sa_panne(stockage_rempli):
    assert "Aucun passage noté" in texte_de(qualite.layout(fin="2026-04-01"))
    echec = {"abonnement": "0123456789abcdef", "canal": "courriel", "echecs": 3, "prochain_essai": 1_800_000_000.0,
             "erreur": "relais smtp://relais:25 injoignable : ConnectionRefusedError"}
    stockage_rempli.noter_etat("envoi", {"etat": "en-panne", "messages_envoyes": 4, "en_echec": [echec]})
    lu = texte_de(qualite.layout(fin="2026-04-01"))
    assert "4 message(s) envoyé(s) en tout. En panne : 1 abonnement(s) n'ont pas reçu leurs alertes" in lu
    assert "0123456789ab" in lu and "relais smtp://relais:25 injoignable" in lu
