"""La publication de la part du numérique : une ligne par lycée équipé et par période (mois par
défaut), dans les formats des exports (noyau.publication.export) et des données ouvertes, avec
son dictionnaire des colonnes (Table Schema) et sa méthode.

Les nombres sont ceux de noyau.calculs.numerique, ceux de `GET /api/v1/sites/{uai}/numerique`.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from noyau.calculs.numerique import PartNumerique, compteurs_numeriques, par_m2, parts_numeriques
from noyau.domaine.modele import Site
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS
from noyau.publication.export import Forme
from noyau.stockage import Stockage

VERSION = "1"
COLONNES = ("uai", "nom", "debut", "fin", "total_kwh", "part_electricite", "hors_occupation_kwh", "co2_kg", "kwh_par_m2",
            "complet")
_INSTANT = pa.timestamp("ms", tz="Europe/Paris")
SCHEMA_PARQUET = pa.schema([
    ("uai", pa.string()), ("nom", pa.string()), ("debut", _INSTANT), ("fin", _INSTANT), ("total_kwh", pa.float64()),
    ("part_electricite", pa.float64()), ("hors_occupation_kwh", pa.float64()), ("co2_kg", pa.float64()),
    ("kwh_par_m2", pa.float64()), ("complet", pa.bool_()),
])
RESUME = (f"enerlycee-numerique-{VERSION}; compteurs d'usage numerique-*; part de l'electricite des compteurs principaux;"
          " hors occupation selon les horaires du lycee; detail: /api/v1/export/numerique/methode")

METHODE = {
    "version": VERSION,
    "perimetre": (
        "Les équipements numériques d'un lycée sont ses compteurs d'électricité dont l'usage est « numerique » ou commence "
        "par « numerique- » (numerique-serveurs, numerique-reseau, numerique-salle, numerique-recharge, "
        "numerique-affichage), le plus souvent des sous-compteurs. Seuls les lycées qui en ont figurent."
    ),
    "calcul": (
        "total_kwh : la somme de leurs consommations sur [debut, fin) (avance des index interpolés aux bornes, "
        "contrat section 3), lue heure par heure. part_electricite : total_kwh divisé par l'électricité du lycée "
        "(ses compteurs principaux) sur la même période, entre 0 et 1 ; vide sans électricité, ou si l'électricité est "
        "inférieure au total. hors_occupation_kwh : ce qui est consommé hors des horaires d'ouverture du lycée (nuits, "
        "week-ends, vacances scolaires de sa zone, jours fériés, fermetures déclarées du lycée), chaque heure classée à l'heure de Paris, une heure "
        "coupée par une borne d'horaire partagée au prorata. co2_kg : total_kwh × 0,052 kg CO2e/kWh (électricité, "
        "Base Empreinte de l'ADEME). kwh_par_m2 : total_kwh par m² de surface du lycée (le registre n'a pas "
        "d'effectifs d'élèves)."
    ),
    "periodes": "Mois (par défaut) découpés à l'heure de Paris, rognés à [debut, fin).",
    "completude": (
        "complet = true quand chaque heure de chaque compteur numérique et de l'électricité du lycée est couverte par "
        "des relevés, sans écart de plus d'une heure."
    ),
    "reference": "Contrat public d'Enerlycée, section 4 (« Digital equipment ») ; docs/methodes.md.",
}

CHAMPS = [
    {"name": "uai", "title": "UAI", "type": "string", "constraints": {"required": True, "pattern": "^[0-9]{7}[A-HJ-NPR-Z]$"}},
    {"name": "nom", "title": "Nom du lycée", "type": "string", "constraints": {"required": True}},
    {"name": "debut", "title": "Début de la période", "type": "datetime", "format": "%Y-%m-%dT%H:%M:%S%z",
     "description": "Début inclus, RFC 3339 à l'heure de Paris", "constraints": {"required": True}},
    {"name": "fin", "title": "Fin de la période", "type": "datetime", "format": "%Y-%m-%dT%H:%M:%S%z",
     "description": "Fin exclue, RFC 3339 à l'heure de Paris", "constraints": {"required": True}},
    {"name": "total_kwh", "title": "Numérique (kWh)", "type": "number",
     "description": "Électricité des compteurs numériques du lycée", "constraints": {"required": True, "minimum": 0}},
    {"name": "part_electricite", "title": "Part de l'électricité", "type": "number",
     "description": "total_kwh / électricité du lycée, entre 0 et 1 ; vide si inconnue", "constraints": {"minimum": 0, "maximum": 1}},
    {"name": "hors_occupation_kwh", "title": "Hors occupation (kWh)", "type": "number",
     "description": "Part de total_kwh consommée hors des horaires d'ouverture (nuits, week-ends, vacances, jours fériés, fermetures)",
     "constraints": {"required": True, "minimum": 0}},
    {"name": "co2_kg", "title": "Émissions (kg CO2e)", "type": "number", "description": "total_kwh × 0,052 (ADEME)",
     "constraints": {"required": True, "minimum": 0}},
    {"name": "kwh_par_m2", "title": "Numérique par m² (kWh/m²)", "type": "number", "description": "Vide sans surface connue"},
    {"name": "complet", "title": "Période complète", "type": "boolean", "trueValues": ["true"], "falseValues": ["false"],
     "constraints": {"required": True}},
]


@dataclass(frozen=True)
class PaquetNumerique:
    """Les périodes d'un lycée équipé : l'unité du flux."""

    site: Site
    parts: list[PartNumerique]


def paquets(stockage: Stockage, sites: Iterable[Site], debut: datetime, fin: datetime, pas: Pas = Pas.MOIS) -> Iterator[PaquetNumerique]:
    """Les lycées de `sites` qui ont au moins un compteur numérique, un à la fois."""
    equipes = {c.uai for c in compteurs_numeriques(stockage)}
    for site in sites:
        if site.uai in equipes:
            yield PaquetNumerique(site, parts_numeriques(stockage, site.uai, debut, fin, pas))


def _lignes(paquet: PaquetNumerique, texte, nombre=float, booleen=bool) -> Iterator[tuple]:
    def ou_rien(valeur: float | None):
        return None if valeur is None else nombre(valeur)

    for p in paquet.parts:
        yield (paquet.site.uai, paquet.site.nom, texte(p.debut), texte(p.fin), nombre(p.total), ou_rien(p.part_electricite),
               nombre(p.hors_occupation), nombre(p.co2_kg), ou_rien(par_m2(paquet.site, p)), booleen(p.complet))


def _table(paquet: PaquetNumerique) -> pa.Table:
    lignes = list(_lignes(paquet, lambda ts: datetime.fromtimestamp(ts, PARIS)))
    return pa.Table.from_pylist([dict(zip(COLONNES, ligne)) for ligne in lignes], schema=SCHEMA_PARQUET)


FORME = Forme(COLONNES, _lignes, SCHEMA_PARQUET, _table, "numerique", METHODE)


def schema_table() -> dict:
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "enerlycee-numerique",
        "title": "Part du numérique des lycées",
        "description": "Une ligne par lycée équipé de compteurs numériques et par mois ; méthode : methode-numerique.json.",
        "countryCode": "FR",
        "fields": CHAMPS,
        "missingValues": [""],
        "primaryKey": ["uai", "debut"],
    }
