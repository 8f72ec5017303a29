"""`enerlycee kits creer|revoquer` sans courtier : fichiers passwd et acl, fiche, refus."""

import stat

import pytest
from click.testing import CliRunner

from enerlycee.cli import main
from enerlycee.comptes_mqtt import ENTETE_ACL, empreinte_certificat
from tests.conftest import LYCEE_A, LYCEE_B, compteurs_du_jeu


@pytest.fixture
def registre(tmp_path):
    url = f"sqlite:///{tmp_path}/e.db"
    from noyau.stockage import ouvrir_stockage

    stockage = ouvrir_stockage(url)
    stockage.enregistrer_registre([LYCEE_A, LYCEE_B], compteurs_du_jeu())
    stockage.fermer()
    return url


def kits(*arguments, registre, dossier):
    commande = ["kits", *arguments, "--dossier-mosquitto", str(dossier)]
    if arguments[0] == "creer":
        commande += ["--courtier", "mqtts://mqtt.exemple.bzh:8883", "--stockage", registre]
    return CliRunner().invoke(main, commande)


def mot_de_passe(fiche: str) -> str:
    return next(ligne.split(":", 1)[1].strip() for ligne in fiche.splitlines() if ligne.startswith("Mot de passe"))


def test_creer_un_kit_hache_son_mot_de_passe_et_ecrit_ses_droits(registre, tmp_path, ac):
    dossier = tmp_path / "mosquitto"
    dossier.mkdir()
    (dossier / "certs").mkdir()
    (dossier / "certs" / "ac.crt").write_bytes((ac / "ac.crt").read_bytes())
    resultat = kits("creer", "--uai", "0350028r", "--compteur", "principal", "--compteur", "chaufferie",
                    "--compteur", "sonde-exterieure", "--nom", "atelier", registre=registre, dossier=dossier)
    assert resultat.exit_code == 0, resultat.output
    fiche = resultat.stdout
    secret = mot_de_passe(fiche)
    assert len(secret) == 24 and secret.isalnum()
    assert "Identifiant  : kit-0350028R-atelier" in fiche and "mqtts://mqtt.exemple.bzh:8883" in fiche
    assert empreinte_certificat(ac / "ac.crt") in fiche
    assert "lycees/0350028R/principal" in fiche and '"index_kwh":12345.678' in fiche
    assert '"index_m3":1234.567' in fiche and '"temperature_c":19.5' in fiche  # gaz en m³, sonde
    for fichier in dossier.rglob("*"):  # le mot de passe en clair n'est écrit nulle part
        assert fichier.is_dir() or secret.encode() not in fichier.read_bytes()
    passwd = (dossier / "passwd").read_text()
    assert passwd.startswith("kit-0350028R-atelier:$7$")
    acl = (dossier / "acl").read_text()
    assert acl.startswith(ENTETE_ACL)
    droits = "".join(f"topic write lycees/0350028R/{c}\n" for c in ("principal", "chaufferie", "sonde-exterieure"))
    assert f"user kit-0350028R-atelier\n{droits}" in acl  # ses compteurs, et rien d'autre
    for fichier in ("passwd", "acl"):
        assert stat.S_IMODE((dossier / fichier).stat().st_mode) == 0o640


