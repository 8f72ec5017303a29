"""Le serveur web : l'API et le tableau de bord sur un seul port."""

import uvicorn
from a2wsgi import WSGIMiddleware
from fastapi import FastAPI

from api.app import creer_app
from noyau.stockage import Stockage
from tableau_de_bord.app import creer_tableau_de_bord


def creer_application(stockage: Stockage) -> FastAPI:
    """L'API (/api/v1, /sante, /docs) d'abord ; tout le reste va au tableau de bord (Dash)."""
    application = creer_app(stockage)
    tableau = creer_tableau_de_bord(stockage)
    application.mount("/", WSGIMiddleware(tableau.server))
    return application


def configurer_serveur(stockage: Stockage, hote: str, port: int) -> uvicorn.Server:
    configuration = uvicorn.Config(
        creer_application(stockage), host=hote, port=port, log_level="warning", proxy_headers=True
    )
    return uvicorn.Server(configuration)
