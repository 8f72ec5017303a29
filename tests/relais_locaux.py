"""Un vrai relais SMTP local (aiosmtpd, avec identifiant et mot de passe) et un vrai récepteur de
webhooks (http.server), chacun sur un port libre, pour les tests des envois d'alertes."""

import email
import email.policy
import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

UTILISATEUR, MOT_DE_PASSE = "enerlycee", "mot de passe:secret"


@dataclass
class BoiteAuxLettres:
    messages: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # nom imposé par aiosmtpd
        if not session.authenticated:
            return "530 Authentification requise"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def pour(self, adresse: str) -> list:
        return [m for destinataires, m in self.messages if adresse in destinataires]


def _authentifier(server, session, envelope, mechanism, donnees) -> AuthResult:
    return AuthResult(success=(donnees.login, donnees.password) == (UTILISATEUR.encode(), MOT_DE_PASSE.encode()))


@contextmanager
def relais_smtp(port: int, tls: str | None = None, certificat: Path | None = None) -> Iterator[BoiteAuxLettres]:
    """Un relais qui exige l'identifiant et le mot de passe. `tls` : None (en clair, sur la boucle
    locale), "starttls" (STARTTLS exigé) ou "smtps" (TLS dès la connexion), avec `certificat` : le
    dossier de serveur.crt et serveur.key (deploy/mosquitto/creer_ac.sh). Sans STARTTLS, aiosmtpd
    n'annonce AUTH que sans l'exiger (il avertirait d'AUTH exigé sans TLS) : le refus d'un message
    non authentifié est alors dans `handle_DATA`."""
    boite = BoiteAuxLettres()
    reglages = {"hostname": "127.0.0.1", "port": port, "authenticator": _authentifier}
    if tls:
        contexte = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        contexte.load_cert_chain(certificat / "serveur.crt", certificat / "serveur.key")
        reglages |= {"ssl_context": contexte} if tls == "smtps" else {"tls_context": contexte, "require_starttls": True}
    if tls != "starttls":  # en clair, ou en TLS dès la connexion qu'aiosmtpd ne compte pas comme du TLS pour AUTH
        reglages["auth_require_tls"] = False
    else:
        reglages["auth_required"] = True
    controleur = Controller(boite, **reglages)
    controleur.start()
    try:
        yield boite
    finally:
        controleur.stop()


@dataclass
class Recepteur:
    adresse: str
    recus: list = field(default_factory=list)  # (en-têtes, corps brut)
    statut: int = 200

    def corps(self) -> list[dict]:
        return [json.loads(corps) for _, corps in self.recus]


@contextmanager
def recepteur_webhook() -> Iterator[Recepteur]:
    recepteur = Recepteur("")

    class Gestionnaire(BaseHTTPRequestHandler):
        def do_POST(self):
            corps = self.rfile.read(int(self.headers["Content-Length"]))
            if recepteur.statut == 200:
                recepteur.recus.append((dict(self.headers), corps))
            self.send_response(recepteur.statut)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_):
            pass

    serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
    recepteur.adresse = f"http://127.0.0.1:{serveur.server_address[1]}/crochet"
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    try:
        yield recepteur
    finally:
        serveur.shutdown()
        serveur.server_close()
