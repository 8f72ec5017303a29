"""Les réponses de l'API, séparées des objets du domaine. Instants en RFC 3339 à l'heure de Paris."""

from typing import Literal, Self

from pydantic import BaseModel, Field

from noyau.calculs.lecture import Consommation, Point
from noyau.domaine.methode import publiee
from noyau.domaine.modele import Compteur, Rejet, Site
from noyau.domaine.temps import en_texte
from noyau.publication.operat import LigneOperat
from noyau.stockage import Document, MotifRejet

# Un message rejeté peut peser jusqu'à 10 000 relevés : on n'en montre que le début.
CONTENU_MAX = 500


class SiteSortie(BaseModel):
    uai: str
    nom: str
    commune: str
    surface_m2: float | None
    latitude: float | None
    longitude: float | None

    @classmethod
    def depuis(cls, site: Site) -> Self:
        return cls(
            uai=site.uai,
            nom=site.nom,
            commune=site.commune,
            surface_m2=site.surface_m2,
            latitude=site.latitude,
            longitude=site.longitude,
        )


class CompteurSortie(BaseModel):
    compteur: str
    energie: str | None = Field(description="None pour une sonde d'ambiance")
    principal: bool = Field(description="Seuls les compteurs principaux entrent dans le total du site")
    usage: str


class SiteDetail(SiteSortie):
    compteurs: list[CompteurSortie]

    @classmethod
    def depuis_site(cls, site: Site, compteurs: list[Compteur]) -> Self:
        sorties = [
            CompteurSortie(
                compteur=c.compteur, energie=c.energie and c.energie.value, principal=c.principal, usage=c.usage
            )
            for c in compteurs
        ]
        return cls(**SiteSortie.depuis(site).model_dump(), compteurs=sorties)


class PointSortie(BaseModel):
    debut: str
    fin: str = Field(description="Exclue")
    valeur: float = Field(description="Arrondie au millième (Wh, litre)")
    complet: bool = Field(description="Relevés de part et d'autre, sans trou de plus d'une heure")

    @classmethod
    def depuis(cls, point: Point) -> Self:
        return cls(debut=en_texte(point.debut), fin=en_texte(point.fin), valeur=publiee(point.valeur), complet=point.complet)


class ConsommationSortie(BaseModel):
    uai: str
    energie: str
    unite: str = Field(description="kWh, ou m3 pour l'eau")
    pas: str
    points: list[PointSortie] = Field(description="Les périodes sans relevé autour d'elles sont absentes")
    total: float
    resolution: Literal["jour", "heure", "releve"] = Field(
        description="Extension du contrat : lue des agrégats journaliers (`jour`, bornes à minuit), "
        "horaires (`heure`, bornes à l'heure pleine), mêmes totaux au-delà de la rétention des relevés "
        "bruts ; ou des relevés bruts (`releve`, une borne coupe une heure)"
    )

    @classmethod
    def depuis(cls, conso: Consommation) -> Self:
        return cls(
            uai=conso.uai,
            energie=conso.energie.value,
            unite=conso.unite,
            pas=conso.pas.value,
            points=[PointSortie.depuis(p) for p in conso.points],
            total=publiee(conso.total),
            resolution=conso.resolution,
        )


class MotifSortie(BaseModel):
    motif: str
    nombre: int
    dernier: str = Field(description="Réception du dernier rejet pour ce motif")

    @classmethod
    def depuis(cls, motif: MotifRejet) -> Self:
        return cls(motif=motif.motif, nombre=motif.nombre, dernier=en_texte(motif.dernier))


class RejetSortie(BaseModel):
    recu_le: str
    topic: str
    compteur: str | None
    motif: str
    contenu: str = Field(description=f"Le message reçu, tronqué à {CONTENU_MAX} caractères")

    @classmethod
    def depuis(cls, rejet: Rejet) -> Self:
        contenu = rejet.contenu if len(rejet.contenu) <= CONTENU_MAX else rejet.contenu[:CONTENU_MAX] + "…"
        return cls(
            recu_le=en_texte(rejet.recu_le),
            topic=rejet.topic,
            compteur=rejet.compteur,
            motif=rejet.motif,
            contenu=contenu,
        )


class QualiteSite(BaseModel):
    uai: str | None = Field(description="None : topic illisible, sans site")
    nom: str | None = Field(description="None : site absent du registre")
    total: int
    motifs: list[MotifSortie]
    derniers_rejets: list[RejetSortie] = Field(description="Du plus récent au plus ancien")


class QualiteSortie(BaseModel):
    total: int
    sites: list[QualiteSite]


class EtatStockage(BaseModel):
    etat: Literal["ok", "indisponible"]


