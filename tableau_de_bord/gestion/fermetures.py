"""Sur la page d'un lycée, sous ses horaires : les fermetures particulières (pont, journée
pédagogique, travaux, grève, neige), des jours sans classe comptés comme les vacances partout où sert
le calendrier du lycée. Le gestionnaire (ou la Région) en déclare une (premier et dernier jour,
motif), voit celles qui sont déclarées, à venir puis passées, et en retire une. Même fonction du
noyau que PUT /api/v1/sites/{uai}/horaires : le document des horaires, dont seul le champ
`fermetures` change (plages, internat et zone restent)."""

import json
from datetime import date, timedelta

import dash
from dash import Output, State, html

from noyau.calculs.horaires import MOTIF_MAX, declaration, enregistrer_horaires
from noyau.communaute.jetons import ECRIRE_SUIVI
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.texte_libre import verifier_texte
from tableau_de_bord import donnees, formulaires, ids, suivi
from tableau_de_bord.formulaires import ErreursDeChamps, Formulaire, Reponse, champs, ecrire, lire
from tableau_de_bord.gestion import lecteurs

AIDE_MOTIF = "Court : pont, journée pédagogique, travaux, grève, neige… Aucun nom, aucune coordonnée."

AJOUTER = Formulaire("lycee-fermeture", "Déclarer une fermeture", (
    champs.texte("debut", "Premier jour fermé", longueur_max=10, aide="AAAA-MM-JJ (ou JJ/MM/AAAA)."),
    champs.texte("fin", "Dernier jour fermé (inclus)", longueur_max=10, aide="Vide : le seul premier jour."),
    champs.texte("motif", "Motif", longueur_max=MOTIF_MAX, aide=AIDE_MOTIF),
), bouton="Ajouter la fermeture", introduction=[html.P(
    "Un jour où le lycée est fermé (pont, journée pédagogique, travaux, grève, neige) compte comme un jour de "
    "vacances : ni alerte de nuit ou de jour sans classe à tort, ni part hors occupation faussée, et les défis et "
    "les actions le comparent à des jours sans classe.", className="note")])


def retirer(fermetures: list[dict] | None = None) -> Formulaire:
    """`fermetures` : celles du lycée (document des horaires), pour la liste des choix."""
    return Formulaire("lycee-fermeture-retirer", "Retirer une fermeture", (
        champs.choix("fermeture", "Fermetures déclarées", options(fermetures or []), None, aide=aide(fermetures or [])),
    ), bouton="Retirer la fermeture choisie")


def formulaires_du_lycee(uai: str) -> list:
    """Les deux formulaires, remplis des fermetures du lycée (le rôle est vérifié par l'appelant)."""
    fermetures = declaration(donnees.stockage(), uai).get("fermetures", [])
    return [AJOUTER.rendu(), retirer(fermetures).rendu()]


def options(fermetures: list[dict]) -> list[dict]:
    """Une option par fermeture : à venir (ou en cours) d'abord, de la plus proche à la plus lointaine,
    puis passées, de la plus récente à la plus ancienne."""
    aujourd_hui = donnees.aujourd_hui()
    a_venir = sorted((f for f in fermetures if date.fromisoformat(f["fin"]) > aujourd_hui), key=lambda f: f["debut"])
    passees = sorted((f for f in fermetures if date.fromisoformat(f["fin"]) <= aujourd_hui), key=lambda f: f["debut"], reverse=True)
    return [{"label": _libelle(f, aujourd_hui), "value": json.dumps([f["debut"], f["fin"], f["motif"]], ensure_ascii=False)}
            for f in a_venir + passees]


def aide(fermetures: list[dict]) -> str:
    if not fermetures:
        return "Aucune fermeture déclarée."
    return f"{len(fermetures)} fermeture{'s' if len(fermetures) > 1 else ''} : à venir d'abord, puis passées."


def _libelle(fermeture: dict, aujourd_hui: date) -> str:
    debut, fin = date.fromisoformat(fermeture["debut"]), date.fromisoformat(fermeture["fin"])
    quand = "passée" if fin <= aujourd_hui else "à venir" if debut > aujourd_hui else "en cours"
    return f"{texte.periode(debut, fin).capitalize()} : {fermeture['motif']} ({quand})"


