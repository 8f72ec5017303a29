"""Les lycées simulés : 36 lycées publics de Bretagne (Côtes-d'Armor, Finistère, Ille-et-Vilaine, Morbihan).

Ce qui est réel : les noms, les communes et les UAI, relevés dans une liste publique des
lycées généraux et technologiques tirée de l'annuaire de l'Éducation nationale (leurs lettres
de contrôle sont vérifiées par les tests). Ce qui est approché : les coordonnées (à l'échelle
du quartier ou de la commune). Ce qui est inventé, mais plausible : les surfaces, la présence d'un
internat, le mode de chauffage (gaz, ou réseau de chaleur à Rennes, Brest, Bruz et Lorient),
les compteurs d'eau et les sondes.

Chaque lycée a : un compteur électrique `principal` (index_kwh et puissance_w), des
sous-compteurs `cantine`, `ateliers`, s'il y a un internat, `internat`, et dans trois lycées
des sous-compteurs numériques (`capteurs_sim.numerique`) ; un compteur de
chauffage (`chaufferie` au gaz, index_m3, ou `reseau-chaleur`, index_kwh) ; parfois un
compteur d'`eau` (index_m3) ; une `sonde-exterieure` (temperature_c) et deux ou trois sondes
de salle (`salle-...` : temperature_c, co2_ppm, humidite_pct).

`lycees(n)` donne les n premiers, les départements alternant ; `sites`, `compteurs` les
objets du noyau ; `ecrire_csv(dossier, lycees)` les deux fichiers d'import du contrat.
"""

import csv
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain, zip_longest
from pathlib import Path

from capteurs_sim import numerique
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Site


class Genre(StrEnum):
    """Ce que simule un capteur ; c'est ce qui choisit son profil."""

    ELECTRICITE = "electricite"
    CANTINE = "cantine"
    INTERNAT = "internat"
    ATELIERS = "ateliers"
    CHAUFFAGE = "chauffage"
    EAU = "eau"
    EXTERIEUR = "exterieur"
    SALLE = "salle"
    NUMERIQUE = "numerique"  # sous-compteurs numériques : capteurs_sim.numerique


@dataclass(frozen=True)
class Capteur:
    """Un compteur ou une sonde du kit d'un lycée, et ce qu'il simule."""

    compteur: Compteur
    genre: Genre


@dataclass(frozen=True)
class Lycee:
    site: Site
    internat: bool
    chauffage: Energie  # GAZ ou CHALEUR
    eau: bool
    capteurs: tuple[Capteur, ...]

    @property
    def uai(self) -> str:
        return self.site.uai

    @property
    def surface_m2(self) -> float:
        return self.site.surface_m2


