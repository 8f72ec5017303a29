"""L'import des températures quotidiennes d'une station Météo-France pour un lycée.

Les fichiers sont ceux des « Données climatologiques de base - quotidiennes » de Météo-France
(meteo.data.gouv.fr, Licence Ouverte), par département, par exemple
`Q_35_latest-2024-2025_RR-T-Vent.csv.gz` : séparateur `;`, une ligne par poste et par jour,
colonnes `NUM_POSTE;NOM_USUEL;LAT;LON;ALTI;AAAAMMJJ;RR;QRR;TN;QTN;HTN;TX;QTX;HTX;TM;QTM;...`
(descriptif : `Q_descriptif_champs_RR-T-Vent.csv`). Seules comptent NUM_POSTE, NOM_USUEL, LAT,
LON, AAAAMMJJ, TN, TX et TM ; le fichier peut être compressé (.gz), séparé par `;` ou `,`.

Température du jour : TM (moyenne des températures horaires sous abri), à défaut (TN + TX) / 2 ;
un jour sans l'une ni l'autre n'est pas importé (jamais compté à zéro).

Le poste : celui donné (`poste`), sinon le seul du fichier qui a des températures, sinon le plus
proche du lycée (coordonnées du registre). Les jours sont rangés dans la collection
`temperatures` (noyau.calculs.meteo), un document par lycée et par année ; un nouvel import remplace
les jours qu'il apporte et garde les autres.
"""

import gzip
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from noyau.calculs.lecture import site as site_du_registre
from noyau.calculs.meteo import COLLECTION_TEMPERATURES
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import maintenant
from noyau.stockage import Document, Stockage

COLONNES = ("NUM_POSTE", "NOM_USUEL", "LAT", "LON", "AAAAMMJJ", "TN", "TX", "TM")


@dataclass(frozen=True)
class BilanImport:
    poste: str
    nom: str
    jours: int
    premier: date
    dernier: date


def importer_temperatures(stockage: Stockage, uai: str, chemin: Path, poste: str | None = None) -> BilanImport:
    """Range les températures quotidiennes d'un poste du fichier pour le lycée `uai`."""
    lycee = site_du_registre(stockage, uai)
    lignes = lire_fichier(chemin)
    choisi = _choisir_poste(lignes, poste, lycee.latitude, lycee.longitude, chemin)
    du_poste = lignes[lignes["poste"] == choisi]
    for annee, jours in du_poste.groupby(du_poste["jour"].map(lambda j: j.year)):
        _ranger_annee(stockage, uai, int(annee), jours)
    return BilanImport(choisi, du_poste["nom"].iloc[0], len(du_poste), du_poste["jour"].min(), du_poste["jour"].max())


def lire_fichier(chemin: Path) -> pd.DataFrame:
    """Les jours du fichier qui ont une température : colonnes poste, nom, lat, lon, jour, temperature."""
    brut = _lire_csv(chemin)
    nombres = {c: pd.to_numeric(brut[c].str.replace(",", ".").str.strip(), errors="coerce") for c in ("LAT", "LON", "TN", "TX", "TM")}
    temperature = nombres["TM"].fillna((nombres["TN"] + nombres["TX"]) / 2)
    jours = pd.to_datetime(brut["AAAAMMJJ"].str.strip(), format="%Y%m%d", errors="coerce")
    lignes = pd.DataFrame({
        "poste": brut["NUM_POSTE"].str.strip(), "nom": brut["NOM_USUEL"].str.strip(),
        "lat": nombres["LAT"], "lon": nombres["LON"], "jour": jours.dt.date, "temperature": temperature,
    })
    lignes = lignes[lignes["temperature"].notna() & jours.notna()]
    if lignes.empty:
        raise DonneeInvalide(f"{chemin} : aucune température (TM, ou TN et TX) dans le fichier")
    return lignes


def _lire_csv(chemin: Path) -> pd.DataFrame:
    try:
        with open(chemin, "rb") as fichier:
            compresse = fichier.read(2) == b"\x1f\x8b"  # signature gzip, quel que soit le nom
        with (gzip.open if compresse else open)(chemin, "rt", encoding="utf-8-sig", errors="replace") as fichier:
            premiere = fichier.readline()
        separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
        entetes = [e.strip().upper() for e in premiere.strip().split(separateur)]
        manquantes = [c for c in COLONNES if c not in entetes]
        if manquantes:
            raise DonneeInvalide(f"{chemin} : colonnes manquantes {', '.join(manquantes)} (fichier quotidien Météo-France attendu)")
        return pd.read_csv(chemin, sep=separateur, dtype=str, compression="gzip" if compresse else None, encoding="utf-8-sig", encoding_errors="replace",
                           usecols=lambda c: c.strip().upper() in COLONNES).rename(columns=lambda c: c.strip().upper())
    except (OSError, EOFError) as erreur:
        raise DonneeInvalide(f"{chemin} : lecture impossible ({erreur})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as erreur:
        raise DonneeInvalide(f"{chemin} : CSV illisible ({erreur})") from None


def _choisir_poste(lignes: pd.DataFrame, poste: str | None, lat: float | None, lon: float | None, chemin: Path) -> str:
    postes = lignes.groupby("poste")[["lat", "lon"]].first()
    if poste is not None:
        if poste.strip() not in postes.index:
            raise DonneeInvalide(f"{chemin} : pas de température pour le poste {poste}")
        return poste.strip()
    if len(postes) == 1:
        return postes.index[0]
    if lat is None or lon is None:
        raise DonneeInvalide(f"{chemin} : {len(postes)} postes dans le fichier et lycée sans coordonnées : préciser le poste (--poste)")
    distances = postes.apply(lambda p: _distance_km(lat, lon, p["lat"], p["lon"]), axis=1)
    return distances.idxmin()


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance du grand cercle (haversine), rayon terrestre moyen 6371 km."""
    p1, p2, dphi, dl = map(math.radians, (lat1, lat2, lat2 - lat1, lon2 - lon1))
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def _ranger_annee(stockage: Stockage, uai: str, annee: int, jours: pd.DataFrame) -> None:
    identifiant = f"{uai}-{annee}"
    anciens = next((d.contenu for d in stockage.documents(COLLECTION_TEMPERATURES, uai) if d.identifiant == identifiant), None)
    contenu = anciens or {"annee": annee, "jours": {}, "postes": {}}
    contenu["jours"].update({j.isoformat(): round(float(t), 2) for j, t in zip(jours["jour"], jours["temperature"])})
    contenu["jours"] = dict(sorted(contenu["jours"].items()))
    contenu["postes"][jours["poste"].iloc[0]] = jours["nom"].iloc[0]
    stockage.enregistrer_document(Document(COLLECTION_TEMPERATURES, identifiant, uai, contenu, maintenant()))
