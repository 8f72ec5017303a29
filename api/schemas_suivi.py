"""Les réponses et corps des routes de suivi : météo, trajectoire, objectifs, analyse,
comparaison, équivalences. Dates en AAAA-MM-JJ ; valeurs en kWh (m³ pour l'eau)."""

from datetime import date
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field

from noyau.calculs.analyse import Repartition, Talon, Total, Vacances
from noyau.calculs.comparaison import Ligne
from noyau.calculs.equivalences import Equivalences
from noyau.calculs.horaires import FERMETURE_JOURS_MAX, FERMETURES_MAX, MOTIF_MAX
from noyau.calculs.trajectoire import MoisSuivi, Trajectoire
from noyau.communaute.objectifs import MoisObjectif, Objectif, Suivi

_ENTREE = ConfigDict(str_strip_whitespace=True, allow_inf_nan=False, extra="forbid")
Dju = Annotated[float, Field(ge=0, le=1000)]
Kwh = Annotated[float, Field(ge=0, le=1e12)]


class JourMeteo(BaseModel):
    jour: date
    temperature_c: float = Field(description="Température extérieure moyenne du jour")
    dju: float = Field(description="max(0, 18 − température)")


class MeteoSortie(BaseModel):
    uai: str
    base_dju_c: float
    jours: list[JourMeteo] = Field(description="Les jours sans température sont absents")
    jours_manquants: int = Field(description="Jours de [debut, fin) sans température")
    total_dju: float = Field(description="Somme des DJU des jours présents")


class NormaleEntree(BaseModel):
    model_config = _ENTREE

    mois: list[Dju] = Field(min_length=12, max_length=12, description="DJU normaux (base 18 °C) de janvier à décembre")
    source: str = Field("", max_length=300, description="Par exemple « Météo-France, Rennes-Saint-Jacques, 1991-2020 »")


class ReferenceEntree(BaseModel):
    model_config = _ENTREE

    energie: str
    annee: int = Field(description="Année de référence, de 2010 à 2029")
    consommation: float = Field(gt=0, le=1e12, description="Consommation de l'année de référence (kWh), tenue pour normale")
    mensuel: list[Kwh] | None = Field(None, min_length=12, max_length=12, description="Profil des 12 mois, facultatif")


class MoisTrajectoire(BaseModel):
    mois: date
    objectif: float
    consommation: float | None = Field(description="None : aucune donnée pour ce mois")
    corrigee: float | None = Field(description="Corrigée du climat (chauffage seul) ; None sans DJU du mois ou de référence")
    complet: bool
    reference: float | None = Field(description="Le même mois de la référence, corrigé vers les mêmes DJU")

    @classmethod
    def depuis(cls, m: MoisSuivi) -> Self:
        return cls(mois=m.mois, objectif=m.objectif, consommation=m.consommation, corrigee=m.corrigee,
                   complet=m.complet, reference=m.reference)


class Avancement(BaseModel):
    mois_comptes: int = Field(description="Mois complets et corrigés")
    consommation_corrigee: float
    objectif: float
    reference: float
    reduction: float | None = Field(description="1 − corrigée / référence sur ces mois (0,12 = -12 %)")


class TrajectoireSortie(BaseModel):
    uai: str | None = Field(description="None : le parc entier")
    energie: str
    annee_reference: int
    reference: float
    reference_complete: bool
    reference_declaree: bool
    profil_uniforme: bool = Field(description="Vrai : objectifs mensuels en douzièmes faute de profil de référence")
    jalons: dict[int, float] = Field(description="Réduction visée : 0,4 en 2030, 0,5 en 2040, 0,6 en 2050")
    objectifs_annuels: dict[int, float]
    annee: int
    mois: list[MoisTrajectoire]
    avancement: Avancement
    sans_reference: list[str] = Field(description="Parc : lycées sans référence, hors de la somme")

    @classmethod
    def depuis(cls, t: Trajectoire, jalons: dict[int, float]) -> Self:
        return cls(uai=t.uai, energie=t.energie.value, annee_reference=t.annee_reference, reference=t.reference,
                   reference_complete=t.reference_complete, reference_declaree=t.reference_declaree,
                   profil_uniforme=t.profil_uniforme, jalons=jalons, objectifs_annuels=t.objectifs_annuels,
                   annee=t.annee, mois=[MoisTrajectoire.depuis(m) for m in t.mois],
                   avancement=Avancement(**t.avancement), sans_reference=t.sans_reference)


