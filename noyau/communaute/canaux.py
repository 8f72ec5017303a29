"""Les deux canaux d'envoi des alertes : le courriel, par un relais SMTP (smtplib), et le webhook,
un POST JSON signé (urllib.request : rien à ajouter aux dépendances).

Le relais se règle par une adresse (contrat, section 4) : `smtp://[utilisateur:motdepasse@]hote:port`
(en clair, port 25 par défaut), `smtps://...` (TLS dès la connexion, port 465 par défaut),
`smtp://...?starttls=oui` (STARTTLS, port 587 par défaut). Le mot de passe ne paraît dans aucun
message d'erreur ni aucun journal (`Relais.__str__`).

Le webhook porte l'en-tête `X-Enerlycee-Signature: sha256=<HMAC-SHA256 hexadécimal du corps brut,
clé : les octets UTF-8 du secret>`. Un code d'accès choisit l'adresse : pour que le processus des
tâches ne serve pas à atteindre les services de sa propre machine ou de son réseau (la base
InfluxDB, par exemple), une adresse dont l'hôte est local, privé ou réservé est refusée (sauf
`prives`), et une redirection n'est pas suivie.

Une panne (relais injoignable, refus, réponse non 2xx) lève `EnvoiImpossible`, avec un message en
français qui ne nomme ni l'adresse du destinataire ni le mot de passe.
"""

import hashlib
import hmac
import ipaddress
import smtplib
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from noyau.domaine.erreurs import DonneeInvalide, ErreurEnerlycee

DELAI_S = 20
PORTS = {"smtp": 25, "smtps": 465}
PORT_STARTTLS = 587
OUI = ("oui", "true", "1", "yes")


class EnvoiImpossible(ErreurEnerlycee):
    """Le message n'est pas parti : il sera réessayé."""


@dataclass(frozen=True)
class Relais:
    hote: str
    port: int
    tls: bool = False  # smtps:// : TLS dès la connexion
    starttls: bool = False
    utilisateur: str | None = None
    mot_de_passe: str | None = field(default=None, repr=False)

    def __str__(self) -> str:
        schema = "smtps" if self.tls else "smtp"
        return f"{schema}://{self.hote}:{self.port}" + ("?starttls=oui" if self.starttls else "")


def lire_relais(adresse: str) -> Relais:
    """`smtp://[utilisateur:motdepasse@]hote:port[?starttls=oui]` ou `smtps://...`."""
    morceaux = urlsplit(adresse.strip())
    if morceaux.scheme not in PORTS or not morceaux.hostname:
        raise DonneeInvalide("relais de courriel invalide : smtp://[utilisateur:motdepasse@]hote:port ou smtps://… attendu")
    options = {k: v[-1].lower() for k, v in parse_qs(morceaux.query).items()}
    if set(options) - {"starttls"}:
        raise DonneeInvalide(f"option du relais inconnue : {', '.join(sorted(set(options) - {'starttls'}))} (seule starttls=oui)")
    starttls = options.get("starttls", "non") in OUI
    if starttls and morceaux.scheme == "smtps":
        raise DonneeInvalide("smtps:// chiffre déjà la connexion : starttls=oui ne va qu'avec smtp://")
    try:
        port = morceaux.port or (PORT_STARTTLS if starttls else PORTS[morceaux.scheme])
    except ValueError:
        raise DonneeInvalide("relais de courriel invalide : port illisible") from None
    return Relais(morceaux.hostname, port, morceaux.scheme == "smtps", starttls,
                  unquote(morceaux.username) if morceaux.username else None,
                  unquote(morceaux.password) if morceaux.password else None)


def envoyer_courriel(relais: Relais, expediteur: str, destinataire: str, sujet: str, texte: str, desabonnement: str) -> None:
    """Un courriel en texte brut (UTF-8), avec l'en-tête List-Unsubscribe."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = expediteur, destinataire, sujet
    message["Date"], message["Message-ID"] = formatdate(localtime=True), make_msgid(domain="enerlycee")
    message["List-Unsubscribe"] = f"<{desabonnement}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(texte)
    try:
        classe = smtplib.SMTP_SSL if relais.tls else smtplib.SMTP
        avec_tls = {"context": ssl.create_default_context()} if relais.tls else {}
        with classe(relais.hote, relais.port, timeout=DELAI_S, **avec_tls) as connexion:
            if relais.starttls:
                connexion.starttls(context=ssl.create_default_context())
            if relais.utilisateur:
                connexion.login(relais.utilisateur, relais.mot_de_passe or "")
            connexion.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise EnvoiImpossible(f"le relais {relais} refuse l'identifiant et le mot de passe") from None
    except smtplib.SMTPRecipientsRefused:
        raise EnvoiImpossible(f"le relais {relais} refuse le destinataire") from None
    except smtplib.SMTPResponseException as erreur:
        raise EnvoiImpossible(f"le relais {relais} a répondu {erreur.smtp_code}") from None
    except (OSError, smtplib.SMTPException) as erreur:
        raise EnvoiImpossible(f"relais {relais} injoignable : {type(erreur).__name__} {erreur}".strip()) from None


def signature(corps: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), corps, hashlib.sha256).hexdigest()


class _SansRedirection(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_arguments):
        return None  # la réponse 3xx devient une erreur : « le webhook a répondu 302 »


_OUVREUR = urllib.request.build_opener(_SansRedirection)


def poster_webhook(adresse: str, secret: str, corps: bytes, prives: bool = False) -> None:
    """`prives` : permet un hôte local ou privé (un récepteur sur la même machine ou le même réseau)."""
    if not prives:
        _verifier_hote_public(adresse)
    requete = urllib.request.Request(adresse, data=corps, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "Enerlycee-alertes",
        "X-Enerlycee-Signature": signature(corps, secret)})
    try:
        with _OUVREUR.open(requete, timeout=DELAI_S) as reponse:
            reponse.read(1024)
    except urllib.error.HTTPError as erreur:
        raise EnvoiImpossible(f"le webhook a répondu {erreur.code}") from None
    except (OSError, ValueError) as erreur:
        raise EnvoiImpossible(f"webhook injoignable : {type(erreur).__name__}") from None


def _verifier_hote_public(adresse: str) -> None:
    morceaux = urlsplit(adresse)
    try:
        trouvees = {info[4][0] for info in socket.getaddrinfo(morceaux.hostname, morceaux.port or 443, type=socket.SOCK_STREAM)}
    except (OSError, UnicodeError):
        raise EnvoiImpossible("webhook injoignable : nom d'hôte inconnu") from None
    if not all(ipaddress.ip_address(ip.split("%")[0]).is_global for ip in trouvees):
        raise EnvoiImpossible("adresse du webhook locale ou privée : refusée (ENERLYCEE_WEBHOOKS_PRIVES pour l'accepter)")
