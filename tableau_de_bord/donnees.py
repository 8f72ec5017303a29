"""Ce que les pages lisent, toujours par les lectures du noyau, mis en tableaux (DataFrame).

Le stockage est celui de l'application Flask courante : `current_app.config["STOCKAGE"]`,
posé par `creer_tableau_de_bord`, jamais lu à l'import.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from flask import current_app

from noyau.calculs import analyse as _analyse
from noyau.calculs import correction_climatique as _climat
from noyau.calculs import equivalences as _equivalences
from noyau.calculs import meteo as _meteo
from noyau.calculs import trajectoire as _trajectoire
from noyau.calculs.cache import du_parc, en_cache
from noyau.calculs.lecture import Consommation, consommation_site, consommation_sites
from noyau.communaute import actions as _actions
from noyau.communaute import defis as _defis
from noyau.communaute import file_alertes as _alertes
from noyau.communaute import objectifs as _objectifs
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Site
from noyau.domaine.periodes import Pas, bornes
from noyau.domaine.temps import PARIS, a_paris, maintenant
from noyau.stockage import Stockage


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


@dataclass(frozen=True)
class VueRegion:
    lignes: list[LigneRegion]
    calculee: float  # l'instant (epoch) du calcul


def vue_region(energie: Energie, fenetres: Fenetres) -> VueRegion:
    """Chaque lycée : les 7 derniers jours (pas jour), l'année en cours et la même période
    l'an dernier (pas mois) ; gardée (noyau.calculs.cache) jusqu'au prochain relevé de cette énergie
    dans ces jours."""
    return en_cache(stockage(), dependances_region(energie, fenetres), ("vue-region", energie, fenetres),
                    lambda: VueRegion(_lignes_region(energie, fenetres), maintenant()))


def dependances_region(energie: Energie, fenetres: Fenetres) -> list:
    """Ce dont la vue régionale dépend (noyau.calculs.cache) : cette énergie du parc dans ses fenêtres."""
    periodes = [(minuit(debut), minuit(fin)) for debut, fin in (fenetres.semaine, fenetres.annee, fenetres.annee_precedente)]
    return du_parc(energie, periodes=periodes)


def _lignes_region(energie: Energie, fenetres: Fenetres) -> list[LigneRegion]:
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


def sites() -> list[Site]:
    return stockage().sites()


def energies(uai: str | None = None) -> list[Energie]:
    """Les énergies qu'au moins un compteur compte (d'un lycée, ou de tous)."""
    presentes = {c.energie for c in stockage().compteurs(uai) if c.energie is not None}
    return [e for e in Energie if e in presentes]


def derniers_recus(series: list | None = None) -> dict[str, float]:
    """Le dernier message reçu de chaque lycée (tous kits confondus) : la fraîcheur de ses données."""
    recus: dict[str, float] = {}
    for serie in stockage().series() if series is None else series:
        recus[serie.uai] = max(recus.get(serie.uai, 0.0), serie.dernier_recu)
    return recus


def consommation_an_passe(uai: str, energie: Energie, debut: date, fin_exclue: date, pas: Pas) -> Consommation:
    """La même période un an plus tôt, au même pas (pour comparer période à période)."""
    return consommation(uai, energie, meme_jour_an_passe(debut), meme_jour_an_passe(fin_exclue), pas)


def alignes(points_: pd.DataFrame, passes: pd.DataFrame) -> pd.DataFrame:
    """Les points d'un an plus tôt en face de ceux de la période : par rang quand les découpages
    se correspondent (même nombre de périodes), sinon par date décalée d'un an ; les colonnes de
    `points`, valeur absente (NaN) quand rien ne correspond."""
    if len(passes) == len(points_) or passes.empty:
        resultat = passes.reset_index(drop=True).reindex(range(len(points_)))
    else:
        cles = passes["debut"].map(lambda d: d.date()).map(lambda j: _an_suivant(j))
        par_jour = passes.assign(cle=cles.values).drop_duplicates("cle").set_index("cle")
        resultat = par_jour.reindex([d.date() for d in points_["debut"]]).reset_index(drop=True)
    return resultat.assign(complet=resultat["complet"].fillna(False).astype(bool))


def _an_suivant(jour: date) -> date:
    try:
        return jour.replace(year=jour.year + 1)
    except ValueError:  # 29 février
        return date(jour.year + 1, 3, 1)


def profil_semaine(uai: str, energie: Energie, fin_exclue: date, semaines: int = 4) -> pd.DataFrame:
    """La puissance (ou le débit) moyenne de chaque heure de la semaine sur les `semaines`
    dernières semaines : 7 lignes (lundi = 0) × 24 colonnes (heure de Paris), vide sans donnée.
    Le navigateur ne reçoit que ces 168 moyennes."""
    conso = consommation(uai, energie, fin_exclue - timedelta(weeks=semaines), fin_exclue, Pas.HEURE)
    table = points(conso)
    vide = pd.DataFrame(np.nan, index=range(7), columns=range(24))
    if table.empty:
        return vide
    heures = (table["fin"] - table["debut"]).dt.total_seconds() / 3600
    table = table.assign(puissance=table["valeur"] / heures, jour=table["debut"].dt.day_of_week, heure=table["debut"].dt.hour)
    moyennes = table.groupby(["jour", "heure"])["puissance"].mean().unstack()
    return moyennes.reindex(index=range(7), columns=range(24))


@dataclass(frozen=True)
class KitMuet:
    """Un compteur dont aucun message n'est arrivé depuis plus longtemps que le seuil."""

    site: Site
    compteur: str
    dernier_recu: float


