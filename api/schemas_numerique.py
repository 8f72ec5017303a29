"""Les réponses de la part du numérique (contrat, section 4 « Digital equipment »)."""

from typing import Self

from pydantic import BaseModel, Field

from noyau.calculs.numerique import PartNumerique, par_m2
from noyau.domaine.modele import Site
from noyau.domaine.temps import en_texte

_PART = "Total / électricité du lycée (compteurs principaux) sur la même période, entre 0 et 1 ; null sans électricité, " \
        "sans compteur numérique, ou si l'électricité est inférieure au total"
_HORS = "kWh du total consommés hors des horaires d'ouverture du lycée : nuits, week-ends, vacances, jours fériés et fermetures déclarées"
_COMPLET = "Chaque heure de chaque compteur numérique et de l'électricité du lycée couverte par des relevés, " \
           "sans trou de plus d'une heure ; jamais sans compteur numérique"


class CompteurNumeriqueSortie(BaseModel):
    compteur: str
    usage: str = Field(description="numerique, ou numerique-serveurs, -reseau, -salle, -recharge, -affichage...")
    total: float = Field(description="kWh sur [debut, fin)")


class NumeriqueSortie(BaseModel):
    uai: str
    debut: str
    fin: str = Field(description="Exclue")
    unite: str = "kWh"
    total: float = Field(description="Consommation des compteurs numériques (principaux ou non) sur [debut, fin)")
    part_electricite: float | None = Field(description=_PART)
    hors_occupation: float = Field(description=_HORS)
    co2_kg: float = Field(description="kg CO2e : total × 0,052 (électricité, Base Empreinte de l'ADEME)")
    complet: bool = Field(description=_COMPLET)
    compteurs: list[CompteurNumeriqueSortie]

    @classmethod
    def depuis(cls, part: PartNumerique) -> Self:
        return cls(
            uai=part.uai, debut=en_texte(part.debut), fin=en_texte(part.fin), total=part.total,
            part_electricite=part.part_electricite, hors_occupation=part.hors_occupation, co2_kg=part.co2_kg,
            complet=part.complet,
            compteurs=[CompteurNumeriqueSortie(compteur=c.compteur, usage=c.usage, total=c.total) for c in part.compteurs],
        )


class PeriodeNumerique(BaseModel):
    debut: str
    fin: str = Field(description="Exclue")
    total: float
    part_electricite: float | None = Field(description=_PART)
    hors_occupation: float = Field(description=_HORS)
    co2_kg: float
    complet: bool = Field(description=_COMPLET)

    @classmethod
    def depuis(cls, part: PartNumerique) -> Self:
        return cls(debut=en_texte(part.debut), fin=en_texte(part.fin), total=part.total, part_electricite=part.part_electricite,
                   hors_occupation=part.hors_occupation, co2_kg=part.co2_kg, complet=part.complet)


class NumeriqueMoisSortie(BaseModel):
    uai: str
    unite: str = "kWh"
    mois: list[PeriodeNumerique] = Field(description="Chaque mois de [debut, fin), le premier et le dernier rognés")


class NumeriqueLyceeSortie(PeriodeNumerique):
    uai: str
    nom: str
    par_m2: float | None = Field(description="kWh de numérique par m² de surface du lycée (null sans surface)")

    @classmethod
    def du_lycee(cls, lycee: Site, part: PartNumerique) -> Self:
        return cls(uai=lycee.uai, nom=lycee.nom, par_m2=par_m2(lycee, part), **PeriodeNumerique.depuis(part).model_dump())
