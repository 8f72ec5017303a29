"""La puissance apparente (VA) des compteurs Linky : gardée telle quelle, jamais comptée en énergie."""

from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Nature, Releve, Source
from noyau.mesures.protocole import decoder
from noyau.mesures.validation import Registre, valider

UAI = "0350028R"
REGISTRE = Registre.depuis([UAI], [
    Compteur(UAI, "linky", Energie.ELECTRICITE, True), Compteur(UAI, "chaufferie", Energie.GAZ, True, "", 10.8)])


def test_grandeur_sans_energie_en_va():
    assert Grandeur.PUISSANCE_APPARENTE_VA.nature is Nature.AMBIANCE
    assert Grandeur.PUISSANCE_APPARENTE_VA.unite == "VA"


def test_acceptee_d_un_compteur_electrique_seulement():
    releves = [Releve(UAI, c, Grandeur.PUISSANCE_APPARENTE_VA, 1.0, 860.0, Source.TIC) for c in ("linky", "chaufferie")]
    acceptes, rejets = valider(releves, REGISTRE, 2.0)
    assert [r.compteur for r in acceptes] == ["linky"]
    assert [r.motif for r in rejets] == ["puissance_apparente_va reçue d'un compteur qui n'est pas électrique"]
    assert rejets[0].contenu == '{"ts":1.0,"puissance_apparente_va":860.0,"source":"tic"}'  # la provenance reste visible


def test_hors_du_contrat_natif():
    decodage = decoder(f"lycees/{UAI}/linky", b'{"ts": 1795884966, "puissance_apparente_va": 860}', 1795885000.0)
    assert decodage.releves == [] and decodage.rejets[0].motif == "aucune grandeur connue dans le relevé"
