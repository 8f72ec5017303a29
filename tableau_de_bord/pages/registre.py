"""Le registre (/registre), pour la Région : importer des lycées et des compteurs par un fichier CSV
choisi dans le navigateur, avec les mêmes erreurs numérotées par ligne que `enerlycee sites
importer` et `enerlycee compteurs importer` (noyau.stockage.registre_csv : une ligne fausse, rien
n'est importé) ; les lycées et leurs compteurs. Les mêmes écritures, une à une : PUT /api/v1/sites/…
"""

import base64
import binascii

import dash
from dash import Output, html

from noyau.communaute.jetons import ECRIRE_REGISTRE
from noyau.domaine.erreurs import DonneeInvalide
from noyau.stockage.registre_csv import COLONNES_COMPTEURS, COLONNES_SITES, importer_compteurs_de, importer_sites_de
from tableau_de_bord import composants, donnees, formulaires, ids
from tableau_de_bord.formulaires import Formulaire, Reponse, champs, ecrire, lire
from tableau_de_bord.formulaires.reserve import code_parmi, invitation

SEPARATEURS = "séparateur « , » ou « ; », UTF-8 avec ou sans BOM"
SITES = Formulaire("registre-sites", "Importer des lycées (CSV)", (
    champs.fichier("fichier", "Fichier des lycées", aide=f"Colonnes {','.join(COLONNES_SITES)} ; {SEPARATEURS}. "
                   "Un lycée déjà présent est mis à jour."),
), bouton="Importer les lycées")
COMPTEURS = Formulaire("registre-compteurs", "Importer des compteurs (CSV)", (
    champs.fichier("fichier", "Fichier des compteurs", aide=f"Colonnes {','.join(COLONNES_COMPTEURS)}[,coef_kwh_m3] ; "
                   f"principal : oui ou non ; {SEPARATEURS}. Les lycées doivent exister."),
), bouton="Importer les compteurs")


def titre(**_parametres) -> str:
    return "Enerlycée — registre"


def layout(**_autres) -> html.Div:
    if code_parmi(ECRIRE_REGISTRE) is None:
        return html.Div([html.H1("Registre des lycées et des compteurs"),
                         invitation(ECRIRE_REGISTRE, "modifier le registre", "/registre")])
    return html.Div([
        html.H1("Registre des lycées et des compteurs"),
        html.P("Un fichier avec une seule ligne fausse n'est pas importé : chaque erreur est dite avec son numéro de ligne."),
        html.Div([SITES.rendu(html.H2), COMPTEURS.rendu(html.H2)], className="formulaires"),
        html.H2("Lycées du registre"),
        html.Div(liste(), id=ids.REGISTRE_LISTE),
    ])


def liste() -> html.Table:
    compteurs = {}
    for compteur in donnees.stockage().compteurs():
        compteurs[compteur.uai] = compteurs.get(compteur.uai, 0) + 1
    return composants.tableau(
        "Les lycées, leur surface et leur nombre de compteurs",
        ["Lycée", "UAI", "Commune", "Surface (m²)", "Compteurs"],
        [[s.nom, s.uai, s.commune, f"{s.surface_m2:g}" if s.surface_m2 else "—", str(compteurs.get(s.uai, 0))]
         for s in donnees.sites()],
    )


def _contenu(televerse) -> bytes:
    """Le fichier choisi (data: URL en base64, comme le rend dcc.Upload)."""
    if not televerse:
        raise DonneeInvalide("choisissez un fichier CSV")
    try:
        return base64.b64decode(str(televerse).partition(",")[2], validate=True)
    except (binascii.Error, ValueError):
        raise DonneeInvalide("fichier illisible") from None


def _importer(valeurs: dict, importer, quoi: str, action: str) -> Reponse:
    contenu = lire(valeurs, {"fichier": _contenu})["fichier"]
    nombre = []
    ecrire(ECRIRE_REGISTRE, None, action,
           lambda jeton: nombre.append(importer(donnees.stockage(), contenu, "le fichier")) or f"{nombre[0]} {quoi}")
    return Reponse(f"{nombre[0]} {quoi} importé{'s' if nombre[0] > 1 else ''}.", sorties=(liste(),))


def importer_sites(valeurs: dict) -> Reponse:
    return _importer(valeurs, importer_sites_de, "lycée(s)", "PUT /api/v1/sites (fichier CSV)")


def importer_compteurs(valeurs: dict) -> Reponse:
    return _importer(valeurs, importer_compteurs_de, "compteur(s)", "PUT /api/v1/sites/…/compteurs (fichier CSV)")


def enregistrer(app: dash.Dash) -> None:
    dash.register_page(__name__, path="/registre", name="Registre", title=titre, layout=layout)
    formulaires.enregistrer(app, SITES, importer_sites, (Output(ids.REGISTRE_LISTE, "children"),))
    formulaires.enregistrer(app, COMPTEURS, importer_compteurs, (Output(ids.REGISTRE_LISTE, "children", allow_duplicate=True),))
