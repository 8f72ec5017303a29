"""Le transport vers InfluxDB, et la traduction de ses erreurs à la couture.

- Requêtes : InfluxQL sur `/query`, que servent InfluxDB 1.x, 2.x (compatibilité v1, avec la
  correspondance DBRP automatique : `db` est le nom du bucket) et 3.x ; jamais Flux. Plusieurs
  instructions partent dans une même requête HTTP, séparées par `;`.
- Écritures : `/write` pour 1.x ; l'API d'écriture d'influxdb-client pour 2.x et 3.x (lots,
  reprises, rappels d'erreur : un lot refusé lève une erreur, jamais une perte silencieuse).
  Dans les deux cas l'écriture est synchrone : quand `ecrire` rend la main, tout est écrit.
- Le serveur injoignable ou en erreur 5xx lève StockageIndisponible (le collecteur réessaiera
  sans acquitter) ; une requête refusée lève ErreurStockage. Le jeton ne paraît jamais dans un
  message : il ne voyage que dans l'en-tête `Authorization`.
"""

import base64
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import orjson
import urllib3
from influxdb_client import InfluxDBClient, WriteOptions
from influxdb_client.client.write_api import WritePrecision
from influxdb_client.rest import ApiException

from noyau.domaine.erreurs import DonneeInvalide, ErreurStockage, StockageIndisponible

journal = logging.getLogger(__name__)

LIGNES_PAR_ENVOI = 10_000
INSTRUCTIONS_PAR_REQUETE = 200
# Des délais bornés : un InfluxDB qui ne répond pas à temps est en panne (StockageIndisponible :
# le collecteur range dans son spool, l'API répond 503), jamais une attente sans fin. Un serveur
# figé accepte les connexions et ne répond plus : sans délai de lecture, on l'attendrait toujours.
DELAI_CONNEXION_S = 2.0
DELAI_VERIFICATION_S = 1.0  # /sante répond en une seconde
DELAI_ECRITURE_S = 10.0  # un lot de 10 000 lignes s'écrit en moins d'une seconde sur un serveur en forme
DELAI_LECTURE_S = 30.0  # la plus longue lecture : un export d'un an de tout le parc


@dataclass(frozen=True)
class AdresseInflux:
    """`influxdb://hote:port/base?version=1|2|3&org=...&tls=oui` ; le jeton vient d'ailleurs."""

    racine: str
    base: str
    version: int | None = None
    org: str = ""
    jeton: str | None = field(default=None, repr=False)


def lire_adresse_influx(url: str, jeton: str | None = None) -> AdresseInflux:
    morceaux = urlsplit(url)
    parametres = {cle: valeurs[-1] for cle, valeurs in parse_qs(morceaux.query).items()}
    base = morceaux.path.strip("/")
    if morceaux.scheme != "influxdb" or not morceaux.hostname or not base:
        raise DonneeInvalide(f"URL InfluxDB invalide « {url} » : influxdb://hote:port/base attendu")
    version = parametres.get("version")
    if version not in (None, "1", "2", "3"):
        raise DonneeInvalide(f"version d'InfluxDB inconnue « {version} » : 1, 2 ou 3")
    schema = "https" if parametres.get("tls") in ("1", "oui") else "http"
    return AdresseInflux(
        f"{schema}://{morceaux.hostname}:{morceaux.port or 8086}", base,
        int(version) if version else None, parametres.get("org", ""), jeton or None,
    )


