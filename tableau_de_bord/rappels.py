"""Les requêtes de rappel (`POST /_dash-update-component`) refusées : 400 et une ligne au journal,
jamais une erreur interne et sa pile.

- Celles que le moteur de Dash ne saurait pas lire : refusées avant lui, « requête invalide ».
- Celles dont une valeur fait échouer le rappel (`erreur_de_rappel`, le `on_error` de Dash) :
  une énergie inconnue (`DonneeInvalide`), un nombre au lieu d'un texte, une date impossible...
  « requête invalide », et au journal (WARNING) l'erreur et la ligne du rappel qui l'a levée : le
  navigateur n'envoie que ce que les pages proposent, une telle valeur est forgée, ou c'est un
  défaut du rappel à corriger. Les autres erreurs (stockage injoignable...) restent des erreurs.

Dash lève sinon une exception sur un corps qui n'est pas celui de son moteur (sortie inconnue,
entrées manquantes ou de travers) : 500 et toute la pile au journal, à chaque requête d'une sonde,
et un onglet resté ouvert sur l'ancienne version après une mise à jour, qui demande un rappel
retiré, recevait une erreur interne. On vérifie la forme que le moteur envoie toujours : la sortie
d'un rappel du serveur, autant d'entrées et d'états que ce rappel en déclare, chacun `{id, property,
value}` avec l'identifiant et la propriété déclarés (une liste de tels objets pour un identifiant à
motif, `ALL` ou `MATCH`). Les valeurs restent à vérifier par chaque rappel, comme toute saisie.
"""

import logging
from pathlib import Path

import dash
import flask
from dash.exceptions import UnsupportedRelativePath
from werkzeug.exceptions import BadRequest

from noyau.domaine.erreurs import DonneeInvalide

# UnsupportedRelativePath : une adresse sans « / » initial, que le routeur des pages de Dash refuse.
ERREURS_DE_VALEUR = (DonneeInvalide, TypeError, ValueError, KeyError, AttributeError, IndexError, UnsupportedRelativePath)
RACINE = Path(__file__).resolve().parent.parent

journal = logging.getLogger(__name__)


def installer(app: dash.Dash) -> None:
    chemin = app.config.routes_pathname_prefix + "_dash-update-component"

    def verifier() -> None:
        if flask.request.method != "POST" or flask.request.path != chemin or not flask.request.is_json:
            return  # pas du JSON : Flask le refuse lui-même (415, type de contenu non pris en charge)
        motif = motif_de_refus(app.callback_map, flask.request.get_json(silent=True))
        if motif:
            journal.info("rappel refusé (%s) : %s", flask.request.remote_addr, motif)
            raise BadRequest()

    app.server.before_request(verifier)


def erreur_de_rappel(erreur: Exception) -> None:
    """Le `on_error` de Dash : une erreur levée par un rappel. Une valeur refusée : 400, une ligne au
    journal ; toute autre erreur suit son cours (500, sa pile au journal)."""
    if not isinstance(erreur, ERREURS_DE_VALEUR):
        raise erreur
    journal.warning("rappel refusé (%s) : %s « %s » (%s)", flask.request.remote_addr, type(erreur).__name__,
                    str(erreur)[:200], _lieu(erreur))
    raise BadRequest() from None


def _lieu(erreur: Exception) -> str:
    """Le fichier et la ligne du projet où l'erreur a été levée (le plus profond)."""
    lieu, trace = "?", erreur.__traceback__
    while trace is not None:
        fichier = Path(trace.tb_frame.f_code.co_filename)
        if fichier.is_relative_to(RACINE) and ".venv" not in fichier.parts:
            lieu = f"{fichier.relative_to(RACINE)}:{trace.tb_lineno}"
        trace = trace.tb_next
    return lieu


def motif_de_refus(rappels: dict, corps: object) -> str | None:
    """Pourquoi ce corps n'est pas une requête du moteur de Dash pour l'un de ces `rappels`
    (`Dash.callback_map`) ; None s'il en est une."""
    if not isinstance(corps, dict):
        return "le corps n'est pas un objet JSON"
    sortie = corps.get("output")
    if not isinstance(sortie, str) or "callback" not in rappels.get(sortie, {}):  # sans fonction : exécuté dans le navigateur
        return f"sortie inconnue {str(sortie)[:80]!r}"
    if not isinstance(corps.get("changedPropIds", []), list) or not isinstance(corps.get("outputs", []), list | dict):
        return "changedPropIds ou outputs de travers"
    for cle in ("inputs", "state"):
        recus, declares = corps.get(cle, []), rappels[sortie][cle]
        if not isinstance(recus, list) or len(recus) != len(declares):
            return f"{cle} : {len(declares)} attendu(s)"
        for recu, declare in zip(recus, declares):
            if not _conforme(recu, declare):
                return f"{cle} : {str(recu)[:80]!r} au lieu de {declare['id']!r}.{declare['property']}"
    return None


def _conforme(recu: object, declare: dict) -> bool:
    if declare["id"].startswith("{"):  # à motif (un objet, écrit en JSON) : les composants qui y répondent (un seul pour MATCH)
        elements = recu if isinstance(recu, list) else [recu]
        return all(isinstance(e, dict) and isinstance(e.get("id"), dict) and e.get("property") == declare["property"] for e in elements)
    return isinstance(recu, dict) and recu.get("id") == declare["id"] and recu.get("property") == declare["property"]
