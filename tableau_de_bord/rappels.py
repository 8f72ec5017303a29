"""Les requêtes de rappel (`POST /_dash-update-component`) que le moteur de Dash ne saurait pas
lire : refusées avant lui, 400 « requête invalide », une ligne au journal.

Dash lève sinon une exception sur un corps qui n'est pas celui de son moteur (sortie inconnue,
entrées manquantes ou de travers) : 500 et toute la pile au journal, à chaque requête d'une sonde,
et un onglet resté ouvert sur l'ancienne version après une mise à jour, qui demande un rappel
retiré, recevait une erreur interne. On vérifie la forme que le moteur envoie toujours : la sortie
d'un rappel du serveur, autant d'entrées et d'états que ce rappel en déclare, chacun `{id, property,
value}` avec l'identifiant et la propriété déclarés (une liste de tels objets pour un identifiant à
motif, `ALL` ou `MATCH`). Les valeurs restent à vérifier par chaque rappel, comme toute saisie.
"""

import logging

import dash
import flask
from werkzeug.exceptions import BadRequest

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


def motif_de_refus(rappels: dict, corps: object) -> str | None:
    """Pourquoi ce corps n'est pas une requête du moteur de Dash pour l'un de ces `rappels`
    (`Dash.callback_map`) ; None s'il en est une."""
    if not isinstance(corps, dict):
        return "le corps n'est pas un objet JSON"
    sortie = corps.get("output")
    if not isinstance(sortie, str) or sortie not in rappels:
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
