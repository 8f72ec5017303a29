"""Les compteurs à fenêtre glissante sur InfluxDB (la mesure `fenetre`), pour `StockageInfluxDB`,
qui fournit `_transport`.

Un point par événement compté, sans étiquette (une seule série, quel que soit le nombre de clés :
jetons, adresses de clients), à son **échéance** (l'instant où il sort de sa fenêtre) : la fenêtre
d'une clé, ce sont ses points d'échéance à venir, et oublier ce qui en est sorti, c'est supprimer
les points d'échéance passée, quelle que soit la durée de leur fenêtre. Champs : `cle`, `n` (1 pour
un événement compté, 0 pour un refusé), `marque` (un tirage, propre à chaque écriture).

InfluxDB 1.x n'a pas de transaction : l'événement est **compté d'abord, puis la fenêtre relue**.
Son point est écrit à un instant quasi unique (la milliseconde de l'échéance plus un tirage parmi
un million de nanosecondes) ; la relecture donne tous les événements comptés de la fenêtre, le
sien compris. S'ils sont plus de `plafond`, il est refusé
et son point réécrit avec `n` à 0 (même instant : InfluxDB remplace le champ), ce qui rend la place.
Deux processus qui comptent ensemble le dernier événement permis se voient l'un l'autre et peuvent
être refusés tous les deux : sous concurrence, un peu trop de refus. Mais jamais plus de `plafond`
ne passent : de ceux qui passent, celui qui a relu le dernier aurait vu les points de tous les
autres, écrits avant leurs relectures. Si un autre processus, ou ce processus, a écrit un point au
même instant (même milliseconde, même tirage), sa marque a remplacé la nôtre : la relecture le voit,
l'événement est refusé (et le point, qui est l'autre, laissé compté) ; un refus de trop, jamais un
passage de trop.

Ce qui est sorti de sa fenêtre est supprimé au plus une fois par minute et par processus (une
suppression coûte à InfluxDB) ; InfluxDB 3 ne supprime pas : il garde ces points jusqu'à sa rétention.
"""

import secrets

from noyau.stockage.influxdb_http import TransportInflux, texte
from noyau.stockage.influxdb_lecture import points
from noyau.stockage.ligne import ligne

MESURE = "fenetre"
NS_PAR_MS = 1_000_000
OUBLI_S = 60  # au plus une suppression par minute et par processus


class FenetreInfluxDB:
    _transport: TransportInflux
    _fenetres_oubliees_le: float = 0.0

    def compter_dans_fenetre(self, cle: str, instant: float, duree_s: float, plafond: int, compter: bool = True) -> tuple[bool, list[float]]:
        # Borne haute explicite : les échéances sont dans le futur (InfluxDB s'arrête sinon à now()).
        fenetre = f"cle = {texte(cle)} AND n > 0 AND time > {_ms(instant)}ms AND time <= {_ms(instant + 2 * duree_s + 3600)}ms"
        if not compter:
            return False, sorted(p["time"] / 1000 for p in points(self._transport.requete([f"SELECT n FROM {MESURE} WHERE {fenetre}"])[0]))
        self._oublier(instant)
        ns, marque = _ms(instant + duree_s) * NS_PAR_MS + secrets.randbelow(NS_PAR_MS), secrets.token_hex(8)
        self._transport.ecrire([ligne(MESURE, {"cle": cle, "n": 1, "marque": marque}, ns)])
        lus = points(self._transport.requete([f"SELECT n, marque FROM {MESURE} WHERE {fenetre}"])[0])
        autres = sorted(p["time"] / 1000 for p in lus if p["marque"] != marque)
        present = len(autres) < len(lus)
        compte = present and len(autres) < plafond
        if present and not compte:
            self._transport.ecrire([ligne(MESURE, {"cle": cle, "n": 0, "marque": marque}, ns)])
        return compte, autres

    def _oublier(self, instant: float) -> None:
        if self._transport.version < 3 and instant - self._fenetres_oubliees_le > OUBLI_S:
            self._fenetres_oubliees_le = instant
            self._transport.supprimer_avant(MESURE, _ms(instant) * NS_PAR_MS)


def _ms(instant: float) -> int:
    return round(instant * 1000)
