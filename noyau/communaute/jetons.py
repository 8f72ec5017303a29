"""Les jetons d'accès en écriture : créés par la ligne de commande, gardés sous forme d'empreinte
SHA-256 (un jeton est un secret aléatoire de 256 bits : une empreinte rapide suffit, il n'y a
rien à deviner par dictionnaire), avec une échéance et révocables.

Rôles (contrat, section 4) : `region` écrit pour tous les lycées, `gestionnaire` pour le sien,
`eco-delegue` pour le sien, actions et défis seulement (la route le dit par ses `roles`).
"""

import hashlib
import secrets

from noyau.domaine.erreurs import AccesRefuse, DonneeInvalide, Interdit
from noyau.domaine.identifiants import valider_uai
from noyau.domaine.temps import maintenant
from noyau.stockage import Jeton, Stockage

ROLES = ("region", "gestionnaire", "eco-delegue")
DUREE_PAR_DEFAUT_JOURS = 365
TAILLE_IDENTIFIANT = 12  # les premiers caractères de l'empreinte : de quoi désigner un jeton sans le révéler


def empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def identifiant(jeton: Jeton) -> str:
    """Ce qui désigne un jeton dans le journal des écritures et pour le révoquer."""
    return jeton.empreinte[:TAILLE_IDENTIFIANT]


def creer_jeton(stockage: Stockage, role: str, uai: str | None, duree_jours: int | None = DUREE_PAR_DEFAUT_JOURS) -> str:
    """Crée un jeton et renvoie sa valeur en clair, qui n'est gardée nulle part.

    `duree_jours` None : sans échéance."""
    if role not in ROLES:
        raise DonneeInvalide(f"rôle inconnu « {role} » : {', '.join(ROLES)}")
    if role == "region" and uai:
        raise DonneeInvalide("un jeton region vaut pour tous les lycées : pas de --uai")
    if role != "region" and not uai:
        raise DonneeInvalide(f"un jeton {role} vaut pour un lycée : --uai est obligatoire")
    if duree_jours is not None and duree_jours < 1:
        raise DonneeInvalide(f"durée invalide : {duree_jours} jour(s), au moins 1")
    uai = valider_uai(uai) if uai else None
    if uai and uai not in {s.uai for s in stockage.sites()}:
        raise DonneeInvalide(f"lycée inconnu : {uai}")
    valeur = secrets.token_urlsafe(32)
    cree_le = maintenant()
    expire_le = cree_le + duree_jours * 86400 if duree_jours is not None else None
    stockage.enregistrer_jeton(Jeton(empreinte(valeur), role, uai, cree_le, expire_le))
    return valeur


def revoquer_jeton(stockage: Stockage, debut_empreinte: str) -> Jeton:
    """Révoque le jeton dont l'empreinte commence par `debut_empreinte` (son identifiant)."""
    debut = debut_empreinte.strip().lower()
    if len(debut) < 8:
        raise DonneeInvalide("identifiant de jeton trop court : au moins 8 caractères de son empreinte")
    trouves = [j for j in stockage.jetons() if j.empreinte.startswith(debut)]
    if len(trouves) != 1:
        raise DonneeInvalide(f"aucun jeton d'identifiant « {debut} »" if not trouves else f"identifiant ambigu « {debut} »")
    stockage.revoquer_jeton(trouves[0].empreinte, maintenant())
    return trouves[0]


def authentifier(stockage: Stockage, valeur: str | None) -> Jeton:
    """Le jeton valide de cette valeur, ou AccesRefuse."""
    if not valeur:
        raise AccesRefuse("jeton manquant : en-tête « Authorization: Bearer <jeton> » attendu")
    jeton = stockage.jeton(empreinte(valeur))
    if jeton is None:
        raise AccesRefuse("jeton inconnu")
    if jeton.revoque_le is not None:
        raise AccesRefuse("jeton révoqué")
    if jeton.expire_le is not None and jeton.expire_le <= maintenant():
        raise AccesRefuse("jeton expiré")
    return jeton


def autoriser(jeton: Jeton, roles: tuple[str, ...], uai: str | None) -> None:
    """Vérifie que ce jeton peut écrire pour ce lycée (`uai` None : une écriture de la Région)."""
    if jeton.role not in roles:
        raise Interdit(f"le rôle {jeton.role} ne permet pas cette écriture (rôles permis : {', '.join(roles)})")
    if jeton.role != "region" and jeton.uai != uai:
        raise Interdit(f"ce jeton ne vaut que pour le lycée {jeton.uai}")
