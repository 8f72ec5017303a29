"""Le domaine : sites, compteurs, relevés, identifiants, temps, périodes, calendrier scolaire, et les
calculs purs de la section 3 du contrat (consommation, agrégats). Aucune entrée-sortie ; n'importe
rien d'autre du noyau."""
