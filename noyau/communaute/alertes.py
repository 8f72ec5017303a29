"""Les alertes d'un lycée, levées par une tâche planifiée (enerlycee.planification) ; leur état
(`nouvelle`, `prise-en-charge`, `resolue`, `fausse-alerte`) est tenu par noyau.communaute.file_alertes.

Règles (seuils dans `Seuils`, réglables par `enerlycee taches`) :

- **kit silencieux** : aucun relevé d'énergie pendant plus de `silence_heures` (6 h). En
  direct, d'après la dernière réception (`dernier_recu` des séries) ; après coup, d'après les
  trous entre les relevés des agrégats horaires des `jours_examines` derniers jours (un kit
  revenu sans rattraper ses relevés laisse un trou) ;
- **week-end**, **nuit** (0 h - 5 h) et **vacances** (jour ouvré sans classe) : puissance
  moyenne au-delà de `facteur_hors_occupation` (1,5) fois l'habitude du lycée, chauffage
  corrigé du climat (noyau.communaute.anomalies : médiane des `week_ends_reference` (8) week-ends, des
  14 nuits, des 10 jours ouvrés sans classe précédents de même nature, veilles d'un jour de
  classe ou non) ;
- **objectif** : un mois complet d'un objectif du lycée (noyau.communaute.objectifs) dépasse sa cible ;
- **numérique hors occupation** (`numerique-hors-occupation`) : un équipement numérique (compteur
  d'usage `numerique-…`) tire, la nuit avant un jour de classe ou un jour ouvré sans classe, plus
  de `facteur_hors_occupation` fois sa propre habitude (noyau.communaute.anomalies.anomalies_numeriques) ;
- **surchauffe**, **co2** et **chauffage-inoccupe** : une semaine de la saison de chauffe où des
  salles dépassent `surchauffe_c` (21 °C) en moyenne pendant les cours ; une semaine où des salles
  restent au-dessus de 1 500 ppm de CO2 une heure de cours entière ; une fermeture (week-end,
  vacances) où des salles restent au-dessus de 16 °C passé 24 h sans personne
  (noyau.communaute.anomalies_ambiance). Surchauffe et CO2 : pas de nouvelle alerte tant que la
  précédente de la même règle est ouverte (nouvelle ou prise en charge).

Une même condition, pour un même lycée et un même jour (début du silence, samedi du week-end,
jour de la nuit ou de vacances, mois de l'objectif), ne lève qu'une alerte : son identifiant en est fait, et
une alerte déjà rangée (même résolue) n'est jamais recréée. Une alerte prise en charge ne se répète pas :
tant qu'elle l'est, la même règle ne lève plus d'alerte pour le même sujet (compteur, objectif ou
énergie) de ce lycée. Rangées dans la collection `alertes`, au lycée.
"""

import logging
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from noyau.calculs.confort import CO2_ACTION_PPM, LIMITE_24H_C
from noyau.calculs.numerique import nom_d_usage
from noyau.communaute.anomalies import Anomalie, anomalies, anomalies_numeriques
from noyau.communaute.anomalies_ambiance import SURCHAUFFE_C, ConstatAmbiance, constats_ambiance
from noyau.communaute.file_alertes import OUVERTS, Alerte, alertes, ranger
from noyau.communaute.objectifs import objectifs, suivre
from noyau.communaute.regles import Regle
from noyau.domaine import texte
from noyau.domaine.erreurs import ErreurEnerlycee
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Nature
from noyau.domaine.temps import a_paris, en_texte, maintenant
from noyau.stockage import Stockage

DURABLES = (Regle.SURCHAUFFE, Regle.CO2)  # une alerte par épisode (ambiances_anormales)
# Ce que l'alerte dit de la correction climatique de l'habitude (noyau.communaute.anomalies).
CLIMAT = {"sans_objet": "", "appliquee": ", chauffage corrigé du climat",
          "impossible": ", chauffage non corrigé du climat : degrés-jours indisponibles"}

journal = logging.getLogger(__name__)


