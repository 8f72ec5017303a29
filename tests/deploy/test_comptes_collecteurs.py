"""`enerlycee courtier ajouter-collecteur|retirer-collecteur` sans courtier : passwd, acl, fichier d'environnement."""

import stat

from click.testing import CliRunner

from enerlycee.cli import main
from enerlycee.comptes_mqtt import ENTETE_ACL


def courtier(*arguments, dossier):
    return CliRunner().invoke(main, ["courtier", *arguments, "--dossier-mosquitto", str(dossier)])


def test_un_compte_par_collecteur_son_mot_de_passe_dans_son_seul_fichier(tmp_path):
    dossier = tmp_path / "mosquitto"
    dossier.mkdir()
    for nom in ("9464", "9465"):
        resultat = courtier("ajouter-collecteur", "--nom", nom, "--fichier", str(tmp_path / f"c-{nom}.env"), dossier=dossier)
        assert resultat.exit_code == 0, resultat.output
    environnement = (tmp_path / "c-9464.env").read_text()
    assert stat.S_IMODE((tmp_path / "c-9464.env").stat().st_mode) == 0o600
    url = next(ligne for ligne in environnement.splitlines() if ligne.startswith("ENERLYCEE_MQTT="))
    secret = url.split(":")[2].split("@")[0]
    assert url == f"ENERLYCEE_MQTT=mqtt://enerlycee-collecteur-9464:{secret}@127.0.0.1:1884" and len(secret) == 24
    for fichier in dossier.iterdir():  # ni dans passwd, ni dans acl
        assert secret.encode() not in fichier.read_bytes()
    assert (dossier / "passwd").read_text().startswith("enerlycee-collecteur-9464:$7$")
    acl = (dossier / "acl").read_text()
    assert acl.startswith(ENTETE_ACL)
    assert "user enerlycee-collecteur-9465\ntopic read lycees/#\ntopic read $share/+/lycees/#\ntopic readwrite enerlycee/collecteurs/#\n" in acl

    encore = courtier("ajouter-collecteur", "--nom", "9464", "--fichier", str(tmp_path / "autre.env"), dossier=dossier)
    assert encore.exit_code == 1 and "existe déjà" in encore.output and not (tmp_path / "autre.env").exists()
    par_dessus = courtier("ajouter-collecteur", "--nom", "9466", "--fichier", str(tmp_path / "c-9465.env"), dossier=dossier)
    assert par_dessus.exit_code == 1 and "enerlycee-collecteur-9466" not in (dossier / "acl").read_text()

    retire = courtier("retirer-collecteur", "--nom", "9464", dossier=dossier)
    assert retire.exit_code == 0 and "systemctl reload mosquitto" in retire.output
    acl = (dossier / "acl").read_text()
    assert "enerlycee-collecteur-9464" not in acl and "enerlycee-collecteur-9464" not in (dossier / "passwd").read_text()
    assert "user enerlycee-collecteur-9465\n" in acl
    assert courtier("retirer-collecteur", "--nom", "9464", dossier=dossier).exit_code == 1
