"""Les équivalences pour les élèves (kg CO2e, euros, équivalents) et les tarifs d'un lycée."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from api.acces import REPONSES_ECRITURE, ecriture
from api.deps import EnergieDep, StockageDep, UaiDep
from api.schemas_suivi import EquivalencesSortie, TarifsEntree
from noyau.calculs.equivalences import enregistrer_tarifs, equivalences, tarifs_du_lycee
from noyau.calculs.lecture import site
from noyau.communaute.jetons import ECRIRE_SUIVI
from noyau.domaine.identifiants import valider_uai
from noyau.stockage import Jeton

router = APIRouter(prefix="/api/v1", tags=["équivalences"])


@router.get("/equivalences", summary="Une consommation en kg CO2e, en euros et en équivalents de tous les jours",
            description="kg CO2e : facteurs de la Base Empreinte de l'ADEME (électricité 0,052 ; gaz 0,227 par kWh "
            "PCI, soit 0,205 par kWh PCS, l'unité des factures et des compteurs de gaz ; fioul 0,324 ; bois 0,030 ; "
            "chaleur 0,101 kg CO2e/kWh ; années et sources dans docs/methodes.md). Euros : le "
            "tarif du lycée (`uai`) s'il en a déclaré un, sinon le tarif par défaut. Équivalents : recharges de "
            "smartphone (15 Wh), heures de télévision (100 W), km en voiture thermique (0,218 kg CO2e/km).")
def convertir(energie: EnergieDep, stockage: StockageDep,
              valeur: Annotated[float, Query(ge=0, le=1e12, allow_inf_nan=False, description="kWh (m³ pour l'eau), 10¹² au plus")],
              uai: Annotated[str | None, Query(description="Lycée dont prendre le tarif")] = None) -> EquivalencesSortie:
    tarif = None
    if uai is not None:
        choisi = valider_uai(uai)
        site(stockage, choisi)
        tarif = tarifs_du_lycee(stockage, choisi)[energie]
    return EquivalencesSortie.depuis(equivalences(energie, valeur, tarif))


@router.put("/sites/{uai}/tarifs", summary="Déclarer les tarifs d'un lycée",
            description="Euros par kWh (par m³ pour l'eau) des énergies données ; les autres gardent le tarif par "
            "défaut. Remplace la déclaration précédente. Jeton `region` ou `gestionnaire` du lycée.",
            responses=REPONSES_ECRITURE)
def ecrire_tarifs(uai: UaiDep, corps: TarifsEntree, stockage: StockageDep, request: Request,
                  jeton: Annotated[Jeton, Depends(ecriture(*ECRIRE_SUIVI))]) -> dict[str, float]:
    site(stockage, uai)
    tarifs = enregistrer_tarifs(stockage, uai, corps.tarifs)
    request.state.objet = f"tarifs/{uai}"
    return {e.value: v for e, v in tarifs.items()}
