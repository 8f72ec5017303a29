"""Les règles d'alerte : leur nom, le même partout (API, pages, abonnements ; contrat, section 4),
ce qu'une personne en lit, leur gravité (l'ordre de la file de la Région) et ce qu'il faut
vérifier d'abord (dans les messages envoyés). Une règle nouvelle s'ajoute ici, avec les trois."""

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

    @property
    def gravite(self) -> int:
        """3 : haute (on ne voit plus rien, ou l'on chauffe un lycée vide), 2 : moyenne, 1 : faible."""
        return GRAVITES.get(self, 2)

    @property
    def a_verifier(self) -> str:
        return VERIFICATIONS[self]


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
GRAVITES = {Regle.KIT_SILENCIEUX: 3, Regle.CHAUFFAGE_INOCCUPE: 3, Regle.OBJECTIF: 1}
NOMS_GRAVITES = {3: "haute", 2: "moyenne", 1: "faible"}
VERIFICATIONS = {
    Regle.KIT_SILENCIEUX: "l'alimentation du kit et sa connexion (Wi-Fi, 4G), puis la page « Qualité des données » "
                          "(relevés mis en quarantaine).",
    Regle.NUIT: "la programmation horaire du chauffage et de la ventilation (CTA), l'éclairage des couloirs, des "
                "parkings et du gymnase, les appareils restés allumés (cuisine, ateliers), une fuite d'eau.",
    Regle.WEEK_END: "les réduits de week-end du chauffage, la ventilation, l'éclairage, un événement prévu (location "
                    "des salles, internat ouvert).",
    Regle.VACANCES: "le passage du chauffage et de la ventilation en mode vacances, l'éclairage, un chantier ou une "
                    "location des locaux ce jour-là.",
    Regle.OBJECTIF: "les alertes de nuit et de week-end du mois, puis la courbe de charge des jours de classe.",
    Regle.NUMERIQUE_HORS_OCCUPATION: "la mise en veille programmée des postes, des vidéoprojecteurs et des écrans, les "
                                     "armoires de recharge, la salle des serveurs.",
    Regle.SURCHAUFFE: "les consignes de température et les robinets thermostatiques des salles nommées, la loi d'eau "
                      "de la chaufferie.",
    Regle.CO2: "l'ouverture des fenêtres entre les cours, le fonctionnement de la ventilation des salles nommées.",
    Regle.CHAUFFAGE_INOCCUPE: "le réduit de week-end et de vacances de la régulation, l'horloge de la chaufferie.",
}
