"""Le composant « liste + retrait » : ce qu'un code d'accès gère (les codes qu'il a créés, ses
abonnements aux alertes) dans un tableau dont la première colonne est l'identifiant, et sous lui le
formulaire qui en retire un par cet identifiant (révoquer un code, se désabonner). Après un
retrait, comme après une création (`sortie`), le tableau est refait.

    CODES = ListeRevocable(ids.CODES_LISTE, "Codes", "Les codes que vous gérez : …", ("Rôle", …),
                           "Aucun code pour l'instant.", lignes_des_codes, Formulaire(…), revoquer)
    # la page : html.Div([..., *CODES.rendu(jeton)]) ; enregistrer(app) : CODES.enregistrer(app)

Les lignes et le retrait viennent de la page ; `retirer` écrit par `formulaires.ecrire` (session,
CSRF, limite, rôle et lycée vérifiés, journal) et renvoie le message pour la personne.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dash
from dash import Output, html

from noyau.stockage import Jeton
from tableau_de_bord import composants, formulaires
from tableau_de_bord.formulaires import Formulaire, Reponse, champs, code_requis, lire


def formulaire_de_retrait(nom: str, titre: str, libelle: str, aide: str, bouton: str) -> Formulaire:
    """Le formulaire du retrait : un seul champ, `identifiant`."""
    return Formulaire(nom, titre, (champs.texte("identifiant", libelle, longueur_max=64, aide=aide),), bouton=bouton)


def _sans_blancs(saisi: str | None) -> str:
    return (saisi or "").strip()


@dataclass(frozen=True)
class ListeRevocable:
    id_liste: str  # où le tableau est rendu (ids.…_LISTE)
    titre: str  # au-dessus du tableau (H2)
    legende: str  # la légende du tableau
    entetes: tuple[str, ...]  # les colonnes après « Identifiant »
    vide: str  # le texte quand ce code n'a rien
    lignes: Callable[[Jeton], list[list]]  # les lignes de ce code, l'identifiant en tête
    retrait: Formulaire  # formulaire_de_retrait(...)
    retirer: Callable[[Jeton, Any], str]  # (le code de la session, l'identifiant lu) → le message, après l'écriture gardée
    lire_identifiant: Callable[[str | None], Any] = _sans_blancs  # lève DonneeInvalide : l'erreur du champ

    def rendu(self, jeton: Jeton) -> list:
        return [html.H2(self.titre), html.Div(self.tableau(jeton), id=self.id_liste), self.retrait.rendu(html.H2)]

    def tableau(self, jeton: Jeton) -> html.Table | html.P:
        lignes = self.lignes(jeton)
        if not lignes:
            return html.P(self.vide)
        return composants.tableau(self.legende, ["Identifiant", *self.entetes], lignes)

    def sortie(self, doublee: bool = False) -> Output:
        """La sortie du tableau, pour le rappel d'un formulaire qui le change (la création)."""
        return Output(self.id_liste, "children", allow_duplicate=doublee)

    def enregistrer(self, app: dash.Dash) -> None:
        formulaires.enregistrer(app, self.retrait, self._retirer, sorties=(self.sortie(doublee=True),))

    def _retirer(self, valeurs: dict) -> Reponse:
        jeton = code_requis()
        lu = lire(valeurs, {"identifiant": self.lire_identifiant})["identifiant"]
        return Reponse(self.retirer(jeton, lu), sorties=(self.tableau(jeton),))
