import pytest

from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Releve
from noyau.mesures.validation import Registre, valider

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
