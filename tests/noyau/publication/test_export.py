"""Les formats d'export produits en flux : un lycée lu à la fois, le premier morceau avant le deuxième lycée."""

import io

import openpyxl
import pyarrow.parquet as pq
import pytest

import noyau.publication.export
from noyau.calculs.lecture import Consommation, Point
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Site
from noyau.domaine.periodes import Pas
from noyau.publication.export import COLONNES, Paquet, en_csv, en_json, en_parquet, en_xlsx

DEBUT = 1_767_222_000.0  # 2026-01-01T00:00:00+01:00


def paquet(numero: int, heures: int = 3) -> Paquet:
    points = [Point(DEBUT + 3600 * k, DEBUT + 3600 * (k + 1), 1.5 * k + numero, k % 2 == 0) for k in range(heures)]
    return Paquet(Site(f"lycee-{numero}", f"Lycée {numero}", "Rennes"), Consommation(f"lycee-{numero}", Energie.GAZ, "kWh", Pas.HEURE, points))


class Compteur:
    """Un flux de paquets qui compte ceux déjà lus."""

    def __init__(self, nombre: int) -> None:
        self.lus = 0
        self.nombre = nombre

    def __iter__(self):
        for numero in range(self.nombre):
            self.lus += 1
            yield paquet(numero)


@pytest.mark.parametrize("ecrire", [en_csv, en_json, en_parquet])
def test_un_lycee_a_la_fois(ecrire):
    flux = Compteur(3)
    morceaux = ecrire(flux)
    next(morceaux)
    assert flux.lus <= 1
    next(morceaux)
    assert flux.lus <= 2
    list(morceaux)
    assert flux.lus == 3


def test_csv_rfc4180_et_francais():
    assert b"".join(en_csv([paquet(0)])).decode().splitlines()[1] == (
        "lycee-0,Lycée 0,gaz,2026-01-01T00:00:00+01:00,2026-01-01T01:00:00+01:00,0.0,kWh,true"
    )
    francais = b"".join(en_csv([paquet(0)], francais=True)).decode("utf-8")
    assert francais.startswith("\ufeffuai;nom;") and francais.splitlines()[2].endswith(";1,5;kWh;false")


def test_xlsx_feuille_suivante_au_dela_de_la_limite(monkeypatch):
    monkeypatch.setattr(noyau.publication.export, "LIGNES_PAR_FEUILLE", 3)  # en-tête et deux lignes par feuille
    classeur = openpyxl.load_workbook(io.BytesIO(b"".join(en_xlsx([paquet(0), paquet(1)]))))
    assert classeur.sheetnames == ["consommation", "consommation-2", "consommation-3", "methode"]
    lignes = [ligne for nom in classeur.sheetnames[:3] for ligne in list(classeur[nom].values)]
    assert lignes.count(tuple(COLONNES)) == 3 and len(lignes) == 3 + 6


def test_parquet_un_groupe_par_lycee_sans_les_vides():
    vide = Paquet(Site("vide", "Vide", ""), Consommation("vide", Energie.GAZ, "kWh", Pas.HEURE, []))
    fichier = pq.ParquetFile(io.BytesIO(b"".join(en_parquet([paquet(0), vide, paquet(1, heures=5)]))))
    assert fichier.num_row_groups == 2 and fichier.metadata.num_rows == 8
