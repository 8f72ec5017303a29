"""Les générations : ce qu'un stockage incrémente quand une écriture change ce dont des résultats
calculés dépendent, pour que les lectures en cache (noyau.calculs.cache) sachent, en une requête,
si le résultat gardé vaut encore.

Une génération par clé :
- `<uai>/<énergie>` (`<uai>/ambiance` pour les sondes) : un relevé nouveau, même en retard, dans
  une série d'un compteur de ce lycée et de cette énergie, ou des agrégats copiés tels quels ;
- `*/<énergie>` : la même chose, pour n'importe quel lycée (les résultats de tout le parc) ;
- `registre` : le registre (lycées, compteurs), ou une purge des relevés bruts ;
- `documents` : une donnée de gestion (objectif, défi, référence, températures importées...).

La valeur d'une génération n'a pas d'ordre : seul compte qu'elle change à chaque écriture. Le
stockage l'écrit après les données qu'elle couvre (dans la même transaction pour SQLite) : qui lit
la génération avant de calculer ne garde jamais un résultat ancien sous une génération nouvelle.
"""

from collections.abc import Iterable

from noyau.domaine.identifiants import Energie

REGISTRE = "registre"
DOCUMENTS = "documents"


def generation_energie(uai: str | None, energie: Energie | None) -> str:
    """La clé des relevés d'une énergie d'un lycée (`uai` None : de n'importe quel lycée)."""
    return f"{uai or '*'}/{energie.value if energie else 'ambiance'}"


def touchees(compteurs: Iterable[tuple[str, Energie | None]]) -> set[str]:
    """Les clés qu'une écriture dans ces compteurs (lycée, énergie) incrémente."""
    return {cle for uai, energie in compteurs for cle in (generation_energie(uai, energie), generation_energie(None, energie))}