@dataclass(frozen=True)
class Seuils:
    silence_heures: float = 6.0
    facteur_hors_occupation: float = 1.5
    week_ends_reference: int = 8
    jours_examines: int = 14
    surchauffe_c: float = SURCHAUFFE_C


def verifier_tout(stockage: Stockage, seuils: Seuils, instant: float | None = None) -> int:
    """Examine chaque lycée ; renvoie le nombre d'alertes nouvelles. Un lycée en erreur est
    signalé au journal sans arrêter les autres."""
    levees = 0
    for site in stockage.sites():
        try:
            levees += len(verifier_site(stockage, site.uai, seuils, instant))
        except ErreurEnerlycee as erreur:
            journal.warning("alertes du lycée %s non examinées : %s", site.uai, erreur)
    journal.info("alertes : %d nouvelle(s)", levees)
    return levees


def verifier_site(stockage: Stockage, uai: str, seuils: Seuils, instant: float | None = None) -> list[Alerte]:
    """Applique les règles au lycée et range les alertes nouvelles, qu'il renvoie."""
    instant = maintenant() if instant is None else instant
    candidates = kits_silencieux(stockage, uai, seuils, instant) + consommations_anormales(stockage, uai, seuils, instant)
    candidates += objectifs_depasses(stockage, uai, instant) + numeriques_hors_occupation(stockage, uai, seuils, instant)
    candidates += ambiances_anormales(stockage, uai, seuils, instant)
    rangees = alertes(stockage, uai)
    connues = {a.identifiant for a in rangees}
    prises_en_charge = {a.sujet for a in rangees if a.etat == "prise-en-charge"}
    levee_le = maintenant()
    nouvelles = list({a.identifiant: replace(a, modifiee_le=instant, levee_le=levee_le) for a in candidates
                      if a.identifiant not in connues and a.sujet not in prises_en_charge}.values())
    for alerte in nouvelles:
        ranger(stockage, alerte)
    return nouvelles


def kits_silencieux(stockage: Stockage, uai: str, seuils: Seuils, instant: float) -> list[Alerte]:
    series = [s for s in stockage.series(uai) if s.grandeur.nature is not Nature.AMBIANCE]
    if not series:
        return []
    limite = seuils.silence_heures * 3600
    silences = []
    dernier_recu, dernier = max(s.dernier_recu for s in series), max(s.dernier for s in series)
    if instant - dernier_recu > limite:
        silences.append((dernier, None))
    debut = instant - seuils.jours_examines * 86400
    bornes = [np.concatenate((h.t_premier, h.t_dernier)) for h in
              (stockage.lire_heures(uai, s.compteur, s.grandeur, debut, instant) for s in series)]
    instants = np.unique(np.concatenate(bornes))
    instants = instants[instants <= instant]
    for k in np.flatnonzero(np.diff(instants) > limite):
        silences.append((float(instants[k]), float(instants[k + 1])))
    return [_silence(uai, depuis, jusqu_a, instant) for depuis, jusqu_a in silences]


def _silence(uai: str, depuis: float, jusqu_a: float | None, instant: float) -> Alerte:
    jour = a_paris(depuis).date()
    heures = ((jusqu_a or instant) - depuis) / 3600
    fin = f"jusqu'au {texte.instant(jusqu_a)}" if jusqu_a else "toujours silencieux"
    message = f"Kit silencieux : aucun relevé d'énergie du {texte.instant(depuis)} {fin} ({texte.quantite(heures, 'h')})."
    details = {"depuis": en_texte(depuis), "jusqu_a": en_texte(jusqu_a) if jusqu_a else None, "heures": round(heures, 1)}
    return Alerte(f"{uai}-{Regle.KIT_SILENCIEUX}-{jour}", uai, Regle.KIT_SILENCIEUX, jour, message, details)