RETIRER = retirer()


def declarer(valeurs: dict, uai: str, energie: str, premier_jour: str | None, dernier_jour: str | None) -> Reponse:
    lues = lire(valeurs, {"debut": lecteurs.jour, "fin": lambda v: lecteurs.jour(v) if (v or "").strip() else None,
                          "motif": lambda v: verifier_texte(v, "motif", MOTIF_MAX, obligatoire=True)})
    debut, dernier = lues["debut"], lues["fin"] or lues["debut"]
    if dernier < debut:
        raise ErreursDeChamps({"fin": "le dernier jour ne peut précéder le premier"})
    nouvelle = {"debut": debut.isoformat(), "fin": (dernier + timedelta(days=1)).isoformat(), "motif": lues["motif"]}
    fermetures = _ecrire(uai, lambda anciennes: [*anciennes, nouvelle])
    return Reponse(f"Fermeture enregistrée : {texte.periode(debut, dernier + timedelta(days=1))}, {lues['motif']}. "
                   "Ces jours comptent comme des jours sans classe.",
                   sorties=_sorties(fermetures, uai, energie, premier_jour, dernier_jour))


def retirer_une(valeurs: dict, uai: str, energie: str, premier_jour: str | None, dernier_jour: str | None) -> Reponse:
    def choisie(valeur) -> dict:
        if not valeur:
            raise DonneeInvalide("choisissez une fermeture")
        debut, fin, motif = json.loads(valeur)
        return {"debut": debut, "fin": fin, "motif": motif}

    retiree = lire(valeurs, {"fermeture": choisie})["fermeture"]
    if retiree not in declaration(donnees.stockage(), uai).get("fermetures", []):
        raise ErreursDeChamps({"fermeture": "cette fermeture n'est plus déclarée : rechargez la page"})
    fermetures = _ecrire(uai, lambda anciennes: [f for f in anciennes if f != retiree])
    periode = texte.periode(date.fromisoformat(retiree["debut"]), date.fromisoformat(retiree["fin"]))
    return Reponse(f"Fermeture retirée : {periode}, {retiree['motif']}.",
                   sorties=_sorties(fermetures, uai, energie, premier_jour, dernier_jour))


def _ecrire(uai: str, changer) -> list[dict]:
    """Le document des horaires réécrit, ses fermetures changées, le reste gardé ; ses fermetures."""
    stockage = donnees.stockage()
    contenu = declaration(stockage, uai)
    contenu["fermetures"] = changer(contenu.get("fermetures", []))
    ecrire(ECRIRE_SUIVI, uai, f"PUT /api/v1/sites/{uai}/horaires",
           lambda jeton: enregistrer_horaires(stockage, uai, contenu) and f"horaires/{uai}")
    return declaration(stockage, uai)["fermetures"]


def _sorties(fermetures: list[dict], uai: str, energie: str, premier_jour: str | None, dernier_jour: str | None) -> tuple:
    """La liste des fermetures, et l'analyse de la page refaite (ses heures de vacances ont changé)."""
    analyse = dash.no_update
    if premier_jour and dernier_jour:
        debut, fin = date.fromisoformat(premier_jour[:10]), date.fromisoformat(dernier_jour[:10])
        analyse = suivi.analyse(uai, Energie(energie), debut, fin + timedelta(days=1))
    return options(fermetures), None, aide(fermetures), analyse


def enregistrer(app: dash.Dash) -> None:
    choix = RETIRER.id("fermeture")
    sorties = (Output(choix, "options", allow_duplicate=True), Output(choix, "value", allow_duplicate=True),
               Output(f"{choix}-aide", "children", allow_duplicate=True),
               Output(ids.LYCEE_ANALYSE, "children", allow_duplicate=True))
    contexte = (State(ids.LYCEE_UAI, "data"), State(ids.LYCEE_ENERGIE, "value"), State(ids.LYCEE_DEBUT, "date"),
                State(ids.LYCEE_FIN, "date"))
    formulaires.enregistrer(app, AJOUTER, declarer, sorties, contexte)
    formulaires.enregistrer(app, RETIRER, retirer_une, sorties, contexte)
