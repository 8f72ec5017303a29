"""La correction climatique d'une consommation mensuelle : seul le chauffage dépend du climat.

    corrigée = chauffage × DJU_référence / DJU_mois + (consommation − chauffage)

- La part de chauffage : si des compteurs de l'énergie déclarent l'usage « chauffage »
  (principaux d'abord, sinon sous-compteurs), leur consommation ; sinon une part par défaut de
  l'énergie, `PART_CHAUFFAGE_PAR_DEFAUT` : 85 % pour le gaz, le fioul, le bois et la chaleur
  (hypothèse du projet : le reste va à l'eau chaude et à la cuisine ; le CEREN compte 73,1 % de
  chauffage dans toute l'énergie finale de l'enseignement en 2010, électricité spécifique
  comprise, d'où une part plus forte pour les seuls combustibles), 0 % pour l'électricité
  (usages spécifiques ; un lycée chauffé à l'électricité déclare un sous-compteur « chauffage »)
  et pour l'eau.
- DJU du mois : base 18 °C (noyau.calculs.meteo). Si au moins `COUVERTURE_DJU_MIN` des jours du mois
  ont une température, DJU du mois = moyenne des jours connus × nombre de jours ; sinon le mois
  n'est pas corrigé (`corrigee` None), jamais compté à zéro.
- DJU de référence : la normale du lycée si elle est déclarée (collection `dju_normaux`,
  12 valeurs mensuelles, `enregistrer_normale`), sinon les DJU du même mois de l'année de
  référence : on ramène alors chaque mois au climat de l'année de référence.
- Un mois hors saison de chauffe (DJU du mois ou de référence sous `DJU_MIN`) garde son
  chauffage tel quel : le rapport n'aurait pas de sens.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime

from noyau.calculs.lecture import Consommation, consommation_site
from noyau.calculs.meteo import dju_journaliers
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS, maintenant
from noyau.stockage import Document, Stockage

PART_CHAUFFAGE_PAR_DEFAUT = {
    Energie.GAZ: 0.85, Energie.FIOUL: 0.85, Energie.BOIS: 0.85, Energie.CHALEUR: 0.85,
    Energie.ELECTRICITE: 0.0, Energie.EAU: 0.0,
}
COUVERTURE_DJU_MIN = 0.8
DJU_MIN = 1.0
COLLECTION_DJU_NORMAUX = "dju_normaux"


@dataclass(frozen=True)
class Mois:
    """La consommation d'un mois (None : aucune donnée), sa part de chauffage et sa correction."""

    mois: date
    consommation: float | None
    complet: bool
    chauffage: float | None
    dju: float | None
    dju_reference: float | None
    corrigee: float | None


def mois_de_l_annee(stockage: Stockage, uai: str, energie: Energie, annee: int,
                    dju_reference: dict[int, float | None]) -> list[Mois]:
    """Les 12 mois d'une année, corrigés vers `dju_reference` (mois 1 à 12 → DJU, ou None)."""
    debut, fin = _minuit(date(annee, 1, 1)), _minuit(date(annee + 1, 1, 1))
    totale = _par_mois(consommation_site(stockage, uai, energie, debut, fin, Pas.MOIS))
    compteurs, part = chauffage_de(stockage, uai, energie)
    chauffe = [_par_mois(consommation_site(stockage, uai, energie, debut, fin, Pas.MOIS, c)) for c in compteurs]
    dju = dju_mensuels(stockage, uai, annee)
    resultat = []
    for m in range(1, 13):
        valeur, complet = totale.get(m, (None, False))
        chauffage = _chauffage_du_mois(valeur, m, part, chauffe)
        complet = complet and all(c.get(m, (0.0, False))[1] for c in chauffe)
        resultat.append(Mois(date(annee, m, 1), valeur, complet, chauffage, dju[m], dju_reference.get(m),
                             corriger(valeur, chauffage, dju[m], dju_reference.get(m))))
    return resultat


def _chauffage_du_mois(valeur: float | None, mois: int, part: float, chauffe: list[dict]) -> float | None:
    """Les compteurs de chauffage du mois (None s'il en manque un), sinon la part par défaut."""
    if valeur is None or any(mois not in c for c in chauffe):
        return None
    return min(valeur, sum(c[mois][0] for c in chauffe)) if chauffe else part * valeur


def corriger(consommation: float | None, chauffage: float | None, dju: float | None, dju_reference: float | None) -> float | None:
    """chauffage × DJU_réf / DJU + reste ; None sans consommation ou sans DJU."""
    if consommation is None or chauffage is None or dju is None or dju_reference is None:
        return None
    if dju < DJU_MIN or dju_reference < DJU_MIN:
        return consommation
    return chauffage * dju_reference / dju + (consommation - chauffage)


def chauffage_de(stockage: Stockage, uai: str, energie: Energie) -> tuple[list[str], float]:
    """Les compteurs de chauffage de l'énergie (principaux d'abord, sinon sous-compteurs), ou
    aucun et la part par défaut."""
    declares = [c for c in stockage.compteurs(uai) if c.energie is energie and "chauffage" in c.usage.lower()]
    principaux = [c.compteur for c in declares if c.principal]
    return (principaux or [c.compteur for c in declares]), PART_CHAUFFAGE_PAR_DEFAUT[energie]


def dju_mensuels(stockage: Stockage, uai: str, annee: int) -> dict[int, float | None]:
    """Les DJU de chaque mois de l'année ; None pour un mois couvert à moins de 80 %."""
    journaliers = dju_journaliers(stockage, uai, date(annee, 1, 1), date(annee + 1, 1, 1))
    resultat = {}
    for m in range(1, 13):
        jours = [v for j, v in journaliers.items() if j.month == m]
        nombre = monthrange(annee, m)[1]
        resultat[m] = sum(jours) / len(jours) * nombre if len(jours) >= COUVERTURE_DJU_MIN * nombre else None
    return resultat


def dju_de_reference(stockage: Stockage, uai: str, annee_reference: int) -> dict[int, float | None]:
    """La normale déclarée du lycée, sinon les DJU de l'année de référence."""
    normale = normale_du_lycee(stockage, uai)
    return normale if normale is not None else dju_mensuels(stockage, uai, annee_reference)


def normale_du_lycee(stockage: Stockage, uai: str) -> dict[int, float] | None:
    for document in stockage.documents(COLLECTION_DJU_NORMAUX, uai):
        return {m: float(v) for m, v in enumerate(document.contenu["mois"], start=1)}
    return None


def enregistrer_normale(stockage: Stockage, uai: str, mois: list[float], source: str) -> None:
    """Déclare les DJU normaux (base 18 °C) des 12 mois pour le lycée, avec leur source."""
    if len(mois) != 12 or any(v < 0 for v in mois):
        raise DonneeInvalide("la normale compte 12 valeurs de DJU mensuels, positives ou nulles")
    contenu = {"mois": [float(v) for v in mois], "source": source}
    stockage.enregistrer_document(Document(COLLECTION_DJU_NORMAUX, uai, uai, contenu, maintenant()))


def _par_mois(consommation: Consommation) -> dict[int, tuple[float, bool]]:
    return {datetime.fromtimestamp(p.debut, PARIS).month: (p.valeur, p.complet) for p in consommation.points}


def _minuit(jour: date) -> datetime:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS)
