"""Les corps et les réponses des alertes (la file de la Région) et des abonnements."""

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from noyau.communaute.file_alertes import NOTE_MAX, Alerte
from noyau.communaute.regles import NOMS_GRAVITES, Regle
from noyau.domaine.temps import en_texte

Etat = Literal["nouvelle", "prise-en-charge", "resolue", "fausse-alerte"]
_ENTREE = ConfigDict(str_strip_whitespace=True, allow_inf_nan=False, extra="forbid")


class AlerteSortie(BaseModel):
    id: str = Field(description="Identifiant de l'alerte (celui du chemin de PATCH)")
    identifiant: str = Field(description="Le même que `id` (nom d'avant, gardé)")
    uai: str
    regle: Regle
    gravite: Literal["haute", "moyenne", "faible"] = Field(description="Ordre de la file : kit silencieux et chauffage d'un "
                                                           "lycée vide hauts, objectif dépassé faible, le reste moyen")
    etat: Etat
    debut: str = Field(description="Début de ce qui s'est passé (RFC 3339, Paris) : le dernier relevé avant le silence, sinon "
                       "minuit du jour de l'alerte")
    jour: date = Field(description="Début du silence, samedi du week-end, jour de la nuit (0 h - 5 h) ou de vacances, "
                       "mois de l'objectif, lundi de la semaine (surchauffe, co2) ou premier jour de la fermeture "
                       "(chauffage-inoccupe)")
    message: str = Field(description="Ce qui s'est passé, en français")
    note: str = Field(description="La note laissée avec le dernier changement d'état (vide sinon)")
    details: dict
    levee_le: str = Field(description="Quand la tâche l'a levée")
    modifiee_le: str = Field(description="Dernier changement (levée ou état)")
    modifiee_par: str | None = Field(description="Identifiant du code d'accès qui a changé l'état en dernier (null : personne)")

    @classmethod
    def depuis(cls, a: Alerte) -> Self:
        return cls(id=a.identifiant, identifiant=a.identifiant, uai=a.uai, regle=a.regle, gravite=NOMS_GRAVITES[a.regle.gravite],
                   etat=a.etat, debut=en_texte(a.debut), jour=a.jour, message=a.message, note=a.note, details=a.details,
                   levee_le=en_texte(a.levee_le), modifiee_le=en_texte(a.modifiee_le), modifiee_par=a.par)


class EtatEntree(BaseModel):
    model_config = _ENTREE

    etat: Etat
    note: str | None = Field(None, max_length=NOTE_MAX, description="Absente : la note d'avant reste")
