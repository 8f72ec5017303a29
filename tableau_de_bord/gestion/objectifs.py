"""Sur la page d'un lycée, section « Trajectoire du décret tertiaire et objectifs » : le gestionnaire
(ou la Région) fixe un objectif propre (une réduction sur un mois, une année ou jusqu'à 24 mois)
et déclare la consommation de référence du décret tertiaire ; la section se refait aussitôt.
Mêmes fonctions du noyau que POST /api/v1/sites/{uai}/objectifs et PUT .../trajectoire/reference."""

from datetime import date, timedelta

import dash
from dash import Output, State, html

from noyau.calculs.trajectoire import declarer_reference
from noyau.communaute.jetons import ECRIRE_SUIVI
from noyau.communaute.objectifs import MOIS_MAX, creer_objectif
from noyau.domaine import texte
from noyau.domaine.identifiants import Energie
from tableau_de_bord import donnees, formulaires, ids, suivi
from tableau_de_bord.formulaires import Formulaire, Reponse, champs, ecrire, lire
from tableau_de_bord.formulaires.reserve import code_parmi, invitation
from tableau_de_bord.gestion import lecteurs


def _energies(energies: list[Energie]) -> list[dict]:
    return [{"label": texte.NOMS_ENERGIES[e], "value": e.value} for e in energies or [Energie.ELECTRICITE]]


def objectif(energies: list[Energie]) -> Formulaire:
    """`energies` : celles que le lycée compte (les identifiants n'en dépendent pas)."""
    debut = (donnees.aujourd_hui().replace(day=1) + timedelta(days=32)).replace(day=1)
    return Formulaire("lycee-objectif", "Fixer un objectif au lycée", (
        champs.choix("energie", "Énergie", _energies(energies), _energies(energies)[0]["value"]),
        champs.nombre("reduction", "Réduction visée (%)", minimum=0.5, maximum=99, pas=0.5, valeur=10,
                      aide="Par rapport au même mois un an plus tôt."),
        champs.texte("debut", "Premier mois", valeur=debut.strftime("%Y-%m"), longueur_max=7, aide="AAAA-MM"),
        champs.nombre("mois", "Nombre de mois", minimum=1, maximum=MOIS_MAX, pas=1, valeur=12,
                      aide=f"1 pour un mois, 12 pour une année, {MOIS_MAX} au plus."),
        champs.texte("libelle", "Nom de l'objectif (facultatif)", longueur_max=200),
    ), bouton="Enregistrer l'objectif")


def reference(energies: list[Energie]) -> Formulaire:
    return Formulaire("lycee-reference", "Déclarer la consommation de référence (décret tertiaire)", (
        champs.choix("energie", "Énergie", _energies(energies), _energies(energies)[0]["value"]),
        champs.nombre("annee", "Année de référence", minimum=2010, maximum=2029, pas=1,
                      aide="Celle déclarée sur OPERAT (2010 à 2029)."),
        champs.nombre("consommation", "Consommation de cette année (kWh, m³ pour l'eau)", minimum=0, pas="any"),
    ), bouton="Déclarer la référence")


def formulaires_du_lycee(uai: str) -> list:
    """Les deux formulaires, pour qui peut écrire pour ce lycée ; sinon, qui le peut."""
    if code_parmi(ECRIRE_SUIVI, uai) is None:
        return [invitation(ECRIRE_SUIVI, "fixer un objectif ou déclarer la référence", f"/lycee/{uai}")]
    energies = donnees.energies(uai)
    return [html.Div([objectif(energies).rendu(), reference(energies).rendu()], className="formulaires")]


def _fin_affichee(dernier_jour: str | None) -> date:
    return date.fromisoformat(dernier_jour[:10]) + timedelta(days=1) if dernier_jour else donnees.aujourd_hui()


def fixer(valeurs: dict, uai: str, energie_affichee: str, dernier_jour: str | None) -> Reponse:
    lues = lire(valeurs, {"energie": lecteurs.energie, "reduction": lecteurs.nombre(0.5, 99), "debut": lecteurs.mois,
                          "mois": lecteurs.nombre(1, MOIS_MAX, entier=True), "libelle": lecteurs.texte_libre(200)})
    debut = lues["debut"]
    fin = date(debut.year + (debut.month - 1 + lues["mois"]) // 12, (debut.month - 1 + lues["mois"]) % 12 + 1, 1)
    ecrire(ECRIRE_SUIVI, uai, f"POST /api/v1/sites/{uai}/objectifs", lambda jeton: creer_objectif(
        donnees.stockage(), uai, lues["energie"].value, lues["reduction"], debut, fin, lues["libelle"]).identifiant)
    montre = Energie(energie_affichee)
    message = f"Objectif enregistré : {texte.evolution(-lues['reduction'] / 100)} de {texte.NOMS_ENERGIES[lues['energie']].lower()}, " \
              f"{texte.periode(debut, fin)}."
    if lues["energie"] is not montre:
        message += f" Choisissez l'énergie « {texte.NOMS_ENERGIES[lues['energie']]} » en haut de la page pour le voir."
    return Reponse(message, sorties=(suivi.objectifs(uai, montre, _fin_affichee(dernier_jour)),))


def declarer(valeurs: dict, uai: str, energie_affichee: str, dernier_jour: str | None) -> Reponse:
    lues = lire(valeurs, {"energie": lecteurs.energie, "annee": lecteurs.nombre(2010, 2029, entier=True),
                          "consommation": lecteurs.nombre(minimum=0.001)})
    identifiant = f"references_decret/{uai}-{lues['energie'].value}"
    ecrire(ECRIRE_SUIVI, uai, f"PUT /api/v1/sites/{uai}/trajectoire/reference", lambda jeton: declarer_reference(
        donnees.stockage(), uai, lues["energie"], lues["annee"], lues["consommation"], None) or identifiant)
    return Reponse(f"Référence {lues['annee']} déclarée : {texte.quantite(lues['consommation'], lues['energie'].unite)} "
                   f"de {texte.NOMS_ENERGIES[lues['energie']].lower()} ; la trajectoire en part.",
                   sorties=(suivi.objectifs(uai, Energie(energie_affichee), _fin_affichee(dernier_jour)),))


def enregistrer(app: dash.Dash) -> None:
    sortie = (Output(ids.LYCEE_OBJECTIFS, "children", allow_duplicate=True),)
    contexte = (State(ids.LYCEE_UAI, "data"), State(ids.LYCEE_ENERGIE, "value"), State(ids.LYCEE_FIN, "date"))
    formulaires.enregistrer(app, objectif([]), fixer, sortie, contexte)
    formulaires.enregistrer(app, reference([]), declarer, sortie, contexte)
