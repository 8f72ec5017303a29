"""Le suivi d'un lycée : talon et heures hors ouverture, trajectoire du décret tertiaire,
objectifs, alertes et actions (page du lycée ; ce que la page des élèves en montre :
tableau_de_bord/sections/vues_eleves.py). Chaque nombre vient du noyau (noyau.calculs.analyse, trajectoire, objectifs,
alertes, actions, defis, equivalences) par `tableau_de_bord.donnees`.
"""

from datetime import date, timedelta

import pandas as pd
from dash import dcc, html

from noyau.domaine import texte
from noyau.domaine.identifiants import Energie
from tableau_de_bord import composants, donnees, figures, ids

CATEGORIES = {
    "ouverture": "Heures d'ouverture",
    "nuit_internat": "Nuits d'internat",
    "soir_et_nuit": "Soirs et nuits",
    "week_end": "Week-ends",
    "vacances": "Vacances, jours fériés et fermetures",
}
ETATS = {"nouvelle": "nouvelle", "prise-en-charge": "prise en charge", "resolue": "résolue", "fausse-alerte": "fausse alerte"}
STATUTS = {"atteint": "atteint", "depasse": "dépassé", "incomplet": "incomplet", "a_venir": "à venir"}


# --- Page du lycée ---


def sections(reglages: list = (), objectifs_a_fixer: list = (), alertes_a_traiter: list = ()) -> list:
    """Les sections de suivi de la page d'un lycée, vides : des rappels les remplissent ; sous l'analyse,
    les objectifs et les alertes, les formulaires du gestionnaire (tableau_de_bord.gestion)."""
    attente = html.P("Chargement…", className="note")
    return [
        html.H2("Talon et consommation hors horaires d'ouverture"),
        dcc.Loading(html.Div(attente, id=ids.LYCEE_ANALYSE)),
        *reglages,
        html.H2("Trajectoire du décret tertiaire et objectifs"),
        dcc.Loading(html.Div(attente, id=ids.LYCEE_OBJECTIFS)),
        *objectifs_a_fixer,
        html.H2("Alertes"),
        html.Div(attente, id=ids.LYCEE_ALERTES),
        *alertes_a_traiter,
        html.H2("Actions du lycée et leur effet"),
        html.Div(attente, id=ids.LYCEE_ACTIONS),
    ]


def analyse(uai: str, energie: Energie, debut: date, fin: date) -> list:
    """Le talon (médiane des nuits, 1 h - 4 h) et la répartition par catégorie d'heures."""
    if fin <= debut or (fin - debut).days > 400:
        return [html.P("Analyse possible sur 1 à 400 jours.")]
    talon, repartition, vacances = donnees.analyse(uai, energie, debut, fin)
    u, p = texte.unite(energie.unite), figures.unite_de_puissance(energie.unite)
    if not repartition.heures:
        return [html.P(f"Aucune donnée horaire {texte.periode(debut, fin)}.")]
    hors = sum(v for k, v in repartition.categories.items() if k != "ouverture")
    part_hors = hors / repartition.total if repartition.total else 0.0
    contenu = [
        html.P([
            html.Strong(f"Talon : {texte.nombre(talon.valeur, 1)}{texte.ESPACE_INSECABLE}{p}" if talon.valeur is not None
                        else "Talon : inconnu (aucune nuit complète)"),
            f" (médiane des nuits, de 1 h à 4 h, {len(talon.nuits)} nuits) — ",
            html.Strong(f"hors horaires d'ouverture : {texte.nombre(100 * part_hors)}{texte.ESPACE_INSECABLE}%"),
            f" de la consommation {texte.periode(debut, fin)}",
            f" ({repartition.heures_incompletes} heures incomplètes)." if repartition.heures_incompletes else ".",
        ], className="total"),
        composants.tableau(
            f"Consommation par catégorie d'heures, {texte.periode(debut, fin)} (horaires du lycée, internat, vacances de sa zone, fermetures)",
            ["Catégorie d'heures", f"Consommation ({u})", "Part"],
            [[CATEGORIES.get(k, k), texte.nombre(v), f"{texte.nombre(100 * v / repartition.total if repartition.total else 0)}"
              f"{texte.ESPACE_INSECABLE}%"] for k, v in repartition.categories.items()],
        ),
    ]
    if vacances:
        contenu.append(composants.tableau(
            "Vacances de la période comparées aux mêmes vacances un an plus tôt (consommation totale)",
            ["Vacances", f"Cette année ({u})", f"Un an plus tôt ({u})"],
            [[v.nom, _total(v.cette_annee, energie.unite), _total(v.annee_precedente, energie.unite)] for v in vacances],
        ))
    return contenu


def _total(total, unite: str) -> list | str:
    if total is None or total.valeur is None:
        return "aucune donnée"
    return composants.avec_etat(texte.quantite(total.valeur, unite), total.complet)