def kits_muets(seuil_s: float, series: list | None = None) -> list[KitMuet]:
    """Les compteurs muets depuis plus de `seuil_s` secondes, le plus ancien silence d'abord."""
    magasin = stockage()
    noms = {s.uai: s for s in magasin.sites()}
    recus: dict[tuple[str, str], float] = {}
    for serie in magasin.series() if series is None else series:
        cle = (serie.uai, serie.compteur)
        recus[cle] = max(recus.get(cle, 0.0), serie.dernier_recu)
    limite = maintenant() - seuil_s
    muets = [KitMuet(noms[uai], compteur, recu) for (uai, compteur), recu in recus.items() if recu < limite and uai in noms]
    return sorted(muets, key=lambda k: k.dernier_recu)


@dataclass(frozen=True)
class Completude:
    """Les jours complets d'un lycée pour une énergie sur une période (les jours attendus)."""

    site: Site
    complets: int
    presents: int
    attendus: int

    @property
    def part(self) -> float:
        return self.complets / self.attendus if self.attendus else 0.0


def completudes(energie: Energie, debut: date, fin_exclue: date) -> list[Completude]:
    magasin = stockage()
    lycees = magasin.sites()
    consos = consommation_sites(magasin, energie, minuit(debut), minuit(fin_exclue), Pas.JOUR, [s.uai for s in lycees])
    attendus = (fin_exclue - debut).days
    return [
        Completude(s, sum(p.complet for p in c.points), len(c.points), attendus) for s, c in zip(lycees, consos)
    ]


def quarantaine() -> list:
    """Les rejets par lycée et par motif (`MotifRejet`), le plus nombreux d'abord."""
    return sorted(stockage().motifs_rejet(), key=lambda m: -m.nombre)


def consommations_compteurs(uai: str, kits_: list[Kit], debut: date, fin_exclue: date) -> dict[str, tuple[Total, str]]:
    """La consommation de chaque compteur d'énergie (principal ou sous-compteur) sur la période,
    par la lecture du noyau, au pas jour : {compteur: (total, unité)}."""
    resultat = {}
    for kit in kits_:
        if kit.energie is None:
            continue
        conso = consommation_site(stockage(), uai, kit.energie, minuit(debut), minuit(fin_exclue), Pas.JOUR, kit.compteur)
        resultat[kit.compteur] = (total(conso, debut, fin_exclue), conso.unite)
    return resultat


# --- Suivi : analyses, objectifs, trajectoire, alertes, actions, défis, équivalences (noyau) ---
# Chaque nombre vient d'une fonction du noyau, la même que l'API sert ; ici on ne fait que lire.


def analyse(uai: str, energie: Energie, debut: date, fin_exclue: date):
    """Talon, répartition par catégorie d'heures et vacances comparées (noyau.calculs.analyse)."""
    return _analyse.analyser(stockage(), uai, energie, minuit(debut), minuit(fin_exclue))


def consommation_jours(uai: str, energie: Energie, debut: date, fin_exclue: date) -> _analyse.Total:
    """La consommation de jours entiers et si chacun est complet (noyau.calculs.analyse.total)."""
    return _analyse.total(stockage(), uai, energie, debut, fin_exclue)


