"""La météo d'un lycée : température extérieure moyenne par jour et degrés-jours unifiés (DJU).

Température moyenne d'un jour (jour de Paris, 23 à 25 heures) :

- d'abord la sonde extérieure du lycée (un compteur sans énergie, grandeur `temperature_c`,
  dont l'usage ou le nom dit « extérieure », comme `sonde-exterieure` des kits) : moyenne des
  moyennes horaires, pour ne pas surpondérer les heures où la sonde publie plus souvent ; un
  jour n'est retenu que si au moins `HEURES_MIN_PAR_JOUR` de ses heures ont un relevé ;
- pour les jours que la sonde ne couvre pas, les températures d'une station Météo-France
  importées pour le lycée (`enerlycee meteo importer`, noyau.calculs.meteo_import), rangées dans la
  collection `temperatures`, un document par lycée et par année.

Un jour sans donnée est absent des résultats, jamais compté à zéro. Les relevés bruts de la
sonde sont purgés après la rétention (noyau.exploitation.retention) : avant chaque purge,
`archiver_temperatures` range les moyennes journalières de la sonde dans la même collection
(document `{uai}-{annee}-sonde`), qui passent avant celles d'une station.
"""

from datetime import date, datetime, timedelta

import pandas as pd

from noyau.calculs.cache import d_un_lycee, en_cache
from noyau.domaine.modele import Compteur, Grandeur
from noyau.domaine.temps import PARIS, a_paris, maintenant
from noyau.stockage import Document, Stockage

BASE_DJU_C = 18.0
HEURES_MIN_PAR_JOUR = 18
COLLECTION_TEMPERATURES = "temperatures"


def dju_du_jour(temperature_moyenne_c: float, base_c: float = BASE_DJU_C) -> float:
    """Les degrés-jours unifiés de chauffage d'un jour, « méthode moyenne » : max(0, base − T).

    T est la température moyenne du jour ; Météo-France la calcule (TM) comme la moyenne des
    températures horaires, à défaut (TN + TX) / 2. La base de 18 °C est la convention française
    des DJU de chauffage (Météo-France, COSTIC ; c'est aussi celle des arrêtés « méthode » du
    décret tertiaire) : en dessous de 18 °C dehors, un bâtiment chauffé à 19-20 °C doit être
    chauffé, les apports internes couvrant le reste. Le COSTIC publie aussi une « méthode
    professionnels » (pondérée par TN et TX) ; nous gardons la méthode moyenne, la plus simple
    et la seule calculable depuis une moyenne journalière seule.

    Exemple : 7,5 °C de moyenne → 10,5 DJU ; 19 °C → 0 DJU.
    """
    return max(0.0, base_c - temperature_moyenne_c)


def temperatures_journalieres(stockage: Stockage, uai: str, debut: date, fin: date) -> dict[date, float]:
    """La température extérieure moyenne (°C) de chaque jour de [debut, fin) (`fin` exclue),
    de la sonde du lycée, sinon de la station importée ; les jours sans donnée sont absents.
    Les jours clos sont gardés en cache (noyau.calculs.cache) tant que ni les sondes du lycée dans
    ces jours ni les données de gestion ne changent ; aujourd'hui, que le direct change, est relu.
    Le résultat est partagé : ne pas le modifier."""
    aujourd_hui = a_paris(maintenant()).date()
    if debut < aujourd_hui < fin:
        return {**_jours_clos(stockage, uai, debut, aujourd_hui), **_temperatures(stockage, uai, aujourd_hui, fin)}
    return _jours_clos(stockage, uai, debut, fin)


def _jours_clos(stockage: Stockage, uai: str, debut: date, fin: date) -> dict[date, float]:
    return en_cache(stockage, d_un_lycee(uai, None, documents=True, periodes=[(_minuit(debut), _minuit(fin))]),
                    ("temperatures", uai, debut, fin), lambda: _temperatures(stockage, uai, debut, fin))


def _temperatures(stockage: Stockage, uai: str, debut: date, fin: date) -> dict[date, float]:
    temperatures = _temperatures_importees(stockage, uai, debut, fin)
    sonde = sonde_exterieure(stockage, uai)
    if sonde is not None:
        temperatures.update(_temperatures_de_la_sonde(stockage, sonde, debut, fin))
    return dict(sorted(temperatures.items()))


def dju_journaliers(stockage: Stockage, uai: str, debut: date, fin: date) -> dict[date, float]:
    """Les DJU (base 18 °C, méthode moyenne) de chaque jour de [debut, fin) qui a une température."""
    return {jour: dju_du_jour(t) for jour, t in temperatures_journalieres(stockage, uai, debut, fin).items()}


