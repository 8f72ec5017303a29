"""La déclaration annuelle du décret tertiaire (plateforme OPERAT de l'ADEME) : par lycée et par
énergie, la consommation d'énergie finale de l'année civile, brute (OPERAT applique lui-même sa
correction climatique), la surface et l'année de référence. Correspondance des colonnes et
limites : docs/operat.md.

- L'eau n'est pas une énergie du décret : elle n'y figure pas.
- L'année est `complete` si ses 12 mois sont présents et complets ; `mois_complets` le détaille.
- Les kWh calculés sont arrondis au millième (noyau.domaine.methode.publiee).
- Référence : celle déclarée par le module de trajectoire (`noyau.calculs.trajectoire.declarer_reference`)
  si elle existe, sinon l'année `annee_reference` demandée, calculée des relevés, sinon aucune.
"""

from dataclasses import dataclass
from datetime import datetime

from noyau.calculs.lecture import consommation_sites
from noyau.calculs.trajectoire import reference_declaree
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.methode import publiee
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS
from noyau.stockage import Stockage

ENERGIES = tuple(e for e in Energie if e is not Energie.EAU)
ANNEE_MIN, ANNEE_MAX = 2010, 2100  # le décret admet une référence à partir de 2010
# Catégories d'énergie d'OPERAT telles que nous les comprenons (non vérifiées sur la plateforme : docs/operat.md).
CATEGORIES_OPERAT = {
    Energie.ELECTRICITE: "Électricité",
    Energie.GAZ: "Gaz naturel (réseau)",
    Energie.CHALEUR: "Réseau de chaleur",
    Energie.FIOUL: "Fioul domestique",
    Energie.BOIS: "Bois",
}


@dataclass(frozen=True)
class Annee:
    consommation_kwh: float | None  # None : aucun relevé sur l'année
    mois_complets: int
    complete: bool


@dataclass(frozen=True)
class LigneOperat:
    uai: str
    nom: str
    surface_m2: float | None
    energie: Energie
    annee: int
    consommation: Annee
    annee_reference: int | None
    reference_kwh: float | None
    reference_source: str | None  # "declaree", "calculee" ou None
    reference_complete: bool | None

    @property
    def categorie_operat(self) -> str:
        return CATEGORIES_OPERAT[self.energie]


def declaration(stockage: Stockage, annee: int, annee_reference: int | None = None) -> list[LigneOperat]:
    """Une ligne par lycée et par énergie que comptent ses compteurs principaux, par UAI puis énergie."""
    for valeur, nom in ((annee, "annee"), (annee_reference, "annee_reference")):
        if valeur is not None and not ANNEE_MIN <= valeur <= ANNEE_MAX:
            raise DonneeInvalide(f"{nom} {valeur} hors de {ANNEE_MIN} à {ANNEE_MAX}")
    sites = {s.uai: s for s in stockage.sites()}
    comptees = {(c.uai, c.energie) for c in stockage.compteurs() if c.principal and c.energie in ENERGIES}
    lignes = []
    for energie in ENERGIES:
        uais = [uai for uai in sites if (uai, energie) in comptees]
        if not uais:
            continue
        annees = _annees(stockage, energie, annee, uais)
        references = _annees(stockage, energie, annee_reference, uais) if annee_reference else {}
        for uai in uais:
            lignes.append(_ligne(stockage, sites[uai], energie, annee, annees[uai], annee_reference, references.get(uai)))
    return sorted(lignes, key=lambda ligne: (ligne.uai, ENERGIES.index(ligne.energie)))


def _ligne(stockage, site, energie, annee, consommation, annee_reference, reference) -> LigneOperat:
    declaree = reference_declaree(stockage, site.uai, energie)
    if declaree:
        ref = (declaree["annee"], float(declaree["consommation"]), "declaree", True)
    elif reference is not None and reference.consommation_kwh is not None:
        ref = (annee_reference, reference.consommation_kwh, "calculee", reference.complete)
    else:
        ref = (annee_reference, None, None, None)
    return LigneOperat(site.uai, site.nom, site.surface_m2, energie, annee, consommation, *ref)


def _annees(stockage: Stockage, energie: Energie, annee: int, uais: list[str]) -> dict[str, Annee]:
    """L'année d'un seul tenant (le même nombre que la consommation au pas `annee`), et ses mois complets."""
    debut, fin = datetime(annee, 1, 1, tzinfo=PARIS), datetime(annee + 1, 1, 1, tzinfo=PARIS)
    mois = {c.uai: sum(p.complet for p in c.points) for c in consommation_sites(stockage, energie, debut, fin, Pas.MOIS, uais)}
    return {
        c.uai: Annee(publiee(c.total) if c.points else None, mois[c.uai], bool(c.points) and c.points[0].complet)
        for c in consommation_sites(stockage, energie, debut, fin, Pas.ANNEE, uais)
    }
