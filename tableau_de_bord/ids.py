"""Les identifiants des composants du tableau de bord, en un seul endroit."""

# Cadre
NAVIGATION = "navigation"
ALTERNATIVE = "alternative"
ALTERNATIVE_CONTENU = "alternative-contenu"

# Vue régionale
REGION_ENERGIE = "region-energie"
REGION_FIN = "region-fin"
REGION_INDICATEUR = "region-indicateur"
REGION_CONTENU = "region-contenu"
REGION_DONNEES = "region-donnees"
REGION_CARTE = "region-carte"
REGION_GRAPHIQUE = "region-graphique"
REGION_TRAJECTOIRE = "region-trajectoire"
REGION_TRAJECTOIRE_GRAPHIQUE = "region-trajectoire-graphique"
REGION_EXPORT = "region-export"
REGION_NUMERIQUE = "region-numerique"
REGION_AMBIANCE = "region-ambiance"

# Page d'un lycée
LYCEE_CHOIX = "lycee-choix"
LYCEE_ADRESSE = "lycee-adresse"
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
LYCEE_CHALEUR = "lycee-chaleur"
LYCEE_CHALEUR_GRAPHIQUE = "lycee-chaleur-graphique"
LYCEE_ANALYSE = "lycee-analyse"
LYCEE_OBJECTIFS = "lycee-objectifs"
LYCEE_ALERTES = "lycee-alertes"
LYCEE_ACTIONS = "lycee-actions"
LYCEE_KITS = "lycee-kits"
LYCEE_NUMERIQUE = "lycee-numerique"
LYCEE_NUMERIQUE_GRAPHIQUE = "lycee-numerique-graphique"
LYCEE_AMBIANCE = "lycee-ambiance"
LYCEE_AMBIANCE_GRAPHIQUE = "lycee-ambiance-graphique"

# Page des élèves
ELEVES_CHOIX = "eleves-choix"
ELEVES_ADRESSE = "eleves-adresse"
ELEVES_VUES = "eleves-vues"
ELEVES_MINUTERIE = "eleves-minuterie"
ELEVES_PAUSE = "eleves-pause"
ELEVES_GRAPHIQUE = "eleves-graphique"
ELEVES_JAUGE = "eleves-jauge"
ELEVES_PARAMETRES = "eleves-parametres"
ELEVES_SUIVI = "eleves-suivi"
ELEVES_AIR = "eleves-air"
ELEVES_CHIFFRE = "eleves-chiffre"
ELEVES_TABLEAU = "eleves-tableau"
ELEVES_DEMANDE = "eleves-demande"
ELEVES_ETAT = "eleves-etat"
ELEVES_RECU = "eleves-recu"
ELEVES_HORLOGE = "eleves-horloge"
ELEVES_MISE_A_JOUR = "eleves-mise-a-jour"
ELEVES_AGIR = "eleves-agir"

# Qualité des données
QUALITE_ENERGIE = "qualite-energie"
QUALITE_FIN = "qualite-fin"
QUALITE_CONTENU = "qualite-contenu"
QUALITE_GRAPHIQUE = "qualite-graphique"

# Accès (en-tête de chaque page) et connexion
CADRE_ADRESSE = "cadre-adresse"
COMPTE = "compte"
DECONNEXION = "deconnexion"
CONNEXION_ADRESSE = "connexion-adresse"
CONNEXION_SUITE = "connexion-suite"

# Codes d'accès
CODES_NOUVEAU = "codes-nouveau"
CODES_LISTE = "codes-liste"
CODES_IMPRIMER = "codes-imprimer"
CODES_IMPRESSION = "codes-impression"

# Registre
REGISTRE_LISTE = "registre-liste"

# File des alertes (Région) et alertes d'un lycée
FILE_ALERTES_LISTE = "file-alertes-liste"

# Abonnements aux alertes
ABONNEMENTS_NOUVEAU = "abonnements-nouveau"
ABONNEMENTS_LISTE = "abonnements-liste"
