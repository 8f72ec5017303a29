"""Les messages fautifs d'un parc réel : ce que des kits déréglés envoient, et que le collecteur
met en quarantaine avec son motif (contrat, section 2), sans rien perdre du reste.

Placés dans les semaines qui précèdent le premier lancement de la démonstration, sur des lycées
tirés de la graine : un message coupé au milieu (kit redémarré pendant l'envoi), un relevé sans
`ts`, une valeur illisible, une horloge partie trois jours en avant, un compteur branché mais pas
encore déclaré au registre, un kit configuré avec un UAI erroné (une faute de frappe), un index en
m³ envoyé par un compteur électrique.
"""

from datetime import date, datetime, time, timedelta

import numpy as np

from capteurs_sim.lycees import Lycee
from capteurs_sim.pannes import MessageFautif
from noyau.domaine.temps import PARIS
from noyau.mesures.protocole import encoder, sujet

UAI_ERRONE = "0350082Z"  # 0350028R aux deux derniers chiffres inversés : un UAI valide, d'aucun lycée du registre


def messages_fautifs(lycees: list[Lycee], graine: int, lancement: date) -> tuple[MessageFautif, ...]:
    if not lycees:
        return ()
    ordre = np.random.default_rng(graine + 2).permutation(len(lycees))
    uai = [lycees[int(ordre[k % len(lycees)])].uai for k in range(6)]

    def le(jours_avant: int, heure: int, minute: int = 0) -> float:
        jour = lancement - timedelta(days=jours_avant)
        return datetime.combine(jour, time(heure, minute), tzinfo=PARIS).timestamp()

    coupe = le(3, 14, 7)
    chauffage = next(c.compteur.compteur for c in lycees[int(ordre[1 % len(lycees)])].capteurs if c.compteur.usage == "chauffage")
    panneaux = [le(30, 9) + 3600 * k for k in range(24)]
    return (
        MessageFautif(coupe, sujet(uai[0], "principal"), f'[{{"ts": {int(coupe)}, "index_kwh": 52'.encode(), "JSON invalide"),
        MessageFautif(le(9, 2, 30), sujet(uai[1], chauffage), encoder({"index_m3": 48213.5}), "ts manquant"),
        _un(le(16, 11, 40), uai[2], "principal", {"index_kwh": "ERR", "puissance_w": 0}, "valeur non numérique pour index_kwh"),
        _un(le(23, 6), uai[3], "sonde-exterieure", {"temperature_c": 7.9}, "horodatage dans le futur (plus de 5 minutes d'avance)",
            avance=3 * 86400),
        MessageFautif(panneaux[-1], sujet(uai[4], "photovoltaique"),
                      encoder([{"ts": int(t), "index_kwh": round(12.5 * k, 1)} for k, t in enumerate(panneaux)]),
                      "compteur inconnu", len(panneaux)),
        _un(le(40, 10), UAI_ERRONE, "principal", {"index_kwh": 381204.6, "puissance_w": 61200}, "site inconnu"),
        _un(le(50, 15, 20), uai[5], "principal", {"index_m3": 41.2},
            "index_m3 reçu mais le compteur principal n'a pas de coef_kwh_m3"),
    )


def _un(envoye_le: float, uai: str, compteur: str, mesures: dict, motif: str, avance: float = 0.0) -> MessageFautif:
    return MessageFautif(envoye_le, sujet(uai, compteur), encoder({"ts": int(envoye_le + avance), **mesures}), motif)
