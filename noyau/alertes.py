"""Les alertes d'un lycée, levées par une tâche planifiée (enerlycee.planification), avec un
état : `nouvelle`, `vue`, `close`.

Règles (seuils dans `Seuils`, réglables par `enerlycee taches`) :

- **kit silencieux** : aucun relevé d'énergie pendant plus de `silence_heures` (6 h). En
  direct, d'après la dernière réception (`dernier_recu` des séries) ; après coup, d'après les
  trous entre les relevés des agrégats horaires des `jours_examines` derniers jours (un kit
  revenu sans rattraper ses relevés laisse un trou) ;
- **week-end** : la puissance moyenne d'un week-end (samedi et dimanche, compteurs principaux
  de chaque énergie) dépasse `facteur_week_end` (1,5) fois la médiane des `week_ends_reference`
  (8) week-ends complets précédents (4 au moins), dont la part chauffage est corrigée des DJU
  (rapport des DJU du week-end à la moyenne de ceux des week-ends de référence) ; pour une
  énergie de chauffage, le week-end et ses références sont pris dans la saison de chauffe
  (du 1er octobre au 20 mai, convention française des DJU) : l'allumage du chauffage à
  l'automne n'est pas une anomalie ;
- **objectif** : un mois complet d'un objectif du lycée (noyau.objectifs) dépasse sa cible.

Une même condition, pour un même lycée et un même jour (début du silence, samedi du week-end,
mois de l'objectif), ne lève qu'une alerte : son identifiant en est fait, et une alerte déjà
rangée (même close) n'est jamais recréée. Rangées dans la collection `alertes`, au lycée.
"""

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from statistics import median

import numpy as np

from noyau.domaine import Nature
from noyau.erreurs import DonneeInvalide, ErreurEnerlycee, Introuvable
from noyau.identifiants import Energie
from noyau.lecture import consommation_site
from noyau.meteo import dju_journaliers
from noyau.objectifs import objectifs, suivre
from noyau.periodes import Pas
from noyau.referentiel import part_chauffage
from noyau.stockage import Document, Stockage
from noyau.temps import PARIS, a_paris, en_texte, maintenant

COLLECTION = "alertes"
ETATS = ("nouvelle", "vue", "close")
WEEK_ENDS_MIN = 4
DEBUT_SAISON, FIN_SAISON = (10, 1), (5, 20)  # saison de chauffe (mois, jour)

journal = logging.getLogger(__name__)


@dataclass(frozen=True)
class Seuils:
    silence_heures: float = 6.0
    facteur_week_end: float = 1.5
    week_ends_reference: int = 8
    jours_examines: int = 14


@dataclass(frozen=True)
class Alerte:
    identifiant: str
    uai: str
    regle: str  # kit-silencieux, week-end, objectif
    jour: date
    message: str
    details: dict
    etat: str = "nouvelle"
    modifiee_le: float = 0.0


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
    candidates = kits_silencieux(stockage, uai, seuils, instant) + week_ends(stockage, uai, seuils, instant)
    candidates += objectifs_depasses(stockage, uai, instant)
    connues = {d.identifiant for d in stockage.documents(COLLECTION, uai)}
    nouvelles = list({a.identifiant: replace(a, modifiee_le=instant) for a in candidates if a.identifiant not in connues}.values())
    for alerte in nouvelles:
        stockage.enregistrer_document(Document(COLLECTION, alerte.identifiant, uai, _contenu(alerte), alerte.modifiee_le))
    return nouvelles


def alertes(stockage: Stockage, uai: str, etat: str | None = None) -> list[Alerte]:
    """Les alertes du lycée, de la plus récente à la plus ancienne (par jour)."""
    if etat is not None:
        _valider_etat(etat)
    toutes = [_depuis(d) for d in stockage.documents(COLLECTION, uai)]
    return sorted((a for a in toutes if etat is None or a.etat == etat), key=lambda a: (a.jour, a.identifiant), reverse=True)


def changer_etat(stockage: Stockage, uai: str, identifiant: str, etat: str) -> Alerte:
    _valider_etat(etat)
    alerte = next((a for a in alertes(stockage, uai) if a.identifiant == identifiant), None)
    if alerte is None:
        raise Introuvable(f"alerte inconnue pour le lycée {uai} : {identifiant}")
    changee = replace(alerte, etat=etat, modifiee_le=maintenant())
    stockage.enregistrer_document(Document(COLLECTION, identifiant, uai, _contenu(changee), changee.modifiee_le))
    return changee


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
    fin = f"jusqu'au {en_texte(jusqu_a)}" if jusqu_a else "toujours silencieux"
    message = f"Kit silencieux : aucun relevé d'énergie du {en_texte(depuis)} {fin} ({heures:.0f} h)."
    details = {"depuis": en_texte(depuis), "jusqu_a": en_texte(jusqu_a) if jusqu_a else None, "heures": round(heures, 1)}
    return Alerte(f"{uai}-kit-silencieux-{jour}", uai, "kit-silencieux", jour, message, details)