class ObjectifEntree(BaseModel):
    model_config = _ENTREE

    energie: str
    reduction_pct: float = Field(gt=0, lt=100, description="Réduction visée en %, par exemple 10")
    debut: date = Field(description="Premier mois, au 1er")
    fin: date = Field(description="Mois suivant le dernier, au 1er (exclu)")
    libelle: str = Field("", max_length=200)


class ObjectifSortie(BaseModel):
    identifiant: str
    uai: str
    energie: str
    reduction_pct: float
    debut: date
    fin: date
    libelle: str

    @classmethod
    def depuis(cls, o: Objectif) -> Self:
        return cls(identifiant=o.identifiant, uai=o.uai, energie=o.energie.value, reduction_pct=o.reduction_pct,
                   debut=o.debut, fin=o.fin, libelle=o.libelle)


class MoisObjectifSortie(BaseModel):
    mois: date
    consommation: float | None
    annee_precedente: float | None = Field(description="Le même mois un an plus tôt")
    objectif: float | None = Field(description="annee_precedente × (1 − réduction) ; None si elle est incomplète")
    complet: bool
    manquant: list[str] = Field(description="consommation, annee_precedente : ce qui manque ou est incomplet")
    statut: str = Field(description="atteint, depasse, incomplet ou a_venir")

    @classmethod
    def depuis(cls, m: MoisObjectif) -> Self:
        return cls(mois=m.mois, consommation=m.consommation, annee_precedente=m.annee_precedente, objectif=m.objectif,
                   complet=m.complet, manquant=m.manquant, statut=m.statut)


class CumulObjectif(BaseModel):
    mois_comptes: int
    consommation: float
    objectif: float
    reduction_pct: float | None


class SuiviSortie(BaseModel):
    objectif: ObjectifSortie
    mois: list[MoisObjectifSortie]
    cumul: CumulObjectif = Field(description="Sur les seuls mois complets")

    @classmethod
    def depuis(cls, s: Suivi) -> Self:
        return cls(objectif=ObjectifSortie.depuis(s.objectif), mois=[MoisObjectifSortie.depuis(m) for m in s.mois],
                   cumul=CumulObjectif(**s.cumul))


class FermetureEntree(BaseModel):
    model_config = _ENTREE

    debut: date = Field(description="Premier jour où le lycée est fermé (AAAA-MM-JJ)", examples=["2027-05-07"])
    fin: date = Field(description="Exclue : le lendemain du dernier jour fermé (un seul jour, le 7 mai : 2027-05-08)",
                      examples=["2027-05-08"])
    motif: str = Field(max_length=MOTIF_MAX, description="Obligatoire, court : « pont », « journée pédagogique », « travaux », "
                       "« grève », « neige »... ; ni adresse électronique ni numéro de téléphone", examples=["Pont de l'Ascension"])


class FermetureSortie(BaseModel):
    debut: date
    fin: date = Field(description="Exclue")
    motif: str


class HorairesEntree(BaseModel):
    model_config = _ENTREE

    jours: dict[str, list[tuple[str, str]]] = Field(
        description="lundi ... dimanche → plages [\"HH:MM\", \"HH:MM\"] ; un jour absent est fermé",
        examples=[{"lundi": [["07:30", "18:30"]], "mercredi": [["07:30", "12:30"]]}],
    )
    internat: bool = False
    zone: str | None = Field(None, description="Zone de vacances A, B ou C ; par défaut celle de l'académie")
    fermetures: list[FermetureEntree] | None = Field(
        None, max_length=FERMETURES_MAX,
        description=f"Fermetures particulières, jours [debut, fin) sans classe (comme les vacances) ; {FERMETURES_MAX} au plus, "
        f"de {FERMETURE_JOURS_MAX} jours au plus chacune. Elles remplacent celles déclarées ; absent : celles déjà "
        "déclarées restent (un client qui ne connaît pas ce champ ne les efface pas) ; [] : les retire toutes",
    )


class HorairesSortie(BaseModel):
    jours: dict[str, list[list[str]]]
    internat: bool
    zone: str
    fermetures: list[FermetureSortie] = Field(description="Par premier jour, passées comprises")


class TalonSortie(BaseModel):
    valeur: float | None = Field(description="Médiane des nuits, en kW (m³/h pour l'eau)")
    nuits: dict[date, float] = Field(description="Puissance moyenne de 1 h à 4 h, nuit par nuit")

    @classmethod
    def depuis(cls, t: Talon) -> Self:
        return cls(valeur=t.valeur, nuits=t.nuits)


