"""La communauté de la démonstration rangée dans le stockage, par les fonctions du noyau que l'API
utilise (mêmes validations, mêmes collections) : horaires, tarifs, références du décret
tertiaire, objectifs, défis et actions du plan de `capteurs_sim.communaute`.

Les références déclarées sont celles d'OPERAT : l'an passé mesuré (noyau.calculs.trajectoire)
multiplié par le facteur du plan, avec son profil mensuel. Un lycée dont l'an passé mesuré est
incomplet (un kit coupé) déclare aussi le sien, comme la page du lycée le lui propose : la
consommation de ses factures, que les relevés interpolés retrouvent.
"""

from dataclasses import dataclass

import click

from capteurs_sim.communaute import Communaute, ReferencePrevue, plan
from capteurs_sim.lycees import Lycee
from capteurs_sim.pannes import planifier
from enerlycee.demo_historique import Lancement, noter_lancement
from noyau.calculs.equivalences import enregistrer_tarifs
from noyau.calculs.horaires import enregistrer_horaires
from noyau.calculs.trajectoire import declarer_reference, trajectoire_site
from noyau.communaute.actions import creer_action
from noyau.communaute.defis import creer_defi
from noyau.communaute.objectifs import creer_objectif
from noyau.domaine.identifiants import Energie
from noyau.domaine.temps import a_paris
from noyau.stockage import Stockage


@dataclass(frozen=True)
class Semis:
    """Ce qui a été rangé."""

    objectifs: int
    references: int
    defis: int
    actions: int


def semer_une_fois(stockage: Stockage, choisis: list[Lycee], graine: int, lancement: Lancement) -> None:
    """Au premier lancement, range la communauté du plan (capteurs_sim.communaute), puis le note."""
    if lancement.communaute:
        return
    jour = a_paris(lancement.instant).date()
    economies = planifier(choisis, graine, lancement.reference_pannes).ecarts
    semis = semer(stockage, plan(choisis, graine, jour, economies), jour.year)
    noter_lancement(stockage, Lancement(lancement.reference_pannes, lancement.instant, communaute=True))
    click.echo(f"Communauté : {semis.objectifs} objectifs, {semis.references} références déclarées, "
               f"{semis.defis} défis, {semis.actions} actions.")


def semer(stockage: Stockage, communaute: Communaute, annee: int) -> Semis:
    """Range la communauté ; `annee` : celle du lancement (l'an passé est la référence mesurée)."""
    for uai, horaires in communaute.horaires.items():
        enregistrer_horaires(stockage, uai, horaires)
    for uai, tarifs in communaute.tarifs.items():
        enregistrer_tarifs(stockage, uai, tarifs)
    references = _declarer_references(stockage, communaute, annee)
    for o in communaute.objectifs:
        creer_objectif(stockage, o.uai, o.energie.value, o.reduction_pct, o.debut, o.fin, o.libelle)
    for d in communaute.defis:
        creer_defi(stockage, d.nom, d.energie.value, d.debut, d.fin, list(d.participants), d.description)
    compteurs = {(c.uai, c.compteur) for c in stockage.compteurs()}
    for a in communaute.actions:
        compteur = a.geste.compteur if (a.uai, a.geste.compteur) in compteurs else None
        creer_action(stockage, a.uai, a.geste.titre, a.geste.type, a.jour, None if compteur else a.energie.value,
                     compteur, a.geste.groupe, a.geste.description, a.salle)
    return Semis(len(communaute.objectifs), references, len(communaute.defis), len(communaute.actions))


def _declarer_references(stockage: Stockage, communaute: Communaute, annee: int) -> int:
    prevues = {(r.uai, r.energie): r for r in communaute.references}
    declarees = 0
    for uai in communaute.horaires:
        energies = {c.energie for c in stockage.compteurs(uai) if c.principal and c.energie and c.energie is not Energie.EAU}
        for energie in sorted(energies):
            an_passe = trajectoire_site(stockage, uai, energie, annee - 1, annee - 1)  # ses mois : ceux de l'an passé
            prevue = prevues.get((uai, energie))
            if an_passe.reference <= 0 or (prevue is None and an_passe.reference_complete):
                continue
            prevue = prevue or ReferencePrevue(uai, energie, annee - 1, 1.0)
            mois = [m.consommation for m in an_passe.mois]
            profil = None if None in mois else [round(v * prevue.facteur, 1) for v in mois]
            declarer_reference(stockage, uai, energie, prevue.annee, round(an_passe.reference * prevue.facteur, 1), profil)
            declarees += 1
    return declarees
