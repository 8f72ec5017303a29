"""Une écriture du tableau de bord, gardée comme une écriture de l'API (api.acces.ecriture) :

1. une session ouverte par un code d'accès valide (relu à chaque requête), sinon AccesRefuse ;
2. la requête a passé la vérification CSRF de Flask-WTF (tableau_de_bord.session) ;
3. la limite d'écritures du code (la même que celle de l'API, comptée dans le stockage) ;
4. le rôle et le lycée du code (noyau.communaute.jetons.autoriser), sinon Interdit ;
5. l'écriture, par la même fonction du noyau que l'API ; puis le journal des écritures (rôle et
   identifiant du code, jamais une personne).

Rien n'est écrit si l'une des quatre premières étapes refuse.
"""

from collections.abc import Callable

from flask import current_app

from noyau.communaute.audit import noter_ecriture
from noyau.communaute.jetons import autoriser, identifiant
from noyau.communaute.limite import LimiteEcritures
from noyau.domaine.erreurs import AccesRefuse
from noyau.stockage import Jeton
from tableau_de_bord.session import code_ouvert, csrf_verifie, fin_de_session, stockage_courant

ORIGINE = "tableau de bord"


def code_requis() -> Jeton:
    """Le code de la session ouverte, ou AccesRefuse (avec la raison si la session a pris fin)."""
    jeton = code_ouvert()
    if jeton is None:
        raise AccesRefuse(fin_de_session() or "connectez-vous avec un code d'accès pour écrire")
    return jeton


def ecrire(roles: tuple[str, ...], uai: str | None, action: str, ecriture: Callable[[Jeton], str]) -> str:
    """Exécute `ecriture(jeton)` (qui renvoie l'identifiant de ce qu'elle a écrit) si le code de la
    session le permet pour ce lycée (`uai` None : une écriture de la Région) ; `action` : la
    méthode et le chemin de l'écriture équivalente de l'API (« POST /api/v1/sites/…/objectifs »)."""
    jeton = code_requis()
    if not csrf_verifie():
        raise AccesRefuse("requête sans jeton anti-CSRF valide : rechargez la page")
    limite: LimiteEcritures = current_app.config["LIMITE_ECRITURES"]
    limite.compter(identifiant(jeton))
    autoriser(jeton, roles, uai)
    objet = ecriture(jeton)
    noter_ecriture(stockage_courant(), jeton, f"{action} ({ORIGINE})", uai or jeton.uai, objet)
    return objet