class RepartitionSortie(BaseModel):
    categories: dict[str, float] = Field(description="ouverture, nuit_internat, soir_et_nuit, week_end, vacances")
    hors_horaires: float = Field(description="Tout sauf l'ouverture")
    total: float
    heures: int
    heures_incompletes: int

    @classmethod
    def depuis(cls, r: Repartition) -> Self:
        return cls(categories=r.categories, hors_horaires=r.hors_horaires, total=r.total, heures=r.heures,
                   heures_incompletes=r.heures_incompletes)


class TotalSortie(BaseModel):
    debut: date
    fin: date = Field(description="Exclue")
    valeur: float | None
    par_jour: float | None = Field(description="Consommation moyenne par jour de 24 heures (un jour de changement d'heure en a 23 ou 25)")
    complet: bool

    @classmethod
    def depuis(cls, t: Total) -> Self:
        return cls(debut=t.debut, fin=t.fin, valeur=t.valeur, par_jour=t.par_jour, complet=t.complet)


class VacancesSortie(BaseModel):
    nom: str
    cette_annee: TotalSortie = Field(description="La part de ces vacances comprise dans la période")
    annee_precedente: TotalSortie | None = Field(description="Les mêmes vacances un an plus tôt, entières")
    evolution_pct: float | None = Field(description="Consommation moyenne par jour ; None si l'une est incomplète")

    @classmethod
    def depuis(cls, v: Vacances) -> Self:
        avant = TotalSortie.depuis(v.annee_precedente) if v.annee_precedente else None
        return cls(nom=v.nom, cette_annee=TotalSortie.depuis(v.cette_annee), annee_precedente=avant,
                   evolution_pct=v.evolution_pct)


class AnalyseSortie(BaseModel):
    uai: str
    energie: str
    unite: str
    talon: TalonSortie
    repartition: RepartitionSortie
    par_m2: float | None = Field(description="Consommation de la période par m² de surface (kWh/m²)")
    vacances: list[VacancesSortie]
    horaires: HorairesSortie


class LigneComparaison(BaseModel):
    uai: str
    nom: str
    surface_m2: float | None
    consommation: float | None
    complet: bool
    par_m2: float | None
    annee_precedente: float | None = Field(description="Mêmes dates un an plus tôt")
    annee_precedente_complet: bool
    evolution_pct: float | None = Field(description="None si l'un des deux totaux est incomplet")

    @classmethod
    def depuis(cls, ligne: Ligne) -> Self:
        return cls(uai=ligne.uai, nom=ligne.nom, surface_m2=ligne.surface_m2, consommation=ligne.consommation,
                   complet=ligne.complet, par_m2=ligne.par_m2, annee_precedente=ligne.annee_precedente,
                   annee_precedente_complet=ligne.annee_precedente_complet, evolution_pct=ligne.evolution_pct)


class ComparaisonSortie(BaseModel):
    energie: str
    unite: str
    lycees: list[LigneComparaison] = Field(description="Par kWh/m² croissant ; sans surface ni donnée à la fin")


class EquivalencesSortie(BaseModel):
    energie: str
    valeur: float
    unite: str
    kg_co2e: float | None = Field(description="Facteurs ADEME (Base Empreinte) ; None pour l'eau")
    euros: float
    tarif: float = Field(description="Euros par kWh (par m³ pour l'eau)")
    recharges_smartphone: float | None = Field(description="Recharges complètes de 15 Wh")
    heures_television: float | None = Field(description="Heures d'un téléviseur de 100 W")
    km_voiture: float | None = Field(description="Km en voiture thermique à 0,218 kg CO2e/km")

    @classmethod
    def depuis(cls, e: Equivalences) -> Self:
        return cls(energie=e.energie.value, valeur=e.valeur, unite=e.unite, kg_co2e=e.kg_co2e, euros=e.euros,
                   tarif=e.tarif, recharges_smartphone=e.recharges_smartphone, heures_television=e.heures_television,
                   km_voiture=e.km_voiture)


class TarifsEntree(BaseModel):
    model_config = _ENTREE

    tarifs: dict[str, Annotated[float, Field(ge=0, le=1000)]] = Field(
        description="Énergie → euros par kWh (par m³ pour l'eau)", examples=[{"electricite": 0.21}]
    )