# uai, nom, commune, latitude, longitude, surface m², internat, chauffage, eau
_TABLE_22 = [
    ("0220018A", "Lycée Auguste Pavie", "Guingamp", 48.5625, -3.1530, 14500, True, "gaz", False),
    ("0220023F", "Lycée Félix Le Dantec", "Lannion", 48.7310, -3.4530, 19000, True, "gaz", False),
    ("0220056S", "Lycée François Rabelais", "Saint-Brieuc", 48.5190, -2.7790, 12500, False, "gaz", False),
    ("0220057T", "Lycée Ernest Renan", "Saint-Brieuc", 48.5100, -2.7570, 16000, True, "gaz", False),
    ("0220058U", "Lycée Chaptal", "Saint-Brieuc", 48.5070, -2.7440, 13500, True, "gaz", False),
    ("0220060W", "Lycée Eugène Freyssinet", "Saint-Brieuc", 48.5230, -2.7870, 24000, True, "gaz", True),
    ("0220065B", "Lycée Joseph Savina", "Tréguier", 48.7830, -3.2300, 9000, True, "gaz", False),
]
_TABLE_29 = [
    ("0290008B", "Lycée Amiral Ronarc'h", "Brest", 48.4040, -4.5020, 17000, True, "gaz", False),
    ("0290013G", "Lycée Jules Lesven", "Brest", 48.4170, -4.4700, 14000, False, "chaleur", False),
    ("0290023T", "Lycée Jean Moulin", "Châteaulin", 48.1990, -4.0880, 11000, True, "gaz", False),
    ("0290034E", "Lycée Jean-Marie Le Bris", "Douarnenez", 48.0860, -4.3150, 12000, True, "gaz", False),
    ("0290051Y", "Lycée Tristan Corbière", "Morlaix", 48.5740, -3.8330, 15000, True, "gaz", False),
    ("0290062K", "Lycée Laennec", "Pont-l'Abbé", 47.8720, -4.2200, 13000, True, "gaz", False),
    ("0290076A", "Lycée de Kerneuzec", "Quimperlé", 47.8800, -3.5580, 12000, True, "gaz", False),
    ("0290098Z", "Lycée de Cornouaille", "Quimper", 47.9990, -4.0970, 22000, True, "gaz", True),
    ("0292047T", "Lycée du Léon", "Landerneau", 48.4510, -4.2480, 11500, True, "gaz", False),
]
_TABLE_35 = [
    ("0350028R", "Lycée Bréquigny", "Rennes", 48.0880, -1.6900, 30000, True, "chaleur", False),
    ("0350011X", "Lycée Jean Guéhenno", "Fougères", 48.3560, -1.1900, 16500, True, "gaz", False),
    ("0350029S", "Lycée Joliot-Curie", "Rennes", 48.1230, -1.7050, 25000, True, "gaz", True),
    ("0350042F", "Lycée Maupertuis", "Saint-Malo", 48.6400, -1.9850, 17500, True, "gaz", False),
    ("0350022J", "Lycée Beaumont", "Redon", 47.6540, -2.0850, 15500, True, "gaz", False),
    ("0351907H", "Lycée René Descartes", "Rennes", 48.1010, -1.6390, 18500, False, "chaleur", False),
    ("0350053T", "Lycée Bertrand d'Argentré", "Vitré", 48.1210, -1.2100, 15000, True, "gaz", False),
    ("0350026N", "Lycée Jean Macé", "Rennes", 48.1150, -1.6700, 11000, False, "gaz", False),
    ("0352009U", "Lycée Victor et Hélène Basch", "Rennes", 48.0990, -1.6600, 17000, False, "chaleur", False),
    ("0352235P", "Lycée René Cassin", "Montfort-sur-Meu", 48.1390, -1.9600, 13000, False, "gaz", False),
    ("0352304P", "Lycée Sévigné", "Cesson-Sévigné", 48.1200, -1.6000, 12000, False, "gaz", False),
    ("0352318E", "Lycée Jean Brito", "Bain-de-Bretagne", 47.8420, -1.6870, 10500, True, "gaz", False),
    ("0352533N", "Lycée François-René de Chateaubriand", "Combourg", 48.4080, -1.7480, 9500, False, "gaz", False),
    ("0352686E", "Lycée Anita Conti", "Bruz", 48.0260, -1.7460, 13500, False, "chaleur", False),
]
_TABLE_56 = [
    ("0560025Y", "Lycée Dupuy de Lôme", "Lorient", 47.7480, -3.3680, 21000, True, "chaleur", False),
    ("0560051B", "Lycée Alain-René Lesage", "Vannes", 47.6600, -2.7580, 15000, True, "gaz", True),
    ("0560038M", "Lycée Joseph Loth", "Pontivy", 48.0680, -2.9620, 16000, True, "gaz", False),
    ("0561534N", "Lycée Benjamin Franklin", "Auray", 47.6720, -2.9900, 14000, True, "gaz", False),
    ("0561607T", "Lycée Victor Hugo", "Hennebont", 47.8000, -3.2700, 13500, True, "gaz", False),
    ("0561627P", "Lycée Charles de Gaulle", "Vannes", 47.6700, -2.7350, 16000, True, "gaz", False),
]
_SALLES = ("salle-a101", "salle-b204", "salle-c012")


