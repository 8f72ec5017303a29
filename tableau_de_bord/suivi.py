"""Le suivi d'un lycée : talon et heures hors ouverture, trajectoire du décret tertiaire,
objectifs, alertes et actions (page du lycée) ; défis, jauge d'objectif, équivalences et actions
(page des élèves). Chaque nombre vient du noyau (noyau.calculs.analyse, trajectoire, objectifs,
alertes, actions, defis, equivalences) par `tableau_de_bord.donnees`.
"""

from datetime import date, timedelta

import pandas as pd
from dash import dcc, html

from noyau.domaine import texte
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
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
JOURS_EQUIVALENCES = 30


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
          m.action.groupe or "—", _effet(m.effet)] for k, m in enumerate(mesurees, 1)],
    )]


def _effet(effet) -> list | str:
    if effet is None or effet.economie is None:
        return "pas encore mesurable"
    phrase = f"{texte.evolution(-effet.economie)} ({texte.nombre(100 * effet.completude)}{texte.ESPACE_INSECABLE}% des jours comptés)"
    return phrase


def actions_pour_graphique(uai: str, debut: date, fin: date) -> list[tuple]:
    """Les actions de [debut, fin) à marquer sur les courbes : (jour, titre), numérotées comme le tableau."""
    toutes = donnees.actions(uai, effets=False)
    return [(m.action.jour, f"{k}. {m.action.titre}") for k, m in enumerate(toutes, 1) if debut <= m.action.jour < fin]


# --- Page des élèves ---


VUES_ELEVES = 4
VUE_DEFIS, VUE_ACTIONS = 0, 3  # leurs rangs parmi les vues du suivi (les formulaires les refont)
DEFIS_MONTRES = 2


def vues_eleves(uai: str, fin: date) -> list[list]:
    """Les vues de la page des élèves qui viennent du suivi : défis, objectif, équivalences, actions."""
    return [defis_eleves(uai), _jauge(uai, fin), _equivalences(uai, fin), actions_eleves(uai)]


def defis_eleves(uai: str) -> list:
    """Les défis en cours ou à venir que le lycée a acceptés (les plus récents, `DEFIS_MONTRES` au
    plus : la vue tient sur l'écran du hall), sinon le dernier fini ; chacun avec son classement
    calculé à l'instant (jusqu'à hier)."""
    aujourd_hui = donnees.aujourd_hui()
    acceptes = [d for d in donnees.defis(uai) if uai in d.acceptes]
    if not acceptes:
        return [html.H2("Nos défis"), html.P("Pas encore de défi pour notre lycée.", className="grand-chiffre")]
    ouverts = [d for d in acceptes if d.clos_le is None and d.fin > aujourd_hui]
    noms = {s.uai: s.nom for s in donnees.sites()}
    return [element for defi in ouverts[:DEFIS_MONTRES] or acceptes[:1] for element in _defi(defi, noms, aujourd_hui)]


def _defi(defi, noms: dict, aujourd_hui: date) -> list:
    if defi.clos_le is not None:
        etat = f" Clos le {texte.jour(defi.clos_le)} : classement final."
    elif defi.fin <= aujourd_hui:
        etat = " Fini : classement final."
    else:
        etat = ""
    organise = f" Lancé par {noms.get(defi.organisateur, defi.organisateur)}." if defi.organisateur else ""
    return [
        html.H2(f"Défi : {defi.nom}"),
        html.P(f"{texte.NOMS_ENERGIES[defi.energie]}, {texte.periode(defi.debut, defi.fin)} : chacun contre sa propre "
               f"consommation habituelle (mêmes jours des semaines d'avant, chauffage corrigé du climat).{organise}{etat}"),
        composants.tableau(
            f"Le classement du défi « {defi.nom} » (économie : la baisse par rapport à l'habitude)",
            ["Participant", "Rang", "Économie"],
            [[_participant(l.comparaison.participant, noms)
              + (" (invitation en attente)" if l.comparaison.participant.uai in defi.invites else ""),
              str(l.rang) if l.rang else "—",
              texte.evolution(-l.comparaison.economie) if l.comparaison.economie is not None else "pas encore mesurable"]
             for l in donnees.classement(defi)],
        ),
    ]


def _participant(participant, noms: dict) -> str:
    nom = noms.get(participant.uai, participant.uai)
    return nom if participant.compteur is None else f"{nom} — {participant.compteur}"


