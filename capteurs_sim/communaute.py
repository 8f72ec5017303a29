"""La vie de la communauté des lycées simulés : un passé, un présent et un avenir, placés par
rapport au jour du premier lancement de la démonstration (`lancement`, noté J ici).

Une fonction pure de (lycées, graine, J) ; `enerlycee.demo_communaute` la range dans le stockage
par les fonctions du noyau que l'API utilise, et le simulateur applique les effets des actions
(capteurs_sim.ecarts) : l'effet que le produit mesure est réel.

- **Horaires** : chaque lycée déclare ceux que simule capteurs_sim (lundi au vendredi 8 h - 18 h,
  mercredi jusqu'à 12 h 30), son internat et ses fermetures particulières (capteurs_sim.fermetures) ; un lycée sur quatre déclare ses **tarifs**.
- **Objectifs** : chaque lycée vise une baisse de son électricité (1 à 4 %) et de son chauffage
  (2 à 5 %), sur douze mois commencés quatre mois avant J : des mois finis, atteints
  ou manqués selon ce que le lycée a fait, le mois en cours, des mois à venir.
- **Références** du décret tertiaire : un lycée sur trois déclare l'année 2019 (celle d'OPERAT,
  plus haute de 15 à 40 % que l'an passé mesuré) ; les autres ont l'an passé, mesuré.
- **Défis** (électricité), de trois semaines à partir d'un lundi : un défi fini entre la moitié des
  lycées (commencé neuf semaines avant J), un défi en cours entre l'autre moitié (commencé dans la
  semaine qui précède J), un défi de deux semaines annoncé entre les bâtiments d'un lycée (dans
  trois semaines). Deux participants du défi fini et un du défi en cours ont agi le premier jour :
  ils mènent.
- **Actions** : une à trois par lycée, tirées du référentiel (capteurs_sim.gestes), un jour de
  classe (où le lycée n'est pas fermé) des huit mois avant J (et la chasse aux fuites pour un
  lycée qui compte son eau) ; plus celles des défis et celle de l'économie plantée
  (capteurs_sim.pannes), qui ne change rien de plus aux courbes ; et « Baisser la consigne d'un degré »
  à Jean Guéhenno, notée avec la salle où elle se sent (capteurs_sim.confort).
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import numpy as np

from capteurs_sim.confort import CONSIGNE_BAISSEE, SALLE_DE_LA_BAISSE, jour_de_la_baisse
from capteurs_sim.ecarts import Ecart, Usage
from capteurs_sim.fermetures import fermetures_prevues
from capteurs_sim.gestes import BAISSER_CONSIGNE, CATALOGUE, FUITES, ORDINATEURS, VEILLES, VENTILATION, Geste
from capteurs_sim.lycees import Lycee
from noyau.domaine.calendrier import ZONE_BRETAGNE, CalendrierScolaire, Fermeture, est_jour_de_classe
from noyau.domaine.identifiants import Energie
from noyau.domaine.temps import PARIS, a_paris

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS_DE_CHAUFFE = (10, 11, 12, 1, 2, 3)
ACTIONS_SUR_J = 240  # les actions tombent dans les 240 jours avant J, la dernière 5 jours avant
DEBUTS_DES_DEFIS_J = (20, -63, -8)  # le lundi qui précède J + 20 (annoncé), J - 63 (fini), J - 8 (en cours)


@dataclass(frozen=True)
class ObjectifPrevu:
    uai: str
    energie: Energie
    reduction_pct: float
    debut: date
    fin: date
    libelle: str


@dataclass(frozen=True)
class DefiPrevu:
    nom: str
    energie: Energie
    debut: date
    fin: date
    participants: tuple[tuple[str, str | None], ...]
    description: str


@dataclass(frozen=True)
class ActionPrevue:
    uai: str
    geste: Geste
    jour: date
    energie: Energie
    ecart: Ecart | None  # None : rien ne change (ou l'écart est déjà planté ailleurs)
    salle: str | None = None  # la sonde de la salle où l'effet se voit aussi (capteurs_sim.confort)


@dataclass(frozen=True)
class ReferencePrevue:
    uai: str
    energie: Energie
    annee: int
    facteur: float  # la consommation déclarée : l'an passé mesuré × facteur


@dataclass(frozen=True)
class Communaute:
    horaires: dict[str, dict]
    tarifs: dict[str, dict[str, float]]
    objectifs: tuple[ObjectifPrevu, ...]
    references: tuple[ReferencePrevue, ...]
    defis: tuple[DefiPrevu, ...]  # dans l'ordre de création : l'annoncé, le fini, celui en cours
    actions: tuple[ActionPrevue, ...]

    @property
    def ecarts(self) -> tuple[Ecart, ...]:
        return tuple(a.ecart for a in self.actions if a.ecart is not None)


def plan(lycees: list[Lycee], graine: int, lancement: date, economies: tuple[Ecart, ...] = ()) -> Communaute:
    """La communauté simulée ; `economies` : les économies plantées (capteurs_sim.pannes), chacune
    documentée par une action."""
    tirage = np.random.default_rng(graine + 3)
    fermetures = fermetures_prevues(lycees, lancement)
    defis = _defis(lycees, lancement)
    deja = _actions_des_meneurs(lycees, defis) + _actions_des_economies(lycees, economies)
    actions = deja + _actions_au_fil_des_mois(lycees, tirage, lancement, deja, fermetures) + _actions_de_confort(lycees, lancement)
    return Communaute(
        horaires={l.uai: _horaires(l, fermetures.get(l.uai, ())) for l in lycees},
        tarifs={l.uai: _tarifs(l, tirage) for k, l in enumerate(lycees) if k % 4 == 1},
        objectifs=_objectifs(lycees, tirage, lancement),
        references=tuple(ReferencePrevue(l.uai, energie, 2019, round(float(tirage.uniform(1.15, 1.4)), 2))
                         for k, l in enumerate(lycees) if k % 3 == 0 for energie in (Energie.ELECTRICITE, l.chauffage)),
        defis=defis,
        actions=tuple(sorted(actions, key=lambda a: a.jour)),
    )


def _horaires(lycee: Lycee, fermetures: tuple[Fermeture, ...]) -> dict:
    """Les horaires que simule capteurs_sim (noyau.domaine.calendrier.HorairesOuverture.lycee)."""
    horaires = CalendrierScolaire().horaires
    jours = {nom: [[f"{p.debut:%H:%M}", f"{p.fin:%H:%M}"] for p in horaires.du_jour(k)] for k, nom in enumerate(JOURS)}
    declarees = [{"debut": f.debut.isoformat(), "fin": f.fin.isoformat(), "motif": f.motif} for f in fermetures]
    return {"jours": jours, "internat": lycee.internat, "fermetures": declarees}


def _tarifs(lycee: Lycee, tirage: np.random.Generator) -> dict[str, float]:
    chauffage = round(float(tirage.uniform(0.08, 0.12)), 3)
    return {Energie.ELECTRICITE.value: round(float(tirage.uniform(0.17, 0.23)), 3), lycee.chauffage.value: chauffage}


def _objectifs(lycees: list[Lycee], tirage: np.random.Generator, lancement: date) -> tuple[ObjectifPrevu, ...]:
    debut = _premier_du_mois(lancement, -4)
    fin = _premier_du_mois(debut, 12)
    periode = f"{debut.year}-{fin.year}" if debut.year != fin.year else str(debut.year)
    objectifs = []
    for lycee in lycees:
        electricite, chauffage = (round(float(tirage.uniform(bas, haut))) for bas, haut in ((1, 4), (2, 5)))
        objectifs.append(ObjectifPrevu(lycee.uai, Energie.ELECTRICITE, electricite, debut, fin, f"Plan de sobriété {periode}"))
        objectifs.append(ObjectifPrevu(lycee.uai, lycee.chauffage, chauffage, debut, fin, f"Chauffage {periode}"))
    return tuple(objectifs)


def _defis(lycees: list[Lycee], lancement: date) -> tuple[DefiPrevu, ...]:
    pairs, impairs = [(l.uai, None) for l in lycees[0::2]], [(l.uai, None) for l in lycees[1::2]]
    if len(impairs) < 2:  # trop peu de lycées pour deux défis distincts : tous aux deux
        pairs = impairs = [(l.uai, None) for l in lycees]
    if len(pairs) < 2:  # un seul lycée : ses compteurs principaux d'électricité et de chauffage ne se comparent pas ;
        pairs = impairs = [(lycees[0].uai, "cantine"), (lycees[0].uai, "ateliers")]  # ses bâtiments, alors
    annonce, fini, en_cours = (_lundi(lancement + timedelta(days=jours)) for jours in DEBUTS_DES_DEFIS_J)
    trois_semaines = timedelta(weeks=3)
    return (
        DefiPrevu("Défi des bâtiments", Energie.ELECTRICITE, annonce, annonce + timedelta(weeks=2), _batiments(lycees),
                  "Cantine, ateliers et internat : quel bâtiment baissera le plus sa consommation ?"),
        DefiPrevu("Défi des veilles", Energie.ELECTRICITE, fini, fini + trois_semaines, tuple(pairs),
                  "Trois semaines pour chasser les appareils qui restent allumés pour rien."),
        DefiPrevu("Défi de la Région : trois semaines sans gaspillage", Energie.ELECTRICITE, en_cours,
                  en_cours + trois_semaines, tuple(impairs), "Chaque lycée contre sa propre consommation habituelle."),
    )


def _lundi(jour: date) -> date:
    return jour - timedelta(days=jour.weekday())


def _batiments(lycees: list[Lycee]) -> tuple[tuple[str, str | None], ...]:
    lycee = next((l for l in lycees if l.internat), lycees[0])
    return tuple((lycee.uai, nom) for nom in ("cantine", "ateliers", "internat") if nom != "internat" or lycee.internat)


def _actions_des_meneurs(lycees: list[Lycee], defis: tuple[DefiPrevu, ...]) -> list[ActionPrevue]:
    """Ceux qui mènent les défis (fini, en cours) ont agi le premier jour."""
    par_uai = {l.uai: l for l in lycees}
    _, fini, en_cours = defis
    meneurs = [(fini, 0, VEILLES), (fini, 1, ORDINATEURS), (en_cours, 0, VENTILATION)]
    actions = []
    for defi, rang, geste in meneurs:
        uai, compteur = defi.participants[rang % len(defi.participants)]
        if compteur is None and all((a.uai, a.geste) != (uai, geste) for a in actions):
            actions.append(_action(par_uai[uai], geste, defi.debut))
    return actions


def _actions_au_fil_des_mois(lycees: list[Lycee], tirage: np.random.Generator, lancement: date,
                             deja: list[ActionPrevue], fermetures: dict[str, tuple[Fermeture, ...]]) -> list[ActionPrevue]:
    jours = [lancement - timedelta(days=k) for k in range(5, ACTIONS_SUR_J)]
    actions = []
    for k, lycee in enumerate(lycees):
        faits = {a.geste for a in deja if a.uai == lycee.uai}
        possibles = [g for g in CATALOGUE if g not in faits and g.usage is not Usage.EAU]
        tires = [possibles[int(rang)] for rang in tirage.choice(len(possibles), size=1 + k % 3, replace=False)]
        jours_de_classe = [j for j in jours if est_jour_de_classe(j, ZONE_BRETAGNE, fermetures.get(lycee.uai, ()))]
        for geste in ([FUITES] if lycee.eau else []) + tires:  # un lycée qui compte son eau la surveille
            candidats = [j for j in jours_de_classe if not geste.en_saison_de_chauffe or j.month in MOIS_DE_CHAUFFE]
            if candidats:
                actions.append(_action(lycee, geste, candidats[int(tirage.integers(len(candidats)))]))
    return actions


def _actions_des_economies(lycees: list[Lycee], economies: tuple[Ecart, ...]) -> list[ActionPrevue]:
    par_uai = {l.uai: l for l in lycees}
    return [ActionPrevue(e.uai, VENTILATION, a_paris(e.debut).date(), Energie.ELECTRICITE, None)
            for e in economies if e.uai in par_uai]


def _actions_de_confort(lycees: list[Lycee], lancement: date) -> list[ActionPrevue]:
    """La consigne baissée d'un degré (capteurs_sim.confort), notée avec la salle où elle se sent."""
    lycee = next((l for l in lycees if l.uai == CONSIGNE_BAISSEE), None)
    if lycee is None:
        return []
    return [replace(_action(lycee, BAISSER_CONSIGNE, jour_de_la_baisse(lancement)), salle=SALLE_DE_LA_BAISSE)]


def _action(lycee: Lycee, geste: Geste, jour: date) -> ActionPrevue:
    energie = {Usage.ELECTRICITE: Energie.ELECTRICITE, Usage.CHAUFFAGE: lycee.chauffage, Usage.EAU: Energie.EAU}[geste.usage]
    debut = datetime.combine(jour, time(0), tzinfo=PARIS).timestamp()
    ecart = None if geste.facteur == 1.0 else Ecart(lycee.uai, geste.usage, geste.facteur, debut, moments=geste.moments)
    return ActionPrevue(lycee.uai, geste, jour, energie, ecart)


def _premier_du_mois(jour: date, decalage: int) -> date:
    rang = jour.year * 12 + jour.month - 1 + decalage
    return date(rang // 12, rang % 12 + 1, 1)
