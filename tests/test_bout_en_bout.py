"""De bout en bout : mosquitto_pub → Mosquitto → collecteur → SQLite → API, et la démonstration."""

import os
import re
import signal
import subprocess
import sys
import time

import httpx2
import pytest
from fastapi.testclient import TestClient

from collecteur import Collecteur
from enerlycee.serveur import creer_application
from noyau.mesures.adresse_mqtt import lire_adresse_mqtt
from tests.collecteur.test_collecteur import traites
from tests.conftest import LYCEE_A, attendre, compteurs_du_jeu


def publier_a_la_main(adresse, topic: str, charge: str) -> None:
    subprocess.run(
        ["mosquitto_pub", "-h", adresse.hote, "-p", str(adresse.port), "-q", "1", "-t", topic, "-m", charge],
        check=True, timeout=10,
    )


def test_releves_publies_a_la_main_jusqu_a_la_consommation_de_l_api(stockage, courtier, tmp_path):
    stockage.enregistrer_registre([LYCEE_A], compteurs_du_jeu()[:4])
    adresse = lire_adresse_mqtt(courtier)
    collecteur = Collecteur(stockage, adresse, tmp_path / "spool.db", "bout-en-bout")
    collecteur.demarrer()
    try:
        attendre(lambda: collecteur.client.connecte, "connexion")
        # Le 29 mars 2026 (23 heures à Paris) : index relevé à 23:30 la veille, à 12:00 (heure
        # d'été) et à 00:30 le lendemain ; puis un relevé SenML en Wh, et un doublon.
        publier_a_la_main(adresse, "lycees/0350028r/principal", '{"ts": "2026-03-28T23:30:00+01:00", "index_kwh": 1000}')
        publier_a_la_main(adresse, "lycees/0350028R/principal", '[{"ts": "2026-03-29T12:00:00+02:00", "index_kwh": 1230}]')
        publier_a_la_main(adresse, "lycees/0350028R/principal", '[{"bt": 1774823400, "u": "Wh", "v": 1470000}]')
        publier_a_la_main(adresse, "lycees/0350028R/principal", '{"ts": 1774823400, "index_kwh": 1470}')
        attendre(lambda: traites(collecteur) == 4, "4 relevés traités")
    finally:
        collecteur.arreter()
    client = TestClient(creer_application(stockage))
    reponse = client.get(f"/api/v1/sites/{LYCEE_A.uai}/consommation",
                         params={"energie": "electricite", "debut": "2026-03-29", "fin": "2026-03-30", "pas": "heure"})
    assert reponse.status_code == 200
    corps = reponse.json()
    assert len(corps["points"]) == 23
    # 230 kWh en 11 h 30 (23:30 → 12:00 heure d'été, saut d'une heure compris), dont 11 h le 29 ;
    # puis 240 kWh en 12 h 30 (12:00 → 00:30), dont 12 h le 29.
    assert corps["total"] == pytest.approx(230 * 11 / 11.5 + 240 * 12 / 12.5)  # 450,4 kWh
    assert corps["points"][0] == {"debut": "2026-03-29T00:00:00+01:00", "fin": "2026-03-29T01:00:00+01:00",
                                  "valeur": pytest.approx(230 / 11.5), "complet": False}
    assert client.get("/").status_code == 200  # le tableau de bord sur le même port


@pytest.mark.skipif(sys.platform != "linux", reason="signaux POSIX")
def test_la_demonstration_demarre_sert_et_s_arrete_proprement(tmp_path):
    demo = subprocess.Popen(
        [sys.executable, "-m", "enerlycee.cli", "demo", "--donnees", str(tmp_path), "--lycees", "2", "--mois", "1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = None
        limite = time.monotonic() + 180
        while url is None and time.monotonic() < limite:
            ligne = demo.stdout.readline()
            assert ligne or demo.poll() is None, "la démonstration s'est arrêtée"
            trouve = re.search(r"(http://127\.0\.0\.1:\d+/)", ligne)
            url = trouve and trouve.group(1)
        assert url, "URL jamais affichée"
        assert demo.stdout.readline().startswith(f"Pour écrire, sur {url}connexion")
        lignes = [demo.stdout.readline() for _ in range(4)]
        roles = dict(re.fullmatch(r"  code d'accès (la Région|[a-zé-]+)[^:]* : (\S+)\n", ligne).groups() for ligne in lignes)
        assert list(roles) == ["la Région", "gestionnaire", "enseignant", "éco-délégué"]
        uai = re.search(r"\((\d{7}[A-Z])\)", lignes[1]).group(1)
        sites = httpx2.get(url + "api/v1/sites", timeout=10).json()
        assert len(sites) == 2
        consommation = httpx2.get(f"{url}api/v1/sites/{sites[0]['uai']}/consommation",
                                 params={"energie": "electricite", "debut": "2026-01-01", "fin": "2030-01-01", "pas": "mois"},
                                 timeout=10).json()
        assert consommation["total"] > 0
        tarifs = {"tarifs": {"electricite": 0.2}}
        for role, statut in (("gestionnaire", 200), ("éco-délégué", 403)):  # un code d'accès est un jeton de l'API
            reponse = httpx2.put(f"{url}api/v1/sites/{uai}/tarifs", json=tarifs,
                                 headers={"Authorization": f"Bearer {roles[role]}"}, timeout=10)
            assert reponse.status_code == statut, reponse.text
        assert "Enerlycée" in httpx2.get(url, timeout=10).text
        metriques = httpx2.get(url + "metrics/", timeout=10).text
        assert "enerlycee_releves_stockes_total" in metriques and "enerlycee_spool_messages 0.0" in metriques
    finally:
        demo.send_signal(signal.SIGINT)
        sortie, _ = demo.communicate(timeout=60)
    assert demo.returncode == 0, sortie[-2000:]
    assert "Arrêt en cours" in sortie
