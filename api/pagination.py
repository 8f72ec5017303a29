"""La pagination des listes qui grandissent : `limite` et `decalage`, le total dans l'en-tête
`X-Total-Count` et la page suivante dans `Link: </api/v1/...?...>; rel="next"` (RFC 8288 : une
adresse relative, résolue par rapport à celle de la requête).

Sans paramètre, une liste rend ses LIMITE_MAX premiers éléments : la forme du contrat (une liste
JSON) ne change pas, et les quelque 115 lycées de Bretagne tiennent dans une page."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request, Response

LIMITE_MAX = 1000


@dataclass(frozen=True)
class Pagination:
    limite: int
    decalage: int

    def page(self, elements: list, request: Request, response: Response) -> list:
        total = len(elements)
        response.headers["X-Total-Count"] = str(total)
        suivant = self.decalage + self.limite
        if suivant < total:
            # Relative à l'adresse demandée : l'en-tête Host, que le client choisit, n'y est pas repris.
            adresse = request.url.include_query_params(limite=self.limite, decalage=suivant)
            response.headers["Link"] = f'<{adresse.path}?{adresse.query}>; rel="next"'
        return elements[self.decalage:suivant]


def lire_pagination(
    limite: Annotated[int, Query(ge=1, le=LIMITE_MAX, description=f"Éléments par page (au plus {LIMITE_MAX})")] = LIMITE_MAX,
    decalage: Annotated[int, Query(ge=0, le=10**9, description="Éléments sautés avant la page")] = 0,
) -> Pagination:
    return Pagination(limite, decalage)


PaginationDep = Annotated[Pagination, Depends(lire_pagination)]
