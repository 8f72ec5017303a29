"""Le confort et l'air des salles dans le tableau de bord : la section de la page d'un lycée (chaque
salle cette semaine et depuis le début de la saison de chauffe, les plus surchauffées d'abord, leur
courbe jour de cours par jour de cours avec les actions, l'effet des actions sur la salle) et le
classement régional des lycées par degrés-heures de surchauffe. Chaque nombre vient du noyau
(noyau.calculs.confort, noyau.communaute.actions_confort) ; l'air « maintenant » des élèves et de
l'écran du hall est dans tableau_de_bord.sections.air.

Les sections se remplissent par un rappel, après le reste de la page.
"""

from datetime import date, timedelta

import dash
import pandas as pd
from dash import Input, Output, State, dcc, html

from noyau.calculs.ambiance import nom_de_salle, salles_du_lycee
from noyau.calculs.confort import CONSIGNE_MAX_C, ConfortLycee, ConfortSalle, confort_lycee, jours_de_cours
from noyau.communaute.actions import actions
from noyau.communaute.actions_confort import effet_sur_la_salle
from noyau.domaine import texte
from noyau.domaine.calendrier import debut_de_saison
from tableau_de_bord import composants, donnees, ids, suivi
from tableau_de_bord.sections import figures_ambiance

SANS_SONDE = ("Aucune sonde de salle pour ce lycée : une sonde (compteur sans énergie, nommé par exemple "
              "« salle-b12 ») qui publie temperature_c et co2_ppm montrerait ici le confort et l'air de la salle.")
E = texte.ESPACE_INSECABLE
PREMIERS_LYCEES = 5  # sur la page régionale ; les autres quand on les déplie


def section_lycee() -> list:
    return [html.H2("Le confort et l'air des salles"),
            dcc.Loading(html.Div(html.P("Chargement…", className="note"), id=ids.LYCEE_AMBIANCE))]


def section_region() -> list:
    return [html.H2("Les salles trop chauffées, lycée par lycée"),
            dcc.Loading(html.Div(html.P("Chargement…", className="note"), id=ids.REGION_AMBIANCE))]


