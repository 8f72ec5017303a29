"""Shelly Gen2 et suivants (documentation « Shelly Gen2+ API » : composants et notifications).

Deux formes de message :
- `<préfixe>/status/<composant>:<id>` : l'état complet d'un composant, daté de la réception ;
- `<id-appareil>/events/rpc` : `{"method": "NotifyStatus", "params": {"ts": ..., "switch:0": {...}}}`,
  daté par `params.ts` (secondes Unix UTC) ; les autres notifications ne portent pas de mesure.

Composants lus (puissance active en W, énergies en **Wh**, rangées en kWh) :
`switch:N` et `pm1:N` (`apower`, `aenergy.total`), `em1:N` (`act_power`), `em1data:N`
(`total_act_energy`), `em:N` (`total_act_power`), `emdata:N` (`total_act`). Les autres
composants (sys, wifi, input...) sont ignorés. Le canal est l'id N du composant ("0", "1"...).
"""

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Grandeur
from noyau.mesures.formats.commun import Lecture, instant_unix, nombre, objet_json

_PUISSANCE, _ENERGIE = Grandeur.PUISSANCE_W, Grandeur.INDEX_KWH
# type de composant → [(chemin de la valeur, grandeur, facteur vers l'unité de la grandeur)]
_CHAMPS = {
    "switch": [(("apower",), _PUISSANCE, 1.0), (("aenergy", "total"), _ENERGIE, 0.001)],
    "pm1": [(("apower",), _PUISSANCE, 1.0), (("aenergy", "total"), _ENERGIE, 0.001)],
    "em1": [(("act_power",), _PUISSANCE, 1.0)],
    "em1data": [(("total_act_energy",), _ENERGIE, 0.001)],
    "em": [(("total_act_power",), _PUISSANCE, 1.0)],
    "emdata": [(("total_act",), _ENERGIE, 0.001)],
}
_NOTIFICATIONS_D_ETAT = {"NotifyStatus", "NotifyFullStatus"}


def lire(topic: str, charge: bytes, recu_le: float) -> Lecture:
    lecture = Lecture()
    try:
        document = objet_json(charge)
        composants, ts = _composants(topic, document, recu_le)
    except DonneeInvalide as erreur:
        lecture.erreurs.append(str(erreur))
        return lecture
    for cle, etat in composants.items():
        type_, _, ident = cle.partition(":")
        for chemin, grandeur, facteur in _CHAMPS.get(type_, []):
            if isinstance(etat, dict) and _present(etat, chemin):
                nom = f"{cle}.{'.'.join(chemin)}"
                lecture.ajouter(ident or "0", grandeur, ts, _valeur, etat, chemin, nom, facteur)
    return lecture


def _composants(topic: str, document: dict, recu_le: float) -> tuple[dict, float]:
    """Les états de composants du message, par clé (« switch:0 »), et leur instant."""
    niveaux = topic.split("/")
    if niveaux[-2:] == ["events", "rpc"]:
        if document.get("method") not in _NOTIFICATIONS_D_ETAT:
            return {}, recu_le
        params = document.get("params")
        if not isinstance(params, dict):
            raise DonneeInvalide("NotifyStatus sans params")
        ts = instant_unix(params["ts"], "params.ts") if "ts" in params else recu_le
        return {cle: etat for cle, etat in params.items() if cle != "ts"}, ts
    if len(niveaux) >= 2 and niveaux[-2] == "status":
        return {niveaux[-1]: document}, recu_le
    raise DonneeInvalide(f"sujet inattendu « {topic} » : <préfixe>/status/<composant> ou <id>/events/rpc attendu")


def _present(etat: dict, chemin: tuple[str, ...]) -> bool:
    for cle in chemin:
        if not isinstance(etat, dict) or cle not in etat:
            return False
        etat = etat[cle]
    return True


def _valeur(etat: dict, chemin: tuple[str, ...], nom: str, facteur: float) -> float:
    for cle in chemin:
        etat = etat[cle]
    return nombre(etat, nom) * facteur
