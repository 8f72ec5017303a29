"""`enerlycee api` en plusieurs processus d'uvicorn sur le même port.

Le parent ne fait que surveiller ses processus (il relance celui qui tombe) : il n'importe ni
l'API ni le tableau de bord, qui ne sont chargés que dans les processus (enerlycee.serveur).
"""

import os
import threading
import time
import urllib.request

import orjson
import uvicorn
from uvicorn.supervisors import Multiprocess

from noyau.communaute.sessions import secret_partage
from noyau.stockage import Stockage

# Les réglages que les processus reçoivent de leur parent (JSON), lus par enerlycee.serveur.
REGLAGES_DES_PROCESSUS = "ENERLYCEE_REGLAGES_DES_PROCESSUS"


def processus_par_defaut() -> int:
    """Un processus par cœur que ce processus peut utiliser."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def servir_en_processus(url: str, stockage: Stockage, hote: str, port: int, processus: int, annonce: str, **reglages) -> None:
    """`processus` processus d'uvicorn sur le même port (le parent les surveille et relance celui qui
    tombe) ; chacun rouvre le stockage par son URL. `annonce` (où `{port}` devient le port écouté)
    s'affiche quand un processus répond à /sante. `reglages` : ceux de creer_application."""
    secret_partage(stockage)  # créé une fois, avant les processus, qui liront le même
    stockage.fermer()
    os.environ[REGLAGES_DES_PROCESSUS] = orjson.dumps({"url": url, **reglages}).decode()
    # Deux réserves de malloc par processus au lieu de huit par cœur : les fils d'un processus ne
    # gardent plus chacun leurs restes (environ 12 Mo de moins au total sur le banc du hall,
    # bench/lecture_api.py) ; lu par la glibc au démarrage des processus, qui en héritent.
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
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


def _annoncer_quand_pret(hote: str, port: int, annonce: str) -> None:
    hote = "127.0.0.1" if hote in ("0.0.0.0", "") else "[::1]" if hote == "::" else hote
    while True:
        try:
            with urllib.request.urlopen(f"http://{hote}:{port}/sante", timeout=5):
                break
        except OSError:
            time.sleep(0.1)
    print(annonce, flush=True)
