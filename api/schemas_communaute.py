"""Les corps et les réponses des défis et des actions, séparés des objets du noyau (les alertes :
api.schemas_alertes)."""

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from noyau.calculs.confort import ConfortSalle
from noyau.communaute.actions import DESCRIPTION_MAX as DESCRIPTION_ACTION_MAX
from noyau.communaute.actions import GROUPE_MAX, TITRE_MAX, Action
from noyau.communaute.actions_confort import EffetSalle
from noyau.communaute.defis import DESCRIPTION_MAX, NOM_MAX, PARTICIPANTS_MAX, Defi, Ligne, organisateur
from noyau.communaute.referentiel import Comparaison, JourCompare
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
    organisateur: str | None = Field(description="Le lycée qui l'a lancé, seul à pouvoir le clore avec la Région ; null : la Région")
    acceptes: list[str] = Field(description="Les lycées qui y jouent ; les autres participants sont invités")
    clos_le: date | None = Field(description="Clos avant sa fin : jugé jusqu'à ce jour (exclu)")

    @classmethod
    def depuis(cls, defi: Defi) -> Self:
        return cls(
            identifiant=defi.identifiant, nom=defi.nom, description=defi.description, energie=defi.energie.value,
            debut=defi.debut, fin=defi.fin, type="interne" if defi.interne else "entre_lycees",
            participants=[ParticipantSortie(uai=p.uai, compteur=p.compteur) for p in defi.participants],
            cree_le=en_texte(defi.cree_le), organisateur=organisateur(defi), acceptes=list(defi.acceptes),
            clos_le=defi.clos_le,
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
    salle: str | None = Field(None, description="La sonde de la salle où l'effet se voit aussi (« salle-b12 » : "
                              "« Baisser la consigne d'un degré », « Aérer 5 minutes toutes les heures »)")


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
    salle: str | None = Field(description="La sonde de la salle visée, s'il y en a une")

    @classmethod
    def depuis(cls, action: Action) -> Self:
        return cls(
            identifiant=action.identifiant, uai=action.uai, titre=action.titre, type=action.type.value, jour=action.jour,
            energie=action.energie.value, compteur=action.compteur, groupe=action.groupe, description=action.description,
            cree_le=en_texte(action.cree_le), salle=action.salle,
        )


class ConfortSortie(BaseModel):
    temperature_moyenne: float | None = Field(description="°C pendant les heures de cours de la saison de chauffe")
    degres_heures: float = Field(description="Au-dessus de 19 °C pendant ces heures")
    heures_de_cours: float
    part_co2_1000: float | None = Field(description="Part des heures de cours au-dessus de 1 000 ppm de CO2 (0 à 1)")

    @classmethod
    def depuis(cls, salle: ConfortSalle) -> Self:
        part = salle.heures_co2_guide / salle.heures_co2 if salle.heures_co2 else None
        moyenne = None if salle.temperature_moyenne is None else round(salle.temperature_moyenne, 2)
        return cls(temperature_moyenne=moyenne, degres_heures=round(salle.degres_heures, 2),
                   heures_de_cours=round(salle.heures_de_cours, 2), part_co2_1000=None if part is None else round(part, 4))


class EffetSalleSortie(BaseModel):
    salle: str
    debut: date = Field(description="Le premier des 28 jours d'avant l'action")
    fin: date = Field(description="Exclue : le lendemain du dernier jour compté depuis l'action (hier au plus tard)")
    avant: ConfortSortie
    apres: ConfortSortie

    @classmethod
    def depuis(cls, effet: EffetSalle | None) -> Self | None:
        if effet is None:
            return None
        return cls(salle=effet.salle, debut=effet.debut, fin=effet.fin, avant=ConfortSortie.depuis(effet.avant),
                   apres=ConfortSortie.depuis(effet.apres))


class ActionDetail(ActionSortie):
    effet: ComparaisonSortie = Field(description="Les 28 jours depuis l'action contre les semaines comparables d'avant")
    effet_salle: EffetSalleSortie | None = Field(
        None, description="Extension : pour une action qui nomme une salle, son confort pendant les cours des 28 jours "
        "d'avant et des 28 jours depuis l'action ; null sans salle, ou le jour même")
