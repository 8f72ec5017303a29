"""Ce que lit une personne, écrit à la française, partout (pages, messages des alertes) : nombres à
virgule décimale et espace insécable entre les milliers, énergies par leur nom (« électricité »),
unités (« m³ »), jours (« 22/12/2025 »), instants à l'heure de Paris (« 06/04/2026 à 00:10 »),
mois (« décembre 2025 »), périodes et durées. Les codes (`electricite`, RFC 3339) restent ceux de
l'API et des fichiers."""

from datetime import date, datetime, timedelta

from noyau.domaine.identifiants import Energie
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import a_paris

ESPACE_INSECABLE = "\u00a0"

# Dans une phrase (« électricité à 2,5 kW ») ; en titre ou en libellé : NOMS_ENERGIES.
ENERGIES = {
    Energie.ELECTRICITE: "électricité",
    Energie.GAZ: "gaz",
    Energie.CHALEUR: "chaleur (réseau)",
    Energie.FIOUL: "fioul",
    Energie.BOIS: "bois",
    Energie.EAU: "eau",
}
NOMS_ENERGIES = {energie: nom[0].upper() + nom[1:] for energie, nom in ENERGIES.items()}

NOMS_PAS = {Pas.HEURE: "heure", Pas.JOUR: "jour", Pas.SEMAINE: "semaine", Pas.MOIS: "mois", Pas.ANNEE: "année"}

UNITES = {"kWh": "kWh", "m3": "m³"}

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")


def unite(code: str) -> str:
    """L'unité telle qu'on l'écrit : « m3 » du contrat devient « m³ »."""
    return UNITES.get(code, code)


def nombre(valeur: float, decimales: int = 0) -> str:
    """12345.6 → « 12 345,6 » (espace insécable entre les milliers)."""
    texte = f"{valeur:,.{decimales}f}"
    return texte.replace(",", ESPACE_INSECABLE).replace(".", ",")


def de(nom: str) -> str:
    """« de gaz », « d'électricité », « d'eau »."""
    return f"d'{nom}" if nom[0] in "aâeéèêiîoôuy" else f"de {nom}"


def quantite(valeur: float, code_unite: str, decimales: int = 0) -> str:
    return f"{nombre(valeur, decimales)}{ESPACE_INSECABLE}{unite(code_unite)}"


def pourcentage(part: float, decimales: int = 1) -> str:
    """0.008 → « 0,8 % » ; sans signe, pour une phrase qui dit le sens (« de moins »)."""
    return f"{nombre(100 * abs(part), decimales)}{ESPACE_INSECABLE}%"


def evolution(rapport: float) -> str:
    """0.042 → « +4,2 % »."""
    signe = "+" if rapport > 0 else ""
    return f"{signe}{nombre(100 * rapport, 1)}{ESPACE_INSECABLE}%"


def jour(valeur: date) -> str:
    return valeur.strftime("%d/%m/%Y")


def periode(debut: date, fin_exclue: date) -> str:
    """Les jours [debut, fin_exclue) : « du 25/03/2026 au 31/03/2026 »."""
    dernier = fin_exclue - timedelta(days=1)
    if dernier == debut:
        return f"le {jour(debut)}"
    return f"du {jour(debut)} au {jour(dernier)}"


def mois(jour: date) -> str:
    """Le mois d'un jour : « décembre 2025 »."""
    return f"{MOIS[jour.month - 1]} {jour.year}"


def instant(ts: float) -> str:
    """Un instant à l'heure de Paris : « 06/04/2026 à 00:10 »."""
    return a_paris(ts).strftime("%d/%m/%Y à %H:%M")


def libelle_point(debut: float, fin: float, pas: Pas) -> str:
    """Le nom d'une période d'un graphique ou d'un tableau."""
    a, b = a_paris(debut), a_paris(fin)
    if pas is Pas.HEURE:
        return f"{a:%d/%m/%Y %H:%M}–{b:%H:%M}"
    if pas is Pas.MOIS and _est_mois_entier(a, b):
        return mois(a)
    return periode(a.date(), _jour_de_fin(b))


def _est_mois_entier(a: datetime, b: datetime) -> bool:
    return a.day == 1 and a.hour == 0 and b.day == 1 and b.hour == 0


def _jour_de_fin(b: datetime) -> date:
    """Le jour qui suit le dernier jour touché par une période finissant à `b` (exclu)."""
    return b.date() if b.time() == datetime.min.time() else b.date() + timedelta(days=1)


def duree(secondes: float) -> str:
    """Une durée arrondie pour la lire d'un coup d'œil : « 45 min », « 3 h », « 2 jours »."""
    if secondes < 3600:
        return f"{max(1, round(secondes / 60))}{ESPACE_INSECABLE}min"
    if secondes < 2 * 86400:
        return f"{round(secondes / 3600)}{ESPACE_INSECABLE}h"
    return f"{round(secondes / 86400)}{ESPACE_INSECABLE}jours"


_ERREURS_HTTP = {
    400: "requête invalide",
    404: "adresse inconnue : {chemin}",
    405: "méthode {methode} non autorisée pour {chemin}",
    413: "requête trop volumineuse",
    415: "type de contenu non pris en charge : JSON attendu",
    500: "erreur interne du serveur",
}


def erreur_http(statut: int, methode: str, chemin: str) -> str | None:
    """Le message d'une erreur HTTP du serveur lui-même (adresse, méthode...), le même pour l'API
    et le tableau de bord ; None pour un statut sans message ici."""
    modele = _ERREURS_HTTP.get(statut)
    return modele.format(methode=methode, chemin=chemin) if modele else None
