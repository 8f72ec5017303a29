"""Copier un stockage dans un autre (SQLite ↔ InfluxDB) : registre, jetons, données de gestion,
quarantaine, agrégats horaires et relevés bruts ; puis vérifier les totaux par site, par énergie et par mois.

La copie se reprend là où elle s'est arrêtée : chaque série repart de la dernière heure déjà
copiée (l'écriture est idempotente), la quarantaine (comptes et échantillons) n'est copiée que si la
destination n'en a pas. Les agrégats sont copiés tels quels d'abord (ceux des heures purgées
n'ont plus de relevés bruts), puis recalculés des relevés bruts copiés, par tranches
alignées sur l'heure : mêmes nombres des deux côtés.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from noyau.domaine import Nature
from noyau.identifiants import Energie
from noyau.lecture import consommation_sites
from noyau.periodes import Pas
from noyau.stockage import EtatSerie, Stockage
from noyau.stockage.base import ECHANTILLONS_PAR_SITE
from noyau.temps import PARIS, a_paris

TRANCHE_S = 7 * 86400
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Ecart:
    uai: str
    energie: Energie
    mois: float
    source: float | None
    destination: float | None


Tache = tuple[EtatSerie, range]  # une série et les débuts des tranches qui restent à copier


def plan(source: Stockage, destination: Stockage) -> list[Tache]:
    """Pour chaque série de la source, les tranches qui restent à copier."""
    return [(etat, _debuts(etat, _dernier_copie(destination, etat))) for etat in source.series()]


def copier(source: Stockage, destination: Stockage, taches: list[Tache], avancer: Callable[[int], object]) -> None:
    """Copie tout ; `avancer(1)` à chaque tranche copiée (barre de progression)."""
    destination.enregistrer_registre(source.sites(), source.compteurs())
    for jeton in source.jetons():
        if destination.jeton(jeton.empreinte) is None:
            destination.enregistrer_jeton(jeton)
    for document in source.documents():
        destination.enregistrer_document(document)
    _copier_quarantaine(source, destination)
    for etat, debuts in taches:
        cle = (etat.uai, etat.compteur, etat.grandeur)
        if etat.grandeur.nature is not Nature.AMBIANCE:
            destination.ecrire_heures(*cle, source.lire_heures(*cle, etat.premier, etat.dernier + 1))
        for debut in debuts:
            destination.ecrire(source.exporter(*cle, debut, debut + TRANCHE_S))
            avancer(1)


def _dernier_copie(destination: Stockage, etat: EtatSerie) -> float | None:
    """L'instant du dernier relevé brut déjà dans la destination."""
    serie = destination.lire_releves(etat.uai, etat.compteur, etat.grandeur, 4e9, 4e9)
    return float(serie.ts[-1]) if len(serie.ts) else None


def _copier_quarantaine(source: Stockage, destination: Stockage) -> None:
    if destination.motifs_rejet():
        return
    comptes = source.motifs_rejet()
    groupes = {m.uai for m in comptes}
    echantillons = [r for uai in groupes for r in source.derniers_rejets(uai, ECHANTILLONS_PAR_SITE)]
    destination.ecrire_quarantaine(comptes, sorted(echantillons, key=lambda r: r.recu_le))


def _debuts(etat: EtatSerie, deja_copie: float | None) -> range:
    debut = int((etat.premier if deja_copie is None else deja_copie) // 3600 * 3600)
    return range(debut, int(etat.dernier) + 1, TRANCHE_S)


def verifier_copie(source: Stockage, destination: Stockage) -> tuple[int, list[Ecart]]:
    """Compare les totaux par site, par énergie et par mois ; renvoie le nombre de comparaisons
    et les écarts (vide : copie fidèle)."""
    etats = source.series()
    if not etats:
        return 0, []
    premier = a_paris(min(e.premier for e in etats)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    fin = datetime.fromtimestamp(max(e.dernier for e in etats) + 1, PARIS)
    energies = {c.energie for c in source.compteurs() if c.energie is not None}
    comparaisons, ecarts = 0, []
    for energie in sorted(energies):
        a = consommation_sites(source, energie, premier, fin, Pas.MOIS)
        b = consommation_sites(destination, energie, premier, fin, Pas.MOIS)
        for conso_a, conso_b in zip(a, b):
            mois_a = {p.debut: p.valeur for p in conso_a.points}
            mois_b = {p.debut: p.valeur for p in conso_b.points}
            for mois in sorted(mois_a.keys() | mois_b.keys()):
                comparaisons += 1
                va, vb = mois_a.get(mois), mois_b.get(mois)
                if va is None or vb is None or abs(va - vb) > _TOLERANCE * max(1.0, abs(va)):
                    ecarts.append(Ecart(conso_a.uai, energie, mois, va, vb))
    return comparaisons, ecarts
