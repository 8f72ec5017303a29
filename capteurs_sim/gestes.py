"""Les actions que mènent les lycées simulés, et ce qu'elles changent vraiment à leurs courbes.

Chaque geste est une action du référentiel des actions (un titre, un type, un groupe, une
description, jamais le nom d'une personne) et son effet physique : un facteur sur l'énergie d'un
usage, à certains moments (capteurs_sim.ecarts). Certains ne changent rien, comme dans la vie :
l'effet que le produit mesure (noyau.communaute.actions.effet) n'y trouve rien.
"""

from dataclasses import dataclass

from capteurs_sim.ecarts import Moments, Usage
from noyau.calculs.confort import ECONOMIE_PAR_DEGRE
from noyau.communaute.actions_confort import ACTIONS_PROPOSEES


@dataclass(frozen=True)
class Geste:
    titre: str
    type: str  # « eco-geste » ou « intervention » (noyau.communaute.actions.TypeAction)
    usage: Usage
    facteur: float  # 1 : aucun effet mesurable
    moments: Moments
    groupe: str
    description: str
    compteur: str | None = None  # le sous-compteur visé, s'il y en a un
    en_saison_de_chauffe: bool = False  # daté d'octobre à mars seulement


VEILLES = Geste(
    "Extinction des veilles le week-end", "eco-geste", Usage.ELECTRICITE, 0.75, Moments.WEEK_END, "éco-délégués",
    "Multiprises coupées le vendredi soir dans les salles, au CDI et en salle des professeurs ; vérification le lundi.")
VENTILATION = Geste(
    "Ventilation arrêtée la nuit", "intervention", Usage.ELECTRICITE, 0.85, Moments.NUIT, "agents techniques",
    "Horloge de la centrale de traitement d'air réglée sur les horaires d'ouverture.")
ORDINATEURS = Geste(
    "Ordinateurs de la salle informatique éteints le soir", "eco-geste", Usage.ELECTRICITE, 0.93, Moments.NUIT, "1re NSI",
    "Arrêt programmé à 18 h 30 et rappel affiché près de chaque poste.")
CONSIGNE = Geste(
    "Consigne de chauffage abaissée à 19 °C", "intervention", Usage.CHAUFFAGE, 0.92, Moments.TOUJOURS, "gestionnaire",
    "Confort ramené de 20 à 19 °C dans les salles de cours, réglé à la chaufferie.", en_saison_de_chauffe=True)
_BAISSER = ACTIONS_PROPOSEES[0]  # « Baisser la consigne d'un degré », du référentiel des actions du noyau
BAISSER_CONSIGNE = Geste(
    _BAISSER.titre, _BAISSER.type.value, Usage.CHAUFFAGE, 1.0 - ECONOMIE_PAR_DEGRE, Moments.TOUJOURS, "gestionnaire",
    _BAISSER.description, en_saison_de_chauffe=True)  # notée avec la salle où elle se sent (capteurs_sim.confort)
FUITES = Geste(
    "Chasse aux fuites des sanitaires", "intervention", Usage.EAU, 0.85, Moments.TOUJOURS, "agents techniques",
    "Chasses d'eau et robinets réparés ; relevé du compteur chaque vendredi.")

CATALOGUE = (
    VEILLES,
    VENTILATION,
    ORDINATEURS,
    CONSIGNE,
    Geste("Réduit du chauffage avancé à 17 h 30", "intervention", Usage.CHAUFFAGE, 0.9, Moments.HORS_OUVERTURE,
          "agents techniques", "Le chauffage passe en réduit dès la fin des cours au lieu de 20 h.", en_saison_de_chauffe=True),
    Geste("Éclairage LED dans les couloirs", "intervention", Usage.ELECTRICITE, 0.95, Moments.OUVERTURE, "Région",
          "Tubes fluorescents remplacés par des LED avec détection de présence."),
    Geste("Affiches « Éteignez en sortant » dans les salles", "eco-geste", Usage.ELECTRICITE, 1.0, Moments.TOUJOURS,
          "2nde B", "Affiches dessinées par la classe, posées près des interrupteurs."),
    Geste("Semaine de la sobriété énergétique", "eco-geste", Usage.ELECTRICITE, 1.0, Moments.TOUJOURS, "CVL",
          "Quiz, exposition au CDI et relevé des compteurs avec les éco-délégués."),
    Geste("Portes des couloirs tenues fermées", "eco-geste", Usage.CHAUFFAGE, 1.0, Moments.TOUJOURS, "éco-délégués",
          "Rappel en début de cours pendant deux semaines.", en_saison_de_chauffe=True),
    Geste("Distributeurs de boissons coupés hors des heures d'ouverture", "intervention", Usage.ELECTRICITE, 0.96,
          Moments.HORS_OUVERTURE, "gestionnaire", "Prises programmables sur les deux distributeurs du foyer."),
    Geste("Joints des chambres froides changés", "intervention", Usage.ELECTRICITE, 0.96, Moments.TOUJOURS,
          "équipe de cuisine", "Joints et dégivrage des deux chambres froides de la cantine.", compteur="cantine"),
    FUITES,
)
