"""Toutes les erreurs traduites en réponses HTTP, en un seul endroit : `{"detail": "<message>"}`."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from noyau.domaine import texte
from noyau.domaine.erreurs import (
    AccesRefuse,
    DonneeInvalide,
    ErreurStockage,
    Interdit,
    Introuvable,
    StockageIndisponible,
    TropDeDemandes,
)

journal = logging.getLogger(__name__)
EXTRAIT_MAX = 40  # caractères d'un paramètre invalide cités dans son message d'erreur
MESSAGE_MAX = 1000  # caractères d'un message d'erreur, au plus

_PRECISIONS = {
    "int_parsing": "nombre entier attendu",
    "greater_than_equal": "au moins {ge}",
    "less_than_equal": "au plus {le}",
    "greater_than": "plus de {gt}",
    "less_than": "moins de {lt}",
    "float_parsing": "nombre attendu",
    "float_type": "nombre attendu",
    "finite_number": "nombre fini attendu",
    "bool_parsing": "true ou false attendu",
    "bool_type": "true ou false attendu",
    "string_type": "texte attendu",
    "string_too_short": "au moins {min_length} caractère(s)",
    "string_too_long": "au plus {max_length} caractères",
    "extra_forbidden": "champ inconnu",
    "model_attributes_type": "objet JSON attendu",
    "json_invalid": "JSON invalide",
    "date_parsing": "date AAAA-MM-JJ attendue",
    "date_from_datetime_parsing": "date AAAA-MM-JJ attendue",
    "date_from_datetime_inexact": "date AAAA-MM-JJ attendue",
    "date_type": "date AAAA-MM-JJ attendue",
    "list_type": "liste attendue",
    "too_long": "au plus {max_length} éléments",
}


def installer_erreurs(app: FastAPI) -> None:
    app.add_exception_handler(DonneeInvalide, _donnee_invalide)
    app.add_exception_handler(Introuvable, _introuvable)
    app.add_exception_handler(AccesRefuse, _acces_refuse)
    app.add_exception_handler(Interdit, _interdit)
    app.add_exception_handler(TropDeDemandes, _trop_de_demandes)
    app.add_exception_handler(ErreurStockage, _erreur_stockage)
    app.add_exception_handler(RequestValidationError, _parametre_invalide)
    app.add_exception_handler(HTTPException, _erreur_http)
    app.add_exception_handler(Exception, _erreur_interne)


def _reponse(statut: int, message: str, entetes: dict[str, str] | None = None) -> JSONResponse:
    """Un message borné : une valeur reçue qu'un message du noyau cite (« … ») ne le fait pas enfler."""
    if len(message) > MESSAGE_MAX:
        message = message[: MESSAGE_MAX - 1] + "…"
    return JSONResponse({"detail": message}, status_code=statut, headers=entetes)


def _donnee_invalide(request: Request, erreur: DonneeInvalide) -> JSONResponse:
    return _reponse(422, str(erreur))


def _introuvable(request: Request, erreur: Introuvable) -> JSONResponse:
    return _reponse(404, str(erreur))


def _acces_refuse(request: Request, erreur: AccesRefuse) -> JSONResponse:
    return _reponse(401, str(erreur), {"WWW-Authenticate": "Bearer"})


def _interdit(request: Request, erreur: Interdit) -> JSONResponse:
    return _reponse(403, str(erreur))


def _trop_de_demandes(request: Request, erreur: TropDeDemandes) -> JSONResponse:
    return _reponse(429, str(erreur), {"Retry-After": str(erreur.attente_s)})


def _erreur_stockage(request: Request, erreur: ErreurStockage) -> JSONResponse:
    """Le détail (chemin, moteur) va au journal, pas à l'utilisateur."""
    journal.error("%s %s : %s", request.method, request.url.path, erreur)
    if isinstance(erreur, StockageIndisponible):
        return _reponse(503, "stockage indisponible, réessayez dans un instant", {"Retry-After": "10"})
    return _reponse(500, "erreur du stockage")


def _parametre_invalide(request: Request, erreur: RequestValidationError) -> JSONResponse:
    return _reponse(422, " ; ".join(_message_validation(e) for e in erreur.errors()))


def _message_validation(erreur: dict) -> str:
    """Le champ et ce qui ne va pas. L'entrée n'est jamais renvoyée telle quelle : rien du corps de
    la requête, et d'un paramètre de l'adresse au plus ses EXTRAIT_MAX premiers caractères."""
    nom = ".".join(str(morceau) for morceau in erreur["loc"][1:]) or str(erreur["loc"][0])
    if erreur["type"] == "missing":
        return f"paramètre manquant : {nom}"
    message = f"valeur invalide pour {nom}"
    if erreur["loc"][0] in ("query", "path") and isinstance(erreur.get("input"), str):
        entree = erreur["input"]
        message += f" : « {entree[:EXTRAIT_MAX]}{'…' if len(entree) > EXTRAIT_MAX else ''} »"
    precision = _PRECISIONS.get(erreur["type"])
    return f"{message} ({precision.format(**erreur.get('ctx', {}))})" if precision else message


def _erreur_http(request: Request, erreur: HTTPException) -> JSONResponse:
    message = texte.erreur_http(erreur.status_code, request.method, request.url.path) or str(erreur.detail)
    return _reponse(erreur.status_code, message, erreur.headers)


def _erreur_interne(request: Request, erreur: Exception) -> JSONResponse:
    """Starlette relance ensuite l'exception : le serveur la journalise avec sa trace."""
    return _reponse(500, "erreur interne du serveur")
