"""La qualité des données (/qualite) : kits muets, quarantaine par motif, complétude par lycée, et
l'envoi des alertes aux abonnés (un relais en panne s'y voit, comme dans /sante).

`?energie=gaz&fin=2026-04-01` choisit l'énergie et le jour de fin (exclu) de la complétude,
calculée sur les 30 jours qui le précèdent ; les kits muets et la quarantaine sont ceux de
maintenant. La même quarantaine, en JSON : `/api/v1/qualite`.
"""

from datetime import date, timedelta

import dash
import pandas as pd
from dash import Input, Output, State, dcc, html

from noyau.communaute.envoi import COMPOSANT as ENVOI
from noyau.domaine import texte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie, valider_energie
from noyau.domaine.temps import lire_borne, maintenant
from tableau_de_bord import composants, donnees, figures, ids

JOURS = 30
SILENCE_S = 2 * 3600


def layout(energie: str = "electricite", fin: str | None = None, **_autres) -> html.Div:
    try:
        choix = valider_energie(energie)
        jour_fin = lire_borne(fin).date() if fin else donnees.aujourd_hui()
    except DonneeInvalide as erreur:
        return composants.message("Adresse invalide", str(erreur))
    series = donnees.stockage().series()
    return html.Div(
        [
            html.H1("Qualité des données"),
            html.P("Ce qui manque ou a été refusé : un nombre incomplet est sous-estimé, un kit muet ne compte plus rien."),
            html.H2("Kits muets"),
            *_muets(donnees.kits_muets(SILENCE_S, series)),
            html.H2("Quarantaine : relevés refusés, par motif"),
            *_quarantaine(donnees.quarantaine(), {s.uai: s.nom for s in donnees.sites()}),
            html.H2("Envoi des alertes aux abonnés"),
            *envoi(donnees.stockage().lire_etat(ENVOI)),
            html.H2(f"Complétude des {JOURS} derniers jours, par lycée"),
            html.Div(composants.choix_energie(ids.QUALITE_ENERGIE, choix, donnees.energies()), className="choix"),
            dcc.Store(id=ids.QUALITE_FIN, data=jour_fin.isoformat()),
            dcc.Loading(html.Div(completude(choix, jour_fin), id=ids.QUALITE_CONTENU)),
        ]
    )


def _muets(muets: list[donnees.KitMuet]) -> list:
    if not muets:
        return [html.P("Aucun : chaque compteur a envoyé un message depuis moins de 2 heures.")]
    instant = maintenant()
    return [
        html.P(f"{len(muets)} compteur{'s' if len(muets) > 1 else ''} sans message depuis plus de 2 heures "
               "(le plus long silence d'abord).", className="alerte"),
        composants.tableau(
            "Compteurs muets et leur dernier message reçu (heure de Paris)",
            ["Lycée", "Compteur", "Dernier message reçu", "Silence"],
            [
                [dcc.Link(k.site.nom, href=f"/lycee/{k.site.uai}"), k.compteur, texte.instant(k.dernier_recu),
                 texte.duree(instant - k.dernier_recu)]
                for k in muets
            ],
        ),
    ]


def _quarantaine(motifs: list, noms: dict[str, str]) -> list:
    if not motifs:
        return [html.P("Aucun relevé en quarantaine.")]
    total = sum(m.nombre for m in motifs)
    par_motif: dict[str, int] = {}
    for m in motifs:
        par_motif[m.motif] = par_motif.get(m.motif, 0) + m.nombre
    return [
        html.P(f"{texte.nombre(total)} relevé{'s' if total > 1 else ''} en quarantaine, jamais perdus : "
               "le détail de chaque rejet est dans l'API (/api/v1/qualite)."),
        composants.tableau(
            "Relevés en quarantaine par motif, tous lycées",
            ["Motif", "Relevés"],
            [[motif, texte.nombre(n)] for motif, n in sorted(par_motif.items(), key=lambda p: -p[1])],
        ),
        composants.tableau(
            "Relevés en quarantaine par lycée et par motif (heure de Paris)",
            ["Lycée", "Motif", "Relevés", "Dernier rejet"],
            [
                [noms.get(m.uai, m.uai) if m.uai else "sujet illisible (lycée inconnu)", m.motif, texte.nombre(m.nombre),
                 texte.instant(m.dernier)]
                for m in motifs
            ],
        ),
    ]