def consommations_anormales(stockage: Stockage, uai: str, seuils: Seuils, instant: float) -> list[Alerte]:
    """Les week-ends, les nuits et les jours de vacances au-delà de l'habitude (noyau.communaute.anomalies)."""
    trouvees = anomalies(stockage, uai, a_paris(instant).date(), seuils.jours_examines, seuils.facteur_hors_occupation,
                         seuils.week_ends_reference)
    return [_anomalie(uai, a, seuils) for a in trouvees]


def _quand(a: Anomalie) -> str:
    if a.regle is Regle.WEEK_END:
        return f"Week-end du {texte.jour(a.jour)}"
    if a.regle is Regle.VACANCES:
        return f"Jour sans classe du {texte.jour(a.jour)}"
    return f"Nuit du {a.jour - timedelta(days=1):%d/%m} au {texte.jour(a.jour)} (0 h - 5 h)"


def _anomalie(uai: str, a: Anomalie, seuils: Seuils) -> Alerte:
    unite, chiffres = ("m³/h", 2) if a.energie is Energie.EAU else ("kW", 1)
    climat = CLIMAT[a.correction_climatique]
    message = (f"{_quand(a)} : {texte.ENERGIES[a.energie]} à {texte.quantite(a.puissance, unite, chiffres)} en moyenne, "
               f"{texte.nombre(a.puissance / a.habituelle, 1)} fois l'habitude ({texte.quantite(a.habituelle, unite, chiffres)}, "
               f"médiane des {a.references} {a.semblables}{climat}).")
    details = {"energie": a.energie.value, "puissance_moyenne": round(a.puissance, 3), "habituelle": round(a.habituelle, 3),
               "unite": unite, "facteur": round(a.puissance / a.habituelle, 2), "seuil": seuils.facteur_hors_occupation}
    return Alerte(f"{uai}-{a.regle}-{a.energie.value}-{a.jour}", uai, a.regle, a.jour, message, details)


def numeriques_hors_occupation(stockage: Stockage, uai: str, seuils: Seuils, instant: float) -> list[Alerte]:
    """Les équipements numériques qui tirent, la nuit ou un jour sans classe, au-delà de leur
    propre habitude (noyau.communaute.anomalies.anomalies_numeriques) : une alerte par compteur,
    par jour et par plage."""
    trouvees = anomalies_numeriques(stockage, uai, a_paris(instant).date(), seuils.jours_examines, seuils.facteur_hors_occupation)
    return [_numerique(uai, compteur, a, seuils) for compteur, a in trouvees]


def _numerique(uai: str, compteur: Compteur, a: Anomalie, seuils: Seuils) -> Alerte:
    message = (f"{_quand(a)} : numérique ({nom_d_usage(compteur.usage)}, compteur {compteur.compteur}) à "
               f"{texte.quantite(a.puissance, 'kW', 2)} en moyenne, {texte.nombre(a.puissance / a.habituelle, 1)} fois son "
               f"habitude ({texte.quantite(a.habituelle, 'kW', 2)}, médiane des {a.references} {a.semblables}) : "
               "équipement resté allumé ?")
    details = {"compteur": compteur.compteur, "usage": compteur.usage, "plage": a.regle,
               "puissance_moyenne": round(a.puissance, 3), "habituelle": round(a.habituelle, 3), "unite": "kW",
               "facteur": round(a.puissance / a.habituelle, 2), "seuil": seuils.facteur_hors_occupation}
    return Alerte(f"{uai}-{Regle.NUMERIQUE_HORS_OCCUPATION}-{compteur.compteur}-{a.regle}-{a.jour}", uai,
                  Regle.NUMERIQUE_HORS_OCCUPATION, a.jour, message, details)


