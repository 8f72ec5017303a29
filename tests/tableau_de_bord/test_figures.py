"""Les figures sont des fonctions pures : on les vérifie sur de petits DataFrame écrits à la main."""

from datetime import datetime, timedelta

import pandas as pd
import plotly.graph_objects as go

from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS
from tableau_de_bord import figures


def _points(valeurs: list[float], complets: list[bool], duree=timedelta(days=1)) -> pd.DataFrame:
    debuts = [datetime(2026, 3, 2, tzinfo=PARIS) + k * duree for k in range(len(valeurs))]
    return pd.DataFrame(
        {
            "debut": debuts,
            "fin": [d + duree for d in debuts],
            "valeur": valeurs,
            "complet": complets,
            "libelle": [f"période {k}" for k in range(len(valeurs))],
        }
    )


def test_barres_unite_et_periode_dans_les_titres_des_axes():
    figure = figures.barres_consommation(_points([10.0, 20.0], [True, True]), "kWh", Pas.JOUR)
    assert figure.layout.yaxis.title.text == "Consommation (kWh par jour)"
    assert "heure de Paris" in figure.layout.xaxis.title.text
    assert figure.layout.separators == ", "


def test_barres_incompletes_hachurees_et_dites_incompletes():
    figure = figures.barres_consommation(_points([10.0, 20.0, 5.0], [True, True, False]), "m3", Pas.SEMAINE)
    completes, incompletes = figure.data
    assert (completes.name, list(completes.y)) == ("Période complète", [10.0, 20.0])
    assert (incompletes.name, list(incompletes.y)) == ("Période incomplète", [5.0])
    assert incompletes.marker.pattern.shape == "/" and incompletes.marker.opacity < 1
    assert not completes.marker.pattern.shape
    assert incompletes.customdata[0][1].startswith("incomplet")
    assert "m³" in incompletes.hovertemplate and figure.layout.yaxis.title.text == "Consommation (m³ par semaine)"


def test_barres_larges_de_leur_periode_a_l_heure_de_paris():
    figure = figures.barres_consommation(_points([10.0], [True]), "kWh", Pas.JOUR)
    barre = figure.data[0]
    assert pd.Timestamp(barre.x[0]) == pd.Timestamp("2026-03-02 12:00")  # milieu du jour, heure murale
    assert barre.width[0] == 0.9 * 86_400_000


def test_barres_sans_donnee_le_disent():
    figure = figures.barres_consommation(_points([], []), "kWh", Pas.MOIS)
    assert not figure.data
    assert figure.layout.annotations[0].text == "Aucune donnée pour cette période"


def test_courbe_de_charge_en_kw_moyens_par_heure():
    points = _points([60.0, 30.0, 12.0], [True, True, False], duree=timedelta(hours=1))
    points.loc[1, "fin"] = points.loc[1, "debut"] + timedelta(minutes=30)  # une période rognée
    figure = figures.courbe_de_charge(points, "kWh")
    assert figure.layout.yaxis.title.text == "Puissance moyenne par heure (kW)"
    courbe, incompletes = figure.data
    assert list(courbe.y) == [60.0, 60.0, 12.0]
    assert incompletes.name == "Heure incomplète" and list(incompletes.y) == [12.0]


def test_courbe_de_l_eau_en_m3_par_heure():
    figure = figures.courbe_de_charge(_points([2.0], [True], duree=timedelta(hours=1)), "m3")
    assert figure.layout.yaxis.title.text == "Débit moyen par heure (m³/h)"


def test_comparaison_marque_chaque_barre_incomplete():
    lignes = pd.DataFrame(
        {
            "nom": ["Lycée A", "Lycée B", "Lycée A", "Lycée B"],
            "serie": ["2026", "2026", "2025", "2025"],
            "valeur": [100.0, 80.0, 90.0, None],
            "complet": [True, False, True, False],
        }
    )
    figure = figures.comparaison(lignes, "kWh", "Consommation (kWh, depuis le 1er janvier)")
    annee, precedente = figure.data
    assert (annee.name, precedente.name) == ("2026", "2025")
    assert list(annee.marker.pattern.shape) == ["", "/"]
    assert list(annee.marker.opacity) == [1.0, 0.45]
    assert [ligne[1] for ligne in annee.customdata] == ["complet", "incomplet : relevés manquants"]
    assert figure.layout.xaxis.title.text == "Consommation (kWh, depuis le 1er janvier)"
    assert figure.layout.separators == ", "


def test_chaque_figure_a_le_gabarit_simple_white_et_le_cadre_commun():
    """Le gabarit est donné par défaut (sans revalidation à chaque figure) : le rendu reste celui de
    `update_layout(template="simple_white", ...)`."""
    attendu = go.Figure().update_layout(template="simple_white").layout.template.to_plotly_json()
    semaine = pd.DataFrame({"jour": ["lun.", "mar."], "cette": [1.0, 2.0], "avant": [1.5, None]})
    for figure in (figures.barres_consommation(_points([3.0], [True]), "kWh", Pas.JOUR), figures.semaine_eleves(semaine),
                   figures.carte(pd.DataFrame(columns=["nom", "commune", "latitude", "longitude", "valeur", "libelle"]), "kWh")):
        mise_en_page = figure.to_plotly_json()["layout"]
        assert mise_en_page["template"] == attendu
        assert (mise_en_page["separators"], mise_en_page["font"]["family"]) == (", ", "system-ui, sans-serif")
