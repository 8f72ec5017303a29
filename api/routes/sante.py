"""La santé du service : le stockage répond-il, le collecteur est-il relié au courtier ?"""

import logging

from fastapi import APIRouter

from api.deps import StockageDep
from api.schemas import EtatCourtier, EtatEnvoi, EtatStockage, SanteSortie
from noyau.communaute.envoi import COMPOSANT as ENVOI
from noyau.domaine.erreurs import ErreurStockage
from noyau.domaine.temps import en_texte, maintenant

router = APIRouter(tags=["santé"])
journal = logging.getLogger(__name__)

# Le collecteur note son état périodiquement ; au-delà, il est réputé silencieux.
SILENCE_MAX_S = 120

_DESCRIPTION = """
Toujours 200 tant que l'API répond : le corps dit ce qui va et ce qui ne va pas (`etat` vaut
`degrade` si le stockage est indisponible, si le collecteur n'est pas relié au courtier, ou
s'il garde des messages dans son spool en attendant le stockage, ou si des alertes n'ont pas pu
partir vers leurs abonnés : relais de courriel ou webhook en panne, réessayés avec un délai croissant).
L'état du courtier est celui que le collecteur a noté dans le stockage : `inconnu` s'il n'a
jamais rien noté (ou si le stockage ne répond pas), `silencieux` s'il n'a rien noté depuis
2 minutes, sinon `connecte` ou `deconnecte`.
"""


@router.get("/sante", summary="Santé du stockage et du lien au courtier MQTT", description=_DESCRIPTION)
def lire_sante(stockage: StockageDep) -> SanteSortie:
    try:
        stockage.verifier()
        note, envoi = stockage.lire_etat("collecteur"), stockage.lire_etat(ENVOI)
    except ErreurStockage as erreur:
        journal.warning("santé : %s", erreur)
        courtier = EtatCourtier(etat="inconnu")
        return SanteSortie(etat="degrade", stockage=EtatStockage(etat="indisponible"), courtier=courtier)
    courtier, envoi = _etat_courtier(note), _etat_envoi(envoi)
    etat = "ok" if courtier.etat == "connecte" and not courtier.spool_messages and envoi.etat != "en-panne" else "degrade"
    return SanteSortie(etat=etat, stockage=EtatStockage(etat="ok"), courtier=courtier, envoi=envoi)


def _etat_envoi(note: tuple[dict, float] | None) -> EtatEnvoi:
    if note is None:
        return EtatEnvoi(etat="inconnu")
    contenu, note_le = note
    echecs = contenu.get("en_echec", [])
    return EtatEnvoi(etat=contenu.get("etat", "inconnu"), note_le=en_texte(note_le), messages_envoyes=contenu.get("messages_envoyes"),
                     en_echec=len(echecs), derniere_erreur=echecs[0]["erreur"] if echecs else None)


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
