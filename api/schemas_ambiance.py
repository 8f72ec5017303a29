"""Les réponses de l'air des salles (contrat, section 4) : instants en RFC 3339 à l'heure de Paris."""

from typing import Self

from pydantic import BaseModel, Field

from noyau.calculs.ambiance import Ambiance, PointAmbiance, Sonde
from noyau.domaine.ambiance import Statistique
from noyau.domaine.modele import Grandeur
from noyau.domaine.temps import en_texte

DECIMALES_MOYENNE = 2  # la moyenne publiée (le calcul reste exact) ; minimum et maximum sont des relevés


class StatistiqueSortie(BaseModel):
    moyenne: float = Field(description="Moyenne arithmétique des relevés de la période, arrondie au centième")
    min: float = Field(description="Le plus petit relevé de la période")
    max: float = Field(description="Le plus grand relevé de la période")
    releves: int = Field(description="Le nombre de relevés de la période")

    @classmethod
    def depuis(cls, statistique: Statistique | None) -> Self | None:
        if statistique is None:
            return None
        return cls(moyenne=round(statistique.moyenne, DECIMALES_MOYENNE), min=statistique.minimum, max=statistique.maximum,
                   releves=statistique.releves)


class PointAmbianceSortie(BaseModel):
    debut: str
    fin: str = Field(description="Exclue")
    temperature_c: StatistiqueSortie | None = Field(description="°C ; null si la sonde n'a envoyé aucune température")
    co2_ppm: StatistiqueSortie | None = Field(description="ppm ; null si la sonde n'a envoyé aucun CO2")
    humidite_pct: StatistiqueSortie | None = Field(description="% d'humidité relative ; null si la sonde n'en a envoyé aucune")

    @classmethod
    def depuis(cls, point: PointAmbiance) -> Self:
        grandeurs = {g.value: StatistiqueSortie.depuis(point.grandeurs[g])
                     for g in (Grandeur.TEMPERATURE_C, Grandeur.CO2_PPM, Grandeur.HUMIDITE_PCT)}
        return cls(debut=en_texte(point.debut), fin=en_texte(point.fin), **grandeurs)


class SondeSortie(BaseModel):
    compteur: str
    usage: str = Field(description="L'usage déclaré de la sonde (« salle de classe », « température extérieure »...)")
    points: list[PointAmbianceSortie] = Field(description="Les périodes où la sonde n'a rien envoyé sont absentes")

    @classmethod
    def depuis(cls, sonde: Sonde) -> Self:
        return cls(compteur=sonde.compteur, usage=sonde.usage, points=[PointAmbianceSortie.depuis(p) for p in sonde.points])


class AmbianceSortie(BaseModel):
    uai: str
    pas: str
    sondes: list[SondeSortie] = Field(description="Les compteurs sans énergie du lycée (ou la sonde demandée)")

    @classmethod
    def depuis(cls, ambiance: Ambiance) -> Self:
        return cls(uai=ambiance.uai, pas=ambiance.pas.value, sondes=[SondeSortie.depuis(s) for s in ambiance.sondes])