def sonde_exterieure(stockage: Stockage, uai: str) -> Compteur | None:
    """La sonde de température extérieure du lycée, s'il en a une qui a publié des températures."""
    avec_temperature = {s.compteur for s in stockage.series(uai) if s.grandeur is Grandeur.TEMPERATURE_C}
    for compteur in stockage.compteurs(uai):
        texte = f"{compteur.usage} {compteur.compteur}".lower().replace("é", "e")
        if compteur.energie is None and "exterieur" in texte and compteur.compteur in avec_temperature:
            return compteur
    return None


def _temperatures_de_la_sonde(stockage: Stockage, sonde: Compteur, debut: date, fin: date) -> dict[date, float]:
    a, b = _minuit(debut), _minuit(fin)
    serie = stockage.lire_releves(sonde.uai, sonde.compteur, Grandeur.TEMPERATURE_C, a, b)
    dans = (serie.ts >= a) & (serie.ts < b)
    if not dans.any():
        return {}
    heures = serie.ts[dans] // 3600  # heures pleines UTC : celles de Paris aussi, décalage d'heures entières
    horaires = pd.Series(serie.valeurs[dans]).groupby(heures).mean()
    jours = pd.to_datetime(horaires.index * 3600, unit="s", utc=True).tz_convert(PARIS).date
    par_jour = horaires.groupby(jours).agg(["mean", "count"])
    retenus = par_jour[par_jour["count"] >= HEURES_MIN_PAR_JOUR]
    return {jour: float(moyenne) for jour, moyenne in retenus["mean"].items()}


def archiver_temperatures(stockage: Stockage, avant: float) -> int:
    """Range les moyennes journalières des sondes extérieures jusqu'au jour qui contient `avant`
    (la limite d'une purge) ; reprend après le dernier jour rangé. Renvoie le nombre de jours deja."""
    fin = a_paris(avant).date() + timedelta(days=1)
    ranges = 0
    for lycee in stockage.sites():
        sonde = sonde_exterieure(stockage, lycee.uai)
        if sonde is None:
            continue
        debut = _premier_jour_a_ranger(stockage, sonde)
        jours = _temperatures_de_la_sonde(stockage, sonde, debut, fin) if debut < fin else {}
        for annee in sorted({j.year for j in jours}):
            _ranger(stockage, lycee.uai, annee, {j: t for j, t in jours.items() if j.year == annee})
        ranges += len(jours)
    return ranges


def _premier_jour_a_ranger(stockage: Stockage, sonde: Compteur) -> date:
    deja = [date.fromisoformat(j) for d in stockage.documents(COLLECTION_TEMPERATURES, sonde.uai)
              if d.identifiant.endswith("-sonde") for j in d.contenu["jours"]]
    if deja:
        return max(deja) + timedelta(days=1)
    premiers = [s.premier for s in stockage.series(sonde.uai) if s.compteur == sonde.compteur and s.grandeur is Grandeur.TEMPERATURE_C]
    return a_paris(min(premiers)).date()


def _ranger(stockage: Stockage, uai: str, annee: int, jours: dict[date, float]) -> None:
    identifiant = f"{uai}-{annee}-sonde"
    anciens = next((d.contenu for d in stockage.documents(COLLECTION_TEMPERATURES, uai) if d.identifiant == identifiant), None)
    contenu = anciens or {"annee": annee, "jours": {}, "postes": {"sonde": "sonde extérieure du lycée"}}
    contenu["jours"].update({j.isoformat(): round(t, 2) for j, t in jours.items()})
    stockage.enregistrer_document(Document(COLLECTION_TEMPERATURES, identifiant, uai, contenu, maintenant()))


def _temperatures_importees(stockage: Stockage, uai: str, debut: date, fin: date) -> dict[date, float]:
    """Stations d'abord, puis les moyennes rangées de la sonde, qui passent avant."""
    temperatures = {}
    documents = sorted(stockage.documents(COLLECTION_TEMPERATURES, uai), key=lambda d: d.identifiant.endswith("-sonde"))
    for document in documents:
        if debut.year <= document.contenu["annee"] <= (fin - timedelta(days=1)).year:
            for texte, valeur in document.contenu["jours"].items():
                jour = date.fromisoformat(texte)
                if debut <= jour < fin:
                    temperatures[jour] = float(valeur)
    return temperatures


def _minuit(jour: date) -> float:
    return datetime(jour.year, jour.month, jour.day, tzinfo=PARIS).timestamp()