def completude(energie: Energie, fin) -> list:
    debut = fin - timedelta(days=JOURS)
    lignes = sorted(donnees.completudes(energie, debut, fin), key=lambda c: (c.part, c.site.nom))
    table = pd.DataFrame(
        {"nom": [c.site.nom for c in lignes], "part": [100 * c.part for c in lignes],
         "libelle": [f"{c.complets} jours complets sur {c.attendus}" for c in lignes]}
    )
    return [
        html.P(f"{texte.NOMS_ENERGIES[energie]}, compteurs principaux, {texte.periode(debut, fin)} : part des jours "
               "complets (relevés autour du jour, aucun trou de plus d'une heure). Les moins complets d'abord."),
        html.Figure(
            [
                dcc.Graph(id=ids.QUALITE_GRAPHIQUE, figure=figures.completude(table), config=figures.CONFIGURATION_FIXE),
                composants.alternative_differee("qualite-completude", energie=energie.value, fin=fin.isoformat()),
            ],
            className="figure",
        ),
    ]


def envoi(note: tuple[dict, float] | None) -> list:
    """L'état noté par `enerlycee taches` : jamais une adresse, l'identifiant de l'abonnement et l'erreur."""
    if note is None:
        return [html.P("Aucun passage noté : `enerlycee taches` (ou la démonstration) n'a encore rien envoyé.")]
    etat, note_le = note
    bilan = f"Dernier passage le {texte.instant(note_le)} ; {etat.get('messages_envoyes', 0)} message(s) envoyé(s) en tout."
    echecs = etat.get("en_echec", [])
    if not echecs:
        return [html.P(f"{bilan} Aucun envoi en échec.")]
    return [
        html.P(f"{bilan} En panne : {len(echecs)} abonnement(s) n'ont pas reçu leurs alertes ; chacun est réessayé avec un "
               "délai croissant (1, 2, 4… minutes, une heure au plus).", role="alert", className="erreur"),
        composants.tableau(
            "Les abonnements en échec : canal, échecs d'affilée, prochain essai (heure de Paris), dernière erreur",
            ["Abonnement", "Canal", "Échecs", "Prochain essai", "Erreur"],
            [[e["abonnement"][:12], e["canal"], str(e["echecs"]), texte.instant(e["prochain_essai"]), e["erreur"]] for e in echecs],
        ),
    ]


@composants.differe("qualite-completude")
def tableau_completude(energie: str, fin: str) -> html.Table:
    jour_fin = date.fromisoformat(fin)
    debut = jour_fin - timedelta(days=JOURS)
    lignes = sorted(donnees.completudes(Energie(energie), debut, jour_fin), key=lambda c: (c.part, c.site.nom))
    return composants.tableau(
        f"Jours complets par lycée, {texte.periode(debut, jour_fin)}",
        ["Lycée", "Jours complets", "Jours avec données", "Jours attendus", "Part complète"],
        [[c.site.nom, str(c.complets), str(c.presents), str(c.attendus),
          f"{texte.nombre(100 * c.part)}{texte.ESPACE_INSECABLE}%"] for c in lignes],
    )


def mettre_a_jour(energie: str, fin: str) -> list:
    """Rappel : une autre énergie refait la complétude (même fin)."""
    return completude(valider_energie(energie), date.fromisoformat(fin))


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path="/qualite", name="Qualité des données", title="Enerlycée — qualité des données",
                       order=2, layout=layout)
    app.callback(
        Output(ids.QUALITE_CONTENU, "children"),
        Input(ids.QUALITE_ENERGIE, "value"),
        State(ids.QUALITE_FIN, "data"),
        prevent_initial_call=True,
    )(mettre_a_jour)
