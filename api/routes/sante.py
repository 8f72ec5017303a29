"""La santé du service : le stockage répond-il, chaque collecteur est-il relié au courtier ?"""

import logging

from fastapi import APIRouter

from api.deps import StockageDep
from api.schemas import EtatCollecteurSortie, EtatCourtier, EtatEnvoi, EtatStockage, SanteSortie
from noyau.communaute.envoi import COMPOSANT as ENVOI
from noyau.domaine.erreurs import ErreurStockage
from noyau.domaine.temps import en_texte, maintenant
from noyau.exploitation.collecteurs import EtatCollecteur, etats_collecteurs

router = APIRouter(tags=["santé"])
journal = logging.getLogger(__name__)

_DESCRIPTION = """
Toujours 200 tant que l'API répond : le corps dit ce qui va et ce qui ne va pas (`etat` vaut
`degrade` si le stockage est indisponible, si aucun collecteur n'est relié au courtier, si l'un
d'eux ne l'est plus depuis plus d'une minute ou garde des messages dans son spool en attendant le
stockage, ou si des alertes n'ont pas pu partir vers leurs abonnés : relais de courriel ou webhook
en panne, réessayés avec un délai croissant).
`collecteurs` donne l'état que chaque collecteur a noté dans le stockage (`connecte`,
`deconnecte`, `hors-ligne` quand un membre de son groupe a repris sa session, `silencieux` s'il
n'a rien noté depuis 2 minutes, `arrete` s'il a été arrêté proprement : oublié 10 minutes après) ;
`courtier` les résume (`inconnu` si aucun collecteur en service n'a rien noté, ou si le stockage
ne répond pas).
"""

ORDRE = {"connecte": 0, "deconnecte": 1, "hors-ligne": 2, "silencieux": 3}
SOMMES = ("recus", "stockes", "rejetes", "spool_messages", "spool_octets", "rejoues")


@router.get("/sante", summary="Santé du stockage et du lien de chaque collecteur au courtier MQTT", description=_DESCRIPTION)
def lire_sante(stockage: StockageDep) -> SanteSortie:
    try:
        stockage.verifier()
        collecteurs, envoi = etats_collecteurs(stockage, maintenant()), stockage.lire_etat(ENVOI)
    except ErreurStockage as erreur:
        journal.warning("santé : %s", erreur)
        courtier = EtatCourtier(etat="inconnu")
        return SanteSortie(etat="degrade", stockage=EtatStockage(etat="indisponible"), courtier=courtier)
    courtier, envoi = _etat_courtier(collecteurs), _etat_envoi(envoi)
    ok = courtier.etat == "connecte" and not any(c.degrade for c in collecteurs) and envoi.etat != "en-panne"
    return SanteSortie(etat="ok" if ok else "degrade", stockage=EtatStockage(etat="ok"), courtier=courtier,
                       collecteurs=[_etat_collecteur(c) for c in collecteurs], envoi=envoi)


def _etat_envoi(note: tuple[dict, float] | None) -> EtatEnvoi:
    if note is None:
        return EtatEnvoi(etat="inconnu")
    contenu, note_le = note
    echecs = contenu.get("en_echec", [])
    return EtatEnvoi(etat=contenu.get("etat", "inconnu"), note_le=en_texte(note_le), messages_envoyes=contenu.get("messages_envoyes"),
                     en_echec=len(echecs), derniere_erreur=echecs[0]["erreur"] if echecs else None)


def _etat_courtier(collecteurs: list[EtatCollecteur]) -> EtatCourtier:
    """Le résumé des collecteurs en service (pas `arrete`) : le lien du meilleur, les sommes des compteurs."""
    en_service = sorted((c for c in collecteurs if c.etat != "arrete"), key=lambda c: ORDRE[c.etat])
    if not en_service:
        return EtatCourtier(etat="inconnu")
    premier, notes = en_service[0], [c.contenu for c in en_service]
    sommes = {cle: sum(n[cle] for n in notes if n.get(cle) is not None) if any(n.get(cle) is not None for n in notes) else None
              for cle in SOMMES}
    return EtatCourtier(
        etat=premier.etat,
        adresse=premier.contenu.get("courtier"),
        note_le=en_texte(max(c.note_le for c in en_service)),
        stockage_en_panne=next((n["stockage_en_panne"] for n in notes if n.get("stockage_en_panne")), None),
        metriques=premier.contenu.get("metriques") if len(en_service) == 1 else None,
        **sommes,
    )


def _etat_collecteur(collecteur: EtatCollecteur) -> EtatCollecteurSortie:
    contenu = collecteur.contenu
    return EtatCollecteurSortie(
        identifiant=collecteur.identifiant,
        groupe=contenu.get("groupe"),
        etat=collecteur.etat,
        degrade=collecteur.degrade,
        deconnecte_depuis=_texte(collecteur.coupe_depuis),
        repris_par=contenu.get("repris_par"),
        adresse=contenu.get("courtier"),
        note_le=en_texte(collecteur.note_le),
        dernier_message=_texte(contenu.get("dernier_message")),
        **{cle: contenu.get(cle) for cle in (*SOMMES, "stockage_en_panne", "metriques")},
    )


def _texte(instant: float | None) -> str | None:
    return None if instant is None else en_texte(instant)