def test_fiche_dans_un_fichier_0600_et_revocation(registre, tmp_path):
    dossier = tmp_path / "mosquitto"
    dossier.mkdir()
    fiche = tmp_path / "fiche.txt"
    premier = kits("creer", "--uai", LYCEE_A.uai, "--compteur", "principal", "--nom", "a", "--fiche", str(fiche),
                   registre=registre, dossier=dossier)
    assert premier.exit_code == 0, premier.output
    assert stat.S_IMODE(fiche.stat().st_mode) == 0o600
    assert mot_de_passe(fiche.read_text()) not in premier.output
    second = kits("creer", "--uai", LYCEE_B.uai, "--compteur", "principal", registre=registre, dossier=dossier)
    assert second.exit_code == 0, second.output
    assert "empreinte" not in second.stdout  # pas d'AC dans le dossier : celles du système
    autre = next(ligne.split(":", 1)[1].strip() for ligne in second.stdout.splitlines() if ligne.startswith("Identifiant"))
    assert autre.startswith(f"kit-{LYCEE_B.uai}-")

    revoque = kits("revoquer", "--uai", LYCEE_A.uai.lower(), "--nom", "a", registre=registre, dossier=dossier)
    assert revoque.exit_code == 0 and "systemctl reload mosquitto" in revoque.output
    acl = (dossier / "acl").read_text()
    assert "kit-0350028R-a" not in acl and "kit-0350028R-a" not in (dossier / "passwd").read_text()
    assert f"user {autre}\ntopic write lycees/{LYCEE_B.uai}/principal\n" in acl and "user enerlycee-collecteur" in acl
    encore = kits("revoquer", "--uai", LYCEE_A.uai, "--nom", "a", registre=registre, dossier=dossier)
    assert encore.exit_code == 1 and "kit inconnu" in encore.output


@pytest.mark.parametrize("arguments, motif", [
    (["--uai", "0350028A", "--compteur", "principal"], "lettre de contrôle"),
    (["--uai", "0750654D", "--compteur", "principal"], "absent du registre"),
    (["--uai", "0350028R", "--compteur", "cuisine"], "cuisine"),
    (["--uai", "0350028R", "--compteur", "principal", "--nom", "Mauvais:nom"], "nom de kit invalide"),
])
def test_refus_sans_rien_ecrire(registre, tmp_path, arguments, motif):
    dossier = tmp_path / "mosquitto"
    dossier.mkdir()
    resultat = kits("creer", *arguments, registre=registre, dossier=dossier)
    assert resultat.exit_code == 1 and motif in resultat.output
    assert not (dossier / "passwd").exists() and not (dossier / "acl").exists()


def test_un_kit_existant_n_est_pas_ecrase(registre, tmp_path):
    dossier = tmp_path / "mosquitto"
    dossier.mkdir()
    assert kits("creer", "--uai", LYCEE_A.uai, "--compteur", "principal", "--nom", "a", registre=registre, dossier=dossier).exit_code == 0
    avant = (dossier / "passwd").read_text(), (dossier / "acl").read_text()
    encore = kits("creer", "--uai", LYCEE_A.uai, "--compteur", "principal", "--nom", "a", registre=registre, dossier=dossier)
    assert encore.exit_code == 1 and "existe déjà" in encore.output
    assert ((dossier / "passwd").read_text(), (dossier / "acl").read_text()) == avant


def test_acl_neuve_du_meme_groupe_que_passwd_et_ancienne_gardee(registre, tmp_path):
    import grp
    import os
    import subprocess

    try:
        groupe = grp.getgrnam("mosquitto").gr_gid
    except KeyError:
        pytest.skip("pas de groupe mosquitto")
    if os.geteuid() != 0:
        pytest.skip("changer de groupe demande root")
    dossier = tmp_path / "mosquitto"
    dossier.mkdir()
    subprocess.run(["mosquitto_passwd", "-c", "-b", str(dossier / "passwd"), "enerlycee-collecteur", "x"], check=True)
    os.chown(dossier / "passwd", 0, groupe)
    assert kits("creer", "--uai", LYCEE_A.uai, "--compteur", "principal", registre=registre, dossier=dossier).exit_code == 0
    assert (dossier / "acl").stat().st_gid == groupe and (dossier / "passwd").stat().st_gid == groupe
    os.chmod(dossier / "acl", 0o600)
    assert kits("creer", "--uai", LYCEE_B.uai, "--compteur", "principal", registre=registre, dossier=dossier).exit_code == 0
    assert stat.S_IMODE((dossier / "acl").stat().st_mode) == 0o600 and (dossier / "acl").stat().st_gid == groupe
