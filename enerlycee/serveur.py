"""Le serveur web : l'API et le tableau de bord sur un seul port (plusieurs processus : enerlycee.processus)."""

import os
import threading
import time

import orjson
import uvicorn
from a2wsgi import WSGIMiddleware
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from prometheus_client import CollectorRegistry, make_asgi_app

from api.app import creer_app
from enerlycee.options import ouvrir
from enerlycee.processus import REGLAGES_DES_PROCESSUS
from noyau.communaute.limite import ECRITURES_PAR_MINUTE
from noyau.communaute.sessions import secret_partage
from noyau.stockage import Stockage
from tableau_de_bord.app import creer_tableau_de_bord


def creer_application(
    stockage: Stockage, metriques: CollectorRegistry | None = None, lecture_publique: bool = True,
    ecritures_par_minute: int = ECRITURES_PAR_MINUTE,
) -> FastAPI:
    """L'API (/api/v1, /sante, /docs) d'abord, les métriques d'un collecteur du même processus
    (/metrics) s'il y en a ; ce qu'elles ne reconnaissent pas va au tableau de bord (Dash). Quand
    la lecture exige un jeton, le tableau de bord (qui n'en demande pas) n'est pas servi.
    `ecritures_par_minute` : la limite par jeton, comptée dans le stockage (noyau.communaute.limite)."""
    application = creer_app(stockage, lecture_publique, ecritures_par_minute)
    if metriques is not None:
        application.mount("/metrics", make_asgi_app(metriques))
    if lecture_publique:
        # Le tableau de bord reçoit ce qu'aucune route ne reconnaît : Starlette ne l'appelle qu'alors,
        # et une méthode refusée sur une adresse de l'API (/sante, /docs) reste un 405 en JSON.
        tableau = creer_tableau_de_bord(stockage, application.state.limite_ecritures)
        application.router.default = WSGIMiddleware(tableau.server)
    # Réponses compressées (JSON de l'API et des rappels, scripts du tableau de bord) : la sobriété.
    application.add_middleware(GZipMiddleware, minimum_size=1000)
    return application


def servir(
    stockage: Stockage, hote: str, port: int, annonce: str, metriques: CollectorRegistry | None = None, **reglages
) -> None:
    """Un seul processus : affiche `annonce` dès que le port écoute, puis sert jusqu'à Ctrl-C ou
    SIGTERM (uvicorn termine les requêtes en cours, puis rend la main). `reglages` : ceux de
    creer_application."""
    secret_partage(stockage)  # avant de servir : tous les processus du serveur liront le même
    configuration = uvicorn.Config(
        creer_application(stockage, metriques, **reglages), host=hote, port=port, log_level="warning", proxy_headers=True
    )
    serveur = uvicorn.Server(configuration)

    def annoncer_une_fois_pret() -> None:
        while not serveur.started and not serveur.should_exit:
            time.sleep(0.05)
        if serveur.started:
            print(annonce, flush=True)

    threading.Thread(target=annoncer_une_fois_pret, daemon=True).start()
    try:
        serveur.run()
    except KeyboardInterrupt:  # uvicorn relève le signal reçu une fois arrêté
        pass


def application_du_processus() -> FastAPI:
    """L'application d'un processus d'enerlycee.processus (uvicorn l'appelle dans chaque processus)."""
    reglages = orjson.loads(os.environ[REGLAGES_DES_PROCESSUS])
    return creer_application(ouvrir(reglages.pop("url")), **reglages)
