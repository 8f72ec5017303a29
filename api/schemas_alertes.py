"""Les corps et les réponses des alertes (la file de la Région) et des abonnements."""

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from noyau.communaute.abonnements import Abonnement
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


class AbonnementEntree(BaseModel):
    model_config = _ENTREE

    canal: Literal["courriel", "webhook"]
    destination: str = Field(max_length=2000, description="Adresse électronique (courriel) ou adresse http(s) (webhook)")
    uai: str | None = Field(description="Le lycée ; null : tous les lycées (code `region` seulement)")
    regles: list[Regle] = Field(default_factory=list, max_length=20, description="Les règles suivies ; vide : toutes")
    rythme: Literal["immediat", "quotidien", "hebdomadaire"] = "immediat"
    heures_calmes: str | None = Field(None, max_length=20, description="Extension : « 22:00-07:00 » (heure de Paris), rien ne "
                                      "part pendant ces heures ; absent : aucune", examples=["22:00-07:00"])


class AbonnementSortie(BaseModel):
    id: str
    canal: Literal["courriel", "webhook"]
    destination: str = Field(description="Montrée au seul code d'accès qui a créé l'abonnement")
    uai: str | None
    regles: list[Regle]
    rythme: Literal["immediat", "quotidien", "hebdomadaire"]
    heures_calmes: str | None
    cree_le: str
    echecs: int = Field(description="Envois échoués d'affilée (réessayés avec un délai croissant)")
    derniere_erreur: str | None
    secret: str | None = Field(None, description="Webhook, à la création seulement : la clé de la signature "
                               "`X-Enerlycee-Signature: sha256=<HMAC-SHA256 hexadécimal du corps brut>` ; jamais remontrée")

    @classmethod
    def depuis(cls, a: Abonnement, avec_secret: bool = False) -> Self:
        calmes = f"{a.heures_calmes[0]:%H:%M}-{a.heures_calmes[1]:%H:%M}" if a.heures_calmes else None
        return cls(id=a.identifiant, canal=a.canal, destination=a.destination, uai=a.uai, regles=list(a.regles), rythme=a.rythme,
                   heures_calmes=calmes, cree_le=en_texte(a.cree_le), echecs=a.avancement.echecs,
                   derniere_erreur=a.avancement.erreur or None, secret=a.secret if avec_secret and a.secret else None)
