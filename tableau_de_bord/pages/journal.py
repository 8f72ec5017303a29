"""Le journal des écritures (/journal), pour la Région : qui (rôle et identifiant du code), quoi,
où, quand — par l'API comme par le tableau de bord, du plus récent au plus ancien. Le même
journal que GET /api/v1/ecritures ; jamais le nom d'une personne."""

import dash
from dash import html

from noyau.communaute.audit import ecritures
from noyau.communaute.jetons import LIRE_JOURNAL, NOMS_ROLES
from noyau.domaine import texte
from tableau_de_bord import composants, donnees
from tableau_de_bord.formulaires.reserve import code_parmi, invitation

LIGNES = 200


def titre(**_parametres) -> str:
    return "Enerlycée — journal des écritures"


def layout(**_autres) -> html.Div:
    if code_parmi(LIRE_JOURNAL) is None:
        return html.Div([html.H1("Journal des écritures"), invitation(LIRE_JOURNAL, "lire le journal des écritures", "/journal")])
    journal = list(reversed(ecritures(donnees.stockage())))
    noms = {s.uai: s.nom for s in donnees.sites()}
    return html.Div([
        html.H1("Journal des écritures"),
        html.P(f"{len(journal)} écriture{'s' if len(journal) > 1 else ''} ; les {min(len(journal), LIGNES)} plus récentes "
               "ci-dessous. Tout le journal, paginé : GET /api/v1/ecritures (code Région)."),
        composants.tableau(
            "Chaque écriture réussie : quand (heure de Paris), quel rôle, quel code (identifiant), quoi, pour quel lycée",
            ["Quand", "Rôle", "Code", "Écriture", "Lycée", "Objet"],
            [[texte.instant(d.modifie_le), NOMS_ROLES.get(d.contenu["role"], d.contenu["role"]), d.contenu["jeton"],
              d.contenu["action"], noms.get(d.uai, d.uai or "tous"), d.contenu["objet"]] for d in journal[:LIGNES]],
        ),
    ])


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path="/journal", name="Journal des écritures", title=titre, layout=layout)
