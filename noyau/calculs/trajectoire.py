"""La trajectoire du décret tertiaire (décret n° 2019-771) par lycée et par énergie, et pour le parc.

- Référence : l'année civile `annee_reference` (2010 à 2029), sa consommation déclarée
  (collection `references_decret`, `declarer_reference` : total et, s'il est connu, le profil
  des 12 mois) ou calculée des relevés, mois par mois ; elle est `complete` si ses 12 mois le sont.
- Jalons : -40 % en 2030, -50 % en 2040, -60 % en 2050 par rapport à la référence.
- Objectif d'une année : interpolation linéaire de la réduction entre l'année de référence (0 %)
  et les jalons, puis constante après 2050 ; réf. 2020 → 2025 : -20 %.
- Objectif d'un mois : objectif de l'année × part du mois dans la référence (son profil mensuel ;
  sans profil connu, un douzième, signalé `profil_uniforme`).
- Suivi d'une année : consommation de chaque mois, brute et corrigée du climat
  (noyau.calculs.correction_climatique, chauffage seul) ; l'avancement compare la somme corrigée des mois
  complets et corrigés à la référence des mêmes mois (corrigée elle aussi vers les mêmes DJU).
- Le parc : la somme des lycées qui ont une référence (chacun la sienne s'il l'a déclarée, sinon
  l'année de référence demandée) ; les autres sont listés à part.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np

from noyau.calculs.cache import d_un_lycee, du_parc, en_cache
from noyau.calculs.correction_climatique import Mois, dju_de_reference, mois_de_l_annee
from noyau.calculs.lecture import site
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.temps import maintenant
from noyau.stockage import Document, Stockage

JALONS = ((2030, 0.40), (2040, 0.50), (2050, 0.60))
COLLECTION_REFERENCES = "references_decret"


@dataclass(frozen=True)
class MoisSuivi:
    mois: date
    objectif: float
    consommation: float | None
    corrigee: float | None
    complet: bool
    reference: float | None  # le même mois de la référence, corrigé vers les mêmes DJU


@dataclass(frozen=True)
class Trajectoire:
    uai: str | None  # None : le parc
    energie: Energie
    annee_reference: int
    reference: float
    reference_complete: bool
    reference_declaree: bool
    profil_uniforme: bool
    objectifs_annuels: dict[int, float]
    annee: int
    mois: list[MoisSuivi]
    sans_reference: list[str]

    @property
    def avancement(self) -> dict:
        """Sur les mois complets et corrigés : consommation corrigée, objectif, référence, réduction."""
        suivis = [m for m in self.mois if m.complet and m.corrigee is not None and m.reference is not None]
        corrigee = sum(m.corrigee for m in suivis)
        reference = sum(m.reference for m in suivis)
        return {
            "mois_comptes": len(suivis),
            "consommation_corrigee": corrigee,
            "objectif": sum(m.objectif for m in suivis),
            "reference": reference,
            "reduction": 1 - corrigee / reference if reference else None,
        }


def reduction_visee(annee_reference: int, annee: int) -> float:
    """La réduction attendue une année donnée (0,4 = -40 %), interpolée entre les jalons."""
    annees, reductions = zip(*((annee_reference, 0.0), *JALONS))
    return float(np.interp(annee, annees, reductions))


def trajectoire_site(stockage: Stockage, uai: str, energie: Energie, annee_reference: int | None, annee: int) -> Trajectoire:
    """Gardée en cache (noyau.calculs.cache) tant que ni les relevés de l'énergie du lycée, ni ceux
    des sondes (degrés-jours), ni le registre, ni les données de gestion n'ont changé."""
    return en_cache(stockage, d_un_lycee(uai, energie, documents=True) + du_parc(None), ("trajectoire", uai, energie, annee_reference, annee),
                    lambda: _trajectoire_site(stockage, uai, energie, annee_reference, annee))


