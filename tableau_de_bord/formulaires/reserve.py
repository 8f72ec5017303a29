"""Les pages et les formulaires réservés à certains rôles : ce que voit qui n'y a pas droit.

La page ne fait que montrer ou cacher : chaque écriture est revérifiée par `ecriture.ecrire`.
"""

from dash import dcc, html

from noyau.communaute.jetons import NOMS_ROLES
from noyau.stockage import Jeton
from tableau_de_bord.session import code_ouvert


def code_parmi(roles: tuple[str, ...], uai: str | None = None) -> Jeton | None:
    """Le code de la session s'il a l'un de ces rôles (et vaut pour ce lycée, si `uai`), sinon None."""
    jeton = code_ouvert()
    if jeton is None or jeton.role not in roles:
        return None
    return jeton if uai is None or jeton.role == "region" or jeton.uai == uai else None


def invitation(roles: tuple[str, ...], quoi: str, suite: str) -> html.P:
    """Ce que lit qui n'a pas le rôle : qui peut le faire, et où se connecter."""
    noms = " ou ".join(NOMS_ROLES[r] for r in roles)
    jeton = code_ouvert()
    if jeton is not None and jeton.role in roles and jeton.uai:
        return html.P(f"Votre code d'accès vaut pour le lycée {jeton.uai} : {quoi} se fait sur sa page.", className="note")
    if jeton is not None:
        return html.P(f"{quoi.capitalize()} : réservé aux codes d'accès {noms}.", className="note")
    return html.P([f"{quoi.capitalize()} : avec un code d'accès {noms}, ",
                   dcc.Link("connectez-vous", href=f"/connexion?suite={suite}"), "."], className="note")
