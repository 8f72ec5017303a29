"""Le protocole de ligne d'InfluxDB, écrit en un seul endroit.

L'échappement est celui du `Point` d'influxdb-client (mêmes tables : un test compare les deux
lignes) ; on l'applique ici une fois par série plutôt qu'une fois par point, pour écrire des
millions de relevés sans construire un objet par relevé.
"""

import math

import numpy as np

from noyau.domaine.modele import Source

_ECHAPPER_MESURE = str.maketrans({",": r"\,", " ": r"\ ", "\n": r"\n", "\t": r"\t", "\r": r"\r"})
_ECHAPPER_CLE = str.maketrans({",": r"\,", "=": r"\=", " ": r"\ ", "\n": r"\n", "\t": r"\t", "\r": r"\r"})
_ECHAPPER_TEXTE = str.maketrans({'"': r"\"", "\\": r"\\"})


def prefixe(mesure: str, etiquettes: dict[str, str]) -> str:
    """`mesure,cle=valeur,...` : étiquettes triées, les vides omises."""
    parties = [mesure.translate(_ECHAPPER_MESURE)]
    parties += [
        f"{cle.translate(_ECHAPPER_CLE)}={valeur.translate(_ECHAPPER_CLE)}"
        for cle, valeur in sorted(etiquettes.items())
        if valeur
    ]
    return ",".join(parties)


def champ(valeur: float | int | str | bool) -> str:
    """La valeur d'un champ : décimal, entier (`i`), texte entre guillemets ou booléen."""
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    if isinstance(valeur, int):
        return f"{valeur}i"
    if isinstance(valeur, float):
        if not math.isfinite(valeur):
            raise ValueError(f"valeur non finie : {valeur}")
        return repr(valeur)
    return '"' + valeur.translate(_ECHAPPER_TEXTE) + '"'


def ligne(debut: str, champs: dict[str, float | int | str | bool | None], ns: int) -> str:
    """Une ligne complète après un `prefixe` ; champs triés, les None omis."""
    valeurs = ",".join(f"{cle.translate(_ECHAPPER_CLE)}={champ(v)}" for cle, v in sorted(champs.items()) if v is not None)
    return f"{debut} {valeurs} {ns}"


def lignes_de_releves(debut: str, ms: np.ndarray, valeurs: np.ndarray, sources: np.ndarray) -> list[str]:
    """Les lignes `ligne(debut, {"valeur": v, "source": s}, ns)` de relevés en colonnes, sans
    dictionnaire par relevé ; `sources` : rangs dans `Source`."""
    if not np.isfinite(valeurs).all():
        raise ValueError(f"valeur non finie parmi {len(valeurs)} relevés")
    textes = [champ(source.value) for source in Source]
    return [
        f"{debut} source={textes[source]},valeur={valeur!r} {instant * 1_000_000}"
        for instant, valeur, source in zip(ms.tolist(), valeurs.tolist(), sources.tolist())
    ]


def lignes_en_colonnes(debuts: list[str], colonnes: dict[str, np.ndarray], ns: list[int]) -> list[str]:
    """Les lignes `ligne(debuts[i], {nom: colonnes[nom][i] ...}, ns[i])` de champs numériques rangés
    en colonnes (entiers ou décimaux, selon le type de la colonne), sans dictionnaire par ligne."""
    noms = sorted(colonnes)
    for nom in noms:
        if not np.issubdtype(colonnes[nom].dtype, np.integer) and not np.isfinite(colonnes[nom]).all():
            raise ValueError(f"valeur non finie dans {nom}")
    champs = ",".join(f"{nom.translate(_ECHAPPER_CLE)}={{}}{'i' if np.issubdtype(colonnes[nom].dtype, np.integer) else ''}" for nom in noms)
    gabarit = "{} " + champs + " {}"
    return [gabarit.format(debut, *valeurs, instant) for debut, instant, *valeurs in zip(debuts, ns, *(colonnes[nom].tolist() for nom in noms))]
