"""Les textes libres que saisissent les personnes (titre et description d'une action, motif d'une
fermeture...) : bornés, et sans donnée personnelle. Un texte qui contient une adresse électronique
ou un numéro de téléphone est refusé ; rien ne doit désigner une personne (un groupe ou une classe
au plus, jamais le nom d'un élève)."""

import re

from noyau.domaine.erreurs import DonneeInvalide

_COURRIEL = re.compile(r"\S+@\S+")
_TELEPHONE = re.compile(r"(\d[\s.-]?){8,}")


def verifier_texte(valeur: str | None, nom: str, longueur: int, obligatoire: bool = False) -> str:
    """Un texte libre, borné, sans adresse électronique ni numéro de téléphone."""
    texte = (valeur or "").strip()
    if obligatoire and not texte:
        raise DonneeInvalide(f"{nom} obligatoire")
    if len(texte) > longueur:
        raise DonneeInvalide(f"{nom} trop long : {longueur} caractères au plus")
    if _COURRIEL.search(texte) or _TELEPHONE.search(texte):
        raise DonneeInvalide(f"{nom} : pas de donnée personnelle (adresse électronique, téléphone) ; "
                             "un groupe ou une classe au plus, jamais le nom d'un élève")
    return texte
