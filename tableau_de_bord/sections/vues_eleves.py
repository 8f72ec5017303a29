"""Les vues de la page des élèves (et de l'écran du hall) qui viennent du suivi du lycée : nos
défis et leur classement, la jauge de notre objectif, nos économies en équivalents de tous les
jours, nos actions et leur effet mesuré.
"""

from datetime import date, timedelta

from dash import html

from noyau.domaine import texte
from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
from tableau_de_bord import composants, donnees, ids, suivi

JOURS_EQUIVALENCES = 30
NOMBRE = 4
VUE_DEFIS, VUE_ACTIONS = 0, 3  # leurs rangs parmi les vues du suivi (les formulaires les refont)
DEFIS_MONTRES = 2


def vues(uai: str, fin: date) -> list[list]:
    """Les vues de la page des élèves qui viennent du suivi : défis, objectif, équivalences, actions."""
    return [defis(uai), jauge(uai, fin), equivalences(uai, fin), actions(uai)]


def defis(uai: str) -> list:
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


def jauge(uai: str, fin: date) -> list:
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


def equivalences(uai: str, fin: date) -> list:
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


def actions(uai: str) -> list:
    mesurees = list(reversed(donnees.actions(uai)))[:5]
    if not mesurees:
        return [html.H2("Nos actions"), html.P("Pas encore d'action enregistrée : à vous de jouer !", className="grand-chiffre")]
    return [
        html.H2("Nos actions"),
        html.Ul([html.Li([html.Strong(m.action.titre), f" ({texte.jour(m.action.jour)}"
                          f"{', ' + m.action.groupe if m.action.groupe else ''}) : ", suivi.effet(m.effet)])
                 for m in mesurees], className="actions-eleves"),
    ]
