"""Le noyau d'Enerlycée : le domaine, le protocole, les calculs et l'accès au stockage.

Les paquets applicatifs (collecteur, api, tableau_de_bord, capteurs_sim) s'appuient sur lui
et jamais les uns sur les autres.
"""
