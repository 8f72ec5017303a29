"""La validation d'un relevé décodé face au registre et aux bornes de plausibilité
(noyau.mesures.plausibilite) : ce qui ne peut pas être stocké est rejeté."""

from collections.abc import Iterable
from dataclasses import dataclass, field

import orjson

from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Nature, Rejet, Releve, SerieDeReleves, Source
from noyau.mesures.plausibilite import hors_bornes, invraisemblable
from noyau.mesures.protocole import sujet

AVANCE_MAX_S = 5 * 60  # un relevé daté de plus de 5 minutes dans le futur est rejeté
MOTIFS_INCONNUS = ("site inconnu", "compteur inconnu")  # absents du registre : il est peut-être à relire


@dataclass
class Registre:
    """Les compteurs connus, par (UAI, compteur), et les sites connus."""

    compteurs: dict[tuple[str, str], Compteur]
    sites: set[str]
    _incompatibilites: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def depuis(cls, uais: Iterable[str], compteurs: Iterable[Compteur]) -> "Registre":
        return cls({(c.uai, c.compteur): c for c in compteurs}, set(uais))

    def incompatibilite(self, uai: str, compteur: str, grandeur: Grandeur) -> str | None:
        """Pourquoi ce compteur connu ne peut pas mesurer cette grandeur (None s'il le peut) ;
        retenu par (compteur, grandeur) : un registre ne change pas, il est relu en entier."""
        cle = (uai, compteur, grandeur)
        if cle not in self._incompatibilites:
            self._incompatibilites[cle] = _incompatibilite(self.compteurs[(uai, compteur)], grandeur)
        return self._incompatibilites[cle]


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


def valider_series(
    series: list[SerieDeReleves], registre: Registre, recu_le: float
) -> tuple[list[SerieDeReleves], list[Rejet]]:
    """Comme `valider`, une série à la fois : le compteur et la grandeur sont vérifiés une fois,
    l'horodatage de chaque relevé d'un coup ; seuls les relevés refusés deviennent des objets."""
    acceptees, rejets = [], []
    for serie in series:
        motif = _motif_du_compteur(serie.uai, serie.compteur, registre)
        futur = serie.ts > recu_le + AVANCE_MAX_S
        if motif is None and futur.any():
            rejets += valider(serie.partie(futur).releves(), registre, recu_le)[1]
            serie = serie.partie(~futur)
        motif = motif or registre.incompatibilite(serie.uai, serie.compteur, serie.grandeur)
        if motif is None:
            invraisemblables = hors_bornes(serie.grandeur, serie.valeurs)
            if invraisemblables.any():
                rejets += valider(serie.partie(invraisemblables).releves(), registre, recu_le)[1]
                serie = serie.partie(~invraisemblables)
        if motif is not None:
            sujet_serie = sujet(serie.uai, serie.compteur)
            rejets += [Rejet(recu_le, sujet_serie, motif, _contenu(r), r.uai, r.compteur) for r in serie.releves()]
        elif len(serie):
            acceptees.append(serie)
    return acceptees, rejets


def _contenu(releve: Releve) -> str:
    """Le relevé refusé ; celui d'un kit du commerce dit aussi son format (tasmota, shelly...)."""
    mesure = {"ts": releve.ts, releve.grandeur.value: releve.valeur}
    if releve.source not in (Source.NATIF, Source.SENML):
        mesure["source"] = releve.source.value
    return orjson.dumps(mesure).decode()


def motif_de_rejet(releve: Releve, registre: Registre, recu_le: float) -> str | None:
    motif = _motif_du_compteur(releve.uai, releve.compteur, registre)
    if motif is not None:
        return motif
    if releve.ts > recu_le + AVANCE_MAX_S:
        return "horodatage dans le futur (plus de 5 minutes d'avance)"
    return registre.incompatibilite(releve.uai, releve.compteur, releve.grandeur) or invraisemblable(releve.grandeur, releve.valeur)


def _motif_du_compteur(uai: str, compteur: str, registre: Registre) -> str | None:
    if (uai, compteur) in registre.compteurs:
        return None
    return MOTIFS_INCONNUS[1] if uai in registre.sites else MOTIFS_INCONNUS[0]


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