def objectifs(uai: str, energie: Energie, fin: date) -> list:
    """La trajectoire de l'année du dernier jour affiché, puis les objectifs propres du lycée."""
    annee = (fin - timedelta(days=1)).year
    return [*trajectoire(uai, energie, annee), *objectifs_propres(uai, energie)]


def trajectoire(uai: str | None, energie: Energie, annee: int, identifiant: str | None = None) -> list:
    suivie = donnees.trajectoire(uai, energie, annee)
    if suivie is None or not suivie.mois:
        return [html.P(f"Trajectoire {annee} indisponible (année de référence hors 2010-2029).")]
    if suivie.reference <= 0:
        return [html.P(f"Pas de consommation de référence pour {suivie.annee_reference} : la trajectoire du décret "
                       "tertiaire se calcule dès qu'une année de référence est connue (déclarée ou mesurée).")]
    if not suivie.reference_complete and not suivie.reference_declaree:
        return [html.P(f"Référence {suivie.annee_reference} incomplète (des mois sans relevés complets) : la trajectoire "
                       f"{annee} se tracera quand l'année de référence sera complète, ou déclarée (API, par exemple "
                       "la consommation déclarée sur OPERAT).")]
    mois = pd.DataFrame(
        {"libelle": [texte.MOIS[m.mois.month - 1] for m in suivie.mois],
         "consommation": [m.corrigee if m.corrigee is not None else m.consommation for m in suivie.mois],
         "objectif": [m.objectif for m in suivie.mois], "complet": [m.complet for m in suivie.mois]}
    )
    comptes = [m for m in suivie.mois if m.complet and m.corrigee is not None]
    reduction = 1 - suivie.objectifs_annuels[annee] / suivie.reference
    origine = "déclarée" if suivie.reference_declaree else "mesurée"
    phrase = [f"Référence {suivie.annee_reference} ({origine}) : {texte.quantite(suivie.reference, energie.unite)} ; "
              f"objectif {annee} : {texte.quantite(suivie.objectifs_annuels[annee], energie.unite)} "
              f"({texte.evolution(-reduction)}, en route vers -40 % en 2030). "]
    if comptes:
        reel, vise = sum(m.corrigee for m in comptes), sum(m.objectif for m in comptes)
        phrase += [html.Strong(f"Mois complets : {texte.quantite(reel, energie.unite)} contre "
                               f"{texte.quantite(vise, energie.unite)} visés ({texte.evolution(reel / vise - 1)})."
                               if vise else "")]
    return [
        html.P(phrase),
        html.Figure([
            dcc.Graph(id=identifiant or f"trajectoire-{uai or 'parc'}", figure=figures.trajectoire(mois, energie.unite),
                      config=figures.CONFIGURATION_FIXE),
            composants.alternative_differee("trajectoire", uai=uai, energie=energie.value, annee=annee),
        ], className="figure"),
    ]


@composants.differe("trajectoire")
def tableau_trajectoire(uai: str | None, energie: str, annee: int) -> html.Table | html.P:
    choix = Energie(energie)
    suivie = donnees.trajectoire(uai, choix, annee)
    if suivie is None:
        return html.P("Trajectoire indisponible.")
    u = texte.unite(choix.unite)
    return composants.tableau(
        f"Trajectoire {annee} mois par mois ({u} ; chauffage corrigé du climat)",
        ["Mois", f"Consommation corrigée ({u})", f"Objectif ({u})", "Données"],
        [[texte.MOIS[m.mois.month - 1], _nombre(m.corrigee if m.corrigee is not None else m.consommation),
          texte.nombre(m.objectif), "complet" if m.complet else "incomplet"] for m in suivie.mois],
    )


def progres(suivie, energie: Energie) -> list:
    """Référence, objectif de l'année, mois complets (réel et visé) et écart d'une trajectoire."""
    if suivie is None or suivie.reference <= 0:
        return ["aucune", "—", "—", "—", "—"]
    if not suivie.reference_complete and not suivie.reference_declaree:
        return [f"{suivie.annee_reference}, incomplète", "—", "—", "—", "—"]
    comptes = [m for m in suivie.mois if m.complet and m.corrigee is not None]
    reel, vise = sum(m.corrigee for m in comptes), sum(m.objectif for m in comptes)
    origine = "déclarée" if suivie.reference_declaree else "mesurée"
    return [f"{suivie.annee_reference} ({origine})", texte.nombre(suivie.objectifs_annuels[suivie.annee]),
            texte.nombre(reel) if comptes else "—", texte.nombre(vise) if comptes else "—",
            texte.evolution(reel / vise - 1) if comptes and vise else "—"]


def objectifs_propres(uai: str, energie: Energie) -> list:
    suivis = [s for s in donnees.objectifs_suivis(uai) if s.objectif.energie is energie]
    if not suivis:
        return [html.P("Aucun objectif propre au lycée pour cette énergie (son gestionnaire en fixe un ci-dessous, connecté avec son code d'accès).")]
    return [element for suivi in suivis for element in _objectif_propre(uai, suivi)]


