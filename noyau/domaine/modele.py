"""Les objets du domaine : sites, compteurs, grandeurs mesurées, relevés et rejets."""

import re
from dataclasses import dataclass
from enum import Enum, StrEnum

import numpy as np

from noyau.domaine.identifiants import Energie


@dataclass(frozen=True)
class Site:
    """Un lycée, identifié par son UAI."""

    uai: str
    nom: str
    commune: str
    surface_m2: float | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Compteur:
    """Un compteur (ou une sonde) d'un site.

    `energie` vaut None pour une sonde d'ambiance (température, CO2, humidité), qui ne compte
    aucune énergie. Un sous-compteur (`principal=False`) n'entre jamais dans le total du site.
    """

    uai: str
    compteur: str
    energie: Energie | None
    principal: bool
    usage: str = ""
    coef_kwh_m3: float | None = None


class Nature(Enum):
    """Ce que représente une grandeur ; c'est ce qui décide du calcul de l'énergie."""

    INDEX = "index"  # compteur cumulatif : l'énergie est son avance
    PUISSANCE = "puissance"  # puissance instantanée : l'énergie est son intégrale
    AMBIANCE = "ambiance"  # mesure sans énergie : ambiance, puissance apparente


class Grandeur(StrEnum):
    """Les grandeurs d'un relevé, avec leur nom exact dans les messages MQTT."""

    INDEX_KWH = "index_kwh"
    INDEX_M3 = "index_m3"
    PUISSANCE_W = "puissance_w"
    TEMPERATURE_C = "temperature_c"
    CO2_PPM = "co2_ppm"
    HUMIDITE_PCT = "humidite_pct"
    # Puissance apparente (VA) d'un compteur Linky (PAPP, SINSTS) : ce n'est pas une puissance
    # active, elle n'entre dans aucun calcul d'énergie. Hors contrat MQTT natif (kits du commerce).
    PUISSANCE_APPARENTE_VA = "puissance_apparente_va"

    @property
    def nature(self) -> Nature:
        return _NATURES.get(self, Nature.AMBIANCE)

    @property
    def unite(self) -> str:
        return _UNITES[self]


_NATURES = {Grandeur.INDEX_KWH: Nature.INDEX, Grandeur.INDEX_M3: Nature.INDEX, Grandeur.PUISSANCE_W: Nature.PUISSANCE}
_UNITES = {
    Grandeur.INDEX_KWH: "kWh",
    Grandeur.INDEX_M3: "m3",
    Grandeur.PUISSANCE_W: "W",
    Grandeur.TEMPERATURE_C: "°C",
    Grandeur.CO2_PPM: "ppm",
    Grandeur.HUMIDITE_PCT: "%",
    Grandeur.PUISSANCE_APPARENTE_VA: "VA",
}


class Source(StrEnum):
    """Le format du message d'où vient un relevé : sa provenance, gardée avec lui.

    L'ordre est celui des codes stockés : on ajoute à la fin, on ne retire ni ne déplace.
    """

    NATIF = "natif"
    SENML = "senml"
    # Les kits du commerce (noyau/formats), reliés à un compteur par le fichier de correspondances.
    TASMOTA = "tasmota"
    SHELLY = "shelly"
    ZIGBEE2MQTT = "zigbee2mqtt"
    TIC = "tic"
    EMONHUB = "emonhub"


@dataclass(frozen=True, slots=True)
class Releve:
    """Une valeur mesurée par un compteur à un instant (secondes Unix, UTC)."""

    uai: str
    compteur: str
    grandeur: Grandeur
    ts: float
    valeur: float
    source: Source = Source.NATIF


@dataclass(frozen=True, eq=False)
class SerieDeReleves:
    """Des relevés d'une même série (compteur, grandeur) et d'une même provenance, en
    colonnes : un tableau envoyé par un kit se décode, se valide et s'écrit sans un objet par
    relevé. `ts` en secondes Unix, `valeurs` dans l'unité de la grandeur (float64)."""

    uai: str
    compteur: str
    grandeur: Grandeur
    ts: np.ndarray
    valeurs: np.ndarray
    source: Source = Source.NATIF

    def __len__(self) -> int:
        return len(self.ts)

    def releves(self) -> list[Releve]:
        return [
            Releve(self.uai, self.compteur, self.grandeur, ts, valeur, self.source)
            for ts, valeur in zip(self.ts.tolist(), self.valeurs.tolist())
        ]

    def partie(self, garder: np.ndarray) -> "SerieDeReleves":
        """Les relevés choisis par le masque `garder`."""
        return SerieDeReleves(self.uai, self.compteur, self.grandeur, self.ts[garder], self.valeurs[garder], self.source)


# Du premier « au dernier » : ce que cite un message, même si le kit y a mis des « » à lui.
_CITATION = re.compile(r"«.*»", re.DOTALL)
MOTIF_MAX = 200


def motif_de_categorie(message: str) -> str:
    """Un message d'erreur devenu motif de quarantaine : ce qu'il cite du kit entre « » est
    remplacé par « … », pour que les motifs restent en nombre borné (compteurs, métriques),
    même sous un flot de messages tous différents ; le détail reste dans le sujet et le contenu.

    Tout ce qui vient du kit est cité entre « » par les messages du noyau ; la citation va du
    premier « au dernier » du message, de sorte qu'un « » » envoyé par le kit (`{"ts": "x » 1"}`,
    un sujet `lycees/»1/principal`) n'en fait pas sortir la suite : les motifs ne sont que les
    gabarits des messages, en nombre fini quoi que le kit envoie."""
    return _CITATION.sub("« … »", message)[:MOTIF_MAX]


@dataclass(frozen=True, slots=True)
class Rejet:
    """Ce qui n'a pas pu être stocké, avec la raison (une catégorie : `motif_de_categorie`) : la
    quarantaine."""

    recu_le: float
    topic: str
    motif: str
    contenu: str
    uai: str | None = None
    compteur: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "motif", motif_de_categorie(self.motif))
