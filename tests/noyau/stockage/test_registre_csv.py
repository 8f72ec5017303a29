import pytest

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.stockage.registre_csv import importer_compteurs, importer_sites

SITES = "uai;nom;commune;surface_m2;latitude;longitude\n0350028r;Lycée Bréquigny;Rennes;21000,5;48,0906;-1,6870\n0290009C;Lycée de Kerichen;Brest;;;\n"


def ecrire(chemin, texte: str, encodage: str = "utf-8-sig"):
    chemin.write_text(texte, encoding=encodage)
    return chemin


def test_sites_point_virgule_bom_accents_et_virgule_decimale(stockage, tmp_path):
    assert importer_sites(stockage, ecrire(tmp_path / "sites.csv", SITES)) == 2
    bréquigny, kerichen = sorted(stockage.sites(), key=lambda s: s.commune, reverse=True)
    assert (bréquigny.uai, bréquigny.nom, bréquigny.surface_m2, bréquigny.longitude) == ("0350028R", "Lycée Bréquigny", 21000.5, -1.687)
    assert kerichen.surface_m2 is None


def test_compteurs_virgule_sans_bom(stockage, tmp_path):
    importer_sites(stockage, ecrire(tmp_path / "sites.csv", SITES))
    texte = (
        "uai,compteur,energie,principal,usage,coef_kwh_m3\n0350028R,principal,electricite,oui,général,\n"
        "0350028R,chaufferie,gaz,oui,chauffage,\"10,8\"\n0350028R,salle-b12,,non,CO2,\n"
    )
    assert importer_compteurs(stockage, ecrire(tmp_path / "compteurs.csv", texte, "utf-8")) == 3
    compteurs = {c.compteur: c for c in stockage.compteurs("0350028R")}
    assert compteurs["chaufferie"].coef_kwh_m3 == 10.8 and compteurs["chaufferie"].energie is Energie.GAZ
    assert compteurs["salle-b12"].energie is None and not compteurs["salle-b12"].principal


def test_une_ligne_fausse_rien_n_est_importe_et_chaque_erreur_a_sa_ligne(stockage, tmp_path):
    texte = SITES + "0350028A;Faux;Rennes;1;2;3\n0750654D;;Paris;x;;\n"
    with pytest.raises(DonneeInvalide) as erreur:
        importer_sites(stockage, ecrire(tmp_path / "sites.csv", texte))
    message = str(erreur.value)
    assert "rien n'a été importé" in message
    assert "ligne 4 : UAI invalide « 0350028A »" in message and "ligne 5 : nom manquant" in message
    assert stockage.sites() == []


def test_compteur_d_un_site_inconnu_et_colonne_manquante(stockage, tmp_path):
    with pytest.raises(DonneeInvalide, match="ligne 2 : site inconnu 0350028R"):
        importer_compteurs(stockage, ecrire(tmp_path / "c.csv", "uai;compteur;energie;principal;usage\n0350028R;p;electricite;oui;\n"))
    with pytest.raises(DonneeInvalide, match="colonne\\(s\\) manquante\\(s\\) : principal"):
        importer_compteurs(stockage, ecrire(tmp_path / "c.csv", "uai;compteur;energie;usage\n"))
    with pytest.raises(DonneeInvalide, match="principal doit valoir oui ou non"):
        importer_sites(stockage, ecrire(tmp_path / "s.csv", SITES))
        importer_compteurs(stockage, ecrire(tmp_path / "c.csv", "uai;compteur;energie;principal;usage\n0350028R;p;electricite;peut-être;\n"))


def test_fichier_qui_n_est_pas_en_utf8(stockage, tmp_path):
    with pytest.raises(DonneeInvalide, match="pas en UTF-8"):
        importer_sites(stockage, ecrire(tmp_path / "sites.csv", SITES, "latin-1"))
