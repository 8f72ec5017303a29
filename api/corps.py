"""La borne du corps d'une requête : au-delà de CORPS_MAX_OCTETS, 413 en français, sans lire la suite.

Les écritures de l'API et les rappels du tableau de bord tiennent en quelques Ko ; un corps plus
gros n'a pas de raison d'être et ne doit pas occuper la mémoire du serveur. Un `Content-Length`
trop grand est refusé d'emblée ; un corps sans longueur annoncée (envoi par morceaux) est compté
au fil de la lecture. Le corps admis est lu en entier ici puis rendu à l'application, qui couvre
l'API et le tableau de bord servis par le même processus (enerlycee.serveur).
"""

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CORPS_MAX_OCTETS = 1024 * 1024
MESSAGE = "requête trop volumineuse : au plus 1 Mo dans le corps d'une requête"


class CorpsBorne:
    def __init__(self, app: ASGIApp, maximum: int = CORPS_MAX_OCTETS) -> None:
        self.app, self.maximum = app, maximum

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        annoncee = dict(scope["headers"]).get(b"content-length", b"0")
        if annoncee.isdigit() and int(annoncee) > self.maximum:
            await _refuser(send)
            return
        morceaux, taille, message = [], 0, {"more_body": True}
        while message.get("more_body", False):
            message = await receive()
            if message["type"] != "http.request":  # le client est parti
                return
            morceaux.append(message.get("body", b""))
            taille += len(morceaux[-1])
            if taille > self.maximum:
                await _refuser(send)
                return
        corps = b"".join(morceaux)
        deja_rendu = False

        async def rendre() -> Message:
            nonlocal deja_rendu
            if deja_rendu:
                return await receive()
            deja_rendu = True
            return {"type": "http.request", "body": corps, "more_body": False}

        await self.app(scope, rendre, send)


async def _refuser(send: Send) -> None:
    contenu = orjson.dumps({"detail": MESSAGE})
    entetes = [(b"content-type", b"application/json"), (b"content-length", str(len(contenu)).encode()),
               (b"connection", b"close")]
    await send({"type": "http.response.start", "status": 413, "headers": entetes})
    await send({"type": "http.response.body", "body": contenu})
