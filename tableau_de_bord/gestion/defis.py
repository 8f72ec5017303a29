"""Sur la page des élèves, sous les vues : l'enseignant (ou le gestionnaire, ou la Région) lance un
défi entre lycées ou entre les bâtiments de son lycée, accepte l'invitation d'un autre lycée, clôt
un défi qu'il a lancé ; la vue des défis (et son classement) se refait aussitôt.

Mêmes fonctions du noyau que l'API (noyau.communaute.defis : creer_defi pour POST /api/v1/defis,
chacun contre sa propre référence, chauffage corrigé du climat, jours de classe avec jours de
classe ; accepter_invitation pour POST /api/v1/sites/{uai}/defis/{id}/acceptation ; clore_defi pour
POST /api/v1/defis/{id}/cloture).
"""

from datetime import timedelta

import dash
from dash import Output, State, html

from noyau.communaute.defis import NOM_MAX, Defi, accepter_invitation, clore_defi, creer_defi, defi, defis, organisateur
from noyau.communaute.jetons import ECRIRE_DEFIS
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.stockage import Jeton
from tableau_de_bord import donnees, formulaires, ids
from tableau_de_bord.formulaires import ErreursDeChamps, Formulaire, Reponse, champs, ecrire, lire
from tableau_de_bord.formulaires.reserve import code_parmi
from tableau_de_bord.gestion import lecteurs
from tableau_de_bord.sections import vues_eleves

SORTES = [{"label": "Entre lycées", "value": "lycees"}, {"label": "Entre les bâtiments (compteurs) de notre lycée", "value": "batiments"}]
REGLE = ("La règle, la même pour tous : chacun contre sa propre consommation habituelle (les mêmes jours des "
         "quatre semaines comparables d'avant le défi, jours de classe avec jours de classe), la part chauffage "
         "corrigée du climat. Les autres lycées sont invités : ils sont classés dès le départ (leurs données "
         "sont publiques) et comptent le défi parmi les leurs quand ils l'acceptent.")


def lancement(uai: str = "") -> Formulaire:
    """`uai` : le lycée de la page (ses énergies, ses compteurs, les autres lycées à inviter) ;
    vide, les seuls identifiants."""
    energies = donnees.energies(uai) if uai else [Energie.ELECTRICITE]
    lundi = donnees.aujourd_hui() + timedelta(days=7 - donnees.aujourd_hui().weekday())
    autres = [{"label": s.nom, "value": s.uai} for s in donnees.sites() if s.uai != uai] if uai else []
    compteurs = [{"label": f"{c.compteur} ({c.usage or texte.NOMS_ENERGIES[c.energie].lower()}, "
                           f"{texte.NOMS_ENERGIES[c.energie].lower()})", "value": c.compteur}
                 for c in (donnees.stockage().compteurs(uai) if uai else []) if c.energie is not None]
    return Formulaire("eleves-defi", "Lancer un défi", (
        champs.texte("nom", "Nom du défi", longueur_max=NOM_MAX, aide="Par exemple « Défi de l'hiver »."),
        champs.choix("energie", "Énergie", [{"label": texte.NOMS_ENERGIES[e], "value": e.value} for e in energies],
                     energies[0].value),
        champs.texte("debut", "Premier jour", valeur=lundi.isoformat(), longueur_max=10, aide="AAAA-MM-JJ"),
        champs.texte("fin", "Dernier jour (inclus)", valeur=(lundi + timedelta(days=20)).isoformat(), longueur_max=10,
                     aide="AAAA-MM-JJ ; un an au plus."),
        champs.choix("sorte", "Entre qui ?", SORTES, "lycees"),
        champs.cases("lycees", "Lycées invités (défi entre lycées)", autres),
        champs.cases("compteurs", "Bâtiments ou compteurs (défi dans notre lycée, deux au moins, de l'énergie choisie)",
                     compteurs),
    ), bouton="Lancer le défi", introduction=[html.P(REGLE, className="note")])


def _invitations(uai: str) -> list[Defi]:
    return [d for d in defis(donnees.stockage(), uai) if uai in d.invites and d.clos_le is None]


def _a_clore(uai: str, jeton: Jeton) -> list[Defi]:
    """Les défis du lycée pas encore finis que ce code peut clore."""
    return [d for d in defis(donnees.stockage(), uai) if d.clos_le is None and d.fin > donnees.aujourd_hui()
            and (jeton.role == "region" or organisateur(d) == uai)]


def _options(liste: list[Defi]) -> list[dict]:
    noms = {s.uai: s.nom for s in donnees.sites()}
    return [{"label": f"« {d.nom} », {texte.NOMS_ENERGIES[d.energie].lower()} {texte.periode(d.debut, d.fin)}"
                      + (f", lancé par {noms.get(d.organisateur, d.organisateur)}" if d.organisateur else ""),
             "value": d.identifiant} for d in liste]


def invitation(options: list[dict] = ()) -> Formulaire:
    """`options` : les défis où le lycée est invité ; la liste se refait après chaque écriture."""
    return Formulaire("eleves-invitation", "Accepter une invitation", (
        champs.choix("defi", "Défi proposé par un autre lycée", list(options), options[0]["value"] if options else None,
                     aide="Les invitations en attente (aucune : la liste est vide)."),
    ), bouton="Accepter l'invitation")