def _trajectoire_site(stockage: Stockage, uai: str, energie: Energie, annee_reference: int | None, annee: int) -> Trajectoire:
    site(stockage, uai)
    declaree = reference_declaree(stockage, uai, energie)
    annee_reference = declaree["annee"] if declaree else annee_reference
    _verifier_annees(annee_reference, annee)
    dju_ref = dju_de_reference(stockage, uai, annee_reference)
    mois_ref = [] if declaree else mois_de_l_annee(stockage, uai, energie, annee_reference, dju_ref)
    if declaree:
        reference, complete, profil = float(declaree["consommation"]), True, declaree.get("mensuel")
    else:
        reference, complete = sum(m.consommation or 0.0 for m in mois_ref), all(m.complet for m in mois_ref)
        profil = [m.consommation for m in mois_ref] if complete else None
    uniforme = not profil or sum(profil) <= 0
    parts = [1 / 12] * 12 if uniforme else [v / sum(profil) for v in profil]
    objectifs = {a: reference * (1 - reduction_visee(annee_reference, a)) for a in range(annee_reference, 2051)}
    suivis = [
        MoisSuivi(m.mois, objectifs[annee] * parts[k], m.consommation, m.corrigee, m.complet,
                  reference * parts[k] if declaree else _reference_du_mois(mois_ref[k]))
        for k, m in enumerate(mois_de_l_annee(stockage, uai, energie, annee, dju_ref))
    ]
    return Trajectoire(uai, energie, annee_reference, reference, complete, bool(declaree), uniforme, objectifs, annee, suivis, [])


def trajectoire_parc(stockage: Stockage, energie: Energie, annee_reference: int, annee: int) -> Trajectoire:
    """La somme des lycées : références, objectifs et mois ; complet si tous les lycées le sont.
    Gardée en cache comme celle d'un lycée."""
    return en_cache(stockage, du_parc(energie, None, documents=True), ("trajectoire-parc", energie, annee_reference, annee),
                    lambda: _trajectoire_parc(stockage, energie, annee_reference, annee))


def _trajectoire_parc(stockage: Stockage, energie: Energie, annee_reference: int, annee: int) -> Trajectoire:
    _verifier_annees(annee_reference, annee)
    avec, sans = [], []
    for lycee in stockage.sites():
        t = trajectoire_site(stockage, lycee.uai, energie, annee_reference, annee)
        (avec if t.reference > 0 else sans).append(t if t.reference > 0 else lycee.uai)
    mois = [_somme_mois([t.mois[k] for t in avec]) for k in range(12)] if avec else []
    objectifs = {a: sum(t.objectifs_annuels.get(a, 0.0) for t in avec) for a in range(annee_reference, 2051)}
    return Trajectoire(None, energie, annee_reference, sum(t.reference for t in avec),
                       all(t.reference_complete for t in avec), any(t.reference_declaree for t in avec),
                       any(t.profil_uniforme for t in avec), objectifs, annee, mois, sans)


def declarer_reference(stockage: Stockage, uai: str, energie: Energie, annee: int, consommation: float,
                       mensuel: list[float] | None) -> None:
    """Déclare la consommation de référence (par exemple celle déclarée sur OPERAT)."""
    _verifier_annees(annee, annee)
    if consommation <= 0:
        raise DonneeInvalide("la consommation de référence doit être positive")
    if mensuel is not None and (len(mensuel) != 12 or any(v < 0 for v in mensuel)):
        raise DonneeInvalide("le profil mensuel compte 12 valeurs positives ou nulles")
    contenu = {"annee": annee, "consommation": consommation, "mensuel": mensuel}
    stockage.enregistrer_document(Document(COLLECTION_REFERENCES, f"{uai}-{energie.value}", uai, contenu, maintenant()))


def reference_declaree(stockage: Stockage, uai: str, energie: Energie) -> dict | None:
    identifiant = f"{uai}-{energie.value}"
    return next((d.contenu for d in stockage.documents(COLLECTION_REFERENCES, uai) if d.identifiant == identifiant), None)


def _reference_du_mois(mois_ref: Mois) -> float | None:
    """Le même mois de la référence calculée, corrigé vers les DJU de référence (une référence
    déclarée est tenue pour déjà normale : sa part du mois)."""
    return mois_ref.corrigee if mois_ref.complet else None


def _somme_mois(mois: list[MoisSuivi]) -> MoisSuivi:
    def somme(valeurs):
        return None if any(v is None for v in valeurs) else sum(valeurs)

    return MoisSuivi(mois[0].mois, sum(m.objectif for m in mois), somme([m.consommation for m in mois]),
                     somme([m.corrigee for m in mois]), all(m.complet for m in mois), somme([m.reference for m in mois]))


def _verifier_annees(annee_reference: int | None, annee: int) -> None:
    if annee_reference is None:
        raise DonneeInvalide("année de référence manquante : la donner (annee_reference) ou la déclarer")
    if not 2010 <= annee_reference <= 2029:
        raise DonneeInvalide(f"année de référence {annee_reference} hors de 2010 à 2029 (décret tertiaire)")
    if not annee_reference <= annee <= 2050:
        raise DonneeInvalide(f"année suivie {annee} hors de {annee_reference} à 2050")
