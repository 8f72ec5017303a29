"""Les règles d'alerte : leur nom, le même partout (API, pages, abonnements ; contrat, section 4),
et ce qu'une personne en lit. Une règle nouvelle s'ajoute ici, avec son libellé."""

from enum import StrEnum


class Regle(StrEnum):
    KIT_SILENCIEUX = "kit-silencieux"
    NUIT = "nuit"
    WEEK_END = "week-end"
    VACANCES = "vacances"
    OBJECTIF = "objectif"
    NUMERIQUE_HORS_OCCUPATION = "numerique-hors-occupation"
    SURCHAUFFE = "surchauffe"
    CO2 = "co2"
    CHAUFFAGE_INOCCUPE = "chauffage-inoccupe"

    @property
    def libelle(self) -> str:
        return LIBELLES[self]


LIBELLES = {
    Regle.KIT_SILENCIEUX: "Kit silencieux",
    Regle.NUIT: "Consommation de nuit",
    Regle.WEEK_END: "Consommation du week-end",
    Regle.VACANCES: "Consommation d'un jour sans classe",
    Regle.OBJECTIF: "Objectif dépassé",
    Regle.NUMERIQUE_HORS_OCCUPATION: "Numérique allumé hors occupation",
    Regle.SURCHAUFFE: "Salles surchauffées pendant les cours",
    Regle.CO2: "Air confiné (CO2 au-dessus de 1 500 ppm)",
    Regle.CHAUFFAGE_INOCCUPE: "Salles chauffées lycée vide",
}
