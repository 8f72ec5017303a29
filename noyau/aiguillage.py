"""L'aiguillage des messages : à chaque sujet MQTT son décodeur.

Les sujets `lycees/<UAI>/<compteur>` vont au décodeur du contrat (JSON natif ou SenML).
Le collecteur s'abonne à `abonnements()` et décode chaque message par `decoder()`.
"""

from noyau.protocole import ABONNEMENT, Decodage, decoder


class Aiguillage:
    def abonnements(self) -> list[str]:
        return [ABONNEMENT]

    def decoder(self, topic: str, charge: bytes, recu_le: float) -> Decodage:
        return decoder(topic, charge, recu_le)
