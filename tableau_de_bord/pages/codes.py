"""Les codes d'accès (/codes) : la Région crée et révoque ceux de chaque lycée (et les siens), un
gestionnaire ceux des enseignants et des éco-délégués de son lycée (noyau.communaute.jetons :
CODES_GERES). Un code est un jeton : sa valeur n'est montrée qu'une fois, à sa création, avec sa
fiche à imprimer (QR code) ; seule son empreinte est gardée.
"""

from datetime import timedelta

import dash
from dash import Input, Output, dcc, html
from flask import request

from noyau.communaute.jetons import (
    CODES_GERES,
    DUREE_PAR_DEFAUT_JOURS,
    NOMS_ROLES,
    TAILLE_IDENTIFIANT,
    codes_geres,
    creer_jeton,
    empreinte,
    identifiant,
    revoquer_jeton,
    trouver_jeton,
)
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import a_paris, maintenant
from noyau.stockage import Jeton
from tableau_de_bord import composants, donnees, formulaires, ids
from tableau_de_bord.fiche_code import fiche
from tableau_de_bord.formulaires import ErreursDeChamps, Formulaire, Reponse, champs, code_requis, ecrire, lire
from tableau_de_bord.formulaires.reserve import code_parmi, invitation
from tableau_de_bord.liste_revocable import ListeRevocable, formulaire_de_retrait

ROLES = tuple(CODES_GERES)  # region, gestionnaire
DUREE_MAX_JOURS = 3650


def titre(**_parametres) -> str:
    return "Enerlycée — codes d'accès"


def creation(jeton: Jeton) -> Formulaire:
    roles = CODES_GERES[jeton.role]
    region = jeton.role == "region"
    return Formulaire("codes-creer", "Créer un code d'accès", (
        champs.choix("role", "Rôle du code", [{"label": NOMS_ROLES[r].capitalize(), "value": r} for r in roles], roles[-1]),
        champs.texte("lycee", "Lycée", valeur="" if region else jeton.uai,
                     aide="UAI ou nom du lycée ; vide pour un code Région." if region else "Votre lycée."),
        champs.nombre("duree", "Validité (jours)", valeur=DUREE_PAR_DEFAUT_JOURS, minimum=1, maximum=DUREE_MAX_JOURS, pas=1,
                      aide="Un code expiré ne vaut plus ; il peut aussi être révoqué à tout moment."),
    ), bouton="Créer le code")


def _lignes(jeton: Jeton) -> list[list]:
    codes = sorted(codes_geres(donnees.stockage(), jeton), key=lambda j: (j.uai or "", j.role, j.cree_le))
    noms = {s.uai: s.nom for s in donnees.sites()} if codes else {}
    return [[identifiant(c), NOMS_ROLES[c.role], noms.get(c.uai, c.uai) if c.uai else "tous", texte.instant(c.cree_le),
             texte.instant(c.expire_le) if c.expire_le else "aucune", _etat(c)] for c in codes]


def _revoquer(_jeton: Jeton, cible: Jeton) -> str:
    ecrire(ROLES, cible.uai, f"DELETE /codes/{identifiant(cible)}",
           lambda par: identifiant(revoquer_jeton(donnees.stockage(), identifiant(cible), par=par)))
    return f"Code {identifiant(cible)} révoqué ({NOMS_ROLES[cible.role]}, {_nom(cible.uai)}) : ses sessions sont finies."


CODES = ListeRevocable(
    ids.CODES_LISTE, "Codes", "Les codes que vous gérez : rôle, lycée, dates (heure de Paris) et état",
    ("Rôle", "Lycée", "Créé le", "Échéance", "État"), "Aucun code pour l'instant.",
    _lignes,
    formulaire_de_retrait("codes-revoquer", "Révoquer un code", "Identifiant du code",
                          "Les 12 caractères de la colonne « Identifiant » ci-dessus. Ses sessions finissent aussitôt.",
                          "Révoquer le code"),
    _revoquer,
    lire_identifiant=lambda saisi: trouver_jeton(donnees.stockage(), saisi or ""),
)


