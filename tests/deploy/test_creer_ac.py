"""deploy/mosquitto/creer_ac.sh : l'AC, le certificat du courtier, son renouvellement."""

import ssl
import stat
import subprocess

from enerlycee.comptes_mqtt import empreinte_certificat
from tests.deploy.conftest import DEPLOY

SCRIPT = DEPLOY / "mosquitto" / "creer_ac.sh"


def creer_ac(dossier, *noms, **environnement):
    return subprocess.run(["sh", str(SCRIPT), str(dossier), *noms], capture_output=True, text=True, timeout=30,
                          env={"PATH": "/usr/bin:/bin", **environnement})


def test_ac_et_certificat_du_courtier(ac):
    for cle in ("ac.key", "serveur.key"):
        assert stat.S_IMODE((ac / cle).stat().st_mode) == 0o600
    contexte = ssl.create_default_context(cafile=ac / "ac.crt")
    assert len(contexte.get_ca_certs()) == 1
    texte = subprocess.run(["openssl", "x509", "-in", str(ac / "serveur.crt"), "-noout", "-text"],
                           capture_output=True, text=True, check=True).stdout
    assert "DNS:localhost" in texte and "IP Address:127.0.0.1" in texte and "TLS Web Server Authentication" in texte
    subprocess.run(["openssl", "verify", "-CAfile", str(ac / "ac.crt"), str(ac / "serveur.crt")], check=True, capture_output=True)


def test_renouvellement_garde_l_ac_meme_avec_sa_cle_rangee_ailleurs(tmp_path):
    dossier = tmp_path / "certs"
    premier = creer_ac(dossier, "mqtt.exemple.bzh")
    assert premier.returncode == 0, premier.stderr
    empreinte = empreinte_certificat(dossier / "ac.crt")
    assert empreinte in premier.stdout
    (dossier / "ac.key").rename(tmp_path / "ac-rangee.key")  # la clé de l'AC quitte le courtier
    sans_cle = creer_ac(dossier, "mqtt.exemple.bzh")
    assert sans_cle.returncode == 1 and "AC_CLE" in sans_cle.stderr
    renouvele = creer_ac(dossier, "mqtt.exemple.bzh", "127.0.0.2", AC_CLE=str(tmp_path / "ac-rangee.key"))
    assert renouvele.returncode == 0, renouvele.stderr
    assert empreinte_certificat(dossier / "ac.crt") == empreinte and not (dossier / "ac.key").exists()
    subprocess.run(["openssl", "verify", "-CAfile", str(dossier / "ac.crt"), str(dossier / "serveur.crt")], check=True, capture_output=True)
