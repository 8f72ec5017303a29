"""Les objectifs propres d'un lycée (par exemple -10 % d'électricité cette année scolaire), suivis
mois par mois comme le fait Energy Sparks.

Un objectif porte sur une énergie, une réduction `reduction_pct` et des mois entiers
[debut, fin) (au plus 24 mois). L'objectif d'un mois est la consommation du même mois un an
plus tôt × (1 − réduction). Un mois dont la consommation ou celle de l'an passé manque ou
n'est pas complète est signalé (`complet` faux, `manquant` dit ce qui manque) : il n'est jamais
compté comme zéro et n'entre pas dans le cumul. Rangés dans la collection `objectifs`.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from noyau.calculs.lecture import consommation_site, site
from noyau.domaine.erreurs import DonneeInvalide, Introuvable
from noyau.domaine.identifiants import Energie, valider_energie
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import PARIS, maintenant
from noyau.stockage import Document, Stockage

COLLECTION = "objectifs"
MOIS_MAX = 24


@dataclass(frozen=True)
class Objectif:
    identifiant: str
    uai: str
    energie: Energie
    reduction_pct: float
    debut: date
    fin: date
    libelle: str


@dataclass(frozen=True)
class MoisObjectif:
    mois: date
    consommation: float | None
    annee_precedente: float | None
    objectif: float | None
    complet: bool
    manquant: list[str]  # « consommation », « annee_precedente »
    statut: str  # atteint, depasse, incomplet, a_venir


@dataclass(frozen=True)
class Suivi:
    objectif: Objectif
    mois: list[MoisObjectif]

    @property
    def cumul(self) -> dict:
        """Sur les seuls mois complets : consommation, objectif, et la réduction obtenue."""
        comptes = [m for m in self.mois if m.complet]
        consommation = sum(m.consommation for m in comptes)
        precedente = sum(m.annee_precedente for m in comptes)
        return {
            "mois_comptes": len(comptes),
            "consommation": consommation,
            "objectif": sum(m.objectif for m in comptes),
            "reduction_pct": 100 * (1 - consommation / precedente) if precedente else None,
        }


def creer_objectif(stockage: Stockage, uai: str, energie: str, reduction_pct: float, debut: date, fin: date,
                   libelle: str = "") -> Objectif:
    site(stockage, uai)
    if not 0 < reduction_pct < 100:
        raise DonneeInvalide("reduction_pct doit être entre 0 et 100 (exclus)")
    if debut.day != 1 or fin.day != 1:
        raise DonneeInvalide("un objectif porte sur des mois entiers : debut et fin au 1er du mois")
    if not (2000 <= debut.year and fin.year <= 2100):
        raise DonneeInvalide("un objectif porte sur les années 2000 à 2100")
    if not 0 < _ecart_mois(debut, fin) <= MOIS_MAX:
        raise DonneeInvalide(f"fin doit suivre debut, de {MOIS_MAX} mois au plus")
    objectif = Objectif(uuid.uuid4().hex[:12], uai, valider_energie(energie), float(reduction_pct), debut, fin, libelle.strip())
    contenu = {"energie": objectif.energie.value, "reduction_pct": objectif.reduction_pct, "debut": debut.isoformat(),
               "fin": fin.isoformat(), "libelle": objectif.libelle}
    stockage.enregistrer_document(Document(COLLECTION, objectif.identifiant, uai, contenu, maintenant()))
    return objectif


def objectifs(stockage: Stockage, uai: str) -> list[Objectif]:
    site(stockage, uai)
    return [_objectif(d) for d in stockage.documents(COLLECTION, uai)]


def objectif(stockage: Stockage, uai: str, identifiant: str) -> Objectif:
    for candidat in objectifs(stockage, uai):
        if candidat.identifiant == identifiant:
            return candidat
    raise Introuvable(f"objectif inconnu pour le lycée {uai} : {identifiant}")


def suivre(stockage: Stockage, objectif: Objectif) -> Suivi:
    """Les mois de l'objectif : consommation, même mois un an plus tôt, objectif et statut."""
    avant = _minuit(_decaler(objectif.debut, -12))
    conso = consommation_site(stockage, objectif.uai, objectif.energie, avant, _minuit(objectif.fin), Pas.MOIS)
    par_mois = {datetime.fromtimestamp(p.debut, PARIS).date(): p for p in conso.points}
    mois, courant = [], objectif.debut
    while courant < objectif.fin:
        mois.append(_mois(courant, par_mois.get(courant), par_mois.get(_decaler(courant, -12)), objectif.reduction_pct))
        courant = _decaler(courant, 1)
    return Suivi(objectif, mois)


def _mois(mois: date, point, precedent, reduction_pct: float) -> MoisObjectif:
    manquant = [nom for nom, p in (("consommation", point), ("annee_precedente", precedent)) if p is None or not p.complet]
    cible = precedent.valeur * (1 - reduction_pct / 100) if precedent is not None and precedent.complet else None
    if not manquant:
        statut = "atteint" if point.valeur <= cible else "depasse"
    else:
        statut = "a_venir" if _minuit(mois).timestamp() > maintenant() else "incomplet"
    return MoisObjectif(mois, point.valeur if point else None, precedent.valeur if precedent else None,
                        cible, not manquant, manquant, statut)


def _objectif(document: Document) -> Objectif:
    c = document.contenu
    return Objectif(document.identifiant, document.uai, Energie(c["energie"]), c["reduction_pct"],
                    date.fromisoformat(c["debut"]), date.fromisoformat(c["fin"]), c["libelle"])


def _decaler(mois: date, nombre: int) -> date:
    rang = mois.year * 12 + mois.month - 1 + nombre
    return date(rang // 12, rang % 12 + 1, 1)


def _ecart_mois(debut: date, fin: date) -> int:
    return (fin.year - debut.year) * 12 + fin.month - debut.month


def _minuit(jour: date) -> datetime:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS)
