"""Les lycées simulés et leurs fichiers d'import."""

import csv

from capteurs_sim.lycees import Genre, compteurs, ecrire_csv, lycees, sites
from noyau.domaine.identifiants import Energie, valider_compteur, valider_uai


def test_au_moins_24_lycees_des_quatre_departements():
    tous = lycees()
    assert len(tous) >= 24
    assert {lycee.uai[:3] for lycee in tous} == {"022", "029", "035", "056"}
    assert {lycee.uai[:3] for lycee in lycees(4)} == {"022", "029", "035", "056"}


def test_uai_valides_et_uniques():
    uais = [site.uai for site in sites(lycees())]
    assert all(valider_uai(uai) == uai for uai in uais)
    assert len(set(uais)) == len(uais)


def test_surfaces_et_coordonnees_bretonnes():
    for site in sites(lycees()):
        assert 5_000 <= site.surface_m2 <= 35_000
        assert 47.2 < site.latitude < 48.95 and -5.2 < site.longitude < -1.0


def test_compteurs_de_chaque_lycee():
    for lycee in lycees():
        par_nom = {c.compteur.compteur: c for c in lycee.capteurs}
        assert all(valider_compteur(nom) == nom for nom in par_nom)
        assert par_nom["principal"].compteur.principal and par_nom["principal"].compteur.energie is Energie.ELECTRICITE
        assert not par_nom["cantine"].compteur.principal and not par_nom["ateliers"].compteur.principal
        assert ("internat" in par_nom) == lycee.internat
        chauffage = [c.compteur for c in lycee.capteurs if c.genre is Genre.CHAUFFAGE]
        assert len(chauffage) == 1 and chauffage[0].principal
        if chauffage[0].energie is Energie.GAZ:
            assert 10.5 <= chauffage[0].coef_kwh_m3 <= 11.2
        sondes = [c.compteur for c in lycee.capteurs if c.genre in (Genre.EXTERIEUR, Genre.SALLE)]
        assert all(s.energie is None and not s.principal for s in sondes)
        assert 3 <= len(sondes) <= 4 and "sonde-exterieure" in par_nom


def test_variete_des_lycees():
    tous = lycees()
    assert any(not l.internat for l in tous) and any(l.chauffage is Energie.CHALEUR for l in tous)
    assert any(l.eau for l in tous)


def test_fichiers_csv_du_contrat(tmp_path):
    choisis = lycees(3)
    chemin_sites, chemin_compteurs = ecrire_csv(tmp_path, choisis)
    with chemin_sites.open(encoding="utf-8") as fichier:
        lignes = list(csv.DictReader(fichier))
    assert list(lignes[0]) == ["uai", "nom", "commune", "surface_m2", "latitude", "longitude"]
    assert [l["uai"] for l in lignes] == [l.uai for l in choisis]
    with chemin_compteurs.open(encoding="utf-8") as fichier:
        lignes = list(csv.DictReader(fichier))
    assert list(lignes[0]) == ["uai", "compteur", "energie", "principal", "usage", "coef_kwh_m3"]
    assert len(lignes) == len(compteurs(choisis))
    assert {l["principal"] for l in lignes} == {"oui", "non"}
    sonde = next(l for l in lignes if l["compteur"] == "sonde-exterieure")
    assert sonde["energie"] == "" and sonde["principal"] == "non"
