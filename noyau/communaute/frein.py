"""Le frein aux échecs d'authentification, par client (son adresse IP) : un seul mécanisme pour le
jeton de l'API (`Authorization: Bearer`) et le code d'accès de /connexion du tableau de bord.

Au-delà de ECHECS_PERMIS échecs (jeton ou code manquant, inconnu, expiré, révoqué) dans les
FENETRE_S dernières secondes, le client est refusé (TropDEchecs, HTTP 429 avec Retry-After) avant
même que son jeton soit lu, jusqu'à ce que le plus ancien de ces échecs sorte de la fenêtre. Les
échecs sont comptés dans le stockage par le compteur à fenêtre glissante de la limite d'écritures
(noyau.communaute.fenetre) : le compte est juste quand plusieurs processus, ou machines, de l'API
servent le même stockage. Un client dont les jetons sont bons n'est jamais
compté ; des personnes qui se trompent de code quelques fois derrière la même adresse (un lycée
derrière son routeur) restent loin de la limite.

Un jeton est un secret de 256 bits : le deviner est hors de portée. Le frein empêche surtout un
client d'user le serveur (une lecture du stockage par essai) et de remplir ses journaux.
"""

from collections.abc import Callable
from typing import TypeVar

from noyau.communaute.fenetre import attente
from noyau.domaine import texte
from noyau.domaine.erreurs import AccesRefuse, TropDEchecs
from noyau.stockage import Stockage

ECHECS_PERMIS = 20
FENETRE_S = 600

T = TypeVar("T")


def verifier_client(stockage: Stockage, client: str) -> None:
    """TropDEchecs si ce client a épuisé ses échecs permis."""
    secondes = attente(stockage, cle_client(client), ECHECS_PERMIS, FENETRE_S, compter=False)
    if secondes:
        raise TropDEchecs(
            f"trop d'essais de jetons ou de codes d'accès refusés depuis votre adresse "
            f"({ECHECS_PERMIS} en {texte.duree(FENETRE_S)}) : réessayez dans {texte.duree(secondes)}",
            secondes,
        )


def authentifier_freine(stockage: Stockage, client: str, valeur: str | None, authentifier: Callable[[Stockage, str | None], T]) -> T:
    """`authentifier(stockage, valeur)` (qui lève AccesRefuse pour un jeton ou un code refusé) si ce
    client n'est pas freiné ; un refus est compté pour lui. Sans valeur présentée, rien à lire ni à
    compter : le refus vient sans frein."""
    if not (valeur or "").strip():
        return authentifier(stockage, valeur)
    verifier_client(stockage, client)
    try:
        return authentifier(stockage, valeur)
    except AccesRefuse:
        attente(stockage, cle_client(client), ECHECS_PERMIS, FENETRE_S)  # au plus ECHECS_PERMIS comptés
        raise


def cle_client(client: str) -> str:
    """La clé des échecs de ce client dans le compteur à fenêtre glissante."""
    return f"echecs/{client}"