def cloture(options: list[dict] = ()) -> Formulaire:
    return Formulaire("eleves-cloture", "Clore un défi", (
        champs.choix("defi", "Défi en cours lancé par notre lycée", list(options), options[0]["value"] if options else None,
                     aide="Le classement s'arrête à hier : il devient le classement final."),
    ), bouton="Clore le défi")


def formulaires_des_eleves(uai: str) -> list:
    """Les trois formulaires, pour qui peut écrire des défis pour ce lycée ; sinon aucun."""
    jeton = code_parmi(ECRIRE_DEFIS, uai)
    if jeton is None:
        return []
    return [lancement(uai).rendu(), invitation(_options(_invitations(uai))).rendu(),
            cloture(_options(_a_clore(uai, jeton))).rendu()]


def _defi(valeur) -> Defi:
    if not valeur:
        raise DonneeInvalide("choisissez un défi")
    return defi(donnees.stockage(), valeur)


def _participants(uai: str, valeurs: dict) -> list[tuple[str, str | None]]:
    """Le lycée et ceux qu'il invite, ou des compteurs du lycée ; ErreursDeChamps si le choix manque."""
    if valeurs.get("sorte") == "batiments":
        choisis = valeurs.get("compteurs") or []
        if len(choisis) < 2:
            raise ErreursDeChamps({"compteurs": "cochez au moins deux bâtiments ou compteurs"})
        return [(uai, c) for c in choisis]
    invites = valeurs.get("lycees") or []
    if not invites:
        raise ErreursDeChamps({"lycees": "cochez au moins un lycée à inviter"})
    return [(uai, None)] + [(autre, None) for autre in invites]


def lancer(valeurs: dict, parametres: dict) -> Reponse:
    uai = parametres["uai"]
    lues, erreurs = {}, {}  # toutes les erreurs des champs à la fois
    for groupe in ({"nom": lecteurs.texte_libre(NOM_MAX, requis=True), "energie": lecteurs.energie},
                   {"debut": lecteurs.jour, "fin": lecteurs.jour}):
        try:
            lues.update(lire(valeurs, groupe))
        except ErreursDeChamps as refus:
            erreurs.update(refus.erreurs)
    if "fin" in lues and "debut" in lues and lues["fin"] < lues["debut"]:
        erreurs["fin"] = "le dernier jour suit le premier"
    try:
        participants = _participants(uai, valeurs)
    except ErreursDeChamps as refus:
        erreurs.update(refus.erreurs)
    if erreurs:
        raise ErreursDeChamps(erreurs)
    fin = lues["fin"] + timedelta(days=1)
    lance = []
    ecrire(ECRIRE_DEFIS, uai, "POST /api/v1/defis", lambda jeton: lance.append(creer_defi(
        donnees.stockage(), lues["nom"], lues["energie"].value, lues["debut"], fin, participants,
        organisateur=None if jeton.role == "region" else uai)) or lance[0].identifiant)
    invites = "" if lance[0].interne else f" ; {len(lance[0].invites)} lycée(s) invité(s)" if lance[0].invites else ""
    return Reponse(f"Défi « {lance[0].nom} » lancé, {texte.periode(lues['debut'], fin)}{invites} : son classement est "
                   "ci-dessus, dans « Nos défis ».", sorties=(vues_eleves.defis(uai), *_listes(uai)))


def accepter(valeurs: dict, parametres: dict) -> Reponse:
    uai = parametres["uai"]
    choisi = lire(valeurs, {"defi": _defi})["defi"]
    ecrire(ECRIRE_DEFIS, uai, f"POST /api/v1/sites/{uai}/defis/{choisi.identifiant}/acceptation",
           lambda jeton: accepter_invitation(donnees.stockage(), choisi.identifiant, uai).identifiant)
    return Reponse(f"Invitation acceptée : le défi « {choisi.nom} » est des nôtres, son classement est ci-dessus.",
                   sorties=(vues_eleves.defis(uai), *_listes(uai)))


def clore(valeurs: dict, parametres: dict) -> Reponse:
    uai = parametres["uai"]
    choisi = lire(valeurs, {"defi": _defi})["defi"]
    jour = donnees.aujourd_hui()
    ecrire(ECRIRE_DEFIS, uai, f"POST /api/v1/defis/{choisi.identifiant}/cloture", lambda jeton: clore_defi(
        donnees.stockage(), choisi.identifiant, jour, None if jeton.role == "region" else uai).identifiant)
    return Reponse(f"Défi « {choisi.nom} » clos : son classement jusqu'au {texte.jour(jour - timedelta(days=1))} est le "
                   "classement final.", sorties=(vues_eleves.defis(uai), *_listes(uai)))


def _listes(uai: str) -> tuple[list[dict], list[dict]]:
    """Les défis à accepter et à clore, refaits après chaque écriture."""
    jeton = code_parmi(ECRIRE_DEFIS, uai)
    return (_options(_invitations(uai)), _options(_a_clore(uai, jeton)) if jeton else [])


def enregistrer(app: dash.Dash) -> None:
    sorties = (Output(f"{ids.ELEVES_SUIVI}-{vues_eleves.VUE_DEFIS}", "children", allow_duplicate=True),
               Output(invitation().id("defi"), "options", allow_duplicate=True),
               Output(cloture().id("defi"), "options", allow_duplicate=True))
    contexte = (State(ids.ELEVES_PARAMETRES, "data"),)
    for formulaire, traiter in ((lancement(), lancer), (invitation(), accepter), (cloture(), clore)):
        formulaires.enregistrer(app, formulaire, traiter, sorties, contexte)
