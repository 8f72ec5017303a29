"""Les baux sur InfluxDB (la mesure `bail`), pour `StockageInfluxDB`, qui fournit `_transport`.

Un point par renouvellement d'une candidature, sans étiquette, à son **échéance** (comme les
compteurs à fenêtre glissante, noyau.stockage.influxdb_fenetre) ; champs `nom`, `titulaire`,
`depuis`, `retiree`. Les candidatures vivantes d'un bail sont ses points d'échéance à venir, sauf
celles d'un titulaire qui s'est retiré : un point `retiree` juste après sa dernière échéance, qui
vit donc aussi longtemps que ses autres points (InfluxDB 1.x ne supprime pas selon un champ). Ce qui est échu
est supprimé au plus une fois par minute et par processus (InfluxDB 3, qui ne supprime pas, les
garde jusqu'à sa rétention). Chaque processus n'écrit que sa propre candidature : aucune
transaction n'est nécessaire, le choix du titulaire est fait par noyau.exploitation.bail.
"""

import secrets

from noyau.stockage.influxdb_http import TransportInflux, texte
from noyau.stockage.influxdb_lecture import points
from noyau.stockage.ligne import ligne

MESURE = "bail"
NS_PAR_MS = 1_000_000
OUBLI_S = 60
FIN_NS = 9_000_000_000_000_000_000  # l'an 2255 : borne haute explicite, les échéances sont dans le futur


class BailInfluxDB:
    _transport: TransportInflux
    _baux_oublies_le: float = 0.0

    def candidater(self, nom: str, titulaire: str, depuis: float, instant: float, echeance: float) -> list[tuple[float, str]]:
        if self._transport.version < 3 and instant - self._baux_oublies_le > OUBLI_S:
            self._baux_oublies_le = instant
            self._transport.supprimer_avant(MESURE, round(instant * 1000) * NS_PAR_MS)
        ns = round(echeance * 1000) * NS_PAR_MS + secrets.randbelow(NS_PAR_MS)
        self._transport.ecrire([ligne(MESURE, {"nom": nom, "titulaire": titulaire, "depuis": depuis, "retiree": False}, ns)])
        choix = f"nom = {texte(nom)} AND time > {round(instant * 1000)}ms AND time < {FIN_NS}"
        vivantes = points(self._transport.requete([f"SELECT titulaire, depuis, retiree FROM {MESURE} WHERE {choix}"])[0])
        retirees = {p["titulaire"] for p in vivantes if p["retiree"]}
        return sorted({(float(p["depuis"]), p["titulaire"]) for p in vivantes if p["titulaire"] not in retirees})

    def retirer_candidature(self, nom: str, titulaire: str, echeance: float) -> None:
        ns = (round(echeance * 1000) + 1) * NS_PAR_MS  # après chacun de ses points
        self._transport.ecrire([ligne(MESURE, {"nom": nom, "titulaire": titulaire, "depuis": 0.0, "retiree": True}, ns)])
