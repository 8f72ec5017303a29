"""Les lecteurs des valeurs saisies dans les formulaires : une valeur lue, ou DonneeInvalide avec un
message en français pour le champ (voir formulaires.lire)."""

from datetime import date

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie, valider_energie


def nombre(minimum: float | None = None, maximum: float | None = None, entier: bool = False, requis: bool = True):
    def lire(valeur) -> float | int | None:
        if valeur in (None, ""):
            if requis:
                raise DonneeInvalide("valeur manquante")
            return None
        try:
            lu = float(valeur)
        except (TypeError, ValueError):
            raise DonneeInvalide("un nombre est attendu") from None
        if entier and not lu.is_integer():
            raise DonneeInvalide("un nombre entier est attendu")
        if (minimum is not None and lu < minimum) or (maximum is not None and lu > maximum):
            raise DonneeInvalide(f"entre {minimum:g} et {maximum:g}" if minimum is not None and maximum is not None
                                 else f"au moins {minimum:g}" if minimum is not None else f"au plus {maximum:g}")
        return int(lu) if entier else lu
    return lire


def mois(valeur) -> date:
    """« 2026-09 » (ou « 09/2026 ») : le 1er de ce mois."""
    texte = (valeur or "").strip()
    try:
        if "/" in texte:
            mm, aaaa = texte.split("/")
        else:
            aaaa, mm = texte.split("-")
        return date(int(aaaa), int(mm), 1)
    except ValueError:
        raise DonneeInvalide("un mois attendu, AAAA-MM (par exemple 2026-09)") from None


def jour(valeur) -> date:
    """« 2026-03-20 » (ou « 20/03/2026 »)."""
    texte = (valeur or "").strip()
    try:
        if "/" in texte:
            jj, mm, aaaa = texte.split("/")
            return date(int(aaaa), int(mm), int(jj))
        return date.fromisoformat(texte)
    except ValueError:
        raise DonneeInvalide("un jour attendu, AAAA-MM-JJ (par exemple 2026-03-20)") from None


def energie(valeur) -> Energie:
    return valider_energie(valeur or "")


def texte_libre(longueur_max: int, requis: bool = False):
    def lire(valeur) -> str:
        texte = (valeur or "").strip()
        if requis and not texte:
            raise DonneeInvalide("valeur manquante")
        if len(texte) > longueur_max:
            raise DonneeInvalide(f"{longueur_max} caractères au plus")
        return texte
    return lire