def ambiances_anormales(stockage: Stockage, uai: str, seuils: Seuils, instant: float) -> list[Alerte]:
    """Les salles surchauffées, confinées, ou chauffées lycée vide (noyau.communaute.anomalies_ambiance).
    Surchauffe et CO2 durent des semaines : une alerte par épisode, pas une par semaine ; tant que
    celle de la règle n'est pas close, les semaines suivantes n'en lèvent pas d'autre."""
    trouves = constats_ambiance(stockage, uai, a_paris(instant).date(), seuils.jours_examines, seuils.surchauffe_c)
    rangees = alertes(stockage, uai)
    connues, ouvertes = {a.identifiant for a in rangees}, {a.regle for a in rangees if a.etat in OUVERTS}
    levees = []
    for constat in sorted(trouves, key=lambda c: c.jour):
        if _identifiant(uai, constat) in connues:
            continue
        if constat.regle in DURABLES:
            if constat.regle in ouvertes:
                continue
            ouvertes.add(constat.regle)
        levees.append(_ambiance(uai, constat, seuils))
    return levees


def _ambiance(uai: str, c: ConstatAmbiance, seuils: Seuils) -> Alerte:
    if c.regle is Regle.SURCHAUFFE:
        salles = ", ".join(f"{s.salle} à {texte.nombre(s.valeur, 1)} °C" for s in c.salles)
        message = (f"Semaine du {texte.jour(c.jour)} : salles trop chauffées pendant les cours ({salles} en moyenne ; "
                   "19 °C au plus, code de l'énergie R241-26) : chaque degré de trop coûte environ 7 % de chauffage.")
    elif c.regle is Regle.CO2:
        salles = ", ".join(f"{s.salle} {texte.nombre(s.valeur)} h ({_jours(s.jours)})" for s in c.salles)
        message = (f"Semaine du {texte.jour(c.jour)} : CO2 au-dessus de 1 500 ppm une heure de cours entière ou plus ({salles}) : "
                   "l'air est confiné, aérer 5 minutes toutes les heures.")
    else:
        salles = ", ".join(f"{s.salle} à {texte.nombre(s.valeur, 1)} °C" for s in c.salles)
        message = (f"Lycée vide depuis le {texte.instant(c.depuis)} : salles encore chauffées passé 24 h ({salles} en moyenne ; "
                   "16 °C au plus de 24 à 48 h sans personne, 8 °C au-delà, code de l'énergie R241-27).")
    seuil = {Regle.SURCHAUFFE: seuils.surchauffe_c, Regle.CO2: CO2_ACTION_PPM}.get(c.regle, LIMITE_24H_C)
    details = {"salles": [{"salle": s.salle, "valeur": round(s.valeur, 2), "jours": [j.isoformat() for j in s.jours]}
                          for s in c.salles], "unite": "h" if c.regle is Regle.CO2 else "°C", "seuil": seuil}
    return Alerte(_identifiant(uai, c), uai, c.regle, c.jour, message, details)


def _identifiant(uai: str, constat: ConstatAmbiance) -> str:
    return f"{uai}-{constat.regle}-{constat.jour}"


def _jours(jours: tuple[date, ...]) -> str:
    noms = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    return ", ".join(noms[j.weekday()] for j in jours)


def objectifs_depasses(stockage: Stockage, uai: str, instant: float) -> list[Alerte]:
    """Les mois complets, déjà finis, où la consommation dépasse la cible d'un objectif du lycée."""
    resultat = []
    for objectif in objectifs(stockage, uai):
        for mois in suivre(stockage, objectif).mois:
            if mois.statut != "depasse":
                continue
            libelle = objectif.libelle or f"{texte.evolution(-objectif.reduction_pct / 100)} {texte.de(texte.ENERGIES[objectif.energie])}"
            unite = objectif.energie.unite
            message = (f"Objectif « {libelle} » dépassé en {texte.mois(mois.mois)} : {texte.quantite(mois.consommation, unite)} "
                       f"pour une cible de {texte.quantite(mois.objectif, unite)}.")
            details = {"objectif": objectif.identifiant, "energie": objectif.energie.value,
                       "consommation": mois.consommation, "cible": mois.objectif}
            resultat.append(Alerte(f"{uai}-{Regle.OBJECTIF}-{objectif.identifiant}-{mois.mois:%Y-%m}", uai, Regle.OBJECTIF,
                                   mois.mois, message, details))
    return resultat
