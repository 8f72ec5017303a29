"""La session du tableau de bord : un code d'accès ouvre une session côté serveur
(noyau.communaute.sessions, gardée dans le stockage) ; le navigateur n'en garde que l'identifiant.

- Cookie `enerlycee_session` : l'identifiant aléatoire seul ; HttpOnly, SameSite=Lax, Secure quand
  la requête est venue en TLS (directement, ou derrière le mandataire TLS : uvicorn lit ses
  en-têtes X-Forwarded-*), sans date : le navigateur l'oublie à sa fermeture, le serveur borne la
  session (inactivité, durée totale) et la relit, avec son code, à chaque requête.
- CSRF : Flask-WTF (`CSRFProtect`, jeton signé par le secret partagé, rangé dans la session du
  serveur). Le jeton signé est posé dans le cookie `_csrf_token`, lisible par la page : le moteur
  de Dash (dash-renderer) le renvoie dans l'en-tête `X-CSRFToken` de chaque rappel. Toute requête
  POST d'une session ouverte est vérifiée avant d'être servie, quelle que soit la vue ; sans
  session, rien ne s'écrit (voir `formulaires.ecriture`).
- Les fichiers statiques (/assets, scripts de Dash) ne lisent pas la session.
"""

from flask import Flask, Request, Response, current_app, g, request, session
from flask.sessions import SessionInterface, SessionMixin
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from werkzeug.datastructures import CallbackDict

from noyau.communaute.frein import authentifier_freine
from noyau.communaute.sessions import SessionFinie, SessionOuverte, fermer_session, noter_csrf, ouvrir_session, reprendre_session
from noyau.stockage import Jeton, Stockage

COOKIE_SESSION = "enerlycee_session"
COOKIE_CSRF = "_csrf_token"  # le nom que lit dash-renderer (Dash(csrf_token_name=...), par défaut)
CHAMP_CSRF = "csrf_token"  # la clé de Flask-WTF dans la session
STATIQUES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")


class SessionDuTableau(CallbackDict, SessionMixin):
    """La session Flask d'une requête : la session ouverte (ou aucune), et pourquoi une session
    présentée a pris fin. Seul le jeton anti-CSRF y est rangé (par Flask-WTF)."""

    def __init__(self, ouverte: SessionOuverte | None = None, finie: SessionFinie | None = None) -> None:
        contenu = {CHAMP_CSRF: ouverte.session.csrf} if ouverte and ouverte.session.csrf else {}
        super().__init__(contenu, on_update=self._modifier)
        self.ouverte, self.finie = ouverte, finie
        self.nouvelle = self.fermee = self.modified = False

    def _modifier(self, _session) -> None:
        self.modified = True


class SessionsDuStockage(SessionInterface):
    """L'interface de session de Flask, sur les sessions du stockage."""

    def __init__(self, stockage: Stockage) -> None:
        self.stockage = stockage

    def open_session(self, app: Flask, requete: Request) -> SessionMixin:
        if requete.path.startswith(STATIQUES):
            return self.make_null_session(app)
        identifiant = requete.cookies.get(COOKIE_SESSION)
        if not identifiant:
            return SessionDuTableau()
        try:
            return SessionDuTableau(reprendre_session(self.stockage, identifiant))
        except SessionFinie as fin:
            return SessionDuTableau(finie=fin)

    def save_session(self, app: Flask, session: SessionDuTableau, reponse: Response) -> None:
        """Une session finie garde son cookie (chaque page en dit la raison) tant que le stockage la
        connaît ; une session fermée ou oubliée perd les siens."""
        if session.fermee or (session.finie and session.finie.oubliee):
            for nom in (COOKIE_SESSION, COOKIE_CSRF):
                reponse.delete_cookie(nom, path="/", secure=request.is_secure, samesite="Lax")
            return
        if session.ouverte is None:
            return
        if session.modified and session.get(CHAMP_CSRF) != session.ouverte.session.csrf:
            session.ouverte = noter_csrf(self.stockage, session.ouverte, session[CHAMP_CSRF])
        if session.nouvelle:
            reponse.set_cookie(COOKIE_SESSION, session.ouverte.identifiant, path="/", httponly=True,
                               secure=request.is_secure, samesite="Lax")


