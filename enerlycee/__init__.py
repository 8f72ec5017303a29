"""La racine de composition : la ligne de commande `enerlycee` et la démonstration.

C'est le seul paquet qui assemble les autres (collecteur, api, tableau_de_bord,
capteurs_sim) ; eux ne s'importent jamais entre eux.
"""
