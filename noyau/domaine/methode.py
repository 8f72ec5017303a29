"""La méthode des nombres publiés : comment une consommation est calculée (contrat, section 3).

Elle accompagne chaque export (en-tête HTTP court, `GET /api/v1/export/methode`) et chaque jeu
de données ouvertes (`methode.json`) : un tableur ou un portail reçoit les nombres avec leur sens.
"""

VERSION = "1"
DECIMALES_PUBLIEES = 3  # le millième : le Wh d'une valeur en kWh, le litre d'une valeur en m³

# En-tête HTTP : ASCII seulement (les en-têtes ne portent pas d'accents de façon sûre).
RESUME = (
    f"enerlycee-methode-{VERSION}; avance des index interpoles lineairement aux bornes;"
    " compteurs principaux seulement; sans correction climatique; arrondi au millieme;"
    " detail: /api/v1/export/methode"
)

METHODE = {
    "version": VERSION,
    "calcul": (
        "La consommation d'un compteur sur [debut, fin) est l'avance de son index sur cet intervalle ; "
        "la valeur de l'index à debut et à fin est interpolée linéairement entre les relevés qui les "
        "entourent. Un index qui baisse a été remis à zéro ou remplacé : l'avance sur cet écart est la "
        "nouvelle valeur. Un compteur qui ne mesure qu'une puissance (W) voit son énergie intégrée par "
        "trapèzes ; un écart de plus de 15 minutes entre deux puissances ne compte rien."
    ),
    "perimetre": (
        "La consommation d'un lycée pour une énergie est la somme de ses compteurs principaux ; les "
        "sous-compteurs ne sont jamais ajoutés au total."
    ),
    "periodes": (
        "Périodes (pas) heure, jour, semaine ISO (du lundi), mois, année, découpées à l'heure de Paris "
        "(un jour de passage à l'heure d'été dure 23 heures, celui du retour 25), puis rognées à "
        "[debut, fin) : la somme des périodes est la consommation de [debut, fin)."
    ),
    "completude": (
        "Une période est complète (complet = true) quand des relevés l'entourent et qu'aucun écart de plus "
        "d'une heure entre deux relevés consécutifs ne la chevauche. Une période sans relevé autour d'elle "
        "est absente. Un compteur principal sans aucun relevé rend incomplètes toutes les périodes du lycée."
    ),
    "unites": "kWh d'énergie finale ; l'eau en m³ ; le gaz mesuré en m³ est converti en kWh par le coefficient du compteur.",
    "precision": (
        "Les valeurs publiées sont arrondies au millième (le Wh pour les kWh, le litre pour les m³), bien "
        "en deçà de la précision des compteurs ; le calcul, lui, n'arrondit rien (un total arrondi peut "
        "différer de la somme de ses périodes arrondies de quelques millièmes)."
    ),
    "correction_climatique": (
        "Aucune : les consommations publiées sont brutes, sans correction des degrés-jours ni de "
        "l'occupation."
    ),
    "reference": "Contrat public d'Enerlycée, section 3 (« From readings to consumption »).",
}


def publiee(valeur: float) -> float:
    """Une valeur telle qu'on la publie : arrondie à `DECIMALES_PUBLIEES` décimales, sans le bruit
    des calculs en virgule flottante (3979.9999999992306 devient 3980.0)."""
    return round(valeur, DECIMALES_PUBLIEES)