class TransportInflux:
    def __init__(self, adresse: AdresseInflux):
        self.adresse = adresse
        # Reprises sur une connexion refusée ou un 5xx ; jamais sur un délai de lecture dépassé (read=0) :
        # un serveur lent ne le sera pas moins trois fois de suite.
        reprises = urllib3.Retry(total=3, read=0, backoff_factor=0.2, status_forcelist=(500, 502, 503, 504),
                                 allowed_methods=None, raise_on_status=False)
        self._http = urllib3.PoolManager(maxsize=8, retries=reprises)
        self._entetes = _authentification(adresse.jeton)
        self._version = adresse.version
        self._client2: InfluxDBClient | None = None
        self._verrou = threading.Lock()

    @property
    def version(self) -> int:
        """La version majeure du serveur, lue une fois dans l'en-tête de /ping si l'URL ne la dit pas."""
        if self._version is None:
            reponse = self._envoyer("GET", "/ping")
            texte = reponse.headers.get("X-Influxdb-Version", "1").lstrip("v")
            self._version = int(texte[0]) if texte[:1] in ("1", "2", "3") else 1
        return self._version

    # --- requêtes ---
    def requete(self, instructions: list[str], delai: float | None = None) -> list[list[dict]]:
        """Pour chaque instruction, ses séries (`name`, `tags`, `columns`, `values`) ; temps en ms.
        `delai` : en secondes, celui d'une lecture (DELAI_LECTURE_S) si None."""
        resultats = []
        for k in range(0, len(instructions), INSTRUCTIONS_PAR_REQUETE):
            paquet = instructions[k : k + INSTRUCTIONS_PAR_REQUETE]
            corps = urlencode({"q": ";".join(paquet), "db": self.adresse.base, "epoch": "ms"})
            reponse = self._envoyer("POST", "/query", corps.encode(), "application/x-www-form-urlencoded", delai or DELAI_LECTURE_S)
            for resultat in orjson.loads(reponse.data).get("results", []):
                if "error" in resultat:
                    raise ErreurStockage(f"InfluxDB refuse la requête : {resultat['error']}")
                resultats.append(resultat.get("series", []))
        return resultats

    # --- écritures ---
    def ecrire(self, lignes: list[str]) -> None:
        """Écrit des lignes (horodatage en nanosecondes) ; rend la main une fois tout écrit."""
        if not lignes:
            return
        if self.version == 1:
            for k in range(0, len(lignes), LIGNES_PAR_ENVOI):
                corps = "\n".join(lignes[k : k + LIGNES_PAR_ENVOI]).encode()
                chemin = "/write?" + urlencode({"db": self.adresse.base, "precision": "ns"})
                self._envoyer("POST", chemin, corps, "text/plain; charset=utf-8", DELAI_ECRITURE_S)
        else:
            self._ecrire_par_le_client(lignes)

    def _ecrire_par_le_client(self, lignes: list[str]) -> None:
        erreurs: list[Exception] = []
        ecrites = [0]

        def reussi(_conf, donnees: bytes | str) -> None:
            ecrites[0] += donnees.count(b"\n" if isinstance(donnees, bytes) else "\n") + 1

        def echoue(_conf, _donnees, exception: Exception) -> None:
            erreurs.append(exception)

        def reessaie(_conf, _donnees, exception: Exception) -> None:
            journal.warning("InfluxDB : écriture reprise après « %s »", exception)

        options = WriteOptions(batch_size=LIGNES_PAR_ENVOI, flush_interval=200, max_retries=3, max_retry_delay=10_000)
        with self._traduire():
            api = self._client().write_api(options, success_callback=reussi, error_callback=echoue, retry_callback=reessaie)
            api.write(self.adresse.base, self.adresse.org, lignes, write_precision=WritePrecision.NS)
            api.close()
        if erreurs:
            raise self._erreur_client(erreurs[0])
        if ecrites[0] != len(lignes):
            raise StockageIndisponible(f"InfluxDB : écriture inachevée ({ecrites[0]} lignes sur {len(lignes)})")

    def _client(self) -> InfluxDBClient:
        with self._verrou:
            if self._client2 is None:
                self._client2 = InfluxDBClient(self.adresse.racine, self.adresse.jeton or "", org=self.adresse.org,
                                               timeout=round(DELAI_ECRITURE_S * 1000))
            return self._client2

    def supprimer_avant(self, mesure: str, ns: int, etiquettes: dict[str, str] | None = None) -> None:
        """Supprime les points d'une mesure antérieurs à `ns` (des séries de ces étiquettes si
        données, non vides : InfluxDB 1.x ne sait pas supprimer les séries sans une étiquette)."""
        etiquettes = etiquettes or {}
        if self.version == 1:
            choix = "".join(f" AND {cle} = {texte(valeur)}" for cle, valeur in etiquettes.items())
            self.requete([f"DELETE FROM {mesure} WHERE time < {ns}{choix}"])
        elif self.version == 2:
            choix = "".join(f' AND {cle}="{valeur}"' for cle, valeur in etiquettes.items())
            with self._traduire():
                fin = datetime.fromtimestamp(ns / 1e9, UTC)
                self._client().delete_api().delete(
                    datetime.fromtimestamp(0, UTC), fin, f'_measurement="{mesure}"{choix}', self.adresse.base, self.adresse.org
                )
        else:
            raise ErreurStockage(
                "InfluxDB 3 ne supprime pas de points : donner une durée de rétention à la base des relevés"
            )

    # --- HTTP et erreurs ---
    def _envoyer(self, methode: str, chemin: str, corps: bytes | None = None, type_corps: str | None = None,
                 delai: float | None = None):
        entetes = dict(self._entetes, **({"Content-Type": type_corps} if type_corps else {}))
        delais = urllib3.Timeout(connect=DELAI_CONNEXION_S, read=delai or DELAI_LECTURE_S)
        with self._traduire():
            reponse = self._http.request(methode, self.adresse.racine + chemin, body=corps, headers=entetes, timeout=delais)
        if reponse.status >= 500:
            raise StockageIndisponible(f"InfluxDB indisponible ({self.adresse.racine}) : HTTP {reponse.status}")
        if reponse.status >= 300:
            raise ErreurStockage(f"InfluxDB refuse ({self.adresse.racine}, HTTP {reponse.status}) : {_message(reponse.data)}")
        return reponse

    @contextmanager
    def _traduire(self) -> Iterator[None]:
        try:
            yield
        except urllib3.exceptions.HTTPError as erreur:
            cause = getattr(erreur, "reason", None) or erreur  # MaxRetryError : la dernière erreur
            lent = isinstance(cause, urllib3.exceptions.TimeoutError)
            if lent and not isinstance(cause, urllib3.exceptions.NewConnectionError):  # refusée, pas lente
                raise StockageIndisponible(f"InfluxDB ne répond pas à temps ({self.adresse.racine})") from erreur
            raise StockageIndisponible(f"InfluxDB injoignable ({self.adresse.racine}) : {type(cause).__name__}") from erreur
        except ApiException as erreur:
            raise self._erreur_client(erreur) from erreur

    def _erreur_client(self, erreur: Exception) -> ErreurStockage:
        statut = getattr(erreur, "status", None)
        if statut is None or statut >= 500:
            return StockageIndisponible(f"InfluxDB indisponible ({self.adresse.racine}) : {type(erreur).__name__}")
        return ErreurStockage(f"InfluxDB refuse ({self.adresse.racine}, HTTP {statut}) : {_message(getattr(erreur, 'body', b'') or b'')}")

    def fermer(self) -> None:
        self._http.clear()
        if self._client2 is not None:
            self._client2.close()


def texte(valeur: str) -> str:
    """Un littéral InfluxQL entre apostrophes, échappé."""
    return "'" + valeur.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _authentification(jeton: str | None) -> dict[str, str]:
    """`utilisateur:motdepasse` (InfluxDB 1.x) en Basic ; un jeton (2.x, 3.x) en Token."""
    if not jeton:
        return {}
    if ":" in jeton:
        return {"Authorization": "Basic " + base64.b64encode(jeton.encode()).decode()}
    return {"Authorization": f"Token {jeton}"}


def _message(corps: bytes | str) -> str:
    try:
        return str(orjson.loads(corps).get("error") or orjson.loads(corps).get("message"))
    except (orjson.JSONDecodeError, AttributeError):
        return (corps.decode(errors="replace") if isinstance(corps, bytes) else corps)[:200]
