"""Les lignes d'un export de consommations et leurs formats, produits en flux, lycée par lycée.

Colonnes (contrat, section 4) : `uai,nom,energie,debut,fin,valeur,unite,complet`, dans tous les
formats ; `valeur` arrondie au millième (noyau.domaine.methode.publiee). Un seul lycée est en mémoire à la fois : chaque format rend des morceaux d'octets dès
que le premier lycée est lu, sauf xlsx (un zip dont la table des matières est à la fin : le
classeur est écrit ligne à ligne dans un fichier temporaire, puis envoyé).

Les mêmes formats servent d'autres tables (la part du numérique, noyau.publication.numerique) :
une `Forme` dit leurs colonnes, leurs lignes, leur table Parquet et leur méthode.
"""

import csv
import functools
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from noyau.calculs.lecture import Consommation, consommation_site
from noyau.domaine.identifiants import Energie
from noyau.domaine.methode import METHODE, publiee
from noyau.domaine.modele import Site
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import en_texte
from noyau.stockage import Stockage

COLONNES = ("uai", "nom", "energie", "debut", "fin", "valeur", "unite", "complet")
SCHEMA_PARQUET = pa.schema([
    ("uai", pa.string()), ("nom", pa.string()), ("energie", pa.string()),
    ("debut", pa.timestamp("ms", tz="Europe/Paris")), ("fin", pa.timestamp("ms", tz="Europe/Paris")),
    ("valeur", pa.float64()), ("unite", pa.string()), ("complet", pa.bool_()),
])
LIGNES_PAR_FEUILLE = 1_048_576  # la limite d'Excel, en-tête compris : au-delà, une feuille de plus
_BLOC = 1 << 20


@dataclass(frozen=True)
class Paquet:
    """Les périodes d'un lycée : l'unité du flux."""

    site: Site
    conso: Consommation


def paquets(stockage: Stockage, sites: Iterable[Site], energie: Energie, debut: datetime, fin: datetime, pas: Pas) -> Iterator[Paquet]:
    for site in sites:
        yield Paquet(site, consommation_site(stockage, site.uai, energie, debut, fin, pas))


def _lignes(paquet: Paquet, texte, nombre=float, booleen=bool) -> Iterator[tuple]:
    uai, nom, energie, unite = paquet.site.uai, paquet.site.nom, paquet.conso.energie.value, paquet.conso.unite
    for p in paquet.conso.points:
        yield uai, nom, energie, texte(p.debut), texte(p.fin), nombre(publiee(p.valeur)), unite, booleen(p.complet)


@dataclass(frozen=True)
class Forme:
    """Ce qu'une table exporte : ses colonnes, les lignes d'un paquet (`lignes(paquet, texte,
    nombre, booleen)` : instants, nombres et booléens mis en forme par chaque format), son schéma
    Parquet, sa table Parquet d'un paquet (vide : aucun groupe de lignes), sa feuille xlsx, sa méthode."""

    colonnes: tuple[str, ...]
    lignes: Callable[..., Iterator[tuple]]
    schema: pa.Schema
    table: Callable[[object], pa.Table]
    feuille: str
    methode: dict


def _booleen_texte(valeur: bool) -> str:
    return "true" if valeur else "false"


def en_csv(flux: Iterable[Paquet], francais: bool = False, forme: Forme | None = None) -> Iterator[bytes]:
    """RFC 4180 (`,`, point décimal, UTF-8 sans BOM, CRLF) ; `francais` : `;`, virgule décimale et
    BOM UTF-8, pour qu'un tableur réglé en français l'ouvre tel quel. Un nombre absent : cellule vide."""
    forme = forme or CONSOMMATION
    separateur = ";" if francais else ","
    nombre = (lambda v: repr(v).replace(".", ",")) if francais else repr
    texte = functools.cache(en_texte)  # les bornes des périodes sont les mêmes pour tous les lycées
    yield (("\ufeff" if francais else "") + separateur.join(forme.colonnes) + "\r\n").encode()
    for paquet in flux:
        tampon = io.StringIO()
        csv.writer(tampon, delimiter=separateur, lineterminator="\r\n").writerows(
            forme.lignes(paquet, texte, nombre, _booleen_texte)
        )
        yield tampon.getvalue().encode()


