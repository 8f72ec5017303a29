"""Les erreurs du domaine, avec un message en français destiné à l'utilisateur."""


class ErreurEnerlycee(Exception):
    """Base de toutes les erreurs que l'application sait expliquer."""


class DonneeInvalide(ErreurEnerlycee, ValueError):
    """Une valeur fournie par l'utilisateur n'a pas la forme attendue."""


class Introuvable(ErreurEnerlycee, LookupError):
    """Le site ou le compteur demandé n'existe pas."""


class ErreurStockage(ErreurEnerlycee):
    """Le stockage a échoué ; le message dit pourquoi, sans détail interne."""


class StockageIndisponible(ErreurStockage):
    """Le stockage ne répond pas (fichier verrouillé, serveur injoignable...)."""


class AccesRefuse(ErreurEnerlycee):
    """Pas de jeton, ou un jeton inconnu, expiré ou révoqué (HTTP 401)."""


class Interdit(ErreurEnerlycee):
    """Un jeton valide, mais dont le rôle ou le lycée ne permet pas cette écriture (HTTP 403)."""


class TropDeDemandes(ErreurEnerlycee):
    """Une limite de débit dépassée (HTTP 429) ; `attente_s` : quand réessayer."""

    def __init__(self, message: str, attente_s: int) -> None:
        super().__init__(message)
        self.attente_s = attente_s


class TropDEcritures(TropDeDemandes):
    """Un jeton a dépassé sa limite d'écritures par minute."""


class TropDEchecs(TropDeDemandes):
    """Un client a présenté trop de jetons ou de codes refusés (noyau.communaute.frein)."""
