"""Les kits de capteurs simulés des lycées : profils de consommation, pannes, publication MQTT.

Voir `capteurs_sim.simulateur` pour l'usage (historique rapide, puis direct).
"""
