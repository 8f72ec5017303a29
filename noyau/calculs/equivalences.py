"""Des kWh parlants pour les élèves : kg CO2e, euros et équivalents de tous les jours.

Facteurs d'émission (kg CO2e par kWh d'énergie finale, PCI pour les combustibles), Base
Empreinte de l'ADEME (ex-Base Carbone, base-empreinte.ademe.fr), amont et combustion compris :

| énergie | facteur | donnée ADEME (année) |
| --- | --- | --- |
| électricité | 0,052 | « Électricité - 2022 - mix moyen - consommation », France continentale (2022) |
| gaz | 0,227 | « Gaz naturel - 2015 - mix moyen - consommation », kWh PCI (données 2015, étude ACV GRTgaz-GRDF 2018) |
| fioul | 0,324 | « Fioul domestique », kWh PCI (2015) |
| bois | 0,030 | « Bois granulés / plaquettes », kWh PCI, ordre de grandeur des deux (2015), CO2 biogénique exclu |
| chaleur | 0,101 | réseau de chaleur : valeur par défaut, à remplacer par le contenu CO2 du réseau du lycée (arrêté annuel, DPE) |

Le gaz se compte en **kWh PCS** (pouvoir calorifique supérieur) : c'est l'unité des factures, des
données du gestionnaire de réseau et du coefficient de conversion du fournisseur (`coef_kwh_m3`
d'un compteur, environ 11 kWh PCS par m³). Le facteur ADEME est par kWh PCI : les kWh PCS sont
d'abord ramenés en PCI, PCS = 1,11 × PCI pour le gaz naturel (Base Carbone, documentation des
combustibles gazeux) ; soit 0,227 / 1,11 = 0,205 kg CO2e par kWh PCS. Le fioul et le bois se
comptent en kWh PCI (livraisons converties en PCI), la chaleur et l'électricité en kWh livrés.

L'eau (m³) n'a ni facteur d'émission ni équivalent énergétique ici ; elle a un tarif.

Tarifs par défaut (euros TTC par kWh, par m³ pour l'eau), ordres de grandeur des contrats de
collectivités en 2025, remplaçables par lycée (collection `tarifs`,
`PUT /api/v1/sites/{uai}/tarifs`).

Équivalents (ordres de grandeur, à lire comme tels) :
- recharge complète de smartphone : 15 Wh (batterie d'environ 4 000 mAh sous 3,85 V, pertes du
  chargeur comprises) ;
- heure de télévision : 100 W (téléviseur de 43 à 55 pouces, étiquette énergie européenne) ;
- km en voiture thermique : 0,218 kg CO2e/km (ADEME, Impact CO2, « voiture thermique », 2023).
"""

from dataclasses import dataclass

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import Energie
from noyau.domaine.temps import maintenant
from noyau.stockage import Document, Stockage

FACTEURS_KG_CO2E = {
    Energie.ELECTRICITE: 0.052, Energie.GAZ: 0.227, Energie.FIOUL: 0.324, Energie.BOIS: 0.030, Energie.CHALEUR: 0.101,
}
# Combien de kWh tels que comptés pour un kWh PCI (les facteurs sont par kWh PCI) ; 1 si absente.
KWH_COMPTES_PAR_KWH_PCI = {Energie.GAZ: 1.11}
TARIFS_PAR_DEFAUT = {
    Energie.ELECTRICITE: 0.20, Energie.GAZ: 0.10, Energie.FIOUL: 0.12, Energie.BOIS: 0.06, Energie.CHALEUR: 0.10,
    Energie.EAU: 4.30,
}
KWH_PAR_RECHARGE_SMARTPHONE = 0.015
KWH_PAR_HEURE_DE_TELEVISION = 0.100
KG_CO2E_PAR_KM_VOITURE = 0.218
COLLECTION_TARIFS = "tarifs"


@dataclass(frozen=True)
class Equivalences:
    energie: Energie
    valeur: float
    unite: str
    kg_co2e: float | None
    euros: float
    tarif: float
    recharges_smartphone: float | None
    heures_television: float | None
    km_voiture: float | None


def equivalences(energie: Energie, valeur: float, tarif: float | None = None) -> Equivalences:
    """`valeur` en kWh (en m³ pour l'eau) ; `tarif` : celui du lycée, sinon le tarif par défaut."""
    if valeur < 0:
        raise DonneeInvalide("la valeur à convertir doit être positive ou nulle")
    tarif = TARIFS_PAR_DEFAUT[energie] if tarif is None else tarif
    kg = kg_co2e(energie, valeur)
    energetique = energie is not Energie.EAU
    return Equivalences(
        energie, valeur, energie.unite, kg, valeur * tarif, tarif,
        valeur / KWH_PAR_RECHARGE_SMARTPHONE if energetique else None,
        valeur / KWH_PAR_HEURE_DE_TELEVISION if energetique else None,
        kg / KG_CO2E_PAR_KM_VOITURE if kg is not None else None,
    )


def kg_co2e(energie: Energie, valeur: float) -> float | None:
    """Les émissions de `valeur` kWh comptés (kWh PCS pour le gaz) ; None sans facteur (l'eau)."""
    facteur = FACTEURS_KG_CO2E.get(energie)
    if facteur is None:
        return None
    return valeur / KWH_COMPTES_PAR_KWH_PCI.get(energie, 1.0) * facteur


def tarifs_du_lycee(stockage: Stockage, uai: str) -> dict[Energie, float]:
    """Les tarifs par défaut, remplacés par ceux que le lycée a déclarés."""
    tarifs = dict(TARIFS_PAR_DEFAUT)
    for document in stockage.documents(COLLECTION_TARIFS, uai):
        tarifs.update({Energie(e): float(v) for e, v in document.contenu["tarifs"].items()})
    return tarifs


def enregistrer_tarifs(stockage: Stockage, uai: str, tarifs: dict[str, float]) -> dict[Energie, float]:
    """Déclare des tarifs (euros par kWh ou par m³) pour certaines énergies du lycée."""
    lus = {}
    for nom, valeur in tarifs.items():
        try:
            energie = Energie(nom)
        except ValueError:
            raise DonneeInvalide(f"énergie inconnue « {nom} »") from None
        if valeur < 0:
            raise DonneeInvalide(f"tarif négatif pour {nom}")
        lus[energie.value] = float(valeur)
    stockage.enregistrer_document(Document(COLLECTION_TARIFS, uai, uai, {"tarifs": lus}, maintenant()))
    return tarifs_du_lycee(stockage, uai)
