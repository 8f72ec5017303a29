"""Sur la page des élèves, sous les vues : l'éco-délégué (ou l'enseignant, le gestionnaire, la
Région) note une action du référentiel (noyau.communaute.actions_proposees) : son jour, tout le
lycée ou un bâtiment (un compteur), la classe ou le groupe, quelques mots, jamais un nom. La vue
« Nos actions » se refait aussitôt ; l'action se voit aussi sur les courbes de la page du lycée,
et son effet mesuré dès que des jours complets ont passé.

Même fonction du noyau que POST /api/v1/sites/{uai}/actions (noyau.communaute.actions.creer_action),
qui refuse aussi tout texte avec une adresse électronique ou un numéro de téléphone.
"""

import dash
from dash import Output, State, html

from noyau.communaute.actions import GROUPE_MAX, creer_action
from noyau.communaute.actions_proposees import REFERENTIEL, energie_visee, proposition
from noyau.communaute.jetons import ECRIRE_ACTIONS
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Compteur
from noyau.domaine.texte_libre import verifier_texte
from tableau_de_bord import donnees, formulaires, ids
from tableau_de_bord.formulaires import ErreursDeChamps, Formulaire, Reponse, champs, ecrire, lire
from tableau_de_bord.formulaires.reserve import code_parmi
from tableau_de_bord.gestion import lecteurs
from tableau_de_bord.sections import vues_eleves

TEXTE_MAX = 280  # « court » : la description du noyau en permet 1 000
TOUT_LE_LYCEE = "lycee"
RAPPEL = ("N'écrivez aucun nom, ni le vôtre ni celui d'un camarade : une classe ou un groupe au plus "
          "(« 2nde B », « éco-délégués »). Ce qui est noté ici est public.")


def _compteurs(uai: str) -> list[Compteur]:
    return [c for c in donnees.stockage().compteurs(uai) if c.energie is not None]


def notation(uai: str = "") -> Formulaire:
    """`uai` : le lycée de la page (ses compteurs) ; vide, les seuls identifiants."""
    lieux = [{"label": "Tout le lycée", "value": TOUT_LE_LYCEE}] + [
        {"label": f"{c.compteur} ({c.usage or 'compteur'}, {texte.NOMS_ENERGIES[c.energie].lower()})", "value": c.compteur}
        for c in (_compteurs(uai) if uai else [])]
    return Formulaire("eleves-action", "Noter une action", (
        champs.choix("action", "Action du référentiel", [{"label": p.titre, "value": p.cle} for p in REFERENTIEL], None),
        champs.texte("jour", "Jour de l'action", valeur=donnees.aujourd_hui().isoformat(), longueur_max=10, aide="AAAA-MM-JJ"),
        champs.choix("lieu", "Où ?", lieux, TOUT_LE_LYCEE, aide="Tout le lycée, ou le bâtiment dont le compteur mesure l'effet."),
        champs.texte("groupe", "Classe ou groupe (facultatif)", longueur_max=GROUPE_MAX, aide="Par exemple « 2nde B »."),
        champs.texte("description", "En quelques mots (facultatif)", longueur_max=TEXTE_MAX,
                     aide=f"{TEXTE_MAX} caractères au plus. Aucun nom de personne."),
    ), bouton="Noter l'action", introduction=[html.P(RAPPEL, className="rappel", id="eleves-action-rappel")])


def formulaires_des_eleves(uai: str) -> list:
    return [notation(uai).rendu()] if code_parmi(ECRIRE_ACTIONS, uai) else []


def _texte(nom: str, longueur: int):
    """Le lecteur d'un texte libre : la règle du noyau (longueur, pas de donnée personnelle)."""
    return lambda valeur: verifier_texte(valeur, nom, longueur)


def noter(valeurs: dict, parametres: dict) -> Reponse:
    uai = parametres["uai"]
    lues = lire(valeurs, {"action": proposition, "jour": lecteurs.jour, "groupe": _texte("groupe", GROUPE_MAX),
                          "description": _texte("description", TEXTE_MAX)})
    choisie, lieu = lues["action"], valeurs.get("lieu") or TOUT_LE_LYCEE
    compteur = None if lieu == TOUT_LE_LYCEE else lieu
    energie = None
    if compteur is None:
        try:
            energie = energie_visee(choisie, donnees.energies(uai))
        except DonneeInvalide as erreur:
            raise ErreursDeChamps({"lieu": str(erreur)}) from None
    notee = []
    ecrire(ECRIRE_ACTIONS, uai, f"POST /api/v1/sites/{uai}/actions", lambda jeton: notee.append(creer_action(
        donnees.stockage(), uai, choisie.titre, choisie.type.value, lues["jour"], energie.value if energie else None,
        compteur, lues["groupe"], lues["description"])) or notee[0].identifiant)
    action = notee[0]
    ou = f"le compteur {action.compteur}" if action.compteur else "tout le lycée"
    return Reponse(f"Action notée : « {action.titre} », le {texte.jour(action.jour)}, {ou} "
                   f"({texte.NOMS_ENERGIES[action.energie].lower()}). Elle est dans « Nos actions » et sur les courbes de "
                   "la page du lycée ; son effet se mesure sur les 28 jours qui suivent, dès que des jours complets ont passé.",
                   sorties=(vues_eleves.actions(uai),))


def enregistrer(app: dash.Dash) -> None:
    formulaires.enregistrer(app, notation(), noter,
                            (Output(f"{ids.ELEVES_SUIVI}-{vues_eleves.VUE_ACTIONS}", "children", allow_duplicate=True),),
                            (State(ids.ELEVES_PARAMETRES, "data"),))
