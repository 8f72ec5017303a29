"""La borne des lectures lourdes : au plus LECTURES_LOURDES à la fois par processus de l'API.

Une lecture est lourde quand elle calcule plus de PERIODES_LOURDES périodes en tout (périodes
demandées × lycées lus) : dix ans au pas horaire d'un lycée (87 600 périodes), ou un an au pas
horaire de tout le parc. Chacune occupe quelques dizaines de Mo le temps de sa réponse ; seize
en parallèle menaient l'API de 172 Mo à 1,33 Go. Au-delà de LECTURES_LOURDES, une lecture lourde
attend qu'une place se libère, ATTENTE_S au plus, puis reçoit 503 avec `Retry-After`. Une
demande ne dépasse jamais PERIODES_MAX périodes (noyau.domaine.periodes : 422 au-delà). Les
lectures légères (un mois au pas horaire, dix ans au pas journalier) ne sont jamais retenues.

Toute route qui lit une période par `api.deps.PeriodeDep` est couverte ; la place est tenue
jusqu'à la fin de la réponse (export en flux compris).
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.exceptions import HTTPException

from noyau.domaine import texte

LECTURES_LOURDES = 2
PERIODES_LOURDES = 20_000
ATTENTE_S = 10.0


class LecturesLourdes:
    def __init__(self, simultanees: int = LECTURES_LOURDES, attente_s: float = ATTENTE_S) -> None:
        self.simultanees, self.attente_s = simultanees, attente_s
        self._places = threading.BoundedSemaphore(simultanees)

    @contextmanager
    def tenir(self, periodes: float) -> Iterator[None]:
        """Une place pour une lecture de `periodes` périodes en tout, si elle est lourde ; 503 si
        aucune ne se libère à temps."""
        if periodes <= PERIODES_LOURDES:
            yield
            return
        if not self._places.acquire(timeout=self.attente_s):
            raise HTTPException(
                503,
                f"trop de lectures lourdes en cours (plus de {texte.nombre(PERIODES_LOURDES)} périodes, "
                f"{self.simultanees} à la fois) : réessayez dans un instant, ou demandez un pas plus long",
                headers={"Retry-After": str(round(self.attente_s))},
            )
        try:
            yield
        finally:
            self._places.release()
