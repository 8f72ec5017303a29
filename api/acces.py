"""L'accès : le jeton du demandeur (`Authorization: Bearer ...`), son rôle, son lycée, la limite de
débit des écritures et le journal des écritures réussies.

Une route d'écriture déclare `jeton: Annotated[Jeton, Depends(ecriture("region", "gestionnaire"))]` :
le jeton est vérifié (inconnu, expiré, révoqué : 401 ; trop de jetons refusés pour ce client :
429, noyau.communaute.frein), ses écritures comptées (au-delà de la limite par minute : 429), son
rôle et, si le chemin a un `{uai}`, son lycée (403) ; l'écriture
n'est journalisée que si la route aboutit. Une route dont le lycée est dans le corps appelle
elle-même `noyau.communaute.jetons.autoriser`. `request.state.objet` : ce que la route a écrit
(l'identifiant créé), repris au journal.

Une lecture réservée (le journal des écritures) déclare `Depends(lecteur("region"))` : mêmes
vérifications, sans limite ni journal. `lecture` protège toutes les lectures de /api/v1 quand
l'application est créée avec `lecture_publique=False`.
"""

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import StockageDep
from noyau.communaute.audit import noter_ecriture
from noyau.communaute.frein import authentifier_freine
from noyau.communaute.jetons import authentifier, autoriser, identifiant
from noyau.domaine.identifiants import valider_uai
from noyau.stockage import Jeton

# Les réponses d'une route d'écriture, pour l'OpenAPI : `responses={**REPONSES_ECRITURE, 404: ...}`.
REPONSES_ECRITURE = {
    401: {"description": "Jeton manquant, inconnu, expiré ou révoqué"},
    403: {"description": "Rôle ou lycée non permis"},
    429: {"description": "Trop d'écritures pour ce jeton, ou trop de jetons refusés pour ce client (en-tête Retry-After)"},
}

_porteur = HTTPBearer(auto_error=False, description="Jeton créé par `enerlycee jetons creer`")
PorteurDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_porteur)]


def _authentifier(request: Request, stockage: StockageDep, porteur: PorteurDep) -> Jeton:
    """Le jeton présenté, freiné par client (noyau.communaute.frein) : l'adresse du client, celle
    que le mandataire (nginx) transmet quand uvicorn lui fait confiance (`proxy_headers`)."""
    client = request.client.host if request.client else "inconnu"
    return authentifier_freine(stockage, client, porteur.credentials if porteur else None, authentifier)


def _uai_du_chemin(request: Request) -> str | None:
    uai = request.path_params.get("uai")
    return valider_uai(uai) if uai else None


def ecriture(*roles: str, lycees_dans_le_corps: bool = False) -> Callable[..., Iterator[Jeton]]:
    """`lycees_dans_le_corps` : seul le rôle est vérifié ici ; la route vérifie les lycées du corps."""
    def verifier(request: Request, stockage: StockageDep, porteur: PorteurDep) -> Iterator[Jeton]:
        jeton = _authentifier(request, stockage, porteur)
        request.app.state.limite_ecritures.compter(identifiant(jeton))
        uai = _uai_du_chemin(request)
        autoriser(jeton, roles, jeton.uai if lycees_dans_le_corps else uai)
        yield jeton
        objet = getattr(request.state, "objet", "")
        noter_ecriture(stockage, jeton, f"{request.method} {request.url.path}", uai or jeton.uai, objet)

    return verifier


def lecteur(*roles: str, lycee_du_chemin: bool = True) -> Callable[..., Jeton]:
    """`lycee_du_chemin` False : seul le rôle est vérifié (la route ne montre que ce qui est au jeton)."""
    def verifier(request: Request, stockage: StockageDep, porteur: PorteurDep) -> Jeton:
        jeton = _authentifier(request, stockage, porteur)
        autoriser(jeton, roles, _uai_du_chemin(request) if lycee_du_chemin else jeton.uai)
        return jeton

    return verifier


def lecture(request: Request, stockage: StockageDep, porteur: PorteurDep) -> None:
    """Lecture avec jeton : toute lecture sous /api/v1 exige un jeton valide, de n'importe quel rôle.
    /sante et la documentation (/docs, /openapi.json) restent ouvertes."""
    if request.method in ("GET", "HEAD") and request.url.path.startswith("/api/v1/"):
        _authentifier(request, stockage, porteur)
