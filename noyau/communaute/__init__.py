"""Ce que font les gens : objectifs, défis, actions, alertes, jetons et codes d'accès, journal des
écritures. S'appuie sur les quartiers des étages inférieurs (domaine, mesures, stockage, calculs)."""
