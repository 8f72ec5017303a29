"""Les défis entre lycées, ou entre compteurs d'un lycée, et leur classement."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from api.acces import REPONSES_ECRITURE, ecriture
from api.deps import StockageDep, UaiDep
from api.schemas_communaute import DefiDetail, DefiEntree, DefiSortie, LigneClassement
from noyau.calculs.lecture import site
from noyau.communaute.defis import accepter_invitation, classement, clore_defi, creer_defi, defi, defis
from noyau.communaute.jetons import ECRIRE_DEFIS, autoriser_participants
from noyau.domaine.identifiants import valider_uai
from noyau.domaine.temps import a_paris, maintenant
from noyau.stockage import Jeton

router = APIRouter(prefix="/api/v1", tags=["défis"])
_REFUS = {**REPONSES_ECRITURE, 403: {"description": "Rôle non permis, ou défi sans le lycée du gestionnaire"}}
_METHODE = """
Chaque participant est jugé contre sa propre référence : pour chaque jour du défi, la moyenne
des mêmes jours de la semaine des 4 semaines comparables d'avant le défi (jours de classe avec
jours de classe, vacances, jours fériés et fermetures déclarées du lycée avec jours sans classe, données
complètes seulement),
part chauffage corrigée des degrés-jours (DJU, base 18 °C). Économie = 1 − réel / référence,
sur les jours retenus ; un jour incomplet ou à venir est exclu des deux côtés et signalé.
"""
IdentifiantDep = Annotated[str, Path(description="Identifiant du défi", examples=["3f2a9c0d1e4b"])]


@router.get("/defis", summary="Les défis", description="Tous les défis, du plus ancien au plus récent.")
def lister_defis(stockage: StockageDep) -> list[DefiSortie]:
    return [DefiSortie.depuis(d) for d in defis(stockage)]


@router.post(
    "/defis",
    summary="Créer un défi",
    description="Entre lycées (participants sans compteur : leurs compteurs principaux) ou entre compteurs "
    "d'un même lycée, sur une énergie et des jours [debut, fin). Jeton `region`, ou `gestionnaire` ou "
    "`enseignant` d'un lycée qui participe (il peut défier d'autres lycées : leurs données sont publiques et le défi n'écrit "
    "rien chez eux).\n" + _METHODE,
    status_code=201,
    responses={404: {"description": "Lycée ou compteur inconnu"}, **_REFUS},
)
def poster_defi(
    corps: DefiEntree, stockage: StockageDep, request: Request,
    jeton: Annotated[Jeton, Depends(ecriture(*ECRIRE_DEFIS, lycees_dans_le_corps=True))],
) -> DefiDetail:
    autoriser_participants(jeton, {valider_uai(p.uai) for p in corps.participants})
    cree = creer_defi(stockage, corps.nom, corps.energie, corps.debut, corps.fin,
                      [(p.uai, p.compteur) for p in corps.participants], corps.description, jeton.uai)
    request.state.objet = cree.identifiant
    return _detail(stockage, cree)


@router.post(
    "/sites/{uai}/defis/{identifiant}/acceptation",
    summary="Accepter une invitation à un défi",
    description="Le lycée du chemin, invité au défi, y joue désormais (`acceptes`). Jeton `region`, ou "
    "`gestionnaire` ou `enseignant` de ce lycée.",
    responses={422: {"description": "Invitation déjà acceptée, ou défi clos"}, 404: {"description": "Lycée ou défi inconnu"},
               **_REFUS},
)
def accepter(
    uai: UaiDep, identifiant: IdentifiantDep, stockage: StockageDep, request: Request,
    jeton: Annotated[Jeton, Depends(ecriture(*ECRIRE_DEFIS))],
) -> DefiDetail:
    site(stockage, uai)
    request.state.objet = identifiant
    return _detail(stockage, accepter_invitation(stockage, identifiant, uai))


@router.post(
    "/defis/{identifiant}/cloture",
    summary="Clore un défi avant sa fin",
    description="Le défi est clos aujourd'hui (heure de Paris) : son classement, jugé jusqu'à hier, est le "
    "classement final (`clos_le`). Jeton `region`, ou `gestionnaire` ou `enseignant` du lycée qui l'a lancé.",
    responses={422: {"description": "Défi déjà clos ou déjà fini"}, 404: {"description": "Défi inconnu"}, **_REFUS},
)
def clore(
    identifiant: IdentifiantDep, stockage: StockageDep, request: Request,
    jeton: Annotated[Jeton, Depends(ecriture(*ECRIRE_DEFIS, lycees_dans_le_corps=True))],
) -> DefiDetail:
    request.state.objet = identifiant
    jour = a_paris(maintenant()).date()
    return _detail(stockage, clore_defi(stockage, identifiant, jour, None if jeton.role == "region" else jeton.uai))


@router.get(
    "/defis/{identifiant}",
    summary="Un défi et son classement",
    description="Le classement est calculé à la demande, jusqu'à hier (les jours à venir sont exclus).\n" + _METHODE,
    responses={404: {"description": "Défi inconnu"}},
)
def lire_defi(identifiant: IdentifiantDep, stockage: StockageDep) -> DefiDetail:
    return _detail(stockage, defi(stockage, identifiant))


@router.get(
    "/sites/{uai}/defis",
    summary="Les défis d'un lycée",
    description="Les défis où le lycée participe : entre lycées, et entre ses propres compteurs.",
    responses={404: {"description": "Lycée inconnu"}},
)
def lister_defis_du_site(uai: UaiDep, stockage: StockageDep) -> list[DefiSortie]:
    site(stockage, uai)
    return [DefiSortie.depuis(d) for d in defis(stockage, uai)]


def _detail(stockage, cree) -> DefiDetail:
    lignes = [LigneClassement.depuis_ligne(ligne) for ligne in classement(stockage, cree)]
    return DefiDetail(**DefiSortie.depuis(cree).model_dump(), classement=lignes)
