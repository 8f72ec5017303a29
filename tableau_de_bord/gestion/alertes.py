"""Changer l'état d'une alerte (nouvelle, prise en charge, résolue, fausse alerte) et sa note : le
même formulaire dans la file des alertes de la Région (/alertes) et, pour le gestionnaire, sous
les alertes de la page de son lycée. Même fonction du noyau que
PATCH /api/v1/sites/{uai}/alertes/{id}, journalisée de même."""

import dash
from dash import Output, State

from noyau.communaute.file_alertes import ETATS, NOTE_MAX, Alerte, alertes_du_parc, changer_etat
from noyau.communaute.jetons import ECRIRE_SUIVI
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import valider_uai
from tableau_de_bord import donnees, formulaires, ids, suivi
from tableau_de_bord.formulaires import Formulaire, Reponse, champs, ecrire, lire
from tableau_de_bord.formulaires.reserve import code_parmi, invitation
from tableau_de_bord.gestion import lecteurs

OPTIONS_ETATS = [{"label": suivi.ETATS[e].capitalize(), "value": e} for e in ETATS]


def formulaire(nom: str) -> Formulaire:
    """Le champ de l'état s'appelle `statut` : `<nom>-etat` est déjà l'état du formulaire lui-même."""
    return Formulaire(nom, "Changer l'état d'une alerte", (
        champs.texte("identifiant", "Identifiant de l'alerte", longueur_max=200,
                     aide="Celui de la colonne « Identifiant » (ou du détail de l'alerte), par exemple 0350028R-nuit-electricite-2026-03-02."),
        champs.choix("statut", "Nouvel état", OPTIONS_ETATS, "prise-en-charge",
                     aide="Une alerte prise en charge ne se répète plus et n'est plus envoyée aux abonnés."),
        champs.texte("note", "Note (facultative)", longueur_max=NOTE_MAX,
                     aide="Ce qui a été fait ou vérifié ; vide : la note d'avant reste."),
    ), bouton="Changer l'état")


DU_LYCEE = formulaire("lycee-alerte")


def formulaires_du_lycee(uai: str) -> list:
    if code_parmi(ECRIRE_SUIVI, uai) is None:
        return [invitation(ECRIRE_SUIVI, "changer l'état d'une alerte", f"/lycee/{uai}")]
    return [DU_LYCEE.rendu()]


def _etat(valeur) -> str:
    if valeur not in ETATS:
        raise DonneeInvalide("choisissez un état")
    return valeur


def changer(valeurs: dict, uai: str | None = None) -> Alerte:
    """Lit le formulaire et change l'état (`uai` : l'alerte doit être de ce lycée)."""
    def alerte_connue(valeur) -> Alerte:
        identifiant = (valeur or "").strip()
        trouvee = next((a for a in alertes_du_parc(donnees.stockage(), uai=uai) if a.identifiant == identifiant), None)
        if trouvee is None:
            raise DonneeInvalide("aucune alerte de cet identifiant" + (" pour ce lycée" if uai else ""))
        return trouvee

    lues = lire(valeurs, {"identifiant": alerte_connue, "statut": _etat, "note": lecteurs.texte_libre(NOTE_MAX)})
    alerte, note = lues["identifiant"], lues["note"] or None
    chemin = f"PATCH /api/v1/sites/{alerte.uai}/alertes/{alerte.identifiant}"
    changees = []
    ecrire(ECRIRE_SUIVI, alerte.uai, chemin, lambda jeton: changees.append(
        changer_etat(donnees.stockage(), alerte.uai, alerte.identifiant, lues["statut"], note, par=jeton)) or alerte.identifiant)
    return changees[0]


def message(alerte: Alerte) -> str:
    return f"Alerte {alerte.identifiant} : {suivi.ETATS[alerte.etat]}" + (f" (note : {alerte.note})." if alerte.note else ".")


def changer_au_lycee(valeurs: dict, uai: str) -> Reponse:
    uai = valider_uai(uai)  # l'UAI de la page (État) : une valeur d'une requête forgée n'atteint pas le stockage
    changee = changer(valeurs, uai)
    return Reponse(message(changee), sorties=(suivi.alertes(uai),))


def enregistrer(app: dash.Dash) -> None:
    formulaires.enregistrer(app, DU_LYCEE, changer_au_lycee, (Output(ids.LYCEE_ALERTES, "children", allow_duplicate=True),),
                            (State(ids.LYCEE_UAI, "data"),))
