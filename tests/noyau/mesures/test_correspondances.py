from pathlib import Path

import pytest

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.modele import Source
from noyau.mesures.correspondances import Liaison, lire_correspondances

EXEMPLE = Path(__file__).resolve().parents[3] / "docs" / "correspondances.exemple.toml"
LIAISON = '[[liaison]]\nsujet = "tele/prise/SENSOR"\nformat = "tasmota"\nuai = "0350028r"\ncompteur = "cdi"\n'


def ecrire(tmp_path, texte: str) -> Path:
    chemin = tmp_path / "correspondances.toml"
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def test_l_exemple_de_la_documentation_est_valide():
    liaisons = lire_correspondances(EXEMPLE)
    assert {liaison.format for liaison in liaisons} == {Source.TASMOTA, Source.SHELLY, Source.ZIGBEE2MQTT, Source.TIC, Source.EMONHUB}
    assert Liaison("emon/emontx4", Source.EMONHUB, "0290009C", "ateliers", None, (("E1", "Wh"), ("P1", "W"))) in liaisons
    assert Liaison("shellyplus1pm-a8032ab12345/events/rpc", Source.SHELLY, "0350028R", "chauffe-eau", "0") in liaisons


def test_uai_en_majuscules_canal_entier_en_texte(tmp_path):
    chemin = ecrire(tmp_path, LIAISON + "canal = 2\n")
    assert lire_correspondances(chemin) == [Liaison("tele/prise/SENSOR", Source.TASMOTA, "0350028R", "cdi", "2")]


@pytest.mark.parametrize("ajout, motif", [
    ('[[liaison]]\nsujet = "a/b"\nformat = "tasmota"\nuai = "0350028A"\ncompteur = "x"\n',
     "liaison n°2 (ligne 6) : UAI invalide « 0350028A » : la lettre de contrôle devrait être R"),
    ('[[liaison]]\nsujet = "a/b"\nformat = "tasmota"\nuai = "0350028R"\ncompteur = "Cantine"\n',
     "liaison n°2 (ligne 6) : identifiant de compteur invalide « Cantine »"),
    ('[[liaison]]\nsujet = "a/b"\nformat = "sonoff"\nuai = "0350028R"\ncompteur = "x"\n',
     "format inconnu « sonoff » (formats possibles : tasmota, shelly, zigbee2mqtt, tic, emonhub)"),
    ('[[liaison]]\nsujet = "a/#/c"\nformat = "tasmota"\nuai = "0350028R"\ncompteur = "x"\n',
     "sujet « a/#/c » : « + » doit occuper un niveau entier, « # » le dernier"),
    ('[[liaison]]\nsujet = "a/b+"\nformat = "tasmota"\nuai = "0350028R"\ncompteur = "x"\n', "« + » doit occuper un niveau entier"),
    ('[[liaison]]\nsujet = "lycees/#"\nformat = "tasmota"\nuai = "0350028R"\ncompteur = "x"\n',
     "les sujets lycees/... sont ceux du format natif"),
    ('[[liaison]]\nsujet = "a/b"\nformat = "tasmota"\nuai = "0350028R"\n', "compteur manquant"),
    ('[[liaison]]\nsujet = "a/b"\nformat = "tasmota"\nuai = "0350028R"\ncompteur = "x"\ncanal = 0\n',
     "canal « 0 » invalide pour tasmota : un numéro de voie à partir de 1 attendu"),
    ('[[liaison]]\nsujet = "a/b"\nformat = "tic"\nuai = "0350028R"\ncompteur = "x"\ncanal = "PAPP"\n', "canal « PAPP » invalide pour tic"),
    ('[[liaison]]\nsujet = "a/b"\nformat = "zigbee2mqtt"\nuai = "0350028R"\ncompteur = "x"\ncanal = "1"\n',
     "pas de canal pour le format zigbee2mqtt"),
    ('[[liaison]]\nsujet = "a/b"\nformat = "emonhub"\nuai = "0350028R"\ncompteur = "x"\n', "emonhub : « cles » attendu"),
    ('[[liaison]]\nsujet = "a/b"\nformat = "emonhub"\nuai = "0350028R"\ncompteur = "x"\ncles = { P1 = "kW" }\n',
     "unité « kW » de la clé P1 inconnue"),
    ('[[liaison]]\nsujet = "a/b"\nformat = "tasmota"\nuai = "0350028R"\ncompteur = "x"\ncles = { P1 = "W" }\n',
     "« cles » ne sert qu'au format emonhub"),
    ('[[liaison]]\nsujet = "a/b"\nformat = "tasmota"\nuai = "0350028R"\ncompteur = "x"\nsite = "y"\n', "clé inconnue « site »"),
    ('[[liaison]]\nsujet = "tele/prise/SENSOR"\nformat = "tasmota"\nuai = "0350028R"\ncompteur = "autre"\n',
     "sujet « tele/prise/SENSOR », canal (appareil entier) : déjà relié par la liaison n°1"),
    ('[[liaison]]\nsujet = "tele/prise/SENSOR"\nformat = "tic"\nuai = "0350028R"\ncompteur = "autre"\n',
     "sujet « tele/prise/SENSOR » déjà lu au format tasmota (liaison n°1)"),
])
def test_erreurs_precises_avec_numero_et_ligne(tmp_path, ajout, motif):
    chemin = ecrire(tmp_path, LIAISON + ajout)
    with pytest.raises(DonneeInvalide) as erreur:
        lire_correspondances(chemin)
    assert str(erreur.value).startswith(str(chemin)) and motif in str(erreur.value)


@pytest.mark.parametrize("texte, motif", [
    ("[[liaison]\n", "TOML illisible"),
    ("", "des tables [[liaison]] attendues"),
    (LIAISON + "[reglages]\nx = 1\n", "des tables [[liaison]] attendues, et rien d'autre"),
])
def test_fichier_mal_forme(tmp_path, texte, motif):
    with pytest.raises(DonneeInvalide, match=motif.replace("[", r"\[")):
        lire_correspondances(ecrire(tmp_path, texte))


def test_fichier_absent(tmp_path):
    with pytest.raises(DonneeInvalide, match="lecture impossible"):
        lire_correspondances(tmp_path / "absent.toml")


def test_emonhub_deux_compteurs_sur_un_noeud_mais_pas_deux_fois_la_meme_cle(tmp_path):
    emon = '[[liaison]]\nsujet = "emon/tx"\nformat = "emonhub"\nuai = "0350028R"\ncompteur = "{}"\ncles = {{ {} = "W" }}\n'
    assert len(lire_correspondances(ecrire(tmp_path, emon.format("a", "P1") + emon.format("b", "P2")))) == 2
    with pytest.raises(DonneeInvalide, match="clé P1 : déjà relié par la liaison n°1"):
        lire_correspondances(ecrire(tmp_path, emon.format("a", "P1") + emon.format("b", "P1")))
