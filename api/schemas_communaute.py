"""Les corps et les réponses des défis, des actions et des alertes, séparés des objets du noyau."""

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from noyau.communaute.actions import DESCRIPTION_MAX as DESCRIPTION_ACTION_MAX
from noyau.communaute.actions import GROUPE_MAX, TITRE_MAX, Action
from noyau.communaute.alertes import Alerte
from noyau.communaute.defis import DESCRIPTION_MAX, NOM_MAX, PARTICIPANTS_MAX, Defi, Ligne
from noyau.communaute.referentiel import Comparaison, JourCompare
from noyau.communaute.regles import Regle
from noyau.domaine.temps import en_texte

_ENTREE = ConfigDict(str_strip_whitespace=True, allow_inf_nan=False, extra="forbid")


class JourSortie(BaseModel):
    jour: date
    reel: float | None = Field(description="Consommation du jour (absente si le jour est exclu)")
    reference: float | None = Field(description="Moyenne des jours de référence, corrigée du climat")
    jours_reference: list[date] = Field(description="Les mêmes jours de la semaine, de même nature, d'avant la période")
    exclu: str | None = Field(description="Motif d'exclusion (à venir, données incomplètes, aucun jour de référence comparable) ; null : retenu")

    @classmethod
    def depuis(cls, jour: JourCompare) -> Self:
        return cls(jour=jour.jour, reel=jour.reel, reference=jour.reference, jours_reference=list(jour.jours_reference),
                   exclu=jour.exclu)


class ComparaisonSortie(BaseModel):
    debut: date
    fin: date = Field(description="Exclue")
    economie_pct: float | None = Field(description="100 × (1 − réel / référence) sur les jours retenus ; null sans jour retenu")
    economise: float = Field(description="Référence − réel, sur les jours retenus (kWh, m³ pour l'eau)")
    reel: float
    reference: float
    unite: str
    completude_pct: float = Field(description="Part des jours de la période retenus des deux côtés")
    correction_climatique: Literal["sans_objet", "appliquee", "impossible"] = Field(
        description="sans_objet : aucune part de chauffage ; impossible : températures manquantes, référence non corrigée")
    facteur_climatique: float = Field(description="(1 − part chauffage) + part chauffage × DJU période / DJU référence")
    jours: list[JourSortie]

    @classmethod
    def depuis(cls, c: Comparaison) -> Self:
        return cls(
            debut=c.debut, fin=c.fin, economie_pct=None if c.economie is None else round(100 * c.economie, 2),
            economise=round(c.economise, 3), reel=round(c.reel, 3), reference=round(c.reference, 3),
            unite=c.participant.energie.unite, completude_pct=round(100 * c.completude, 1),
            correction_climatique=c.correction_climatique, facteur_climatique=round(c.facteur_climatique, 4),
            jours=[JourSortie.depuis(j) for j in c.jours],
        )


class ParticipantEntree(BaseModel):
    model_config = _ENTREE

    uai: str = Field(examples=["0350028R"])
    compteur: str | None = Field(None, description="Un compteur du lycée (défi interne) ; null : ses compteurs principaux")


class DefiEntree(BaseModel):
    model_config = _ENTREE

    nom: str = Field(min_length=1, max_length=NOM_MAX, examples=["Défi des veilles de décembre"])
    description: str = Field("", max_length=DESCRIPTION_MAX)
    energie: str = Field(examples=["electricite"])
    debut: date = Field(examples=["2026-12-01"])
    fin: date = Field(description="Exclue", examples=["2026-12-19"])
    participants: list[ParticipantEntree] = Field(min_length=2, max_length=PARTICIPANTS_MAX)


class ParticipantSortie(BaseModel):
    uai: str
    compteur: str | None


class DefiSortie(BaseModel):
    identifiant: str
    nom: str
    description: str
    energie: str
    debut: date
    fin: date = Field(description="Exclue")
    type: Literal["entre_lycees", "interne"] = Field(description="interne : entre compteurs d'un même lycée")
    participants: list[ParticipantSortie]
    cree_le: str

    @classmethod
    def depuis(cls, defi: Defi) -> Self:
        return cls(
            identifiant=defi.identifiant, nom=defi.nom, description=defi.description, energie=defi.energie.value,
            debut=defi.debut, fin=defi.fin, type="interne" if defi.interne else "entre_lycees",
            participants=[ParticipantSortie(uai=p.uai, compteur=p.compteur) for p in defi.participants],
            cree_le=en_texte(defi.cree_le),
        )


class LigneClassement(ComparaisonSortie):
    rang: int | None = Field(description="null : aucun jour retenu, pas de rang")
    uai: str
    compteur: str | None

    @classmethod
    def depuis_ligne(cls, ligne: Ligne) -> Self:
        participant = ligne.comparaison.participant
        return cls(**ComparaisonSortie.depuis(ligne.comparaison).model_dump(), rang=ligne.rang, uai=participant.uai,
                   compteur=participant.compteur)


class DefiDetail(DefiSortie):
    classement: list[LigneClassement] = Field(description="Par économie décroissante ; les participants sans rang à la fin")


class ActionEntree(BaseModel):
    model_config = _ENTREE

    titre: str = Field(min_length=1, max_length=TITRE_MAX, examples=["Extinction des écrans en fin de journée"])
    type: Literal["eco-geste", "intervention"]
    jour: date = Field(examples=["2026-11-16"])
    energie: str | None = Field(None, description="Obligatoire sans compteur ; déduite du compteur sinon", examples=["electricite"])
    compteur: str | None = Field(None, description="Le compteur (bâtiment, sous-compteur) visé, s'il y en a un")
    groupe: str = Field("", max_length=GROUPE_MAX, description="Une classe ou un groupe (« 2nde B », « éco-délégués ») : jamais le nom d'un élève")
    description: str = Field("", max_length=DESCRIPTION_ACTION_MAX)


class ActionSortie(BaseModel):
    identifiant: str
    uai: str
    titre: str
    type: str
    jour: date = Field(description="Le jour de l'action : l'annotation des courbes")
    energie: str
    compteur: str | None
    groupe: str
    description: str
    cree_le: str

    @classmethod
    def depuis(cls, action: Action) -> Self:
        return cls(
            identifiant=action.identifiant, uai=action.uai, titre=action.titre, type=action.type.value, jour=action.jour,
            energie=action.energie.value, compteur=action.compteur, groupe=action.groupe, description=action.description,
            cree_le=en_texte(action.cree_le),
        )


class ActionDetail(ActionSortie):
    effet: ComparaisonSortie = Field(description="Les 28 jours depuis l'action contre les semaines comparables d'avant")


class AlerteSortie(BaseModel):
    identifiant: str
    uai: str
    regle: Regle
    jour: date = Field(description="Début du silence, samedi du week-end, jour de la nuit (0 h - 5 h) ou de vacances, "
                       "mois de l'objectif, lundi de la semaine (surchauffe, co2) ou premier jour de la fermeture "
                       "(chauffage-inoccupe)")
    message: str
    details: dict
    etat: Literal["nouvelle", "vue", "close"]
    modifiee_le: str

    @classmethod
    def depuis(cls, alerte: Alerte) -> Self:
        return cls(identifiant=alerte.identifiant, uai=alerte.uai, regle=alerte.regle, jour=alerte.jour, message=alerte.message,
                   details=alerte.details, etat=alerte.etat, modifiee_le=en_texte(alerte.modifiee_le))


class EtatEntree(BaseModel):
    model_config = _ENTREE

    etat: Literal["nouvelle", "vue", "close"]
