"""L'accès en écriture : le jeton du demandeur (`Authorization: Bearer ...`), son rôle, son lycée,
et le journal des écritures réussies.

Une route d'écriture déclare `jeton: Annotated[Jeton, Depends(ecriture("region", "gestionnaire"))]` :
le jeton est vérifié (inconnu, expiré, révoqué : 401), son rôle et, si le chemin a un `{uai}`,
son lycée (403) ; l'écriture n'est journalisée que si la route aboutit. Une route dont le lycée
est dans le corps appelle elle-même `noyau.jetons.autoriser`. `request.state.objet` : ce que la
route a écrit (l'identifiant créé), repris au journal.
"""

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import StockageDep
from noyau.audit import noter_ecriture
from noyau.identifiants import valider_uai
from noyau.jetons import authentifier, autoriser
from noyau.stockage import Jeton

_porteur = HTTPBearer(auto_error=False, description="Jeton créé par `enerlycee jetons creer`")
PorteurDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_porteur)]


def ecriture(*roles: str) -> Callable[..., Iterator[Jeton]]:
    def verifier(request: Request, stockage: StockageDep, porteur: PorteurDep) -> Iterator[Jeton]:
        jeton = authentifier(stockage, porteur.credentials if porteur else None)
        uai = request.path_params.get("uai")
        uai = valider_uai(uai) if uai else None
        autoriser(jeton, roles, uai)
        yield jeton
        objet = getattr(request.state, "objet", "")
        noter_ecriture(stockage, jeton, f"{request.method} {request.url.path}", uai or jeton.uai, objet)

    return verifier
