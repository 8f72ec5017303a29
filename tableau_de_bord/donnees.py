"""Ce que les pages lisent, toujours par les lectures du noyau, mis en tableaux (DataFrame).

Le stockage est celui de l'application Flask courante : `current_app.config["STOCKAGE"]`,
posé par `creer_tableau_de_bord`, jamais lu à l'import.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from flask import current_app

from noyau.domaine import Site
from noyau.identifiants import Energie
from noyau.lecture import Consommation, consommation_site, consommation_sites
from noyau.periodes import Pas, bornes
from noyau.stockage import Stockage
from noyau.temps import PARIS, a_paris, maintenant
from tableau_de_bord import texte


def stockage() -> Stockage:
    return current_app.config["STOCKAGE"]


def aujourd_hui() -> date:
    """Le jour en cours à Paris : la fin (exclue) par défaut des périodes affichées."""
    return a_paris(maintenant()).date()


def minuit(jour: date) -> datetime:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS)


def meme_jour_an_passe(jour: date) -> date:
    """Le même jour un an plus tôt ; le 29 février devient le 1er mars (fin exclue)."""
    try:
        return jour.replace(year=jour.year - 1)
    except ValueError:
        return date(jour.year - 1, 3, 1)


@dataclass(frozen=True)
class Total:
    """La consommation d'une période entière, et si toutes ses sous-périodes sont complètes."""

    valeur: float | None
    complet: bool


def total(conso: Consommation, debut: date, fin_exclue: date) -> Total:
    """Complet quand chaque période de [debut, fin) est présente et complète."""
    if not conso.points:
        return Total(None, False)
    attendues = len(bornes(minuit(debut), minuit(fin_exclue), conso.pas)) - 1
    complet = len(conso.points) == attendues and all(p.complet for p in conso.points)
    return Total(conso.total, complet)


@dataclass(frozen=True)
class Fenetres:
    """Les périodes de la vue régionale, en jours (la fin est exclue)."""

    fin: date

    @property
    def semaine(self) -> tuple[date, date]:
        return self.fin - timedelta(days=7), self.fin

    @property
    def annee(self) -> tuple[date, date]:
        """Depuis le 1er janvier de l'année du dernier jour compté."""
        return date((self.fin - timedelta(days=1)).year, 1, 1), self.fin

    @property
    def annee_precedente(self) -> tuple[date, date]:
        debut, fin = self.annee
        return meme_jour_an_passe(debut), meme_jour_an_passe(fin)


@dataclass(frozen=True)
class LigneRegion:
    site: Site
    semaine: Total
    annee: Total
    annee_precedente: Total


def vue_region(energie: Energie, fenetres: Fenetres) -> list[LigneRegion]:
    """Chaque lycée : les 7 derniers jours (pas jour), l'année en cours et la même période
    l'an dernier (pas mois), pour rester rapide sur 20 lycées et 13 mois de relevés."""
    magasin = stockage()
    sites = magasin.sites()
    colonnes = {}
    for nom, (debut, fin), pas in (
        ("semaine", fenetres.semaine, Pas.JOUR),
        ("annee", fenetres.annee, Pas.MOIS),
        ("annee_precedente", fenetres.annee_precedente, Pas.MOIS),
    ):
        consos = consommation_sites(magasin, energie, minuit(debut), minuit(fin), pas, [s.uai for s in sites])
        colonnes[nom] = [total(c, debut, fin) for c in consos]
    return [LigneRegion(s, *(colonnes[nom][k] for nom in colonnes)) for k, s in enumerate(sites)]


def consommation(uai: str, energie: Energie, debut: date, fin_exclue: date, pas: Pas) -> Consommation:
    return consommation_site(stockage(), uai, energie, minuit(debut), minuit(fin_exclue), pas)


def points(conso: Consommation) -> pd.DataFrame:
    """Les points d'une consommation : debut, fin (heure de Paris), valeur, complet, libelle."""
    return pd.DataFrame(
        {
            "debut": _a_paris([p.debut for p in conso.points]),
            "fin": _a_paris([p.fin for p in conso.points]),
            "valeur": pd.Series([p.valeur for p in conso.points], dtype=float),
            "complet": pd.Series([p.complet for p in conso.points], dtype=bool),
            "libelle": [texte.libelle_point(p.debut, p.fin, conso.pas) for p in conso.points],
        },
        columns=["debut", "fin", "valeur", "complet", "libelle"],
    )


def _a_paris(instants: list[float]) -> pd.Series:
    return pd.Series(pd.to_datetime(instants, unit="s", utc=True).tz_convert(PARIS))


@dataclass(frozen=True)
class Kit:
    """Un compteur ou une sonde d'un lycée et son dernier message."""

    compteur: str
    energie: Energie | None
    principal: bool
    usage: str
    grandeurs: list[str]
    dernier_releve: float | None
    dernier_recu: float | None


def kits(uai: str) -> list[Kit]:
    magasin = stockage()
    series = magasin.series(uai)
    resultat = []
    for c in magasin.compteurs(uai):
        siennes = [s for s in series if s.compteur == c.compteur]
        resultat.append(
            Kit(
                c.compteur,
                c.energie,
                c.principal,
                c.usage,
                [s.grandeur.value for s in siennes],
                max((s.dernier for s in siennes), default=None),
                max((s.dernier_recu for s in siennes), default=None),
            )
        )
    return resultat