def _objectif_propre(uai: str, suivi) -> list:
    """L'objectif, le bilan de ses mois finis et complets, et ses mois un par un (construits quand
    on les déplie : douze lignes de plus par objectif pèseraient sur la page)."""
    o, cumul = suivi.objectif, suivi.cumul
    atteints = sum(m.statut == "atteint" for m in suivi.mois)
    depasses = cumul["mois_comptes"] - atteints
    bilan = (f"{cumul['mois_comptes']} mois finis et complets : {atteints} atteint{'s' if atteints > 1 else ''}, "
             f"{depasses} dépassé{'s' if depasses > 1 else ''} ; en tout {texte.evolution(-cumul['reduction_pct'] / 100)}, "
             f"pour {texte.evolution(-o.reduction_pct / 100)} visés."
             if cumul["mois_comptes"] and cumul["reduction_pct"] is not None else "Aucun mois fini et complet pour l'instant.")
    return [
        html.P([html.Strong(f"Objectif « {o.libelle or 'sans nom'} » : {texte.evolution(-o.reduction_pct / 100)} par "
                            f"rapport au même mois un an plus tôt, {texte.periode(o.debut, o.fin)}."), " ", bilan]),
        composants.alternative_differee("objectif", "Les mois de l'objectif", uai=uai, identifiant=o.identifiant),
    ]


@composants.differe("objectif")
def tableau_objectif(uai: str, identifiant: str) -> html.Table | html.P:
    suivi = next((s for s in donnees.objectifs_suivis(uai) if s.objectif.identifiant == identifiant), None)
    if suivi is None:
        return html.P("Objectif introuvable.")
    u = texte.unite(suivi.objectif.energie.unite)
    return composants.tableau(
        f"Les mois de l'objectif « {suivi.objectif.libelle or 'sans nom'} »",
        ["Mois", f"Consommation ({u})", f"Un an plus tôt ({u})", f"Objectif ({u})", "Statut"],
        [[texte.mois(m.mois), _nombre(m.consommation), _nombre(m.annee_precedente), _nombre(m.objectif), _statut(m)]
         for m in suivi.mois],
    )


def _nombre(valeur: float | None) -> str:
    return "—" if valeur is None else texte.nombre(valeur)


def _statut(mois) -> list | str:
    libelle = STATUTS.get(mois.statut, mois.statut)
    if mois.manquant:
        return [libelle, " ", html.Span(f"({', '.join(mois.manquant)})", className="incomplet")]
    return libelle


def alertes(uai: str) -> list:
    """Une ligne par alerte, la plus récente d'abord : jour, règle et état en tête, puis le constat,
    la note et l'identifiant (celui qu'on donne au formulaire ou à l'API pour changer son état)."""
    liste = donnees.alertes(uai)
    if not liste:
        return [html.P("Aucune alerte pour ce lycée.")]
    nouvelles = sum(a.etat == "nouvelle" for a in liste)
    return [
        html.P(f"{len(liste)} alerte{'s' if len(liste) > 1 else ''}, dont {nouvelles} nouvelle{'s' if nouvelles > 1 else ''} "
               "(le gestionnaire du lycée et la Région changent leur état ci-dessous, ou par l'API)."),
        html.Ul([
            html.Li([html.Strong(f"{texte.jour(a.jour)} — {a.regle.libelle} [{ETATS.get(a.etat, a.etat)}]"),
                     f" {a.message}{f' Note : {a.note}' if a.note else ''} (identifiant : {a.identifiant})"])
            for a in liste[:20]
        ], className="alertes"),
    ]


def actions(uai: str) -> list:
    mesurees = donnees.actions(uai)
    if not mesurees:
        return [html.P("Aucune action enregistrée (éco-délégués, enseignants et gestionnaires les notent sur la page "
                       "des élèves, connectés avec leur code d'accès).")]
    return [composants.tableau(
        "Les actions du lycée et leur effet estimé (28 jours après, contre les semaines comparables d'avant)",
        ["Action", "Jour", "Type", "Énergie", "Groupe", "Effet estimé"],
        [[f"{k}. {m.action.titre}", texte.jour(m.action.jour), m.action.type.value, texte.NOMS_ENERGIES[m.action.energie],
          m.action.groupe or "—", effet(m.effet)] for k, m in enumerate(mesurees, 1)],
    )]


def effet(effet) -> list | str:
    if effet is None or effet.economie is None:
        return "pas encore mesurable"
    phrase = f"{texte.evolution(-effet.economie)} ({texte.nombre(100 * effet.completude)}{texte.ESPACE_INSECABLE}% des jours comptés)"
    return phrase


def actions_pour_graphique(uai: str, debut: date, fin: date) -> list[tuple]:
    """Les actions de [debut, fin) à marquer sur les courbes : (jour, titre), numérotées comme le tableau."""
    toutes = donnees.actions(uai, effets=False)
    return [(m.action.jour, f"{k}. {m.action.titre}") for k, m in enumerate(toutes, 1) if debut <= m.action.jour < fin]