class EtatCourtier(BaseModel):
    etat: Literal["connecte", "deconnecte", "hors-ligne", "silencieux", "inconnu"] = Field(
        description="connecte : au moins un collecteur est relié au courtier ; sinon l'état du premier collecteur en "
        "service (voir `collecteurs`) ; inconnu : aucun collecteur en service n'a rien noté"
    )
    adresse: str | None = None
    note_le: str | None = Field(None, description="Dernier état noté par un collecteur")
    recus: int | None = Field(None, description="Somme sur les collecteurs en service, depuis leur démarrage")
    stockes: int | None = None
    rejetes: int | None = None
    spool_messages: int | None = Field(
        None, description="Messages reçus pendant une panne du stockage, gardés sur disque, pas encore rejoués"
    )
    spool_octets: int | None = None
    rejoues: int | None = Field(None, description="Messages déjà rejoués depuis le spool")
    stockage_en_panne: str | None = Field(None, description="L'erreur du stockage vue par un collecteur, s'il y en a une")
    metriques: str | None = Field(
        None, description="Avec un seul collecteur en service : l'adresse de ses métriques Prometheus, ou pourquoi elles "
        "sont indisponibles (chaque collecteur : `collecteurs`)"
    )


class EtatCollecteurSortie(BaseModel):
    identifiant: str
    groupe: str | None = Field(None, description="Son abonnement partagé (`--groupe`)")
    etat: Literal["connecte", "deconnecte", "hors-ligne", "silencieux", "arrete"] = Field(
        description="hors-ligne : son lien est tombé sans revenir, un autre membre du groupe a repris sa session ; "
        "silencieux : rien noté depuis 2 minutes ; arrete : arrêté proprement, montré 10 minutes puis oublié"
    )
    degrade: bool = Field(description="Pas relié au courtier depuis plus d'une minute, ou des messages au spool")
    deconnecte_depuis: str | None = None
    repris_par: str | None = Field(None, description="Le membre du groupe qui a repris sa session")
    adresse: str | None = None
    note_le: str
    dernier_message: str | None = Field(None, description="Le dernier message reçu d'un kit")
    recus: int | None = None
    stockes: int | None = None
    rejetes: int | None = None
    spool_messages: int | None = None
    spool_octets: int | None = None
    rejoues: int | None = None
    stockage_en_panne: str | None = None
    metriques: str | None = Field(None, description="L'adresse de ses métriques Prometheus, ou pourquoi elles sont indisponibles")


class EtatEnvoi(BaseModel):
    etat: Literal["ok", "en-panne", "inconnu"] = Field(
        description="en-panne : des abonnements n'ont pas pu recevoir leurs alertes (relais de courriel ou webhook en panne, "
        "réessayés avec un délai croissant) ; inconnu : `enerlycee taches` n'a encore rien noté")
    note_le: str | None = Field(None, description="Dernier passage de l'envoi")
    messages_envoyes: int | None = None
    en_echec: int | None = Field(None, description="Abonnements en échec")
    derniere_erreur: str | None = Field(None, description="L'erreur du premier abonnement en échec (jamais une adresse)")


class SanteSortie(BaseModel):
    etat: Literal["ok", "degrade"]
    stockage: EtatStockage
    courtier: EtatCourtier
    collecteurs: list[EtatCollecteurSortie] = Field(
        default_factory=list, description="Chaque collecteur, par identifiant (un arrêté proprement est oublié après 10 minutes)"
    )
    envoi: EtatEnvoi = Field(default_factory=lambda: EtatEnvoi(etat="inconnu"),
                             description="L'envoi des alertes aux abonnés, noté par `enerlycee taches`")


class EcritureSortie(BaseModel):
    le: str
    role: str
    jeton: str = Field(description="Identifiant du jeton : les 12 premiers caractères de son empreinte")
    uai: str | None = Field(description="Lycée concerné ; None : écriture de la Région sans lycée")
    action: str = Field(description="Méthode et chemin, par exemple « PUT /api/v1/sites/0350028R »")
    objet: str

    @classmethod
    def depuis(cls, document: Document) -> Self:
        return cls(le=en_texte(document.modifie_le), uai=document.uai, **document.contenu)


class OperatSortie(BaseModel):
    uai: str
    nom: str
    surface_m2: float | None = Field(description="Surface du registre (m²), à rapprocher de la surface de l'EFA")
    annee: int
    energie: str
    categorie_operat: str = Field(description="Catégorie d'énergie d'OPERAT (libellé non vérifié sur la plateforme)")
    consommation_kwh: float | None = Field(description="Énergie finale de l'année civile, brute, arrondie au millième ; None : aucun relevé")
    mois_complets: int = Field(description="Mois présents et complets, sur 12")
    complete: bool = Field(description="Les 12 mois sont présents et complets")
    annee_reference: int | None
    reference_kwh: float | None
    reference_source: Literal["declaree", "calculee"] | None = Field(
        description="declaree : déclarée au module de trajectoire ; calculee : des relevés de annee_reference"
    )
    reference_complete: bool | None

    @classmethod
    def depuis(cls, ligne: LigneOperat) -> Self:
        return cls(
            uai=ligne.uai, nom=ligne.nom, surface_m2=ligne.surface_m2, annee=ligne.annee, energie=ligne.energie.value,
            categorie_operat=ligne.categorie_operat, consommation_kwh=ligne.consommation.consommation_kwh,
            mois_complets=ligne.consommation.mois_complets, complete=ligne.consommation.complete,
            annee_reference=ligne.annee_reference, reference_kwh=ligne.reference_kwh,
            reference_source=ligne.reference_source, reference_complete=ligne.reference_complete,
        )


class ErreurSortie(BaseModel):
    """Toute erreur : `{"detail": "<message en français>"}`."""

    detail: str
