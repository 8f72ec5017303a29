"""Les abonnements aux alertes (courriel, webhook) : pour les codes `region` et `gestionnaire`.

Chaque code ne voit et n'efface que les siens : l'adresse électronique est une donnée personnelle,
montrée à lui seul, jamais au journal des écritures (qui garde l'identifiant de l'abonnement)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from api.acces import REPONSES_ECRITURE, ecriture, lecteur
from api.deps import StockageDep
from api.schemas_alertes import AbonnementEntree, AbonnementSortie
from noyau.communaute.abonnements import abonnements_de, creer_abonnement, supprimer_abonnement
from noyau.communaute.jetons import ABONNER
from noyau.stockage import Jeton

router = APIRouter(prefix="/api/v1/abonnements", tags=["alertes"])

_DESCRIPTION = """
Actif aussitôt : les alertes levées ensuite partent par `enerlycee taches` (et la démonstration),
seulement tant qu'elles sont `nouvelle` (une alerte prise en charge ne part pas).
`immediat` : au plus une minute après la levée (un message groupe les alertes d'un même passage) ;
`quotidien` : un résumé à 7 h ; `hebdomadaire` : le lundi à 7 h (heure de Paris ; rien s'il n'y a
rien de nouveau) ; `heures_calmes` retient les envois jusqu'à leur fin.
Un courriel part du relais `ENERLYCEE_SMTP` ; un webhook reçoit un POST JSON signé
(`X-Enerlycee-Signature: sha256=<HMAC-SHA256 hexadécimal du corps brut, clé : le secret en UTF-8>`),
avec le secret montré une seule fois, dans cette réponse. Un code `gestionnaire` s'abonne à son
lycée seulement ; `uai: null` (tous les lycées) est pour `region`. 20 abonnements au plus par code.
"""


@router.post("", status_code=201, summary="S'abonner aux alertes", description=_DESCRIPTION,
             responses={**REPONSES_ECRITURE, 404: {"description": "Lycée inconnu"}})
def creer(corps: AbonnementEntree, stockage: StockageDep, request: Request,
          jeton: Annotated[Jeton, Depends(ecriture(*ABONNER, lycees_dans_le_corps=True))]) -> AbonnementSortie:
    abonnement = creer_abonnement(stockage, jeton, corps.canal, corps.destination, corps.uai, [r.value for r in corps.regles],
                                  corps.rythme, corps.heures_calmes)
    request.state.objet = abonnement.identifiant
    return AbonnementSortie.depuis(abonnement, avec_secret=True)


@router.get("", summary="Mes abonnements", description="Les abonnements du code qui demande (jamais ceux des autres), "
            "sans le secret des webhooks.", responses={401: REPONSES_ECRITURE[401], 403: REPONSES_ECRITURE[403]})
def lister(stockage: StockageDep, jeton: Annotated[Jeton, Depends(lecteur(*ABONNER, lycee_du_chemin=False))]) -> list[AbonnementSortie]:
    return [AbonnementSortie.depuis(a) for a in abonnements_de(stockage, jeton)]


@router.delete("/{identifiant}", status_code=204, summary="Se désabonner",
               description="Efface l'abonnement et l'adresse qu'il garde. Celui d'un autre code : 404.",
               responses={**REPONSES_ECRITURE, 404: {"description": "Abonnement inconnu pour ce code"}})
def supprimer(identifiant: Annotated[str, Path(description="Identifiant de l'abonnement", max_length=64)], stockage: StockageDep,
              request: Request, jeton: Annotated[Jeton, Depends(ecriture(*ABONNER, lycees_dans_le_corps=True))]) -> Response:
    supprimer_abonnement(stockage, jeton, identifiant)
    request.state.objet = identifiant
    return Response(status_code=204)
