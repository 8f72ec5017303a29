"""`enerlycee sauvegarde` pendant que le collecteur écrit, puis `enerlycee restaurer` dans un
stockage vide : mêmes totaux par lycée et par mois, lus par noyau.calculs.lecture."""

import stat
import threading

import numpy as np
from click.testing import CliRunner

from enerlycee.cli import main
from noyau.calculs.lecture import consommation_sites
from noyau.communaute.jetons import creer_jeton
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Grandeur, Rejet, Releve
from noyau.domaine.periodes import Pas
from noyau.domaine.temps import lire_borne
from noyau.stockage import ouvrir_stockage
from tests.conftest import LYCEE_A

MAI = lire_borne("2026-05-01").timestamp()
LOT = 36  # relevés par écriture (une transaction), un par minute, 10 kWh chacun


def totaux_mensuels(stockage, debut="2026-03-01", fin="2026-06-01") -> dict:
    return {
        (c.uai, energie, p.debut): (round(p.valeur, 9), p.complet)
        for energie in (Energie.ELECTRICITE, Energie.GAZ)
        for c in consommation_sites(stockage, energie, lire_borne(debut), lire_borne(fin), Pas.MOIS)
        for p in c.points
    }


def ecrire_en_continu(url: str, arret: threading.Event, lots: list[int]) -> None:
    """Un second écrivain (une autre connexion, comme le collecteur) : des lots de mai, sans fin."""
    ecrivain = ouvrir_stockage(url)
    while not arret.is_set():
        debut = len(lots) * LOT
        ecrivain.ecrire([Releve(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, MAI + 60.0 * k, 10.0 * k)
                         for k in range(debut, debut + LOT)])
        lots.append(debut)
    ecrivain.fermer()


def test_sauvegarde_a_chaud_puis_restauration_memes_totaux(stockage_rempli, tmp_path):
    source = stockage_rempli
    url = f"sqlite:///{source.chemin}"
    jeton = creer_jeton(source, "region", None)
    source.ecrire([], [Rejet(MAI, "lycees/0350028R/inconnu", "compteur inconnu", "{}", LYCEE_A.uai, "inconnu")])
    source.noter_etat("collecteur", {"connecte": False, "recus": 12})
    arret, lots = threading.Event(), []
    ecrivain = threading.Thread(target=ecrire_en_continu, args=(url, arret, lots))
    ecrivain.start()
    try:
        while len(lots) < 3:
            arret.wait(0.01)
        sauvegarde = CliRunner().invoke(main, ["sauvegarde", "--stockage", url, "--vers", str(tmp_path / "sauvegarde.db")])
        pendant = len(lots)
        while len(lots) < pendant + 3:
            arret.wait(0.01)
    finally:
        arret.set()
        ecrivain.join(30)
    assert sauvegarde.exit_code == 0, sauvegarde.output
    assert "Sauvegarde vérifiée" in sauvegarde.output
    fichier = tmp_path / "sauvegarde.db"
    assert stat.S_IMODE(fichier.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("sauvegarde")) == ["sauvegarde.db"]  # un seul fichier

    vide = f"sqlite:///{tmp_path}/restaure/enerlycee.db"
    restaure = CliRunner().invoke(main, ["restaurer", "--de", str(fichier), "--stockage", vide])
    assert restaure.exit_code == 0, restaure.output
    copie = ouvrir_stockage(vide)

    # Ce qui était là avant : mêmes totaux par lycée, énergie et mois ; registre, jeton, quarantaine, état.
    avant_mai = totaux_mensuels(source, fin="2026-05-01")
    assert avant_mai and totaux_mensuels(copie, fin="2026-05-01") == avant_mai
    assert copie.sites() == source.sites() and copie.compteurs() == source.compteurs()
    assert [j.empreinte for j in copie.jetons()] == [j.empreinte for j in source.jetons()] and jeton
    assert copie.motifs_rejet() == source.motifs_rejet()
    assert copie.lire_etat("collecteur")[0] == {"connecte": False, "recus": 12}

    # Ce qui s'écrivait pendant : des lots entiers (des transactions), et des agrégats d'accord
    # avec les relevés bruts de l'instantané.
    mai = copie.lire_releves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, MAI, 4e9)
    assert len(mai.ts) % LOT == 0 and 3 * LOT <= len(mai.ts) <= pendant * LOT
    assert np.array_equal(mai.valeurs, 10.0 * np.arange(len(mai.ts)))
    conso = consommation_sites(copie, Energie.ELECTRICITE, lire_borne("2026-05-01"), lire_borne("2026-06-01"), Pas.MOIS, [LYCEE_A.uai])
    pas_en_mai = min(len(mai.ts) - 1, 31 * 1440)  # l'écrivain a pu dépasser le 1er juin
    assert conso[0].resolution == "jour" and conso[0].points[0].valeur == 10.0 * pas_en_mai

    # Et la source, une fois l'écrivain arrêté, a tout : la sauvegarde suivante aussi.
    encore = CliRunner().invoke(main, ["sauvegarde", "--stockage", url, "--vers", str(fichier)])
    assert encore.exit_code == 0
    copie.fermer()  # restaurer se fait stockage arrêté : la base est remplacée par un renommage
    remplace = CliRunner().invoke(main, ["restaurer", "--de", str(fichier), "--stockage", vide, "--ecraser"])
    assert remplace.exit_code == 0, remplace.output
    copie = ouvrir_stockage(vide)
    assert totaux_mensuels(copie) == totaux_mensuels(source)
    copie.fermer()


