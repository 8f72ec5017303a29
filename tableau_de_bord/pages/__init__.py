"""Les pages du tableau de bord, une par fichier ; chacune s'enregistre avec `enregistrer(app)`."""
