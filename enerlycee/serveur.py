"""Le serveur web : l'API et le tableau de bord sur un seul port, en un ou plusieurs processus."""

import os
import threading
import time
import urllib.request
from pathlib import Path

import orjson
import uvicorn
from a2wsgi import WSGIMiddleware
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from prometheus_client import CollectorRegistry, make_asgi_app
from uvicorn.supervisors import Multiprocess

from api.app import creer_app
from enerlycee.options import ouvrir
from noyau.communaute.limite import ECRITURES_PAR_MINUTE
from noyau.communaute.sessions import secret_partage
from noyau.stockage import Stockage
from noyau.stockage.sqlite import StockageSQLite
from tableau_de_bord.app import creer_tableau_de_bord

# Les réglages que les processus de `servir_en_processus` reçoivent de leur parent (JSON).
_REGLAGES_DES_PROCESSUS = "ENERLYCEE_REGLAGES_DES_PROCESSUS"


def creer_application(
    stockage: Stockage, metriques: CollectorRegistry | None = None, lecture_publique: bool = True,
    ecritures_par_minute: int = ECRITURES_PAR_MINUTE, fichier_ecritures: str | None = None,
) -> FastAPI:
    """L'API (/api/v1, /sante, /docs) d'abord, les métriques d'un collecteur du même processus
    (/metrics) s'il y en a ; ce qu'elles ne reconnaissent pas va au tableau de bord (Dash). Quand
    la lecture exige un jeton, le tableau de bord (qui n'en demande pas) n'est pas servi.
    `fichier_ecritures` : où compter les écritures par jeton, partagé par tous les processus du
    serveur (noyau.communaute.limite) ; None : en mémoire de ce processus."""
    application = creer_app(stockage, lecture_publique, ecritures_par_minute, fichier_ecritures)
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


def fichier_des_ecritures(stockage: Stockage) -> str:
    """Le fichier où tous les processus qui servent ce stockage comptent les écritures : à côté du
    fichier SQLite, sinon dans le dossier courant (celui du service)."""
    if isinstance(stockage, StockageSQLite):
        return f"{stockage.chemin}.ecritures"
    return str(Path("enerlycee-ecritures.db").absolute())


def processus_par_defaut() -> int:
    """Un processus par cœur que ce processus peut utiliser."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


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


def servir_en_processus(url: str, stockage: Stockage, hote: str, port: int, processus: int, annonce: str, **reglages) -> None:
    """`processus` processus d'uvicorn sur le même port (le parent les surveille et relance celui qui
    tombe) ; chacun rouvre le stockage par son URL. `annonce` (où `{port}` devient le port écouté)
    s'affiche quand un processus répond à /sante. `reglages` : ceux de creer_application."""
    secret_partage(stockage)  # créé une fois, avant les processus, qui liront le même
    reglages.setdefault("fichier_ecritures", fichier_des_ecritures(stockage))
    stockage.fermer()
    os.environ[_REGLAGES_DES_PROCESSUS] = orjson.dumps({"url": url, **reglages}).decode()
    configuration = uvicorn.Config(
        "enerlycee.serveur:application_du_processus", factory=True, host=hote, port=port, workers=processus,
        log_level="warning", proxy_headers=True,
    )
    prise = configuration.bind_socket()
    ecoute = prise.getsockname()[1]
    threading.Thread(target=_annoncer_quand_pret, args=(hote, ecoute, annonce.format(port=ecoute)), daemon=True).start()
    try:
        Multiprocess(configuration, sockets=[prise]).run()
    except KeyboardInterrupt:
        pass
    finally:
        prise.close()


def application_du_processus() -> FastAPI:
    """L'application d'un processus de `servir_en_processus` (uvicorn l'appelle dans chaque processus)."""
    reglages = orjson.loads(os.environ[_REGLAGES_DES_PROCESSUS])
    return creer_application(ouvrir(reglages.pop("url")), **reglages)


def _annoncer_quand_pret(hote: str, port: int, annonce: str) -> None:
    hote = "127.0.0.1" if hote in ("0.0.0.0", "") else "[::1]" if hote == "::" else hote
    while True:
        try:
            with urllib.request.urlopen(f"http://{hote}:{port}/sante", timeout=5):
                break
        except OSError:
            time.sleep(0.1)
    print(annonce, flush=True)