def en_json(flux: Iterable[Paquet], forme: Forme | None = None) -> Iterator[bytes]:
    """Une liste d'objets aux clés des colonnes ; `valeur` nombre, `complet` booléen."""
    forme = forme or CONSOMMATION
    texte = functools.cache(en_texte)
    separateur = b"["
    for paquet in flux:
        lignes = [dict(zip(forme.colonnes, ligne)) for ligne in forme.lignes(paquet, texte)]
        if lignes:
            yield separateur + b",".join(orjson.dumps(ligne) for ligne in lignes)
            separateur = b","
    yield b"]" if separateur == b"," else b"[]"


def en_xlsx(flux: Iterable[Paquet], forme: Forme | None = None) -> Iterator[bytes]:
    """Feuille « consommation » (puis « consommation-2 »... au-delà de la limite d'Excel) et
    feuille « methode ». Classeur en écriture seule : les lignes vont dans des fichiers
    temporaires d'openpyxl, le zip dans un fichier temporaire, jamais tout en mémoire. openpyxl
    n'est chargé qu'ici : 16 Mo de moins dans chaque processus du serveur qui n'exporte pas en xlsx."""
    from openpyxl import Workbook

    forme = forme or CONSOMMATION
    classeur = Workbook(write_only=True)
    texte = functools.cache(en_texte)
    feuille, remplies, numero = None, LIGNES_PAR_FEUILLE, 0
    for paquet in flux:
        for ligne in forme.lignes(paquet, texte):
            if remplies == LIGNES_PAR_FEUILLE:
                numero += 1
                feuille = classeur.create_sheet(forme.feuille if numero == 1 else f"{forme.feuille}-{numero}")
                feuille.append(forme.colonnes)
                remplies = 1
            feuille.append(ligne)
            remplies += 1
    if feuille is None:
        classeur.create_sheet(forme.feuille).append(forme.colonnes)
    methode = classeur.create_sheet("methode")
    for cle, valeur in forme.methode.items():
        methode.append((cle, valeur))
    with tempfile.SpooledTemporaryFile(max_size=8 * _BLOC) as fichier:
        classeur.save(fichier)
        fichier.seek(0)
        while bloc := fichier.read(_BLOC):
            yield bloc


class _Sortie(io.RawIOBase):
    """Ce que ParquetWriter écrit, repris après chaque groupe de lignes pour être envoyé."""

    def __init__(self) -> None:
        self.tampon = bytearray()
        self.ecrits = 0

    def writable(self) -> bool:
        return True

    def write(self, donnees) -> int:
        self.tampon += donnees
        self.ecrits += len(donnees)
        return len(donnees)

    def tell(self) -> int:
        return self.ecrits

    def reprendre(self) -> bytes:
        morceau = bytes(self.tampon)
        self.tampon.clear()
        return morceau


def table_parquet(paquet: Paquet) -> pa.Table:
    """Les périodes d'un lycée en colonnes typées : instants à l'heure de Paris, valeur float64, complet booléen."""
    points, site, conso = paquet.conso.points, paquet.site, paquet.conso
    n = len(points)

    def instants(attribut: str) -> pa.Array:
        secondes = np.fromiter((getattr(p, attribut) for p in points), np.float64, n).astype(np.int64)
        return pa.array((secondes * 1000).astype("datetime64[ms]"), SCHEMA_PARQUET.field(attribut).type)

    colonnes = [
        pa.array([site.uai] * n, pa.string()), pa.array([site.nom] * n, pa.string()),
        pa.array([conso.energie.value] * n, pa.string()), instants("debut"), instants("fin"),
        pa.array([publiee(p.valeur) for p in points], pa.float64()), pa.array([conso.unite] * n, pa.string()),
        pa.array([p.complet for p in points], pa.bool_()),
    ]
    return pa.Table.from_arrays(colonnes, schema=SCHEMA_PARQUET)


def en_parquet(flux: Iterable[Paquet], forme: Forme | None = None) -> Iterator[bytes]:
    """Un groupe de lignes par lycée, envoyé dès qu'il est écrit ; le pied du fichier à la fin."""
    forme = forme or CONSOMMATION
    sortie = _Sortie()
    with pq.ParquetWriter(sortie, forme.schema, compression="zstd") as ecrivain:
        for paquet in flux:
            table = forme.table(paquet)
            if table.num_rows:
                ecrivain.write_table(table)
                yield sortie.reprendre()
    yield sortie.reprendre()


CONSOMMATION = Forme(COLONNES, _lignes, SCHEMA_PARQUET, table_parquet, "consommation", METHODE)
