"""Comment un relevé arrive et se lit : le protocole MQTT natif, les formats des kits du commerce et
leurs correspondances, la validation contre le registre. S'appuie sur le domaine seulement."""