def trajectoire(uai: str | None, energie: Energie, annee: int) -> _trajectoire.Trajectoire | None:
    """La trajectoire du décret tertiaire de l'année (un lycée, ou le parc si `uai` est None) ;
    l'année de référence est celle déclarée, sinon l'année précédente (lectures en cache du noyau).
    None si le noyau la refuse (année hors 2010-2029, par exemple)."""
    try:
        if uai is None:
            return _trajectoire.trajectoire_parc(stockage(), energie, annee - 1, annee)
        return _trajectoire.trajectoire_site(stockage(), uai, energie, annee - 1, annee)
    except DonneeInvalide:
        return None


def objectifs_suivis(uai: str) -> list[_objectifs.Suivi]:
    magasin = stockage()
    return [_objectifs.suivre(magasin, objectif) for objectif in _objectifs.objectifs(magasin, uai)]


def alertes(uai: str) -> list[_alertes.Alerte]:
    """Les alertes du lycée, de la plus récente à la plus ancienne."""
    return _alertes.alertes(stockage(), uai)


@dataclass(frozen=True)
class ActionMesuree:
    action: _actions.Action
    effet: object  # noyau.communaute.referentiel.Comparaison, ou None si le noyau n'a pas pu l'estimer


def actions(uai: str, debut: date | None = None, fin_exclue: date | None = None, effets: bool = True) -> list[ActionMesuree]:
    """Les actions du lycée (jour dans [debut, fin)), avec leur effet estimé par le noyau."""
    magasin = stockage()
    resultat = []
    for action in _actions.actions(magasin, uai, debut, fin_exclue):
        try:
            effet = _actions.effet(magasin, action) if effets else None
        except DonneeInvalide:
            effet = None
        resultat.append(ActionMesuree(action, effet))
    return resultat


def defis(uai: str) -> list[_defis.Defi]:
    """Les défis où le lycée participe, le plus récent d'abord."""
    return list(reversed(_defis.defis(stockage(), uai)))


def classement(defi: _defis.Defi) -> list[_defis.Ligne]:
    """Le classement du défi, calculé à l'instant (jusqu'à hier)."""
    return _defis.classement(stockage(), defi)


def equivalences(uai: str, energie: Energie, valeur: float) -> _equivalences.Equivalences:
    """kg CO2e, euros (au tarif du lycée) et équivalents de tous les jours d'une quantité."""
    tarif = _equivalences.tarifs_du_lycee(stockage(), uai).get(energie)
    return _equivalences.equivalences(energie, valeur, tarif)


@dataclass(frozen=True)
class AnPasseCorrige:
    """La même période un an plus tôt ramenée au climat de cette année (part chauffage seulement)."""

    corrigee: float
    dju: float
    dju_an_passe: float
    part_chauffage: float  # part de la consommation d'un an plus tôt comptée comme chauffage


def an_passe_corrige(uai: str, energie: Energie, debut: date, fin_exclue: date) -> AnPasseCorrige | None:
    """noyau.calculs.correction_climatique.corriger appliqué à la période : le chauffage d'un an plus tôt
    × DJU de cette période / DJU de la même période un an plus tôt, plus le reste. Le chauffage :
    les compteurs « chauffage » de l'énergie s'il y en a, sinon la part par défaut de l'énergie.
    None sans chauffage, sans données complètes ou sans températures de tous les jours."""
    magasin = stockage()
    debut_passe, fin_passe = meme_jour_an_passe(debut), meme_jour_an_passe(fin_exclue)
    compteurs, part = _climat.chauffage_de(magasin, uai, energie)
    passe = consommation_jours(uai, energie, debut_passe, fin_passe)
    if passe.valeur is None or not passe.complet or not (compteurs or part):
        return None
    if compteurs:
        chauffage = sum(consommation_site(magasin, uai, energie, minuit(debut_passe), minuit(fin_passe), Pas.JOUR, c).total
                        for c in compteurs)
    else:
        chauffage = part * passe.valeur
    dju, dju_passe = (_meteo.dju_journaliers(magasin, uai, a, b) for a, b in ((debut, fin_exclue), (debut_passe, fin_passe)))
    if len(dju) < (fin_exclue - debut).days or len(dju_passe) < (fin_passe - debut_passe).days:
        return None
    corrigee = _climat.corriger(passe.valeur, chauffage, sum(dju_passe.values()), sum(dju.values()))
    if corrigee is None:
        return None
    return AnPasseCorrige(corrigee, sum(dju.values()), sum(dju_passe.values()), chauffage / passe.valeur if passe.valeur else 0.0)