def layout(**_autres) -> html.Div:
    jeton = code_parmi(ROLES)
    if jeton is None:
        return html.Div([html.H1("Codes d'accès"), invitation(ROLES, "créer et révoquer des codes d'accès", "/codes")])
    qui = ("les codes de chaque lycée et ceux de la Région" if jeton.role == "region"
           else "les codes des enseignants et des éco-délégués de votre lycée")
    return html.Div([
        html.H1("Codes d'accès"),
        html.P(f"Vous gérez ici {qui}. Un code donne un rôle et un lycée, jamais un nom : une classe peut partager "
               "celui de ses éco-délégués. Sa valeur n'est montrée qu'une fois, à sa création."),
        creation(jeton).rendu(html.H2),
        html.Div(id=ids.CODES_NOUVEAU),
        dcc.Store(id=ids.CODES_IMPRESSION),
        *CODES.rendu(jeton),
    ])


def _etat(code: Jeton) -> str:
    if code.revoque_le is not None:
        return f"révoqué le {texte.instant(code.revoque_le)}"
    if code.expire_le is not None and code.expire_le <= maintenant():
        return "expiré"
    return "actif"


def _lycee(saisi: str | None) -> str | None:
    return composants.un_lycee_tape(saisi, donnees.sites())


def _duree(valeur) -> int:
    if valeur is None or not float(valeur).is_integer() or not 1 <= valeur <= DUREE_MAX_JOURS:
        raise DonneeInvalide(f"un nombre entier de jours, de 1 à {DUREE_MAX_JOURS}")
    return int(valeur)


def _role(valeur) -> str:
    if valeur not in NOMS_ROLES:
        raise DonneeInvalide("choisissez un rôle")
    return valeur


def creer(valeurs: dict) -> Reponse:
    jeton = code_requis()
    lues = lire(valeurs, {"role": _role, "lycee": _lycee, "duree": _duree})
    role, uai = lues["role"], lues["lycee"]
    if role == "region" and uai:
        raise ErreursDeChamps({"lycee": "un code Région vaut pour tous les lycées : laissez ce champ vide"})
    if role != "region" and not uai:
        raise ErreursDeChamps({"lycee": "choisissez le lycée du code"})
    valeurs_creees = []

    def ecriture(par: Jeton) -> str:  # la valeur est gardée pour la fiche, le journal n'a que l'identifiant
        valeurs_creees.append(creer_jeton(donnees.stockage(), role, uai, lues["duree"], par=par))
        return empreinte(valeurs_creees[0])[:TAILLE_IDENTIFIANT]

    objet = ecrire(ROLES, uai, "POST /codes", ecriture)
    nouveau = donnees.stockage().jeton(empreinte(valeurs_creees[0]))
    dernier_jour = (a_paris(nouveau.expire_le) - timedelta(seconds=1)).date() if nouveau.expire_le else None
    return Reponse(f"Code {objet} créé : notez-le ou imprimez sa fiche maintenant, il ne sera plus montré.",
                   sorties=(fiche(valeurs_creees[0], nouveau, _nom(uai), f"{request.host_url}connexion", dernier_jour),
                            CODES.tableau(jeton)))


def _nom(uai: str | None) -> str:
    return "tous les lycées" if uai is None else {s.uai: s.nom for s in donnees.sites()}.get(uai, uai)


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path="/codes", name="Codes d'accès", title=titre, layout=layout)
    # Les identifiants du formulaire de création ne dépendent pas du rôle : celui de la Région les donne.
    formulaires.enregistrer(app, creation(Jeton("", "region", None, 0.0)), creer,
                            sorties=(Output(ids.CODES_NOUVEAU, "children"), CODES.sortie()))
    CODES.enregistrer(app)
    app.clientside_callback(dash.ClientsideFunction("enerlycee", "imprimer"), Output(ids.CODES_IMPRESSION, "data"),
                            Input(ids.CODES_IMPRIMER, "n_clicks"), prevent_initial_call=True)
