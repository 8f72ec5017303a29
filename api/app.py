"""La fabrique de l'application : `creer_app(stockage)`, sans réglage lu à l'import."""

from importlib.metadata import version

from fastapi import Depends, FastAPI

from api.acces import lecture
from api.charge import LecturesLourdes
from api.corps import CorpsBorne
from api.erreurs import installer_erreurs
from api.routes import (
    abonnements,
    actions,
    alertes,
    ambiance,
    analyse,
    comparaison,
    consommation,
    defis,
    ecritures,
    equivalences,
    export,
    meteo,
    numerique,
    objectifs,
    operat,
    qualite,
    registre,
    sante,
    sites,
    trajectoire,
)
from api.schemas import ErreurSortie
from api.titres import installer_titres
from noyau.communaute.limite import ECRITURES_PAR_MINUTE, LimiteEcritures
from noyau.domaine.erreurs import Introuvable
from noyau.stockage import Stockage

_DESCRIPTION = """
Les consommations d'énergie des lycées de Bretagne, en lecture ouverte (Licence Ouverte).

Instants en RFC 3339 à l'heure de Paris ; `debut` et `fin` acceptent une date (minuit à Paris)
ou un instant RFC 3339, `fin` exclue. Les erreurs sont en JSON, `{"detail": "<message>"}` :
422 pour un paramètre invalide, 404 pour un lycée, un compteur ou une adresse inconnus,
405 pour une méthode refusée, 503 si le stockage ne répond pas.
"""


_ERREURS_COMMUNES = {
    422: {"model": ErreurSortie, "description": "Paramètre invalide"},
    503: {"model": ErreurSortie, "description": "Stockage indisponible"},
}


def creer_app(stockage: Stockage, lecture_publique: bool = True, ecritures_par_minute: int = ECRITURES_PAR_MINUTE) -> FastAPI:
    """`lecture_publique` False : toute lecture sous /api/v1 exige un jeton (401 sinon) ;
    `ecritures_par_minute` : limite par jeton (0 : aucune), comptée dans le stockage, donc commune à
    tous les processus qui le servent (noyau.communaute.limite)."""
    app = FastAPI(
        title="Enerlycée",
        description=_DESCRIPTION,
        version=version("enerlycee"),
        redoc_url=None,
        dependencies=[] if lecture_publique else [Depends(lecture)],
        responses=_ERREURS_COMMUNES | ({} if lecture_publique else {401: {"model": ErreurSortie, "description": "Jeton manquant ou invalide"}}),
    )
    app.state.stockage = stockage
    app.state.limite_ecritures = LimiteEcritures(stockage, ecritures_par_minute)
    installer_erreurs(app)
    installer_titres(app)
    app.add_middleware(CorpsBorne)
    app.state.lectures_lourdes = LecturesLourdes()
    lecture_et_registre = (sites, registre, consommation, export, qualite, sante, ecritures, operat)
    suivi = (meteo, trajectoire, objectifs, analyse, comparaison, equivalences, numerique, ambiance)
    communaute = (defis, actions, alertes, abonnements)
    for module in (*lecture_et_registre, *suivi, *communaute):
        app.include_router(module.router)
    app.add_api_route("/api/v1/{chemin:path}", _adresse_inconnue, include_in_schema=False)
    return app


def _adresse_inconnue(chemin: str) -> None:
    """Sous /api/v1, une adresse inconnue reste une erreur JSON même quand le tableau de bord
    est monté à la racine après ces routes."""
    raise Introuvable(f"adresse inconnue : /api/v1/{chemin}")