def test_restaurer_ne_remplace_pas_un_stockage_en_service(stockage_rempli, tmp_path):
    url = f"sqlite:///{stockage_rempli.chemin}"
    assert CliRunner().invoke(main, ["sauvegarde", "--stockage", url, "--vers", str(tmp_path / "s.db")]).exit_code == 0
    plein = CliRunner().invoke(main, ["restaurer", "--de", str(tmp_path / "s.db"), "--stockage", url])
    assert plein.exit_code == 1 and "--ecraser" in plein.output
    stockage_rempli.noter_etat("collecteur:enerlycee-collecteur", {"connecte": True})
    en_service = CliRunner().invoke(main, ["restaurer", "--de", str(tmp_path / "s.db"), "--stockage", url, "--ecraser"])
    assert en_service.exit_code == 1 and "l'arrêter d'abord" in en_service.output
    pas_une_base = tmp_path / "texte.db"
    pas_une_base.write_text("bonjour")
    illisible = CliRunner().invoke(main, ["restaurer", "--de", str(pas_une_base), "--stockage", f"sqlite:///{tmp_path}/n.db"])
    assert illisible.exit_code == 1 and "texte.db" in illisible.output


def test_sauvegardes_datees_dans_un_dossier_et_rotation(stockage_rempli, tmp_path):
    url = f"sqlite:///{stockage_rempli.chemin}"
    dossier = tmp_path / "sauvegardes"
    dossier.mkdir()
    for ancienne in ("enerlycee-20260101-033000.db", "enerlycee-20260102-033000.db"):
        (dossier / ancienne).write_bytes(b"")
    resultat = CliRunner().invoke(main, ["sauvegarde", "--stockage", url, "--vers", str(dossier), "--garder", "2"])
    assert resultat.exit_code == 0, resultat.output
    restantes = sorted(p.name for p in dossier.iterdir())
    assert len(restantes) == 2 and restantes[0] == "enerlycee-20260102-033000.db"


def test_influxdb_renvoie_a_ses_outils():
    resultat = CliRunner().invoke(main, ["sauvegarde", "--stockage", "influxdb://127.0.0.1:1/enerlycee?version=1", "--vers", "x.db"])
    assert resultat.exit_code == 1 and "influxd backup -portable" in resultat.output


def test_restauration_ratee_ne_laisse_rien(stockage_rempli, tmp_path):
    """Une sauvegarde refusée : pas de base vide créée à sa place, et un stockage existant intact."""
    pas_une_base = tmp_path / "sauvegardes" / "texte.db"
    pas_une_base.parent.mkdir()
    pas_une_base.write_text("bonjour")
    dossier = tmp_path / "donnees"
    dossier.mkdir()
    rate = CliRunner().invoke(main, ["restaurer", "--de", str(pas_une_base), "--stockage", f"sqlite:///{dossier}/n.db"])
    assert rate.exit_code == 1 and "texte.db" in rate.output
    assert list(dossier.iterdir()) == []
    avant = totaux_mensuels(stockage_rempli)
    url = f"sqlite:///{stockage_rempli.chemin}"
    stockage_rempli.fermer()
    fichiers = sorted(stockage_rempli.chemin.parent.iterdir())
    rate = CliRunner().invoke(main, ["restaurer", "--de", str(pas_une_base), "--stockage", url, "--ecraser"])
    assert rate.exit_code == 1 and "texte.db" in rate.output
    assert sorted(stockage_rempli.chemin.parent.iterdir()) == fichiers
    intact = ouvrir_stockage(url)
    assert totaux_mensuels(intact) == avant
    intact.fermer()
