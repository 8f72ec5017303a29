import numpy as np
import pytest

from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve, SerieDeReleves, Source
from noyau.mesures.validation import Registre, valider, valider_series

MAINTENANT = 1_800_000_000.0
REGISTRE = Registre.depuis(
    ["0350028R"],
    [
        Compteur("0350028R", "principal", Energie.ELECTRICITE, True),
        Compteur("0350028R", "gaz", Energie.GAZ, True, coef_kwh_m3=None),
        Compteur("0350028R", "eau", Energie.EAU, True),
        Compteur("0350028R", "sonde", None, False),
    ],
)


def releve(compteur="principal", grandeur=Grandeur.INDEX_KWH, ts=MAINTENANT, uai="0350028R"):
    return Releve(uai, compteur, grandeur, ts, 1.0)


@pytest.mark.parametrize(
    ("candidat", "motif"),
    [
        (releve(uai="0290009C"), "site inconnu"),
        (releve(compteur="autre"), "compteur inconnu"),
        (releve(ts=MAINTENANT + 301), "horodatage dans le futur"),
        (releve("sonde", Grandeur.INDEX_KWH), "index_kwh reçu d'une sonde"),
        (releve("eau", Grandeur.PUISSANCE_W), "puissance_w reçu d'un compteur d'eau"),
        (releve("gaz", Grandeur.INDEX_M3), "index_m3 reçu mais le compteur gaz n'a pas de coef_kwh_m3"),
    ],
)
def test_rejet_motive(candidat, motif):
    acceptes, rejets = valider([candidat], REGISTRE, MAINTENANT)
    assert acceptes == [] and rejets[0].motif.startswith(motif)
    assert rejets[0].topic == f"lycees/{candidat.uai}/{candidat.compteur}"


def test_acceptes():
    candidats = [releve(ts=MAINTENANT + 299), releve("sonde", Grandeur.CO2_PPM), releve("eau", Grandeur.INDEX_M3)]
    acceptes, rejets = valider(candidats, REGISTRE, MAINTENANT)
    assert acceptes == candidats and rejets == []


def test_valeurs_invraisemblables_en_quarantaine_par_releve_et_par_serie():
    """Un index de 1,23e29 kWh, ±1,7e308, un index négatif, une humidité de 140 % : en quarantaine,
    avec un motif par grandeur qui ne cite pas la valeur ; les relevés plausibles de la même série restent."""
    fous = [(Grandeur.INDEX_KWH, 1.23e29), (Grandeur.INDEX_KWH, 1.7e308), (Grandeur.INDEX_KWH, -1.7e308),
            (Grandeur.INDEX_KWH, -5.0), (Grandeur.PUISSANCE_W, -20.0), (Grandeur.INDEX_M3, 2e10)]
    candidats = [Releve("0350028R", "eau" if g is Grandeur.INDEX_M3 else "principal", g, MAINTENANT, v) for g, v in fous]
    candidats += [Releve("0350028R", "sonde", Grandeur.HUMIDITE_PCT, MAINTENANT, 140.0)]
    acceptes, rejets = valider(candidats, REGISTRE, MAINTENANT)
    assert acceptes == []
    assert [r.motif for r in rejets] == ["index_kwh hors des bornes plausibles (de 0 à 10 milliards de kWh)"] * 4 + [
        "puissance_w hors des bornes plausibles (de 0 à 100 MW)", "index_m3 hors des bornes plausibles (de 0 à 10 milliards de m³)",
        "humidite_pct hors des bornes plausibles (de 0 à 100 %)"]
    serie = SerieDeReleves("0350028R", "principal", Grandeur.INDEX_KWH, MAINTENANT + np.arange(4.0),
                           np.array([10.0, 1.23e29, 11.0, -1.0]), Source.NATIF)
    gardees, rejets = valider_series([serie], REGISTRE, MAINTENANT + 10)
    assert gardees[0].valeurs.tolist() == [10.0, 11.0] and gardees[0].ts.tolist() == [MAINTENANT, MAINTENANT + 2]
    assert [r.contenu for r in rejets] == ['{"ts":1800000001.0,"index_kwh":1.23e+29}', '{"ts":1800000003.0,"index_kwh":-1.0}']
    plausibles = [Releve("0350028R", "principal", Grandeur.INDEX_KWH, MAINTENANT, 999_999_999.9),
                  Releve("0350028R", "sonde", Grandeur.TEMPERATURE_C, MAINTENANT, -12.5)]
    assert valider(plausibles, REGISTRE, MAINTENANT) == (plausibles, [])
