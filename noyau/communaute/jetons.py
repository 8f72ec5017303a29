"""Les jetons d'accès en écriture : créés par la ligne de commande, gardés sous forme d'empreinte
SHA-256 (un jeton est un secret aléatoire de 256 bits : une empreinte rapide suffit, il n'y a
rien à deviner par dictionnaire), avec une échéance et révocables.

Un jeton est aussi un « code d'accès » du tableau de bord (noyau.communaute.sessions) : un seul
mécanisme, les mêmes rôles, la même révocation.

Rôles (contrat, section 4) : `region` écrit pour tous les lycées, `gestionnaire` pour le sien,
`enseignant` pour le sien, défis et actions seulement, `eco-delegue` pour le sien, actions
seulement. Qui écrit quoi est dit une fois, ci-dessous (`ECRIRE_...`), pour l'API comme pour
le tableau de bord.
"""

import hashlib
import secrets

from noyau.domaine.erreurs import AccesRefuse, DonneeInvalide, Interdit
from noyau.domaine.identifiants import valider_uai
from noyau.domaine.temps import maintenant
from noyau.stockage import Jeton, Stockage

ROLES = ("region", "gestionnaire", "enseignant", "eco-delegue")
NOMS_ROLES = {"region": "Région", "gestionnaire": "gestionnaire", "enseignant": "enseignant", "eco-delegue": "éco-délégué"}

# Qui écrit quoi : les rôles permis de chaque écriture (un rôle de lycée n'écrit que pour le sien).
ECRIRE_REGISTRE = ("region",)  # lycées et compteurs
LIRE_JOURNAL = ("region",)  # le journal des écritures
ECRIRE_SUIVI = ("region", "gestionnaire")  # objectifs, référence, horaires, tarifs, normale, alertes
ECRIRE_DEFIS = ("region", "gestionnaire", "enseignant")
ECRIRE_ACTIONS = ("region", "gestionnaire", "enseignant", "eco-delegue")
ABONNER = ("region", "gestionnaire")  # abonnements aux alertes : des adultes seulement, jamais un code d'élève ou d'enseignant
# Les codes qu'un rôle crée et révoque : la Région tous, un gestionnaire ceux des élèves et des
# enseignants de son lycée.
CODES_GERES = {"region": ROLES, "gestionnaire": ("enseignant", "eco-delegue")}
DUREE_PAR_DEFAUT_JOURS = 365
TAILLE_IDENTIFIANT = 12  # les premiers caractères de l'empreinte : de quoi désigner un jeton sans le révéler


def empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def identifiant(jeton: Jeton) -> str:
    """Ce qui désigne un jeton dans le journal des écritures et pour le révoquer."""
    return jeton.empreinte[:TAILLE_IDENTIFIANT]


def creer_jeton(
    stockage: Stockage, role: str, uai: str | None, duree_jours: int | None = DUREE_PAR_DEFAUT_JOURS, par: Jeton | None = None
) -> str:
    """Crée un jeton et renvoie sa valeur en clair, qui n'est gardée nulle part.

    `duree_jours` None : sans échéance. `par` : le jeton de qui le crée (tableau de bord), None
    pour l'administrateur du serveur (ligne de commande)."""
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
    if par is not None:
        autoriser_code(par, role, uai)
    valeur = secrets.token_urlsafe(32)
    cree_le = maintenant()
    expire_le = cree_le + duree_jours * 86400 if duree_jours is not None else None
    stockage.enregistrer_jeton(Jeton(empreinte(valeur), role, uai, cree_le, expire_le))
    return valeur


def trouver_jeton(stockage: Stockage, debut_empreinte: str) -> Jeton:
    """Le jeton dont l'empreinte commence par `debut_empreinte` (son identifiant), ou DonneeInvalide."""
    debut = debut_empreinte.strip().lower()
    if len(debut) < 8:
        raise DonneeInvalide("identifiant de jeton trop court : au moins 8 caractères de son empreinte")
    trouves = [j for j in stockage.jetons() if j.empreinte.startswith(debut)]
    if len(trouves) != 1:
        raise DonneeInvalide(f"aucun jeton d'identifiant « {debut} »" if not trouves else f"identifiant ambigu « {debut} »")
    return trouves[0]


def revoquer_jeton(stockage: Stockage, debut_empreinte: str, par: Jeton | None = None) -> Jeton:
    """Révoque le jeton dont l'empreinte commence par `debut_empreinte` (son identifiant) ;
    `par` comme pour `creer_jeton`."""
    jeton = trouver_jeton(stockage, debut_empreinte)
    if par is not None:
        autoriser_code(par, jeton.role, jeton.uai)
    stockage.revoquer_jeton(jeton.empreinte, maintenant())
    return jeton


def codes_geres(stockage: Stockage, par: Jeton) -> list[Jeton]:
    """Les jetons que `par` peut voir et révoquer, du plus ancien au plus récent."""
    roles = CODES_GERES.get(par.role, ())
    return [j for j in stockage.jetons() if j.role in roles and (par.role == "region" or j.uai == par.uai)]


def authentifier(stockage: Stockage, valeur: str | None) -> Jeton:
    """Le jeton valide de cette valeur, ou AccesRefuse."""
    if not valeur:
        raise AccesRefuse("jeton manquant : en-tête « Authorization: Bearer <jeton> » attendu")
    jeton = stockage.jeton(empreinte(valeur))
    motif = invalidite(jeton)
    if motif:
        raise AccesRefuse(f"jeton {motif}")
    return jeton


def invalidite(jeton: Jeton | None) -> str | None:
    """Pourquoi ce jeton ne vaut pas (« inconnu », « révoqué », « expiré »), ou None s'il vaut."""
    if jeton is None:
        return "inconnu"
    if jeton.revoque_le is not None:
        return "révoqué"
    if jeton.expire_le is not None and jeton.expire_le <= maintenant():
        return "expiré"
    return None


def autoriser(jeton: Jeton, roles: tuple[str, ...], uai: str | None) -> None:
    """Vérifie que ce jeton peut écrire pour ce lycée (`uai` None : une écriture de la Région)."""
    if jeton.role not in roles:
        raise Interdit(f"le rôle {jeton.role} ne permet pas cette écriture (rôles permis : {', '.join(roles)})")
    if jeton.role != "region" and jeton.uai != uai:
        raise Interdit(f"ce jeton (code d'accès) ne vaut que pour le lycée {jeton.uai}")


def autoriser_participants(jeton: Jeton, lycees: set[str]) -> None:
    """Une écriture qui touche plusieurs lycées (un défi) : un rôle de lycée n'y écrit que si le
    sien en est (le rôle est vérifié par `autoriser`)."""
    if jeton.role != "region" and jeton.uai not in lycees:
        raise Interdit(f"ce jeton (code d'accès) ne vaut que pour le lycée {jeton.uai} : il doit participer au défi")


def autoriser_code(par: Jeton, role: str, uai: str | None) -> None:
    """Vérifie que le jeton `par` peut créer ou révoquer un code de ce rôle pour ce lycée."""
    if role not in CODES_GERES.get(par.role, ()):
        raise Interdit(f"le rôle {par.role} ne crée ni ne révoque de code {role}")
    if par.role != "region" and par.uai != uai:
        raise Interdit(f"ce jeton (code d'accès) ne vaut que pour le lycée {par.uai}")
