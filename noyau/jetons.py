"""Les jetons d'accès en écriture : créés par la ligne de commande, gardés sous forme d'empreinte."""

import hashlib
import secrets

from noyau.erreurs import DonneeInvalide
from noyau.identifiants import valider_uai
from noyau.stockage import Jeton, Stockage
from noyau.temps import maintenant

ROLES = ("region", "gestionnaire", "eco-delegue")


def empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def creer_jeton(stockage: Stockage, role: str, uai: str | None) -> str:
    """Crée un jeton et renvoie sa valeur en clair, qui n'est gardée nulle part."""
    if role not in ROLES:
        raise DonneeInvalide(f"rôle inconnu « {role} » : {', '.join(ROLES)}")
    if role == "region" and uai:
        raise DonneeInvalide("un jeton region vaut pour tous les lycées : pas de --uai")
    if role != "region" and not uai:
        raise DonneeInvalide(f"un jeton {role} vaut pour un lycée : --uai est obligatoire")
    uai = valider_uai(uai) if uai else None
    if uai and uai not in {s.uai for s in stockage.sites()}:
        raise DonneeInvalide(f"lycée inconnu : {uai}")
    valeur = secrets.token_urlsafe(32)
    stockage.enregistrer_jeton(Jeton(empreinte(valeur), role, uai, maintenant()))
    return valeur
