"""L'adresse d'un courtier MQTT : `mqtt://[utilisateur:motdepasse@]hote:port[?protocole=3.1.1]`.

MQTT 5 par défaut (le collecteur s'appuie sur « Receive Maximum » pour recevoir en lots) ;
`protocole=3.1.1` pour un courtier qui ne parle que MQTT 3.1.1, comme le courtier embarqué
de la démonstration. `mqtts://` chiffre la connexion (TLS) ; `ca` : le certificat de l'autorité
qui a signé celui du courtier (une AC privée, deploy/mosquitto/creer_ac.sh), sinon celles du système.
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from noyau.domaine.erreurs import DonneeInvalide

_PROTOCOLES = ("5", "3.1.1")


@dataclass(frozen=True)
class AdresseMqtt:
    hote: str
    port: int
    utilisateur: str | None = None
    mot_de_passe: str | None = None
    protocole: str = "5"
    tls: bool = False
    ca: str | None = None

    def __str__(self) -> str:
        """L'adresse sans mot de passe, pour les journaux."""
        schema = "mqtts" if self.tls else "mqtt"
        compte = f"{self.utilisateur}@" if self.utilisateur else ""
        return f"{schema}://{compte}{self.hote}:{self.port}"


def lire_adresse_mqtt(url: str) -> AdresseMqtt:
    morceaux = urlsplit(url)
    if morceaux.scheme not in ("mqtt", "mqtts") or not morceaux.hostname:
        raise DonneeInvalide(f"adresse MQTT invalide « {url} » : mqtt://hote:port attendu")
    try:
        port = morceaux.port or (8883 if morceaux.scheme == "mqtts" else 1883)
    except ValueError:
        raise DonneeInvalide(f"port invalide dans l'adresse MQTT « {url} »") from None
    protocole = parse_qs(morceaux.query).get("protocole", ["5"])[0]
    if protocole not in _PROTOCOLES:
        raise DonneeInvalide(f"protocole MQTT « {protocole} » inconnu : 5 ou 3.1.1")
    return AdresseMqtt(
        hote=morceaux.hostname,
        port=port,
        utilisateur=unquote(morceaux.username) if morceaux.username else None,
        mot_de_passe=unquote(morceaux.password) if morceaux.password else None,
        protocole=protocole,
        tls=morceaux.scheme == "mqtts",
    )
