"""La fiche d'un code d'accès nouveau, à imprimer pour une classe : le code, son rôle, son lycée,
son échéance, et un QR code (segno, en SVG dans la page : aucune requête extérieure) qui ouvre la
page de connexion avec le code déjà saisi. Le code est dans le fragment de l'adresse (`#code=`) :
le navigateur ne l'envoie jamais au serveur, et la page de connexion l'efface de l'adresse.
"""

from datetime import date

import segno
from dash import html

from noyau.communaute.jetons import NOMS_ROLES
from noyau.domaine import texte
from noyau.stockage import Jeton
from tableau_de_bord import ids


def fiche(valeur: str, jeton: Jeton, lycee: str, adresse_connexion: str, dernier_jour: date | None) -> html.Section:
    qr = segno.make(f"{adresse_connexion}#code={valeur}", error="m")
    echeance = f"valable jusqu'au {texte.jour(dernier_jour)} inclus" if dernier_jour else "sans échéance"
    return html.Section(
        [
            html.H2(f"Code d'accès {NOMS_ROLES[jeton.role]} — {lycee}", id="fiche-titre"),
            html.P(f"Rôle : {NOMS_ROLES[jeton.role]} ; lycée : {lycee} ; {echeance}."),
            html.P(valeur, className="code-valeur", id="fiche-valeur"),
            html.Img(src=qr.svg_data_uri(scale=5), className="qr", width=qr.symbol_size(scale=5)[0],
                     alt="QR code : la page de connexion d'Enerlycée, avec ce code déjà saisi"),
            html.Ol([
                html.Li(["Scannez le QR code, ou ouvrez ", html.Strong(adresse_connexion), " et saisissez le code."]),
                html.Li("Appuyez sur « Se connecter »."),
                html.Li("« Se déconnecter » en fin de séance ; la session se ferme seule après deux heures sans activité."),
            ]),
            html.P("Ce code ne dit rien de vous : n'écrivez aucun nom sur cette fiche. Perdu ou diffusé hors de la classe, "
                   "il se révoque sur la page des codes d'accès.", className="note"),
            html.Button("Imprimer la fiche", id=ids.CODES_IMPRIMER, type="button", className="bouton"),
        ],
        className="fiche", **{"aria-labelledby": "fiche-titre"},
    )
