"""Sur la page d'un lycée, section « Talon et consommation hors horaires d'ouverture » : le
gestionnaire (ou la Région) déclare les horaires d'ouverture et les nuits d'internat, qui classent
chaque heure (la section se refait aussitôt), les fermetures particulières
(tableau_de_bord.gestion.fermetures) et les tarifs du lycée (les euros des équivalences de la page
des élèves). Mêmes fonctions du noyau que PUT /api/v1/sites/{uai}/horaires et .../tarifs."""

from datetime import date, timedelta

import dash
from dash import Output, State, html

from noyau.calculs.equivalences import enregistrer_tarifs, tarifs_du_lycee
from noyau.calculs.horaires import JOURS, declaration, en_json, enregistrer_horaires, horaires_du_lycee
from noyau.communaute.jetons import ECRIRE_SUIVI
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from tableau_de_bord import donnees, formulaires, ids, suivi
from tableau_de_bord.formulaires import Formulaire, Reponse, champs, ecrire, lire
from tableau_de_bord.formulaires.reserve import code_parmi, invitation
from tableau_de_bord.gestion import fermetures, lecteurs

AIDE_PLAGES = "Plages HH:MM-HH:MM séparées par des virgules ; vide : fermé."


def horaires(actuels: dict | None = None) -> Formulaire:
    """`actuels` : les horaires du lycée (en_json), pour remplir les champs."""
    jours = (actuels or {}).get("jours", {})
    return Formulaire("lycee-horaires", "Horaires d'ouverture et internat", (
        *(champs.texte(jour, jour.capitalize(), valeur=", ".join(f"{a}-{b}" for a, b in jours.get(jour, [])),
                       longueur_max=100, aide=AIDE_PLAGES if jour == "lundi" else None) for jour in JOURS),
        champs.cases("internat", "Internat", [{"label": "Le lycée a un internat (nuits du lundi au vendredi)", "value": "oui"}],
                     ["oui"] if (actuels or {}).get("internat") else []),
    ), bouton="Enregistrer les horaires")


def tarifs(actuels: dict[Energie, float] | None = None) -> Formulaire:
    """Toutes les énergies (les mêmes champs pour chaque lycée), remplies des tarifs en vigueur."""
    return Formulaire("lycee-tarifs", "Tarifs du lycée", tuple(
        champs.nombre(e.value, f"{texte.NOMS_ENERGIES[e]} (€ par {e.unite})", minimum=0, maximum=10, pas="any",
                      valeur=(actuels or {}).get(e)) for e in Energie
    ), bouton="Enregistrer les tarifs")


def formulaires_du_lycee(uai: str) -> list:
    if code_parmi(ECRIRE_SUIVI, uai) is None:
        return [invitation(ECRIRE_SUIVI, "déclarer les horaires, l'internat, les fermetures et les tarifs", f"/lycee/{uai}")]
    return [html.Div([horaires(en_json(horaires_du_lycee(donnees.stockage(), uai))).rendu(), *fermetures.formulaires_du_lycee(uai),
                      tarifs(tarifs_du_lycee(donnees.stockage(), uai)).rendu()], className="formulaires")]


def _plages(valeur) -> list[list[str]]:
    plages = []
    for morceau in (valeur or "").replace(";", ",").split(","):
        if morceau.strip():
            debut, _, fin = morceau.strip().partition("-")
            if not fin:
                raise DonneeInvalide("une plage s'écrit HH:MM-HH:MM, par exemple 07:30-18:30")
            plages.append([debut.strip(), fin.strip()])
    return plages


def declarer_horaires(valeurs: dict, uai: str, energie: str, premier_jour: str | None, dernier_jour: str | None) -> Reponse:
    lues = lire(valeurs, {jour: _plages for jour in JOURS})
    # le formulaire n'a ni zone ni fermetures : celles déclarées (par l'API, par l'autre formulaire) restent
    contenu = {**declaration(donnees.stockage(), uai), "jours": lues, "internat": "oui" in (valeurs.get("internat") or [])}
    ecrire(ECRIRE_SUIVI, uai, f"PUT /api/v1/sites/{uai}/horaires",
           lambda jeton: enregistrer_horaires(donnees.stockage(), uai, contenu) and f"horaires/{uai}")
    if not premier_jour or not dernier_jour:
        return Reponse("Horaires enregistrés.")
    debut, fin = date.fromisoformat(premier_jour[:10]), date.fromisoformat(dernier_jour[:10])
    return Reponse("Horaires enregistrés : la répartition ci-dessus en tient compte.",
                   sorties=(suivi.analyse(uai, Energie(energie), debut, fin + timedelta(days=1)),))


def declarer_tarifs(valeurs: dict, uai: str) -> Reponse:
    lus = lire(valeurs, {nom: lecteurs.nombre(0, 10, requis=False) for nom in valeurs})
    declares = {nom: valeur for nom, valeur in lus.items() if valeur is not None}
    ecrire(ECRIRE_SUIVI, uai, f"PUT /api/v1/sites/{uai}/tarifs",
           lambda jeton: enregistrer_tarifs(donnees.stockage(), uai, declares) and f"tarifs/{uai}")
    return Reponse(f"Tarifs enregistrés ({len(declares)} énergie{'s' if len(declares) > 1 else ''}) : "
                   "les euros de la page des élèves en découlent.")


def enregistrer(app: dash.Dash) -> None:
    formulaires.enregistrer(app, horaires(), declarer_horaires, (Output(ids.LYCEE_ANALYSE, "children", allow_duplicate=True),),
                            (State(ids.LYCEE_UAI, "data"), State(ids.LYCEE_ENERGIE, "value"), State(ids.LYCEE_DEBUT, "date"),
                             State(ids.LYCEE_FIN, "date")))
    formulaires.enregistrer(app, tarifs(), declarer_tarifs, contexte=(State(ids.LYCEE_UAI, "data"),))