def fenetres(fin: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """La semaine (les 7 jours qui finissent avec la période) et la saison de chauffe jusqu'à sa fin."""
    return (fin - timedelta(days=7), fin), (debut_de_saison(fin - timedelta(days=1)), fin)


# --- Page d'un lycée ---


def lycee(dernier_jour: str | None, uai: str) -> list:
    """Rappel, à l'ouverture puis à chaque fin de période : la semaine et la saison de chaque salle."""
    if not dernier_jour:
        raise dash.exceptions.PreventUpdate
    fin = date.fromisoformat(dernier_jour[:10]) + timedelta(days=1)
    if not salles_du_lycee(donnees.stockage(), uai):
        return [html.P(SANS_SONDE)]
    (semaine_debut, _), (saison_debut, _) = fenetres(fin)
    saison = confort_lycee(donnees.stockage(), uai, donnees.minuit(saison_debut), donnees.minuit(fin))
    semaine = {s.compteur: s for s in confort_lycee(donnees.stockage(), uai, donnees.minuit(semaine_debut), donnees.minuit(fin)).salles}
    return [
        html.P(_phrase(saison, saison_debut, fin), className="total"),
        _tableau_chaleur(saison, semaine, saison_debut, fin),
        composants.alternative_differee("lycee-air", f"L'air des salles : heures au-dessus de 1 000 et de 1 500{E}ppm de CO2",
                                        uai=uai, fin=fin.isoformat()),
        *_courbe(uai, saison_debut, fin),
        *_effets(uai, fin),
        html.P("Heures de cours : les horaires du lycée, hors vacances de sa zone, jours fériés et fermetures ; saison de chauffe : "
               "du 1er octobre au 20 mai. Méthodes et sources : docs/methodes.md (« Le confort et l'air des salles »).",
               className="note"),
    ]


def _phrase(saison: ConfortLycee, debut: date, fin: date) -> list:
    if saison.exces_moyen is None:
        return [f"Aucune heure de cours mesurée {texte.periode(debut, fin)} pendant la saison de chauffe."]
    temperature = sum(s.temperature_moyenne * s.heures_de_cours for s in saison.salles if s.temperature_moyenne is not None)
    phrase = [f"Saison de chauffe, {texte.periode(debut, fin)} : les {len(saison.salles)} salles mesurées ont été à ",
              html.Strong(f"{texte.nombre(temperature / saison.heures_de_cours, 1)}{E}°C"), " en moyenne pendant les cours, "]
    if saison.exces_moyen <= 0:
        return phrase + [f"jamais au-dessus des {texte.nombre(CONSIGNE_MAX_C)}{E}°C du code de l'énergie (R241-26)."]
    phrase += [html.Strong(f"{texte.nombre(saison.exces_moyen, 1)}{E}°C au-dessus de {texte.nombre(CONSIGNE_MAX_C)}{E}°C"),
               " en moyenne (code de l'énergie, R241-26)"]
    if saison.surcout_kwh is None:
        return phrase + [" ; chauffage en trop inconnu (aucun compteur de chauffage mesuré)."]
    return phrase + [" : environ ", html.Strong(f"{texte.quantite(saison.surcout_kwh, 'kWh')} de chauffage en trop"),
                     " (7 % par degré, règle de l'ADEME ; une estimation)."]


def _tableau_chaleur(saison: ConfortLycee, semaine: dict, debut: date, fin: date) -> html.Table:
    return composants.tableau(
        f"La chaleur des salles pendant les cours, des plus surchauffées aux moins (saison {texte.periode(debut, fin)})",
        ["Salle", "Cette semaine (°C en cours)", "Saison (°C en cours)", "Degrés-heures au-dessus de 19 °C",
         "Chauffage en trop estimé", "Lycée vide : heures au-dessus de 16 °C (24 à 48 h) / 8 °C (48 h et plus)"],
        [[s.salle, _degres(semaine.get(s.compteur)), _degres(s), texte.nombre(s.degres_heures), _pourcent(s.surcout),
          f"{texte.nombre(s.heures_vide_16)} h / {texte.nombre(s.heures_vide_8)} h"] for s in saison.pires],
    )


@composants.differe("lycee-air")
def tableau_air(uai: str, fin: str) -> html.Table:
    """L'air de chaque salle, la semaine et la saison (construit quand on le déplie : la page reste légère)."""
    jour_fin = date.fromisoformat(fin)
    (semaine_debut, _), (debut, _) = fenetres(jour_fin)
    saison = confort_lycee(donnees.stockage(), uai, donnees.minuit(debut), donnees.minuit(jour_fin))
    semaine = {s.compteur: s for s in confort_lycee(donnees.stockage(), uai, donnees.minuit(semaine_debut), donnees.minuit(jour_fin)).salles}
    salles = sorted(saison.salles, key=lambda s: (-s.heures_co2_guide, s.salle))
    return composants.tableau(
        f"L'air des salles pendant les cours : heures au-dessus de 1 000 et de 1 500 ppm de CO2 ({texte.periode(debut, jour_fin)})",
        ["Salle", "Cette semaine : part des heures au-dessus de 1 000 ppm", "Saison : heures au-dessus de 1 000 ppm",
         "Saison : heures au-dessus de 1 500 ppm", "Heures de cours mesurées"],
        [[s.salle, _pourcent(_part_co2(semaine.get(s.compteur))), texte.nombre(s.heures_co2_guide),
          texte.nombre(s.heures_co2_action), texte.nombre(s.heures_co2)] for s in salles],
    )


def _degres(salle: ConfortSalle | None) -> str:
    if salle is None or salle.temperature_moyenne is None:
        return "—"
    return f"{texte.nombre(salle.temperature_moyenne, 1)}{E}°C"


def _pourcent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{texte.nombre(100 * fraction)}{E}%"


def _part_co2(salle: ConfortSalle | None) -> float | None:
    return None if salle is None or not salle.heures_co2 else salle.heures_co2_guide / salle.heures_co2


def courbes(uai: str, debut: date, fin: date) -> pd.DataFrame:
    """Chaque jour de cours de chaque salle : colonnes salle, jour, temperature, co2."""
    lignes = [(nom_de_salle(sonde.compteur, sonde.usage), j.jour, j.temperature, j.co2)
              for sonde in salles_du_lycee(donnees.stockage(), uai)
              for j in jours_de_cours(donnees.stockage(), uai, sonde.compteur, debut, fin)]
    return pd.DataFrame(lignes, columns=["salle", "jour", "temperature", "co2"])


def _courbe(uai: str, debut: date, fin: date) -> list:
    jours = courbes(uai, debut, fin)
    return [
        html.P(f"La température moyenne de chaque salle pendant les cours, jour de classe par jour de classe "
               f"({texte.periode(debut, fin)}) ; le trait pointillé : les {texte.nombre(CONSIGNE_MAX_C)}{E}°C du code de "
               "l'énergie ; les actions numérotées comme dans « Actions du lycée et leur effet »."),
        html.Figure([
            dcc.Graph(id=ids.LYCEE_AMBIANCE_GRAPHIQUE, config=figures_ambiance.CONFIGURATION,
                      figure=figures_ambiance.temperatures_des_cours(jours, suivi.actions_pour_graphique(uai, debut, fin))),
            composants.alternative_differee("lycee-ambiance", uai=uai, debut=debut.isoformat(), fin=fin.isoformat()),
        ], className="figure"),
    ]


@composants.differe("lycee-ambiance")
def tableau_courbe(uai: str, debut: str, fin: str) -> html.Table:
    jours = courbes(uai, date.fromisoformat(debut), date.fromisoformat(fin))
    return composants.tableau(
        "Température et CO2 moyens de chaque salle pendant les cours, par jour de classe",
        ["Jour", "Salle", "Température (°C)", "CO2 (ppm)"],
        [[texte.jour(j.jour), j.salle, _nombre(j.temperature, 1), _nombre(j.co2)] for j in jours.sort_values(["jour", "salle"]).itertuples()],
    )


def _nombre(valeur, decimales: int = 0) -> str:
    return "—" if valeur is None or pd.isna(valeur) else texte.nombre(valeur, decimales)


def _effets(uai: str, fin: date) -> list:
    """Les actions qui nomment une salle : ce qu'elles ont changé pendant les cours."""
    effets = [(a, effet) for a in actions(donnees.stockage(), uai) if a.jour < fin
              and (effet := effet_sur_la_salle(donnees.stockage(), a, fin)) is not None]
    if not effets:
        return []
    return [composants.tableau(
        "L'effet des actions sur leur salle : les heures de cours des 28 jours d'avant et des 28 jours depuis",
        ["Action", "Salle", "Température en cours (avant → après)", "Heures au-dessus de 1 000 ppm (avant → après)"],
        [[f"{a.titre} ({texte.jour(a.jour)})", e.salle, f"{_degres(e.avant)} → {_degres(e.apres)}",
          f"{_pourcent(e.part_co2_avant)} → {_pourcent(e.part_co2_apres)}"] for a, e in effets],
    )]


# --- Vue régionale ---


def region(dernier_jour: str | None) -> list:
    """Rappel : les lycées qui ont des sondes de salle, par degrés-heures au-dessus de 19 °C par salle
    depuis le début de la saison de chauffe, les plus surchauffés d'abord."""
    if not dernier_jour:
        raise dash.exceptions.PreventUpdate
    fin = date.fromisoformat(dernier_jour[:10]) + timedelta(days=1)
    (_, _), (debut, _) = fenetres(fin)
    noms = {s.uai: s for s in donnees.sites()}
    lycees = [c for uai in noms if (c := confort_lycee(donnees.stockage(), uai, donnees.minuit(debut), donnees.minuit(fin))).salles]
    if not lycees:
        return [html.P("Aucun lycée n'a encore de sonde de salle (compteur sans énergie qui publie la température d'une salle).")]
    classes = sorted(lycees, key=lambda c: (-_par_salle(c.salles, "degres_heures"), noms[c.uai].nom))
    return [
        html.P(f"Saison de chauffe, {texte.periode(debut, fin)} : degrés-heures au-dessus de {texte.nombre(CONSIGNE_MAX_C)}{E}°C "
               "pendant les cours, en moyenne par salle mesurée (code de l'énergie, R241-26) ; chauffage en trop estimé à "
               "7 % par degré (ADEME)."),
        _tableau_region(classes[:PREMIERS_LYCEES], noms, "Les lycées aux salles les plus surchauffées"),
        *([composants.alternative_differee("region-ambiance", f"Les {len(classes)} lycées mesurés", fin=fin.isoformat())]
          if len(classes) > PREMIERS_LYCEES else []),
    ]


@composants.differe("region-ambiance")
def tableau_region(fin: str) -> html.Table:
    """Tous les lycées mesurés, construits quand on les déplie (la page reste légère)."""
    jour_fin = date.fromisoformat(fin)
    (_, _), (debut, _) = fenetres(jour_fin)
    noms = {s.uai: s for s in donnees.sites()}
    lycees = [c for uai in noms if (c := confort_lycee(donnees.stockage(), uai, donnees.minuit(debut), donnees.minuit(jour_fin))).salles]
    classes = sorted(lycees, key=lambda c: (-_par_salle(c.salles, "degres_heures"), noms[c.uai].nom))
    return _tableau_region(classes, noms, "Les lycées, des salles les plus surchauffées aux moins")


def _tableau_region(classes: list, noms: dict, titre: str) -> html.Table:
    return composants.tableau(
        titre,
        ["Lycée", "Rang", "Salles mesurées", "Degrés-heures par salle", "Excès moyen en cours", "Chauffage en trop estimé",
         "Heures au-dessus de 1 500 ppm par salle"],
        [[dcc.Link(noms[c.uai].nom, href=f"/lycee/{c.uai}"), str(rang), str(len(c.salles)),
          texte.nombre(_par_salle(c.salles, "degres_heures")),
          "—" if c.exces_moyen is None else f"{texte.nombre(c.exces_moyen, 1)}{E}°C",
          "—" if c.surcout_kwh is None else texte.quantite(c.surcout_kwh, "kWh"),
          texte.nombre(_par_salle(c.salles, "heures_co2_action"), 1)] for rang, c in enumerate(classes, 1)],
    )


def _par_salle(salles: list[ConfortSalle], champ: str) -> float:
    return sum(getattr(s, champ) for s in salles) / len(salles)


def enregistrer_lycee(app: dash.Dash) -> None:
    app.callback(Output(ids.LYCEE_AMBIANCE, "children"), Input(ids.LYCEE_FIN, "date"), State(ids.LYCEE_UAI, "data"))(lycee)


def enregistrer_region(app: dash.Dash) -> None:
    app.callback(Output(ids.REGION_AMBIANCE, "children"), Input(ids.REGION_FIN, "date"))(region)
