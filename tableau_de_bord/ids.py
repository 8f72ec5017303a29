"""Les identifiants des composants du tableau de bord, en un seul endroit."""

# Vue régionale
REGION_ENERGIE = "region-energie"
REGION_FIN = "region-fin"
REGION_CONTENU = "region-contenu"
REGION_GRAPHIQUE = "region-graphique"

# Page d'un lycée
LYCEE_UAI = "lycee-uai"
LYCEE_ENERGIE = "lycee-energie"
LYCEE_DUREE = "lycee-duree"
LYCEE_DEBUT = "lycee-debut"
LYCEE_FIN = "lycee-fin"
LYCEE_PAS = "lycee-pas"
LYCEE_CONSOMMATION = "lycee-consommation"
LYCEE_GRAPHIQUE = "lycee-graphique"
LYCEE_COURBE = "lycee-courbe"
LYCEE_COURBE_GRAPHIQUE = "lycee-courbe-graphique"
