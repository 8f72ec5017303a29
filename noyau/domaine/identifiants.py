"""Les identifiants du contrat : UAI des lycées, slugs des compteurs, énergies."""

import re
from enum import StrEnum

from noyau.domaine.erreurs import DonneeInvalide

_LETTRES_UAI = "ABCDEFGHJKLMNPRSTUVWXYZ"  # l'alphabet sans I, O, Q
_FORME_UAI = re.compile(r"^[0-9]{7}[A-Z]$")
_FORME_COMPTEUR = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def lettre_cle_uai(chiffres: str) -> str:
    """La lettre de contrôle d'un UAI à partir de ses 7 chiffres."""
    return _LETTRES_UAI[int(chiffres) % 23]


def est_uai_valide(texte: str) -> bool:
    uai = texte.strip().upper()
    return bool(_FORME_UAI.match(uai)) and lettre_cle_uai(uai[:7]) == uai[7]


def valider_uai(texte: str) -> str:
    """Renvoie l'UAI en majuscules, ou lève DonneeInvalide avec la raison."""
    uai = str(texte).strip().upper()
    if not _FORME_UAI.match(uai):
        raise DonneeInvalide(f"UAI invalide « {texte} » : 7 chiffres suivis d'une lettre attendus")
    attendue = lettre_cle_uai(uai[:7])
    if uai[7] != attendue:
        raise DonneeInvalide(f"UAI invalide « {texte} » : la lettre de contrôle devrait être {attendue}")
    return uai


def valider_compteur(texte: str) -> str:
    nom = str(texte).strip()
    if not _FORME_COMPTEUR.match(nom):
        raise DonneeInvalide(
            f"identifiant de compteur invalide « {texte} » : minuscules, chiffres, « - » ou « _ », 63 caractères au plus"
        )
    return nom


class Energie(StrEnum):
    ELECTRICITE = "electricite"
    GAZ = "gaz"
    CHALEUR = "chaleur"
    FIOUL = "fioul"
    BOIS = "bois"
    EAU = "eau"

    @property
    def unite(self) -> str:
        """L'eau se compte en m³, toute autre énergie en kWh."""
        return "m3" if self is Energie.EAU else "kWh"


def valider_energie(texte: str) -> Energie:
    try:
        return Energie(str(texte).strip().lower())
    except ValueError:
        connues = ", ".join(e.value for e in Energie)
        raise DonneeInvalide(f"énergie inconnue « {texte} » : valeurs possibles {connues}") from None
