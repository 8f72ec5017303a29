"""Les fermetures particulières de la démonstration, placées par rapport à son premier lancement
(J) : le premier lycée simulé (celui dont la démonstration imprime les codes d'accès) a été fermé
un jour de classe un mois avant J pour une journée pédagogique, et le sera deux jours de classe
trois semaines après J pour des travaux. Une fonction pure de (lycées, J) : la communauté les
déclare avec ses horaires (capteurs_sim.communaute), et ses kits consomment ces jours-là comme un
jour sans classe (capteurs_sim.generation : son calendrier les porte).

Les jours sont pris hors des défis de la démonstration (avant le défi en cours, après le défi fini)
et loin de ses surconsommations (onze semaines avant J au moins)."""

from datetime import date, timedelta

from capteurs_sim.lycees import Lycee
from noyau.domaine.calendrier import Fermeture, est_jour_de_classe

PEDAGOGIQUE_AVANT_J = 30
TRAVAUX_APRES_J = 21
UN_JOUR = timedelta(days=1)


def fermetures_prevues(lycees: list[Lycee], lancement: date) -> dict[str, tuple[Fermeture, ...]]:
    if not lycees:
        return {}
    pedagogique = _jour_de_classe_entre_deux(lancement - timedelta(days=PEDAGOGIQUE_AVANT_J), -1)
    travaux = _jour_de_classe_entre_deux(lancement + timedelta(days=TRAVAUX_APRES_J), 1)
    return {lycees[0].uai: (
        Fermeture(pedagogique, pedagogique + UN_JOUR, "Journée pédagogique (formation des équipes)"),
        Fermeture(travaux, travaux + 2 * UN_JOUR, "Travaux : mise en sécurité électrique"),
    )}


def _jour_de_classe_entre_deux(depart: date, sens: int) -> date:
    """Le premier jour, en allant de `depart` dans le `sens` (-1 : vers le passé), qui est un jour
    de classe entre deux jours de classe (une fermeture qui change vraiment la nature des jours)."""
    jour = depart
    while not all(est_jour_de_classe(jour + k * UN_JOUR) for k in (-1, 0, 1, 2)):
        jour += sens * UN_JOUR
    return jour
