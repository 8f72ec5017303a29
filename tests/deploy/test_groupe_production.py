"""Un groupe de collecteurs sur le courtier de production (comptes, ACL) : chaque membre y annonce
son état (droit `topic readwrite enerlycee/collecteurs/#` des comptes de collecteurs), et un membre
arrêté quitte le groupe sans garder de part des relevés."""

from collecteur import Collecteur
from noyau.mesures.protocole import encoder, sujet
from tests.collecteur.test_collecteur import nombre_releves
from tests.conftest import LYCEE_A, attendre
from tests.deploy.conftest import Kit

TS = 1_790_000_000  # 2026-09-21, dans le passé


def test_un_membre_arrete_quitte_le_groupe_sur_le_courtier_de_production(courtier_production, registre, tmp_path):
    membres = []
    for nom in ("9464", "9465"):
        compte = courtier_production.ajouter_collecteur(nom, tmp_path / f"collecteur-{nom}.env")
        service = Collecteur(registre, courtier_production.adresse_collecteurs(compte), tmp_path / f"spool-{nom}.db",
                             f"enerlycee-collecteur-{nom}", groupe="enerlycee")
        service.demarrer()
        attendre(lambda s=service: s.client.connecte, f"collecteur {nom} connecté")
        membres.append(service)
    premier, second = membres
    try:
        attendre(lambda: sorted(premier.groupe._membres) == ["enerlycee-collecteur-9464", "enerlycee-collecteur-9465"],
                 "chacun voit l'autre en ligne")
        second.arreter()  # il voit le premier en ligne : il quitte le groupe et supprime sa session
        kit = Kit(courtier_production.adresse("kit-0350028R-a"))
        for n in range(200):
            assert kit.publier(sujet(LYCEE_A.uai, "principal"), encoder({"ts": TS + 60 * n, "index_kwh": float(n)})) == 0
        kit.fermer()
        attendre(lambda: nombre_releves(registre) == 200, "les 200 relevés rangés par le membre resté")
        assert premier.ecrivain.compteurs.recus == 200
    finally:
        premier.arreter()
