"""La validation d'un relevé décodé face au registre : ce qui ne peut pas être stocké est rejeté."""

from collections.abc import Iterable
from dataclasses import dataclass

import orjson

from noyau.domaine import Compteur, Grandeur, Nature, Rejet, Releve, Source
from noyau.identifiants import Energie
from noyau.protocole import sujet

AVANCE_MAX_S = 5 * 60  # un relevé daté de plus de 5 minutes dans le futur est rejeté


@dataclass
class Registre:
    """Les compteurs connus, par (UAI, compteur), et les sites connus."""

    compteurs: dict[tuple[str, str], Compteur]
    sites: set[str]

    @classmethod
    def depuis(cls, uais: Iterable[str], compteurs: Iterable[Compteur]) -> "Registre":
        return cls({(c.uai, c.compteur): c for c in compteurs}, set(uais))


def valider(releves: list[Releve], registre: Registre, recu_le: float) -> tuple[list[Releve], list[Rejet]]:
    acceptes, rejets = [], []
    for releve in releves:
        motif = motif_de_rejet(releve, registre, recu_le)
        if motif is None:
            acceptes.append(releve)
        else:
            rejets.append(
                Rejet(recu_le, sujet(releve.uai, releve.compteur), motif, _contenu(releve), releve.uai, releve.compteur)
            )
    return acceptes, rejets


def _contenu(releve: Releve) -> str:
    """Le relevé refusé ; celui d'un kit du commerce dit aussi son format (tasmota, shelly...)."""
    mesure = {"ts": releve.ts, releve.grandeur.value: releve.valeur}
    if releve.source not in (Source.NATIF, Source.SENML):
        mesure["source"] = releve.source.value
    return orjson.dumps(mesure).decode()


def motif_de_rejet(releve: Releve, registre: Registre, recu_le: float) -> str | None:
    compteur = registre.compteurs.get((releve.uai, releve.compteur))
    if compteur is None:
        if releve.uai not in registre.sites:
            return "site inconnu"
        return "compteur inconnu"
    if releve.ts > recu_le + AVANCE_MAX_S:
        return "horodatage dans le futur (plus de 5 minutes d'avance)"
    return _incompatibilite(compteur, releve.grandeur)


def _incompatibilite(compteur: Compteur, grandeur: Grandeur) -> str | None:
    if grandeur is Grandeur.PUISSANCE_APPARENTE_VA and compteur.energie is not Energie.ELECTRICITE:
        return f"{grandeur.value} reçue d'un compteur qui n'est pas électrique"
    if grandeur.nature is Nature.AMBIANCE:
        return None
    if compteur.energie is None:
        return f"{grandeur.value} reçu d'une sonde qui ne compte aucune énergie"
    if compteur.energie is Energie.EAU and grandeur is not Grandeur.INDEX_M3:
        return f"{grandeur.value} reçu d'un compteur d'eau (index_m3 attendu)"
    if grandeur is Grandeur.INDEX_M3 and compteur.energie is not Energie.EAU and not compteur.coef_kwh_m3:
        return f"index_m3 reçu mais le compteur {compteur.compteur} n'a pas de coef_kwh_m3"
    return None