def _jauge(uai: str, fin: date) -> list:
    """La baisse atteinte contre la baisse visée : l'objectif propre du lycée (mois complets),
    sinon la trajectoire du décret tertiaire de l'année."""
    suivis = [s for s in donnees.objectifs_suivis(uai) if s.objectif.debut <= fin]
    if suivis:
        suivi = suivis[-1]
        comptes = [m for m in suivi.mois if m.complet and m.annee_precedente]
        if comptes:
            atteinte = 100 * (1 - sum(m.consommation for m in comptes) / sum(m.annee_precedente for m in comptes))
            return _vue_jauge(atteinte, suivi.objectif.reduction_pct,
                              f"Objectif « {suivi.objectif.libelle or 'du lycée'} » : {texte.evolution(-suivi.objectif.reduction_pct / 100)}",
                              f"{len(comptes)} mois complets comparés au même mois un an plus tôt.")
    annee = (fin - timedelta(days=1)).year
    suivie = donnees.trajectoire(uai, Energie.ELECTRICITE, annee)
    comptes = [m for m in (suivie.mois if suivie else []) if m.complet and m.corrigee is not None and m.reference]
    if comptes:
        atteinte = 100 * (1 - sum(m.corrigee for m in comptes) / sum(m.reference for m in comptes))
        visee = 100 * (1 - suivie.objectifs_annuels[annee] / suivie.reference)
        return _vue_jauge(atteinte, visee, f"Électricité : baisse visée en {annee} par le décret tertiaire",
                          f"{len(comptes)} mois complets comparés à {suivie.annee_reference}.")
    return [html.H2("Notre objectif"), html.P("Pas encore assez de mois complets pour mesurer notre progrès.",
                                              className="grand-chiffre")]


def _vue_jauge(atteinte: float, visee: float, titre: str, note: str) -> list:
    phrase = "Objectif atteint !" if atteinte >= visee else f"Encore {texte.nombre(visee - atteinte, 1)} points pour l'atteindre."
    return [
        html.H2("Notre objectif"),
        html.Div(composants.jauge(atteinte, visee, titre), id=ids.ELEVES_JAUGE),
        html.P(f"{phrase} {note}"),
    ]


def _equivalences(uai: str, fin: date) -> list:
    """Les kWh d'électricité économisés (ou consommés en plus) sur 30 jours contre les mêmes jours
    un an plus tôt, en équivalents de tous les jours ; seuls comptent les jours complets des deux
    années (un trou d'une heure n'efface pas le reste du mois)."""
    debut = fin - timedelta(days=JOURS_EQUIVALENCES)
    cette, avant, jours = _jours_complets_des_deux_annees(uai, debut, fin)
    titre = html.H2(f"En équivalents : nos {JOURS_EQUIVALENCES} derniers jours")
    if not jours:
        return [titre, html.P("Pas encore de comparaison complète avec l'an dernier.", className="grand-chiffre")]
    ecart = avant - cette
    e = donnees.equivalences(uai, Energie.ELECTRICITE, abs(ecart))
    sens = "économisés" if ecart >= 0 else "consommés en plus"
    items = [(e.kg_co2e, "{} kg", "de CO2 (équivalent)"), (e.euros, "{} €", "d'électricité"),
             (e.recharges_smartphone, "{}", "recharges de smartphone"), (e.km_voiture, "{} km", "en voiture"),
             (e.heures_television, "{} h", "de télévision")]
    items = [(forme.format(texte.nombre(valeur)), libelle) for valeur, forme, libelle in items if valeur is not None]
    return [
        titre,
        html.P([html.Span(texte.quantite(abs(ecart), "kWh"), className="chiffre"),
                f" d'électricité {sens} par rapport aux mêmes jours de l'an dernier"
                + ("" if jours == JOURS_EQUIVALENCES else f" (sur {jours} jours complets les deux années)") + ", c'est :"],
               className="grand-chiffre"),
        html.Ul([html.Li([html.Strong(valeur), f" {libelle}"]) for valeur, libelle in items], className="equivalents"),
        html.P("Facteurs d'émission ADEME et tarif du lycée : voir la documentation des méthodes.", className="note"),
    ]


def _jours_complets_des_deux_annees(uai: str, debut: date, fin: date) -> tuple[float, float, int]:
    """L'électricité de [debut, fin) et celle des mêmes jours un an plus tôt, sur les seuls jours
    complets des deux côtés : (cette année, l'an dernier, nombre de jours)."""
    cette = donnees.points(donnees.consommation(uai, Energie.ELECTRICITE, debut, fin, Pas.JOUR))
    passe = donnees.points(donnees.consommation(uai, Energie.ELECTRICITE, donnees.meme_jour_an_passe(debut),
                                                donnees.meme_jour_an_passe(fin), Pas.JOUR))
    an_passe = {d.date(): v for d, v, complet in zip(passe["debut"], passe["valeur"], passe["complet"]) if complet}
    paires = [(v, an_passe[j]) for d, v, complet in zip(cette["debut"], cette["valeur"], cette["complet"])
              if complet and (j := donnees.meme_jour_an_passe(d.date())) in an_passe]
    return sum(p[0] for p in paires), sum(p[1] for p in paires), len(paires)


def actions_eleves(uai: str) -> list:
    mesurees = list(reversed(donnees.actions(uai)))[:5]
    if not mesurees:
        return [html.H2("Nos actions"), html.P("Pas encore d'action enregistrée : à vous de jouer !", className="grand-chiffre")]
    return [
        html.H2("Nos actions"),
        html.Ul([html.Li([html.Strong(m.action.titre), f" ({texte.jour(m.action.jour)}"
                          f"{', ' + m.action.groupe if m.action.groupe else ''}) : ", _effet(m.effet)])
                 for m in mesurees], className="actions-eleves"),
    ]
