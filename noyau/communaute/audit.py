"""Le journal des écritures : qui (rôle, lycée et identifiant du jeton), quoi, quand.

Tenu dans la collection `ecritures` du stockage ; jamais de donnée personnelle (un jeton
désigne un rôle, pas une personne)."""

import uuid

from noyau.communaute.jetons import identifiant
from noyau.domaine.temps import maintenant
from noyau.stockage import Document, Jeton, Stockage

COLLECTION = "ecritures"


def noter_ecriture(stockage: Stockage, jeton: Jeton, action: str, uai: str | None, objet: str) -> None:
    """`action` : par exemple « POST /api/v1/sites/0350028R/objectifs » ; `objet` : l'identifiant écrit."""
    contenu = {"role": jeton.role, "jeton": identifiant(jeton), "action": action, "objet": objet}
    stockage.enregistrer_document(Document(COLLECTION, uuid.uuid4().hex, uai, contenu, maintenant()))


def ecritures(stockage: Stockage, uai: str | None = None) -> list[Document]:
    return stockage.documents(COLLECTION, uai)