def lycees(n: int | None = None) -> list["Lycee"]:
    """Les n premiers lycées (tous par défaut), les quatre départements alternant."""
    lignes = [ligne for ligne in chain(*zip_longest(_TABLE_35, _TABLE_29, _TABLE_56, _TABLE_22)) if ligne]
    return [_construire(*ligne) for ligne in lignes[:n]]


def sites(choisis: list[Lycee]) -> list[Site]:
    return [lycee.site for lycee in choisis]


def compteurs(choisis: list[Lycee]) -> list[Compteur]:
    return [capteur.compteur for lycee in choisis for capteur in lycee.capteurs]


def ecrire_csv(dossier: Path, choisis: list[Lycee]) -> tuple[Path, Path]:
    """Écrit `sites.csv` et `compteurs.csv` (colonnes du contrat, séparateur virgule, UTF-8)."""
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    chemin_sites, chemin_compteurs = dossier / "sites.csv", dossier / "compteurs.csv"
    with chemin_sites.open("w", newline="", encoding="utf-8") as fichier:
        ecrivain = csv.writer(fichier)
        ecrivain.writerow(["uai", "nom", "commune", "surface_m2", "latitude", "longitude"])
        for s in sites(choisis):
            ecrivain.writerow([s.uai, s.nom, s.commune, f"{s.surface_m2:g}", s.latitude, s.longitude])
    with chemin_compteurs.open("w", newline="", encoding="utf-8") as fichier:
        ecrivain = csv.writer(fichier)
        ecrivain.writerow(["uai", "compteur", "energie", "principal", "usage", "coef_kwh_m3"])
        for c in compteurs(choisis):
            energie = c.energie.value if c.energie else ""
            coef = "" if c.coef_kwh_m3 is None else c.coef_kwh_m3
            ecrivain.writerow([c.uai, c.compteur, energie, "oui" if c.principal else "non", c.usage, coef])
    return chemin_sites, chemin_compteurs


def _construire(uai, nom, commune, latitude, longitude, surface, internat, chauffage, eau) -> Lycee:
    site = Site(uai, nom, commune, float(surface), latitude, longitude)
    return Lycee(site, internat, Energie(chauffage), eau, _capteurs(site, internat, Energie(chauffage), eau))


def _capteurs(site: Site, internat: bool, chauffage: Energie, eau: bool) -> tuple[Capteur, ...]:
    def capteur(nom, energie, principal, usage, genre, coef=None):
        return Capteur(Compteur(site.uai, nom, energie, principal, usage, coef), genre)

    liste = [
        capteur("principal", Energie.ELECTRICITE, True, "général", Genre.ELECTRICITE),
        capteur("cantine", Energie.ELECTRICITE, False, "cantine", Genre.CANTINE),
        capteur("ateliers", Energie.ELECTRICITE, False, "ateliers", Genre.ATELIERS),
    ]
    if internat:
        liste.append(capteur("internat", Energie.ELECTRICITE, False, "internat", Genre.INTERNAT))
    liste += [Capteur(c, Genre.NUMERIQUE) for c in numerique.compteurs(site)]
    if chauffage is Energie.GAZ:
        coef = round(10.5 + (int(site.uai[:7]) % 8) * 0.1, 2)  # pouvoir calorifique du réseau local
        liste.append(capteur("chaufferie", Energie.GAZ, True, "chauffage", Genre.CHAUFFAGE, coef))
    else:
        liste.append(capteur("reseau-chaleur", Energie.CHALEUR, True, "chauffage", Genre.CHAUFFAGE))
    if eau:
        liste.append(capteur("eau", Energie.EAU, True, "eau", Genre.EAU))
    liste.append(capteur("sonde-exterieure", None, False, "température extérieure", Genre.EXTERIEUR))
    nombre_de_salles = 3 if site.surface_m2 >= 15000 else 2
    liste += [capteur(salle, None, False, "salle de classe", Genre.SALLE) for salle in _SALLES[:nombre_de_salles]]
    return tuple(liste)
