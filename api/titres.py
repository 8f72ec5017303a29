"""Les titres de la documentation OpenAPI en français : un champ `cree_le` s'intitule « Créé le »,
pas « Cree Le » (le titre que pydantic et FastAPI tirent du nom, mot à mot en capitales).

Un seul endroit pour tous les schémas et tous les paramètres : la documentation générée est
reprise une fois (`installer_titres`, l'extension d'OpenAPI que décrit FastAPI). Un titre donné
à la main (`Field(title=...)`) est gardé ; seul le titre tiré du nom est remplacé. Les titres
« Response … » des réponses sans schéma nommé sont retirés.
"""

from fastapi import FastAPI

# Les mots qui s'écrivent autrement que leur identifiant (accents, sigles, unités).
MOTS = {
    "annee": "année", "categorie": "catégorie", "categories": "catégories", "co2": "CO2", "co2e": "CO2e",
    "coef": "coefficient", "complete": "complète", "completude": "complétude", "corrigee": "corrigée", "cree": "créé",
    "csv": "CSV", "debut": "début", "decalage": "décalage", "declaree": "déclarée", "detail": "détail",
    "details": "détails", "dju": "DJU", "economie": "économie", "economise": "économisé", "electricite": "électricité",
    "energie": "énergie", "etat": "état", "evolution": "évolution", "incompletes": "incomplètes", "libelle": "libellé",
    "lycees": "lycées", "modifiee": "modifiée", "operat": "OPERAT", "precedente": "précédente", "recu": "reçu",
    "recus": "reçus", "reduction": "réduction", "reel": "réel", "reference": "référence", "regle": "règle",
    "regles": "règles", "rejetes": "rejetés", "rejoues": "rejoués", "repartition": "répartition",
    "resolution": "résolution", "role": "rôle", "stockes": "stockés", "television": "télévision",
    "temperature": "température", "topic": "sujet MQTT", "uai": "UAI", "unite": "unité", "numerique": "numérique",
}
# Une unité en dernier mot se met entre parenthèses : `surface_m2` → « Surface (m²) ».
UNITES = {"kwh": "kWh", "m2": "m²", "m3": "m³", "pct": "%", "c": "°C", "ppm": "ppm"}
# Les noms qu'aucune règle ne rend bien.
TITRES = {
    "coef_kwh_m3": "Coefficient (kWh par m³)", "kg_co2e": "kg CO2e", "km_voiture": "km en voiture", "co2_kg": "CO2 (kg)",
    "par_m2": "Par m²", "annee_reference": "Année de référence", "jours_reference": "Jours de référence",
    "reference_source": "Source de la référence", "note_le": "Noté le", "mois_comptes": "Mois comptés",
    "heures_television": "Heures de télévision", "recharges_smartphone": "Recharges de smartphone",
    "part_electricite": "Part de l'électricité",
}


def titre(nom: str) -> str:
    """« annee_precedente » → « Année précédente », « surface_m2 » → « Surface (m²) »."""
    if nom in TITRES:
        return TITRES[nom]
    *mots, dernier = nom.split("_")
    unite = UNITES.get(dernier) if mots else None
    francais = " ".join(MOTS.get(mot, mot) for mot in (mots if unite else [*mots, dernier]))
    return francais[0].upper() + francais[1:] + (f" ({unite})" if unite else "")


def installer_titres(app: FastAPI) -> None:
    """La documentation de `app` avec ses titres en français, calculée à la première demande."""
    generer = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            _titrer(generer())
        return app.openapi_schema

    app.openapi = openapi


def _titrer(noeud) -> None:
    if isinstance(noeud, list):
        for element in noeud:
            _titrer(element)
        return
    if not isinstance(noeud, dict):
        return
    for nom, propriete in noeud.get("properties", {}).items():
        _remplacer(propriete, nom)
    for parametre in noeud.get("parameters", []):
        _remplacer(parametre.get("schema", {}), parametre["name"])
    if str(noeud.get("title", "")).startswith("Response "):
        del noeud["title"]
    for valeur in noeud.values():
        _titrer(valeur)


def _remplacer(schema: dict, nom: str) -> None:
    """Le titre tiré du nom par pydantic ou FastAPI devient le titre français."""
    if schema.get("title") == nom.replace("_", " ").title():
        schema["title"] = titre(nom)
