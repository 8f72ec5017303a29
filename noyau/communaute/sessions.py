"""Les sessions du tableau de bord : un code d'accès (un jeton, noyau.communaute.jetons) ouvre une
session côté serveur, pour son rôle et son lycée.

Le navigateur ne garde que l'identifiant de la session, aléatoire (256 bits) ; le stockage garde
l'empreinte SHA-256 de cet identifiant, celle du code, l'ouverture, la dernière activité et le
secret anti-CSRF de la session : rien qui désigne une personne. Les sessions vivent dans le
stockage, pas dans la mémoire d'un processus : tous les processus du serveur les voient.

Durée bornée : INACTIVITE_MAX_S sans requête, DUREE_MAX_S en tout. Le code est relu à chaque
requête : révoqué ou expiré, sa session finit à la requête suivante. Une session finie reste
dans le stockage, refusée à chaque requête avec sa raison (que la page peut dire), jusqu'à la
purge des sessions de plus de DUREE_MAX_S, faite à chaque ouverture.
"""

import secrets
from dataclasses import dataclass, replace

from noyau.communaute.jetons import empreinte, invalidite
from noyau.domaine.erreurs import AccesRefuse
from noyau.domaine.temps import maintenant
from noyau.stockage import Jeton, Session, Stockage

INACTIVITE_MAX_S = 2 * 3600  # deux heures sans requête : une séance de cours
DUREE_MAX_S = 12 * 3600  # douze heures en tout : une journée
ACTIVITE_NOTEE_S = 60  # la dernière activité est notée au plus une fois par minute (une écriture de moins par requête)
ETAT_SECRET = "tableau-de-bord"  # l'état du stockage qui garde le secret de signature partagé


class SessionFinie(AccesRefuse):
    """La session présentée ne vaut plus (expirée, code révoqué...) ; le message le dit.
    `oubliee` : le stockage ne la connaît plus (fermée, purgée) : il n'y a plus rien à en dire."""

    def __init__(self, message: str, oubliee: bool = False) -> None:
        super().__init__(message)
        self.oubliee = oubliee


@dataclass(frozen=True)
class SessionOuverte:
    """`identifiant` : la valeur du cookie (jamais stockée) ; `jeton` : le code, relu."""

    identifiant: str
    session: Session
    jeton: Jeton


def ouvrir_session(stockage: Stockage, code: str | None) -> SessionOuverte:
    """Ouvre une session pour ce code d'accès, ou AccesRefuse avec un message pour la personne.
    Les sessions trop anciennes sont purgées au passage."""
    code = (code or "").strip()
    if not code:
        raise AccesRefuse("saisissez votre code d'accès")
    jeton = stockage.jeton(empreinte(code))
    motif = invalidite(jeton)
    if motif:
        raise AccesRefuse(f"code d'accès {motif}")
    instant = maintenant()
    stockage.purger_sessions(instant - DUREE_MAX_S)
    identifiant = secrets.token_urlsafe(32)
    session = Session(empreinte(identifiant), jeton.empreinte, instant, instant)
    stockage.enregistrer_session(session)
    return SessionOuverte(identifiant, session, jeton)


def reprendre_session(stockage: Stockage, identifiant: str) -> SessionOuverte:
    """La session de cet identifiant et son code, relus ; SessionFinie si l'une ou l'autre ne vaut
    plus."""
    session = stockage.session(empreinte(identifiant))
    if session is None:
        raise SessionFinie("session terminée : reconnectez-vous avec votre code d'accès", oubliee=True)
    instant = maintenant()
    if instant - session.cree_le > DUREE_MAX_S or instant - session.vu_le > INACTIVITE_MAX_S:
        raise SessionFinie("session expirée : reconnectez-vous avec votre code d'accès")
    jeton = stockage.jeton(session.jeton)
    motif = invalidite(jeton)
    if motif:
        raise SessionFinie(f"code d'accès {motif} : session terminée")
    if instant - session.vu_le > ACTIVITE_NOTEE_S:
        session = replace(session, vu_le=instant)
        stockage.enregistrer_session(session)
    return SessionOuverte(identifiant, session, jeton)


def noter_csrf(stockage: Stockage, ouverte: SessionOuverte, csrf: str) -> SessionOuverte:
    """Garde le secret anti-CSRF de la session (créé par Flask-WTF à son premier usage)."""
    session = replace(ouverte.session, csrf=csrf)
    stockage.enregistrer_session(session)
    return replace(ouverte, session=session)


def fermer_session(stockage: Stockage, ouverte: SessionOuverte) -> None:
    stockage.supprimer_session(ouverte.session)


def secret_partage(stockage: Stockage) -> str:
    """Le secret de signature du tableau de bord, le même pour tous ses processus : créé au premier
    lancement et gardé dans le stockage. Le créer avant de lancer plusieurs processus
    (enerlycee.serveur le fait), pour qu'ils ne tirent pas chacun le leur."""
    note = stockage.lire_etat(ETAT_SECRET)
    if note is None or not note[0].get("secret"):
        stockage.noter_etat(ETAT_SECRET, {"secret": secrets.token_urlsafe(32)})
        note = stockage.lire_etat(ETAT_SECRET)
    return note[0]["secret"]
