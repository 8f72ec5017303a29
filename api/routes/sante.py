"""La santé du service : le stockage répond-il, le collecteur est-il relié au courtier ?"""

import logging

from fastapi import APIRouter

from api.deps import StockageDep
from api.schemas import EtatCourtier, EtatStockage, SanteSortie
from noyau.domaine.erreurs import ErreurStockage
from noyau.domaine.temps import en_texte, maintenant

router = APIRouter(tags=["santé"])
journal = logging.getLogger(__name__)

# Le collecteur note son état périodiquement ; au-delà, il est réputé silencieux.
SILENCE_MAX_S = 120

_DESCRIPTION = """
Toujours 200 tant que l'API répond : le corps dit ce qui va et ce qui ne va pas (`etat` vaut
`degrade` si le stockage est indisponible, si le collecteur n'est pas relié au courtier, ou
s'il garde des messages dans son spool en attendant le stockage).
L'état du courtier est celui que le collecteur a noté dans le stockage : `inconnu` s'il n'a
jamais rien noté (ou si le stockage ne répond pas), `silencieux` s'il n'a rien noté depuis
2 minutes, sinon `connecte` ou `deconnecte`.
"""


@router.get("/sante", summary="Santé du stockage et du lien au courtier MQTT", description=_DESCRIPTION)
def lire_sante(stockage: StockageDep) -> SanteSortie:
    try:
        stockage.verifier()
        note = stockage.lire_etat("collecteur")
    except ErreurStockage as erreur:
        journal.warning("santé : %s", erreur)
        courtier = EtatCourtier(etat="inconnu")
        return SanteSortie(etat="degrade", stockage=EtatStockage(etat="indisponible"), courtier=courtier)
    courtier = _etat_courtier(note)
    etat = "ok" if courtier.etat == "connecte" and not courtier.spool_messages else "degrade"
    return SanteSortie(etat=etat, stockage=EtatStockage(etat="ok"), courtier=courtier)


def _etat_courtier(note: tuple[dict, float] | None) -> EtatCourtier:
    if note is None:
        return EtatCourtier(etat="inconnu")
    contenu, note_le = note
    if maintenant() - note_le > SILENCE_MAX_S:
        etat = "silencieux"
    else:
        etat = "connecte" if contenu.get("connecte") else "deconnecte"
    return EtatCourtier(
        etat=etat,
        adresse=contenu.get("courtier"),
        note_le=en_texte(note_le),
        recus=contenu.get("recus"),
        stockes=contenu.get("stockes"),
        rejetes=contenu.get("rejetes"),
        spool_messages=contenu.get("spool_messages"),
        spool_octets=contenu.get("spool_octets"),
        rejoues=contenu.get("rejoues"),
        stockage_en_panne=contenu.get("stockage_en_panne"),
        metriques=contenu.get("metriques"),
    )
