"""Les données ouvertes : les consommations par lycée, par jour et par mois, pour chaque énergie,
et la part du numérique des lycées équipés, par mois, en fichiers prêts à déposer sur un portail
(data.gouv.fr, portail régional).

Dans le dossier : un CSV (RFC 4180, colonnes de l'export) et un Parquet par énergie et par pas,
`schema.json` (Table Schema, le format de schema.data.gouv.fr : le dictionnaire des colonnes),
`methode.json` (comment les nombres sont calculés) et `catalogue.json` (DCAT en JSON-LD : titre,
description, licence, producteur, fréquence de mise à jour, couverture temporelle, ressources) ;
pour le numérique (noyau.publication.numerique), `numerique-mensuel.csv` et `.parquet`, avec
`schema-numerique.json` et `methode-numerique.json`.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.methode import METHODE
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS, a_paris, en_texte, maintenant
from noyau.publication import numerique
from noyau.publication.export import en_csv, en_parquet, paquets
from noyau.stockage import Stockage

LICENCE = {"titre": "Licence Ouverte / Open Licence version 2.0", "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
PRODUCTEUR = "Région Bretagne"
# La couverture spatiale, une ressource et non un texte : la région Bretagne du Code officiel
# géographique de l'Insee (code 53), par son URI.
COUVERTURE = {"@id": "http://id.insee.fr/geo/region/53", "@type": "dct:Location", "skos:prefLabel": "Bretagne"}
# Vocabulaire des fréquences de l'Union européenne, celui de DCAT-AP (dct:accrualPeriodicity).
FREQUENCES = {
    "quotidienne": "http://publications.europa.eu/resource/authority/frequency/DAILY",
    "hebdomadaire": "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
    "mensuelle": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
}
JEUX = {
    Pas.JOUR: ("consommations-quotidiennes", "Consommations quotidiennes d'énergie des lycées de Bretagne"),
    Pas.MOIS: ("consommations-mensuelles", "Consommations mensuelles d'énergie des lycées de Bretagne"),
}

# Le dictionnaire des colonnes, au format Table Schema (https://specs.frictionlessdata.io/table-schema/).
_FORMAT_INSTANT = "%Y-%m-%dT%H:%M:%S%z"
CHAMPS = [
    {"name": "uai", "title": "UAI", "type": "string", "description": "Code UAI du lycée (7 chiffres et une lettre de contrôle)",
     "example": "0350028R", "constraints": {"required": True, "pattern": "^[0-9]{7}[A-HJ-NPR-Z]$"}},
    {"name": "nom", "title": "Nom du lycée", "type": "string", "description": "Nom usuel du lycée",
     "example": "Lycée Chateaubriand", "constraints": {"required": True}},
    {"name": "energie", "title": "Énergie", "type": "string", "description": "Énergie comptée (l'eau en m³)",
     "example": "electricite", "constraints": {"required": True, "enum": [e.value for e in Energie]}},
    {"name": "debut", "title": "Début de la période", "type": "datetime", "format": _FORMAT_INSTANT,
     "description": "Début inclus, RFC 3339 à l'heure de Paris", "example": "2026-03-02T00:00:00+01:00",
     "constraints": {"required": True}},
    {"name": "fin", "title": "Fin de la période", "type": "datetime", "format": _FORMAT_INSTANT,
     "description": "Fin exclue, RFC 3339 à l'heure de Paris", "example": "2026-03-03T00:00:00+01:00",
     "constraints": {"required": True}},
    {"name": "valeur", "title": "Consommation", "type": "number",
     "description": "Consommation de la période (somme des compteurs principaux), sans correction climatique, "
                    "arrondie au millième (Wh, litre)",
     "example": "1440.0", "constraints": {"required": True}},
    {"name": "unite", "title": "Unité", "type": "string", "description": "kWh (énergie finale), ou m3 pour l'eau",
     "example": "kWh", "constraints": {"required": True, "enum": ["kWh", "m3"]}},
    {"name": "complet", "title": "Période complète", "type": "boolean", "trueValues": ["true"], "falseValues": ["false"],
     "description": "true : des relevés entourent la période, sans écart de plus d'une heure", "example": "true",
     "constraints": {"required": True}},
]


JEU_NUMERIQUE = ("part-numerique-mensuelle", "Part du numérique dans l'électricité des lycées de Bretagne, par mois")


@dataclass(frozen=True)
class Ressource:
    chemin: Path
    pas: Pas
    energie: Energie
    lignes: int
    jeu: str  # l'identifiant du jeu de données (JEUX, JEU_NUMERIQUE)


def schema_table() -> dict:
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "enerlycee-consommations",
        "title": "Consommations d'énergie des lycées",
        "description": "Une ligne par lycée, énergie et période (jour ou mois) ; les périodes sans relevé sont absentes.",
        "countryCode": "FR",
        "licenses": [{"title": LICENCE["titre"], "path": LICENCE["url"]}],
        "fields": CHAMPS,
        "missingValues": [""],
        "primaryKey": ["uai", "energie", "debut"],
    }


def etendue(stockage: Stockage) -> tuple[datetime, datetime]:
    """Par défaut : du 1er du mois du plus ancien relevé au minuit de Paris d'aujourd'hui (exclu)."""
    premiers = [s.premier for s in stockage.series()]
    if not premiers:
        raise DonneeInvalide("aucun relevé dans le stockage : rien à publier")
    plus_ancien, aujourd_hui = a_paris(min(premiers)).date(), a_paris(maintenant()).date()
    debut = datetime(plus_ancien.year, plus_ancien.month, 1, tzinfo=PARIS)
    return debut, datetime(aujourd_hui.year, aujourd_hui.month, aujourd_hui.day, tzinfo=PARIS)


def publier(
    stockage: Stockage, dossier: Path, debut: datetime, fin: datetime, frequence: str = "mensuelle",
    progression: Callable[[Iterable, str], Iterable] = lambda elements, _description: elements,
) -> list[Ressource]:
    """Écrit les fichiers et leurs métadonnées dans `dossier` ; renvoie les ressources écrites.
    `progression` enveloppe la liste des lycées de chaque fichier (une barre tqdm, par exemple)."""
    dossier.mkdir(parents=True, exist_ok=True)
    sites = stockage.sites()
    ressources = []
    for pas, (prefixe, titre) in JEUX.items():
        for energie in Energie:
            lus = [p for p in paquets(stockage, progression(sites, f"{titre} : {energie.value}"), energie, debut, fin, pas)
                   if p.conso.points]
            if not lus:
                continue
            chemin = dossier / f"{prefixe}-{energie.value}.csv"
            _ecrire(chemin, en_csv(lus))
            _ecrire(chemin.with_suffix(".parquet"), en_parquet(lus))
            ressources.append(Ressource(chemin, pas, energie, sum(len(p.conso.points) for p in lus), prefixe))
    _ecrire_json(dossier / "schema.json", schema_table())
    _ecrire_json(dossier / "methode.json", METHODE)
    equipes = list(numerique.paquets(stockage, progression(sites, JEU_NUMERIQUE[1]), debut, fin))
    if equipes:
        chemin = dossier / "numerique-mensuel.csv"
        _ecrire(chemin, en_csv(equipes, forme=numerique.FORME))
        _ecrire(chemin.with_suffix(".parquet"), en_parquet(equipes, numerique.FORME))
        ressources.append(Ressource(chemin, Pas.MOIS, Energie.ELECTRICITE, sum(len(p.parts) for p in equipes), JEU_NUMERIQUE[0]))
        _ecrire_json(dossier / "schema-numerique.json", numerique.schema_table())
        _ecrire_json(dossier / "methode-numerique.json", numerique.METHODE)
    _ecrire_json(dossier / "catalogue.json", catalogue(ressources, debut, fin, frequence))
    return ressources


def _ecrire(chemin: Path, morceaux: Iterable[bytes]) -> None:
    provisoire = chemin.with_name(chemin.name + ".partiel")
    with provisoire.open("wb") as fichier:
        for morceau in morceaux:
            fichier.write(morceau)
    provisoire.replace(chemin)  # un portail qui lit le dossier ne voit jamais un fichier à moitié écrit


def _ecrire_json(chemin: Path, contenu: dict) -> None:
    _ecrire(chemin, [json.dumps(contenu, ensure_ascii=False, indent=2).encode() + b"\n"])


def catalogue(ressources: list[Ressource], debut: datetime, fin: datetime, frequence: str) -> dict:
    """Le catalogue DCAT (JSON-LD) : un jeu de données par pas, et la part du numérique ; une
    distribution par fichier."""
    jeux = []
    for pas, (identifiant, titre) in JEUX.items():
        description = (
            f"Consommation de chaque lycée public de Bretagne suivi par Enerlycée, par {pas.value} et par énergie "
            "(kWh d'énergie finale ; eau en m³), somme des compteurs principaux, sans correction climatique ; "
            "la colonne complet dit si la période est entièrement couverte par les relevés. Méthode : methode.json."
        )
        jeux += _jeu(identifiant, titre, description, "schema.json", ressources, debut, fin, frequence, "décret tertiaire")
    description = (
        "Électricité des équipements numériques (serveurs, réseau, salles informatiques, recharge, affichage : "
        "compteurs d'usage numerique-…) de chaque lycée équipé, par mois : kWh, part de l'électricité du lycée, part "
        "consommée hors des horaires d'ouverture, kg CO2e, kWh par m². Méthode : methode-numerique.json."
    )
    jeux += _jeu(*JEU_NUMERIQUE, description, "schema-numerique.json", ressources, debut, fin, frequence, "numérique responsable")
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/", "spdx": "http://spdx.org/rdf/terms#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
        },
        "@type": "dcat:Catalog",
        "dct:title": "Enerlycée : consommations d'énergie des lycées de Bretagne",
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": PRODUCTEUR},
        "dct:license": LICENCE["url"],
        "dct:issued": en_texte(maintenant()),
        "dcat:dataset": jeux,
    }


def _jeu(identifiant: str, titre: str, description: str, schema: str, ressources: list[Ressource], debut: datetime,
         fin: datetime, frequence: str, mot_cle: str) -> list[dict]:
    """Le jeu de données DCAT de ces ressources (aucun s'il n'en a pas)."""
    siennes = [r for r in ressources if r.jeu == identifiant]
    if not siennes:
        return []
    return [{
        "@type": "dcat:Dataset",
        "dct:identifier": identifiant,
        "dct:title": titre,
        "dct:description": description,
        "dct:license": LICENCE["url"],
        "dct:rights": LICENCE["titre"],
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": PRODUCTEUR},
        "dct:accrualPeriodicity": FREQUENCES[frequence],
        "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": debut.isoformat(), "dcat:endDate": fin.isoformat()},
        "dct:spatial": COUVERTURE,
        "dct:language": "fr",
        "dct:modified": en_texte(maintenant()),
        "dcat:keyword": ["énergie", "consommation", "lycées", "Bretagne", mot_cle],
        "dct:conformsTo": schema,
        "dcat:distribution": [d for r in siennes for d in _distributions(r, schema)],
    }]


def _empreinte(chemin: Path) -> str:
    with chemin.open("rb") as fichier:
        return hashlib.file_digest(fichier, "sha256").hexdigest()


def _distributions(ressource: Ressource, schema: str) -> list[dict]:
    formats = ((ressource.chemin, "CSV", "text/csv"), (ressource.chemin.with_suffix(".parquet"), "Parquet", "application/vnd.apache.parquet"))
    return [
        {
            "@type": "dcat:Distribution",
            "dct:title": f"{ressource.energie.value} ({nom})",
            "dcat:downloadURL": chemin.name,
            "dct:format": nom,
            "dcat:mediaType": type_media,
            "dcat:byteSize": chemin.stat().st_size,
            "spdx:checksum": {"spdx:algorithm": "sha256", "spdx:checksumValue": _empreinte(chemin)},
            "dct:conformsTo": schema,
        }
        for chemin, nom, type_media in formats
    ]