def installer(serveur: Flask, stockage: Stockage, secret: str) -> None:
    """Les sessions du stockage et la protection CSRF sur l'application Flask du tableau de bord."""
    serveur.session_interface = SessionsDuStockage(stockage)
    serveur.config.update(
        SECRET_KEY=secret,  # le même pour tous les processus : noyau.communaute.sessions.secret_partage
        WTF_CSRF_CHECK_DEFAULT=False,  # vérifié pour toute session ouverte (ci-dessous), pas pour la lecture anonyme
        WTF_CSRF_TIME_LIMIT=None,  # le jeton vit autant que sa session, elle-même bornée
    )
    protection = CSRFProtect(serveur)
    serveur.before_request(lambda: _verifier_csrf(protection))
    serveur.after_request(_poser_jeton_csrf)
    serveur.register_error_handler(CSRFError, _refus_csrf)


def _refus_csrf(erreur: CSRFError) -> tuple[str, int, dict]:
    """Le refus d'une requête sans jeton CSRF valide : 400, en français (et non l'erreur interne que
    les outils de développement de Dash feraient de toute exception)."""
    message = f"Requête refusée : jeton anti-CSRF absent ou invalide ({erreur.description}). Rechargez la page."
    return message, 400, {"Content-Type": "text/plain; charset=utf-8"}


def _verifier_csrf(protection: CSRFProtect) -> None:
    """Toute requête POST d'une session ouverte porte son jeton, sinon 400 (CSRFError)."""
    if isinstance(session, SessionDuTableau) and session.ouverte is not None:
        protection.protect()


def _poser_jeton_csrf(reponse: Response) -> Response:
    """Le jeton signé, dans le cookie que dash-renderer renvoie en en-tête (session ouverte seule)."""
    if isinstance(session, SessionDuTableau) and session.ouverte is not None and not session.fermee:
        reponse.set_cookie(COOKIE_CSRF, generate_csrf(), path="/", secure=request.is_secure, samesite="Lax")
    return reponse


def stockage_courant() -> Stockage:
    return current_app.config["STOCKAGE"]


def code_ouvert() -> Jeton | None:
    """Le code d'accès de la session de cette requête (relu, valide), ou None."""
    return session.ouverte.jeton if isinstance(session, SessionDuTableau) and session.ouverte else None


def fin_de_session() -> str | None:
    """Pourquoi la session présentée par le navigateur a pris fin (expirée, code révoqué), ou None."""
    if isinstance(session, SessionDuTableau) and session.finie and not session.finie.oubliee:
        return str(session.finie)
    return None


def csrf_verifie() -> bool:
    """La requête a passé la vérification CSRF de Flask-WTF."""
    return bool(g.get("csrf_valid"))


def connecter(code: str | None) -> Jeton:
    """Ouvre une session pour ce code (AccesRefuse sinon, TropDEchecs après trop de refus depuis la
    même adresse) ; la session précédente est fermée.
    Le cookie est posé avec la réponse."""
    # Freiné par client, comme les jetons de l'API (noyau.communaute.frein) : TropDEchecs au-delà.
    ouverte = authentifier_freine(stockage_courant(), request.remote_addr or "inconnu", code, ouvrir_session)
    if session.ouverte is not None:
        fermer_session(stockage_courant(), session.ouverte)
    session.ouverte, session.nouvelle, session.finie = ouverte, True, None
    session.pop(CHAMP_CSRF, None)  # un jeton CSRF neuf pour la session neuve
    return ouverte.jeton


def deconnecter() -> None:
    """Ferme la session de cette requête ; les cookies sont effacés avec la réponse."""
    if session.ouverte is not None:
        fermer_session(stockage_courant(), session.ouverte)
    session.ouverte, session.fermee = None, True
