"""Les abonnements aux alertes (/abonnements), pour la Région et les gestionnaires (jamais un code
d'enseignant ou d'éco-délégué) : recevoir les alertes d'un lycée, ou de tous pour la Région, par
courriel ou webhook, à son rythme ; se désabonner. Mêmes fonctions du noyau que
POST/GET/DELETE /api/v1/abonnements. Chaque code ne voit que ses abonnements : l'adresse
électronique n'est montrée qu'à lui."""

import dash
from dash import Output, html

from noyau.communaute.abonnements import Abonnement, abonnements_de, creer_abonnement, supprimer_abonnement
from noyau.communaute.jetons import ABONNER
from noyau.communaute.messages import RYTHMES
from noyau.communaute.regles import Regle
from noyau.stockage import Jeton
from tableau_de_bord import composants, donnees, formulaires, ids
from tableau_de_bord.formulaires import Formulaire, Reponse, champs, code_requis, ecrire, lire
from tableau_de_bord.formulaires.reserve import code_parmi, invitation
from tableau_de_bord.liste_revocable import ListeRevocable, formulaire_de_retrait

CANAUX = [{"label": "Courriel", "value": "courriel"}, {"label": "Webhook (POST JSON signé)", "value": "webhook"}]


def titre(**_parametres) -> str:
    return "Enerlycée — abonnements aux alertes"


def creation(jeton: Jeton) -> Formulaire:
    region = jeton.role == "region"
    return Formulaire("abonnements-creer", "S'abonner aux alertes", (
        champs.choix("canal", "Canal", CANAUX, "courriel"),
        champs.texte("destination", "Adresse électronique ou adresse du webhook", longueur_max=2000,
                     aide="Une adresse électronique (gardée pour ce seul usage, effacée avec l'abonnement) ou https://…"),
        champs.texte("lycee", "Lycée", valeur="" if region else jeton.uai,
                     aide="UAI ou nom du lycée ; vide : tous les lycées." if region else "Votre lycée."),
        champs.cases("regles", "Règles suivies", [{"label": r.libelle, "value": r.value} for r in Regle],
                     aide="Aucune cochée : toutes les règles."),
        champs.choix("rythme", "Rythme", [{"label": v.capitalize(), "value": k} for k, v in RYTHMES.items()], "immediat"),
        champs.texte("heures_calmes", "Heures calmes (facultatif)", longueur_max=20,
                     aide="HH:MM-HH:MM, heure de Paris, par exemple 22:00-07:00 : rien ne part pendant ces heures."),
    ), bouton="S'abonner")


def _lignes(jeton: Jeton) -> list[list]:
    noms = {s.uai: s.nom for s in donnees.sites()}
    return [[a.identifiant, a.canal, a.destination, noms.get(a.uai, a.uai) if a.uai else "tous", ", ".join(a.regles) or "toutes",
             RYTHMES[a.rythme], _calmes(a), _envois(a)] for a in abonnements_de(donnees.stockage(), jeton)]


def _desabonner(jeton: Jeton, identifiant: str) -> str:
    ecrire(ABONNER, jeton.uai, f"DELETE /api/v1/abonnements/{identifiant}",
           lambda par: supprimer_abonnement(donnees.stockage(), par, identifiant) or identifiant)
    return f"Abonnement {identifiant} supprimé : rien ne vous sera plus envoyé pour lui."


ABONNEMENTS = ListeRevocable(
    ids.ABONNEMENTS_LISTE, "Vos abonnements",
    "Vos abonnements : canal, destination, lycée, règles, rythme, heures calmes et état des envois",
    ("Canal", "Destination", "Lycée", "Règles", "Rythme", "Heures calmes", "Envois"), "Aucun abonnement pour ce code d'accès.",
    _lignes,
    formulaire_de_retrait("abonnements-supprimer", "Se désabonner", "Identifiant de l'abonnement",
                          "Celui de la colonne « Identifiant » ci-dessus : l'abonnement et son adresse sont effacés.", "Se désabonner"),
    _desabonner,
)


def layout(**_autres) -> html.Div:
    jeton = code_parmi(ABONNER)
    if jeton is None:
        return html.Div([html.H1("Abonnements aux alertes"),
                         invitation(ABONNER, "s'abonner aux alertes (adultes seulement)", "/abonnements")])
    return html.Div([
        html.H1("Abonnements aux alertes"),
        html.P("Recevez les alertes nouvelles par courriel ou webhook : à chaque alerte, ou en résumé (chaque jour à 7 h, ou le "
               "lundi à 7 h). Une alerte prise en charge n'est plus envoyée. Vous seul voyez vos abonnements et leurs adresses."),
        creation(jeton).rendu(html.H2),
        html.Div(id=ids.ABONNEMENTS_NOUVEAU),
        *ABONNEMENTS.rendu(jeton),
    ])


def _calmes(a: Abonnement) -> str:
    return f"{a.heures_calmes[0]:%H:%M}-{a.heures_calmes[1]:%H:%M}" if a.heures_calmes else "aucune"


def _envois(a: Abonnement) -> str:
    return f"en échec ({a.avancement.echecs} fois) : {a.avancement.erreur}" if a.avancement.echecs else "à jour"


def _lycee(saisi: str | None) -> str | None:
    return composants.un_lycee_tape(saisi, donnees.sites())


def creer(valeurs: dict) -> Reponse:
    jeton = code_requis()
    lues = lire(valeurs, {"lycee": _lycee, "canal": lambda v: v or "", "destination": lambda v: (v or "").strip()})
    crees = []

    def ecriture(par: Jeton) -> str:  # le journal n'a que l'identifiant, jamais l'adresse
        crees.append(creer_abonnement(donnees.stockage(), par, lues["canal"], lues["destination"], lues["lycee"],
                                      valeurs.get("regles") or [], valeurs.get("rythme") or "", valeurs.get("heures_calmes")))
        return crees[0].identifiant

    objet = ecrire(ABONNER, lues["lycee"] or jeton.uai, "POST /api/v1/abonnements", ecriture)
    secret = [html.P(["Secret du webhook, montré cette seule fois : ", html.Code(crees[0].secret),
                      " (signature X-Enerlycee-Signature : sha256=HMAC-SHA256 du corps)."], className="note")] if crees[0].secret else []
    return Reponse(f"Abonnement {objet} créé : actif aussitôt.", sorties=(secret, ABONNEMENTS.tableau(jeton)))


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path="/abonnements", name="Abonnements aux alertes", title=titre, layout=layout)
    formulaires.enregistrer(app, creation(Jeton("", "region", None, 0.0)), creer,
                            sorties=(Output(ids.ABONNEMENTS_NOUVEAU, "children"), ABONNEMENTS.sortie()))
    ABONNEMENTS.enregistrer(app)
