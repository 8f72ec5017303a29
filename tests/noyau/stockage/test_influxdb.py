"""Ce qui est propre à InfluxDB : l'adresse, le protocole de ligne, les erreurs traduites à la couture."""

import os
import signal
import time

import numpy as np
import pytest
from fastapi.testclient import TestClient
from influxdb_client import Point, WritePrecision

from api import creer_app
from noyau.domaine.erreurs import DonneeInvalide, ErreurStockage, StockageIndisponible
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve
from noyau.stockage import ouvrir_stockage
from noyau.stockage.influxdb_http import TransportInflux, lire_adresse_influx
from noyau.stockage.ligne import ligne, lignes_en_colonnes, prefixe
from tests.conftest import LYCEE_A
from tests.influxdb_local import creer_base, influxdb_local, pid_influxd, port_libre


def test_adresse_et_jeton_hors_de_l_url():
    adresse = lire_adresse_influx("influxdb://serveur:8087/energie?version=2&org=region&tls=oui", "secret")
    assert (adresse.racine, adresse.base, adresse.version, adresse.org) == ("https://serveur:8087", "energie", 2, "region")
    assert "secret" not in repr(adresse) and "secret" not in repr(ouvrir_stockage("influxdb://h/b", "secret"))
    for fausse in ("influxdb://serveur:8086/", "influxdb:///base", "influxdb://h/b?version=4"):
        with pytest.raises(DonneeInvalide):
            lire_adresse_influx(fausse)


@pytest.mark.parametrize("valeur", ["simple", "a b,c=d", 'guillemet " et \\ barre', "ligne\nsuivante", "é€"])
def test_meme_ligne_que_le_point_d_influxdb_client(valeur):
    attendue = (
        Point("mes ure,x").tag("cle b", valeur).tag("a=1", "v").field("texte", valeur).field("n", 3)
        .field("x", 0.1).field("vrai", True).time(123, WritePrecision.NS).to_line_protocol()
    )
    ecrite = ligne(prefixe("mes ure,x", {"cle b": valeur, "a=1": "v"}), {"texte": valeur, "n": 3, "x": 0.1, "vrai": True}, 123)
    assert ecrite == attendue


def test_valeur_non_finie_refusee():
    with pytest.raises(ValueError):
        ligne("m", {"x": float("nan")}, 0)
    with pytest.raises(ValueError):
        lignes_en_colonnes(["m"], {"x": np.array([float("inf")])}, [0])


def test_lignes_en_colonnes_comme_ligne_par_ligne():
    colonnes = {"v_premier": np.array([0.1, -2.5e-7]), "nombre": np.array([3, 12]), "a b": np.array([1e300, 7.0])}
    debuts = [prefixe("heure", {"uai": "0290001A", "compteur": "kit 1"}), prefixe("heure", {"uai": "x,y"})]
    attendues = [ligne(debuts[i], {nom: valeurs[i].item() for nom, valeurs in colonnes.items()}, 3600 * i) for i in range(2)]
    assert lignes_en_colonnes(debuts, colonnes, [0, 3600]) == attendues


def test_serveur_arrete_indisponible():
    stockage = ouvrir_stockage(f"influxdb://127.0.0.1:{port_libre()}/base?version=1")
    with pytest.raises(StockageIndisponible, match="InfluxDB injoignable"):
        stockage.verifier()
    with pytest.raises(StockageIndisponible):
        stockage.enregistrer_registre([LYCEE_A])


def test_base_inconnue_et_requete_refusee(serveur_influxdb, stockage_influxdb):
    with pytest.raises(ErreurStockage, match="database not found"):
        ouvrir_stockage(f"influxdb://{serveur_influxdb}/inconnue").verifier()
    with pytest.raises(ErreurStockage, match="compteur inconnu"):
        stockage_influxdb.ecrire([Releve(LYCEE_A.uai, "x", Grandeur.INDEX_KWH, 1.0, 1.0)])


def test_releves_refuses_pendant_l_ecriture_des_agregats_l_ecriture_echoue(stockage_influxdb):
    """Les relevés partent en parallèle des agrégats (StockageInfluxDB.ecrire) : s'ils sont
    refusés, l'écriture échoue quand même (le collecteur garde alors le lot au spool)."""
    stockage_influxdb.enregistrer_registre([LYCEE_A], [Compteur(LYCEE_A.uai, "principal", Energie.ELECTRICITE, True, "général")])
    compteur = "principal"
    etiquettes = {"uai": LYCEE_A.uai, "compteur": compteur, "grandeur": Grandeur.INDEX_KWH.value}
    TransportInflux(stockage_influxdb.adresse).ecrire([ligne(prefixe("releve", etiquettes), {"valeur": "texte"}, 7_200 * 10**9)])
    with pytest.raises(ErreurStockage, match="field type conflict"):  # « valeur » y est déjà un texte
        stockage_influxdb.ecrire([Releve(LYCEE_A.uai, compteur, Grandeur.INDEX_KWH, 3_600.0 * k, float(k)) for k in (3, 4)])


def test_api_d_ecriture_2x_avec_jeton_et_lot_refuse_signale(stockage_influxdb2, facade_2x):
    stockage_influxdb2.noter_etat("collecteur", {"lien": "connecte"})
    assert facade_2x[1][-1] == "Token jeton-secret"
    transport = TransportInflux(stockage_influxdb2.adresse)
    with pytest.raises(ErreurStockage, match="field type conflict"):  # note_le est un décimal
        transport.ecrire(['etat,composant=collecteur note_le="hier" 0'])
    transport.fermer()


def test_serveur_fige_indisponible_sans_attendre(tmp_path, monkeypatch):
    """Un InfluxDB figé (SIGSTOP : il accepte les connexions et ne répond plus) est un stockage en
    panne : la vérification de /sante échoue en une seconde, une écriture et une lecture aussi, en
    un délai borné, sans reprise ; l'API répond 503, /sante « indisponible »."""
    monkeypatch.setattr("noyau.stockage.influxdb_http.DELAI_ECRITURE_S", 1.0)
    monkeypatch.setattr("noyau.stockage.influxdb_http.DELAI_LECTURE_S", 2.0)
    with influxdb_local(tmp_path) as adresse:
        creer_base(adresse, "enerlycee")
        stockage = ouvrir_stockage(f"influxdb://{adresse}/enerlycee?version=1")
        stockage.enregistrer_registre([LYCEE_A], [Compteur(LYCEE_A.uai, "principal", Energie.ELECTRICITE, True)])
        pid = pid_influxd(tmp_path)
        os.kill(pid, signal.SIGSTOP)
        try:
            with TestClient(creer_app(stockage)) as client:
                debut = time.monotonic()
                assert client.get("/sante").json()["stockage"]["etat"] == "indisponible"
                assert time.monotonic() - debut < 3  # un délai d'une seconde, pas de reprise
                assert client.get("/api/v1/sites").status_code == 503
            with pytest.raises(StockageIndisponible):
                stockage.ecrire([Releve(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, 1_790_000_000.0, 1.0)])
            assert time.monotonic() - debut < 20  # trois délais bornés, non 300 s à chaque essai
        finally:
            os.kill(pid, signal.SIGCONT)
        assert [s.uai for s in stockage.sites()] == [LYCEE_A.uai]  # revenu, il répond de nouveau
        stockage.fermer()