def week_ends(stockage: Stockage, uai: str, seuils: Seuils, instant: float) -> list[Alerte]:
    aujourd_hui = a_paris(instant).date()
    depuis_samedi = (aujourd_hui.weekday() - 5) % 7
    dernier_samedi = aujourd_hui - timedelta(days=depuis_samedi if depuis_samedi >= 2 else depuis_samedi + 7)  # week-end fini
    samedis = [dernier_samedi - timedelta(weeks=k) for k in range(seuils.jours_examines // 7 + 1)]
    premier = samedis[-1] - timedelta(weeks=seuils.week_ends_reference)
    compteurs = stockage.compteurs(uai)
    resultat = []
    for energie in dict.fromkeys(c.energie for c in compteurs if c.principal and c.energie):
        conso = consommation_site(stockage, uai, energie, _minuit(premier), _minuit(dernier_samedi + timedelta(days=2)), Pas.JOUR)
        jours = {a_paris(p.debut).date(): (p.valeur, (p.fin - p.debut) / 3600) for p in conso.points if p.complet}
        part = part_chauffage(energie, compteurs)
        dju = dju_journaliers(stockage, uai, premier, dernier_samedi + timedelta(days=2)) if part else {}
        for samedi in samedis:
            alerte = _week_end(uai, energie, samedi, jours, dju, part, seuils)
            if alerte:
                resultat.append(alerte)
    return resultat


def _week_end(uai: str, energie: Energie, samedi: date, jours: dict, dju: dict, part: float, seuils: Seuils) -> Alerte | None:
    puissance = _puissance_moyenne(jours, samedi)
    references = [samedi - timedelta(weeks=k) for k in range(1, seuils.week_ends_reference + 1)]
    references = [s for s in references if _puissance_moyenne(jours, s) is not None and (not part or _en_saison(s))]
    if puissance is None or len(references) < WEEK_ENDS_MIN or (part and not _en_saison(samedi)):
        return None
    habituelle = median(_puissance_moyenne(jours, s) for s in references) * _facteur_climat(dju, samedi, references, part)
    if puissance <= seuils.facteur_week_end * habituelle:
        return None
    unite = "m³/h" if energie is Energie.EAU else "kW"
    message = (f"Week-end du {samedi:%d/%m/%Y} : {energie.value} à {puissance:.1f} {unite} en moyenne, "
               f"{puissance / habituelle:.1f} fois l'habitude ({habituelle:.1f} {unite}, médiane des "
               f"{len(references)} week-ends précédents, chauffage corrigé du climat).")
    details = {"energie": energie.value, "puissance_moyenne": round(puissance, 3), "habituelle": round(habituelle, 3),
               "unite": unite, "facteur": round(puissance / habituelle, 2), "seuil": seuils.facteur_week_end}
    return Alerte(f"{uai}-week-end-{energie.value}-{samedi}", uai, "week-end", samedi, message, details)


def _puissance_moyenne(jours: dict, samedi: date) -> float | None:
    """Énergie du samedi et du dimanche / leurs heures (47 à 49) ; None si l'un est incomplet."""
    deux = [jours.get(samedi), jours.get(samedi + timedelta(days=1))]
    if None in deux:
        return None
    return sum(v for v, _ in deux) / sum(h for _, h in deux)


def _en_saison(samedi: date) -> bool:
    """Dans la saison de chauffe (convention française des DJU : du 1er octobre au 20 mai)."""
    return (samedi.month, samedi.day) >= DEBUT_SAISON or (samedi.month, samedi.day) <= FIN_SAISON


def _facteur_climat(dju: dict, samedi: date, references: list[date], part: float) -> float:
    """(1 − p) + p × DJU du week-end / DJU moyen des week-ends de référence ; 1 si incalculable."""
    def du_week_end(s: date) -> float | None:
        deux = [dju.get(s), dju.get(s + timedelta(days=1))]
        return None if None in deux else sum(deux)

    actuel, passes = du_week_end(samedi), [du_week_end(s) for s in references]
    if not part or actuel is None or None in passes or sum(passes) == 0:
        return 1.0
    return (1 - part) + part * actuel / (sum(passes) / len(passes))


def objectifs_depasses(stockage: Stockage, uai: str, instant: float) -> list[Alerte]:
    """Les mois complets, déjà finis, où la consommation dépasse la cible d'un objectif du lycée."""
    resultat = []
    for objectif in objectifs(stockage, uai):
        for mois in suivre(stockage, objectif).mois:
            if mois.statut != "depasse":
                continue
            libelle = objectif.libelle or f"-{objectif.reduction_pct:g} % de {objectif.energie.value}"
            message = (f"Objectif « {libelle} » dépassé en {mois.mois:%m/%Y} : {mois.consommation:.0f} "
                       f"{objectif.energie.unite} pour une cible de {mois.objectif:.0f}.")
            details = {"objectif": objectif.identifiant, "energie": objectif.energie.value,
                       "consommation": mois.consommation, "cible": mois.objectif}
            resultat.append(Alerte(f"{uai}-objectif-{objectif.identifiant}-{mois.mois:%Y-%m}", uai, "objectif",
                                   mois.mois, message, details))
    return resultat


def _valider_etat(etat: str) -> None:
    if etat not in ETATS:
        raise DonneeInvalide(f"état d'alerte inconnu « {etat} » : {', '.join(ETATS)}")


def _contenu(alerte: Alerte) -> dict:
    return {"regle": alerte.regle, "jour": alerte.jour.isoformat(), "message": alerte.message,
            "details": alerte.details, "etat": alerte.etat}


def _depuis(document: Document) -> Alerte:
    c = document.contenu
    return Alerte(document.identifiant, document.uai, c["regle"], date.fromisoformat(c["jour"]), c["message"],
                  c["details"], c["etat"], document.modifie_le)


def _minuit(jour: date) -> datetime:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS)
