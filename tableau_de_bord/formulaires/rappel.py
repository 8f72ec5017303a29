"""Le rappel d'un formulaire : lire les champs, traiter, dire le résultat.

`enregistrer(app, formulaire, traiter, sorties, contexte)` : au clic sur le bouton (ou Entrée
dans un champ de texte), `traiter(valeurs, *contexte)` reçoit les valeurs des champs par nom et
celles des `contexte` (des State : le lycée de la page...), et renvoie une `Reponse` (message de
réussite, valeurs des `sorties` : ce que la page montre du résultat). Ce qu'il lève devient un message en français : `ErreursDeChamps` à côté de chaque
champ ; un refus (session, rôle, lycée, limite) ou une donnée refusée par le noyau dans l'état du
formulaire (role=alert). Le focus va ensuite à la première erreur (assets/formulaires.js).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, State, html
from dash.exceptions import PreventUpdate

from noyau.domaine.erreurs import AccesRefuse, DonneeInvalide, ErreurEnerlycee, ErreurStockage, Interdit, Introuvable, TropDEcritures
from tableau_de_bord.formulaires.champs import Formulaire

journal = logging.getLogger(__name__)


class ErreursDeChamps(ErreurEnerlycee):
    """Des valeurs refusées, champ par champ : {nom du champ: message}."""

    def __init__(self, erreurs: dict[str, str]) -> None:
        super().__init__("; ".join(erreurs.values()))
        self.erreurs = erreurs


@dataclass(frozen=True)
class Reponse:
    message: str | list = ""
    sorties: tuple = ()
    erreurs: dict[str, str] = field(default_factory=dict)


def lire(valeurs: dict[str, Any], lecteurs: dict[str, Callable[[Any], Any]]) -> dict[str, Any]:
    """Chaque valeur lue par son lecteur (qui lève DonneeInvalide) ; toutes les erreurs à la fois."""
    lues, erreurs = {}, {}
    for nom, lecteur in lecteurs.items():
        try:
            lues[nom] = lecteur(valeurs.get(nom))
        except (DonneeInvalide, Introuvable) as erreur:
            erreurs[nom] = str(erreur)
    if erreurs:
        raise ErreursDeChamps(erreurs)
    return lues


def enregistrer(app: dash.Dash, formulaire: Formulaire, traiter: Callable[..., Reponse],
                sorties: tuple[Output, ...] = (), contexte: tuple[State, ...] = ()) -> None:
    champs = formulaire.champs
    entrees = [Input(formulaire.id("envoyer"), "n_clicks")]
    entrees += [Input(formulaire.id(c.nom), "n_submit") for c in champs if c.entree]
    etats = [State(formulaire.id(c.nom), c.propriete) for c in champs] + list(contexte)
    resultats = [Output(formulaire.id(f"{c.nom}-erreur"), "children") for c in champs]
    resultats += [Output(formulaire.id("etat"), "children"), *sorties]

    def rappel(*arguments):
        if not any(arguments[:len(entrees)]):
            raise PreventUpdate
        valeurs = {c.nom: v for c, v in zip(champs, arguments[len(entrees):])}
        reponse = executer(traiter, valeurs, *arguments[len(entrees) + len(champs):])
        sorties_en_plus = list(reponse.sorties) if reponse.sorties else [dash.no_update] * len(sorties)
        return [reponse.erreurs.get(c.nom, "") for c in champs] + [_etat(reponse, champs)] + sorties_en_plus

    app.callback(*resultats, *entrees, *etats, prevent_initial_call=True)(rappel)
    app.clientside_callback(ClientsideFunction("enerlycee", "apresEnvoi"), Output(formulaire.id("focus"), "data"),
                            Input(formulaire.id("etat"), "children"), State(formulaire.id("etat"), "id"),
                            prevent_initial_call=True)


def executer(traiter: Callable[..., Reponse], valeurs: dict, *contexte) -> Reponse:
    """Le traitement, ses refus traduits en message pour la personne."""
    try:
        return traiter(valeurs, *contexte)
    except ErreursDeChamps as erreurs:
        return Reponse(erreurs=erreurs.erreurs)
    except AccesRefuse as refus:
        return Reponse(erreurs={"": f"Accès refusé : {refus}."})
    except (Interdit, TropDEcritures) as refus:
        return Reponse(erreurs={"": f"Écriture refusée : {refus}."})
    except (DonneeInvalide, Introuvable) as erreur:
        return Reponse(erreurs={"": f"Rien n'a été enregistré : {erreur}"})
    except ErreurStockage as erreur:
        journal.error("écriture du tableau de bord : %s", erreur)
        return Reponse(erreurs={"": "Le stockage n'a pas répondu : rien n'a été enregistré, réessayez dans un instant."})


def _etat(reponse: Reponse, champs) -> html.P | str:
    """Le message de l'état du formulaire : l'erreur générale, le nombre d'erreurs des champs, ou la réussite."""
    if "" in reponse.erreurs:
        return html.P(reponse.erreurs[""], role="alert", className="erreur")
    nombre = sum(1 for c in champs if c.nom in reponse.erreurs)
    if nombre:
        pluriel = "s" if nombre > 1 else ""
        return html.P(f"{nombre} champ{pluriel} à corriger : voir le{pluriel} message{pluriel} sous le{pluriel} champ{pluriel}.",
                      role="alert", className="erreur")
    return html.P(reponse.message, className="succes") if reponse.message else ""
