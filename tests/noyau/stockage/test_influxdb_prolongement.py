"""InfluxDB : un lot qui suit les relevés de ses heures (le direct, une rafale dans l'ordre) prolonge
leurs agrégats sans relire un relevé brut ; un relevé en retard, un lot rejoué, des relevés ou des
agrégats écrits seuls (écriture interrompue) font relire et recalculer l'heure. Dans tous les cas,
les agrégats rangés sont ceux qu'on recalcule des relevés bruts, à l'identique."""

import numpy as np
import pytest

from noyau.domaine.agregats import resumer_par_heure, resumer_par_jour
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve
from noyau.domaine.temps import lire_borne
from noyau.stockage.influxdb_http import TransportInflux
from noyau.stockage.ligne import lignes_de_releves, prefixe
from tests.conftest import LYCEE_A

CLE = (LYCEE_A.uai, "principal", Grandeur.INDEX_KWH)
DEBUT = lire_borne("2026-06-01T22:00:00+02:00").timestamp()  # trois heures, à cheval sur minuit


def releves(premiere: int, derniere: int, ajout: float = 0.0) -> list[Releve]:
    """Un relevé toutes les 5 minutes, de la minute `premiere` à `derniere` (exclue)."""
    return [Releve(*CLE, DEBUT + 60.0 * m, m / 5 + ajout) for m in range(premiere, derniere, 5)]


@pytest.fixture
def stockage(stockage_influxdb):
    stockage_influxdb.enregistrer_registre([LYCEE_A], [Compteur(LYCEE_A.uai, "principal", Energie.ELECTRICITE, True)])
    return stockage_influxdb


@pytest.fixture
def requetes(stockage, monkeypatch):
    """Les instructions que le stockage envoie à InfluxDB (le vrai serveur y répond)."""
    envoyees = []
    requete = stockage._transport.requete

    def noter(instructions, *autres):
        envoyees.extend(instructions)
        return requete(instructions, *autres)

    monkeypatch.setattr(stockage._transport, "requete", noter)
    return envoyees


def egaux_au_recalcul(stockage) -> None:
    brut = stockage.lire_releves(*CLE, 0, 4e9)
    heures = resumer_par_heure(Grandeur.INDEX_KWH.nature, brut.ts, brut.valeurs)
    for rangees, recalculees in ((stockage.lire_heures(*CLE, 0, 4e9), heures),
                                 (stockage.lire_jours(*CLE, 0, 4e9), resumer_par_jour(Grandeur.INDEX_KWH.nature, heures))):
        for champ in ("heure", "nombre", "t_premier", "v_premier", "t_dernier", "v_dernier", "interne"):
            assert getattr(rangees, champ).tolist() == getattr(recalculees, champ).tolist(), champ


def lit_des_releves_bruts(instructions: list[str]) -> bool:
    return any(" FROM releve " in instruction for instruction in instructions)


def test_le_direct_prolonge_ses_heures_sans_relire_de_releve_brut(stockage, requetes):
    for debut in range(0, 180, 20):  # neuf lots de 20 minutes, dans l'ordre
        stockage.ecrire(releves(debut, debut + 20))
    assert not lit_des_releves_bruts(requetes)
    assert stockage.lire_heures(*CLE, 0, 4e9).nombre.tolist() == [12, 12, 12]
    egaux_au_recalcul(stockage)


def test_un_retard_ou_un_lot_rejoue_relit_l_heure_et_la_premiere_valeur_reste(stockage, requetes):
    stockage.ecrire(releves(0, 60))
    stockage.ecrire(releves(60, 120))
    stockage.ecrire([Releve(*CLE, DEBUT + 60.0 * 32, 6.5)])  # en retard, entre deux relevés de la première heure
    assert lit_des_releves_bruts(requetes)
    requetes.clear()
    stockage.ecrire(releves(60, 120, ajout=1000.0))  # rejoué, autres valeurs : les premières restent
    assert lit_des_releves_bruts(requetes)
    brut = stockage.lire_releves(*CLE, 0, 4e9)
    assert len(brut.ts) == 25 and brut.valeurs.max() < 1000
    egaux_au_recalcul(stockage)


def test_des_releves_ecrits_sans_leurs_agregats_ne_comptent_qu_une_fois(stockage):
    """Une écriture interrompue après les relevés, avant les agrégats : le lot rejoué les récrit."""
    stockage.ecrire(releves(0, 30))
    lot = releves(30, 90)
    transport = TransportInflux(stockage.adresse)
    transport.ecrire(lignes_de_releves(prefixe("releve", {"uai": CLE[0], "compteur": CLE[1], "grandeur": CLE[2].value}),
                                       np.array([round(r.ts * 1000) for r in lot]), np.array([r.valeur for r in lot]),
                                       np.zeros(len(lot), np.int64)))
    transport.fermer()
    stockage.ecrire(lot)
    assert stockage.lire_heures(*CLE, 0, 4e9).nombre.tolist() == [12, 6]
    egaux_au_recalcul(stockage)


def test_des_agregats_ecrits_sans_leurs_releves_sont_recalcules(stockage, requetes):
    """Une écriture interrompue après les agrégats, avant les relevés : le lot rejoué ne suit plus
    l'agrégat de son heure, qui est relue et recalculée."""
    stockage.ecrire(releves(0, 30))
    lot = releves(30, 90)
    ts, valeurs = np.array([r.ts for r in releves(0, 90)]), np.array([r.valeur for r in releves(0, 90)])
    stockage.ecrire_heures(*CLE, resumer_par_heure(Grandeur.INDEX_KWH.nature, ts, valeurs))
    requetes.clear()
    stockage.ecrire(lot)
    assert lit_des_releves_bruts(requetes)
    assert stockage.lire_heures(*CLE, 0, 4e9).nombre.tolist() == [12, 6]
    egaux_au_recalcul(stockage)
