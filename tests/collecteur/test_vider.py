"""Vider une session (un membre qui quitte son groupe, ou qui reprend la session d'un autre) :
l'arrêt n'attend jamais sans fin un accusé qui ne viendra plus (un message reçu avant une coupure
du lien, que le courtier rend à la session). Vu en CI : un membre arrêté après un redémarrage du
courtier attendait encore au bout de sept minutes."""

import threading
from types import SimpleNamespace

from collecteur import groupe


def _vider_dans_un_fil(client) -> list:
    resultat = []
    fil = threading.Thread(target=lambda: resultat.append(groupe.vider(client, threading.Event())), daemon=True)
    fil.start()
    fil.join(timeout=30)
    assert not fil.is_alive(), "vider attend encore"
    return resultat


def test_un_accuse_qui_ne_viendra_plus_n_arrete_pas_l_arret(monkeypatch):
    monkeypatch.setattr(groupe, "CALME_S", 0.05)
    monkeypatch.setattr(groupe, "ATTENTE_COURTIER_S", 0.5)
    client = SimpleNamespace(identifiant="membre-0", recus=5, acquittes=3, connecte=True)
    assert _vider_dans_un_fil(client) == [False]  # la session garde ce qui n'est pas acquitté
    client.acquittes = 5
    assert _vider_dans_un_fil(client) == [True]
