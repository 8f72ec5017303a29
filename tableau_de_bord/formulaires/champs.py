"""Les champs d'un formulaire et leur rendu accessible : chaque champ a son libellé (`<label>` ou
légende de groupe), son aide et son message d'erreur à côté de lui ; `assets/formulaires.js` les
relie au champ (`aria-describedby`, `aria-invalid`) et porte le focus sur la première erreur.

Pas d'élément `<form>` : une validation native rechargerait la page (et mettrait les valeurs dans
l'adresse). Le bouton s'active à la souris, à Entrée ou Espace ; Entrée dans un champ de texte
envoie aussi le formulaire.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from dash import dcc, html
from dash.development.base_component import Component


@dataclass(frozen=True)
class Champ:
    """`construire(identifiant)` fait le composant ; `propriete` : ce que le rappel en lit ;
    `groupe` : des boutons ou des cases, sous une légende ; `entree` : Entrée y envoie le formulaire."""

    nom: str
    libelle: str
    construire: Callable[[str], Component]
    propriete: str = "value"
    aide: str | None = None
    groupe: bool = False
    entree: bool = False


@dataclass(frozen=True)
class Formulaire:
    """Un formulaire : ses identifiants commencent par `nom` (un par page et par formulaire)."""

    nom: str
    titre: str
    champs: tuple[Champ, ...]
    bouton: str
    introduction: list = field(default_factory=list)

    def id(self, suffixe: str) -> str:
        return f"{self.nom}-{suffixe}"

    def rendu(self, titre_niveau: type = html.H3) -> html.Section:
        return html.Section(
            [
                titre_niveau(self.titre, id=self.id("titre")),
                *self.introduction,
                *(_champ(self, champ) for champ in self.champs),
                html.Button(self.bouton, id=self.id("envoyer"), type="button", className="bouton"),
                html.Div(id=self.id("etat"), className="etat-formulaire", role="status"),
                dcc.Store(id=self.id("focus")),
            ],
            className="formulaire", role="form", **{"aria-labelledby": self.id("titre"), "data-formulaire": self.nom},
        )


def _champ(formulaire: Formulaire, champ: Champ) -> Component:
    identifiant = formulaire.id(champ.nom)
    aide = [html.P(champ.aide, id=f"{identifiant}-aide", className="aide")] if champ.aide else []
    erreur = html.P(id=f"{identifiant}-erreur", className="erreur-champ")
    if champ.groupe:
        return html.Fieldset([html.Legend(champ.libelle), *aide, champ.construire(identifiant), erreur],
                             className="champ champ-formulaire", **{"data-champ": identifiant})
    return html.Div([html.Label(champ.libelle, htmlFor=identifiant), *aide, champ.construire(identifiant), erreur],
                    className="champ champ-formulaire", **{"data-champ": identifiant})


def texte(nom: str, libelle: str, aide: str | None = None, valeur: str = "", secret: bool = False,
          longueur_max: int = 200) -> Champ:
    def construire(identifiant: str) -> dcc.Input:
        return dcc.Input(id=identifiant, type="password" if secret else "text", value=valeur, maxLength=longueur_max,
                         autoComplete="off", spellCheck=False, className="texte", debounce=False)
    return Champ(nom, libelle, construire, aide=aide, entree=True)


def nombre(nom: str, libelle: str, aide: str | None = None, valeur: float | None = None,
           minimum: float | None = None, maximum: float | None = None, pas: float | str = "any") -> Champ:
    def construire(identifiant: str) -> dcc.Input:
        return dcc.Input(id=identifiant, type="number", value=valeur, min=minimum, max=maximum, step=pas,
                         className="texte")
    return Champ(nom, libelle, construire, aide=aide, entree=True)


def choix(nom: str, libelle: str, options: list[dict], valeur: str | None, aide: str | None = None) -> Champ:
    """Des boutons radio (au clavier : Tab puis flèches)."""
    def construire(identifiant: str) -> dcc.RadioItems:
        return dcc.RadioItems(id=identifiant, options=options, value=valeur, inline=True)
    return Champ(nom, libelle, construire, aide=aide, groupe=True)


def cases(nom: str, libelle: str, options: list[dict], valeur: list[str] | None = None, aide: str | None = None) -> Champ:
    """Des cases à cocher (au clavier : Tab, puis Espace)."""
    def construire(identifiant: str) -> dcc.Checklist:
        return dcc.Checklist(id=identifiant, options=options, value=valeur or [], inline=True)
    return Champ(nom, libelle, construire, aide=aide, groupe=True)


def fichier(nom: str, libelle: str, aide: str | None = None, accepte: str = ".csv,text/csv") -> Champ:
    """Un fichier choisi dans le navigateur ; le rappel en lit le contenu (data: URL base64)."""
    def construire(identifiant: str) -> dcc.Upload:
        return dcc.Upload(html.Span("Choisir un fichier…"), id=identifiant, accept=accepte, multiple=False,
                          className="televersement", className_active="televersement-actif", max_size=5_000_000)
    return Champ(nom, libelle, construire, propriete="contents", aide=aide)
