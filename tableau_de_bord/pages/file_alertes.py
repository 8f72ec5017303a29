"""La file des alertes (/alertes), pour l'équipe énergie de la Région : toutes les alertes ouvertes
du parc (nouvelles ou prises en charge), la plus grave d'abord, puis la plus ancienne, puis par
lycée (noyau.communaute.file_alertes.file_de_traitement), et le formulaire qui change leur état et
leur note. La même file que GET /api/v1/alertes ; les autres rôles lisent un refus."""

import dash
from dash import Output, dcc, html

from noyau.communaute.file_alertes import Alerte, file_de_traitement
from noyau.communaute.regles import NOMS_GRAVITES
from noyau.domaine import texte
from noyau.domaine.temps import maintenant
from tableau_de_bord import composants, donnees, formulaires, ids, suivi
from tableau_de_bord.formulaires import Reponse
from tableau_de_bord.formulaires.reserve import code_parmi, invitation
from tableau_de_bord.gestion import alertes as changement
from tableau_de_bord.session import code_ouvert

ROLES = ("region",)
LIGNES = 200  # une page légère ; toute la file : GET /api/v1/alertes (paginée)
FORMULAIRE = changement.formulaire("file-alertes")


def titre(**_parametres) -> str:
    return "Enerlycée — file des alertes"


def layout(**_autres) -> html.Div:
    if code_parmi(ROLES) is None:
        return html.Div([html.H1("File des alertes"), refus()])
    return html.Div([
        html.H1("File des alertes"),
        html.P("Les alertes ouvertes de tous les lycées : la plus grave d'abord (kit silencieux, salles chauffées lycée vide), "
               "puis la plus ancienne, puis par lycée. Une alerte prise en charge ne se répète plus et n'est plus envoyée aux "
               "abonnés ; résolue ou fausse, elle sort de la file. Toutes les alertes : GET /api/v1/alertes."),
        html.Div(liste(), id=ids.FILE_ALERTES_LISTE),
        FORMULAIRE.rendu(html.H2),
    ])


def refus() -> html.P:
    """Un refus clair : qui a droit à la file, et où le gestionnaire trouve les alertes de son lycée."""
    jeton = code_ouvert()
    if jeton is not None and jeton.role == "gestionnaire":
        return html.P(["La file des alertes de tout le parc est réservée à la Région. Les alertes de votre lycée, et le "
                       "formulaire qui change leur état, sont sur ", dcc.Link("la page de votre lycée", href=f"/lycee/{jeton.uai}"),
                       ", section « Alertes »."], className="note", role="alert")
    if jeton is not None:
        return html.P("La file des alertes est réservée à la Région : votre code d'accès ne l'ouvre pas.", className="note", role="alert")
    return invitation(ROLES, "traiter la file des alertes", "/alertes")


def liste() -> html.Table | html.P:
    ouvertes = file_de_traitement(donnees.stockage())
    if not ouvertes:
        return html.P("Aucune alerte ouverte dans le parc.")
    noms = {s.uai: s.nom for s in donnees.sites()}
    instant = maintenant()
    pluriel = "s" if len(ouvertes) > 1 else ""
    suite = f" ; les {LIGNES} premières ci-dessous, toute la file par l'API" if len(ouvertes) > LIGNES else ""
    return composants.tableau(
        f"{len(ouvertes)} alerte{pluriel} ouverte{pluriel}, dans l'ordre où les traiter : gravité, ancienneté, lycée{suite}",
        ["Gravité", "Lycée", "Alerte", "Depuis", "État", "Ce qui s'est passé", "Note", "Identifiant"],
        [_ligne(a, noms, instant) for a in ouvertes[:LIGNES]],
    )


def _ligne(a: Alerte, noms: dict[str, str], instant: float) -> list:
    return [NOMS_GRAVITES[a.regle.gravite], dcc.Link(noms.get(a.uai, a.uai), href=f"/lycee/{a.uai}"), a.regle.libelle,
            f"{texte.instant(a.debut)} ({texte.duree(max(instant - a.debut, 60))})", suivi.ETATS[a.etat], a.message, a.note,
            a.identifiant]


def traiter(valeurs: dict) -> Reponse:
    changee = changement.changer(valeurs)
    return Reponse(changement.message(changee), sorties=(liste(),))


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path="/alertes", name="File des alertes", title=titre, layout=layout)
    formulaires.enregistrer(app, FORMULAIRE, traiter, sorties=(Output(ids.FILE_ALERTES_LISTE, "children"),))
