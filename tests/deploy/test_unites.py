"""Les unités systemd de deploy/systemd : chaque ExecStart est une commande `enerlycee` qui
existe, avec des options qui existent ; `systemd-analyze verify` les accepte (s'il est là)."""

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from enerlycee.cli import main
from tests.deploy.conftest import DEPLOY

UNITES = sorted((DEPLOY / "systemd").glob("enerlycee*.service")) + sorted((DEPLOY / "systemd").glob("*.timer"))
EXECUTABLE = "/opt/enerlycee/venv/bin/enerlycee"


def lancements(unite: Path) -> list[list[str]]:
    return [shlex.split(ligne.split("=", 1)[1]) for ligne in unite.read_text().splitlines() if ligne.startswith("ExecStart=")]


@pytest.mark.parametrize("unite", [u for u in UNITES if u.suffix == ".service"], ids=lambda u: u.name)
def test_chaque_lancement_est_une_commande_enerlycee_valide(unite):
    texte = unite.read_text()
    for reglage in ("User=enerlycee", "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
                    "ReadWritePaths=/var/lib/enerlycee", "EnvironmentFile=/etc/enerlycee/enerlycee.env"):
        assert reglage in texte.splitlines(), reglage
    (lancement,) = lancements(unite)
    assert lancement[0] == EXECUTABLE
    commande, arguments = main, lancement[1:]
    while isinstance(commande, click.Group):
        commande, arguments = commande.get_command(click.Context(commande), arguments[0]), arguments[1:]
    connues = {nom for p in commande.params for nom in p.opts}
    assert {a for a in arguments if a.startswith("--")} <= connues
    commande.make_context(commande.name, [a.replace("%i", "9464") for a in arguments], resilient_parsing=True)


def test_systemd_analyze_verify(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze absent")
    executable = Path(sys.executable).with_name("enerlycee")
    noms = []
    for unite in UNITES:
        texte = unite.read_text().replace(EXECUTABLE, str(executable))
        nom = unite.name.replace("@.", "@9464.") if "collecteur" in unite.name else unite.name.replace("@.", "@8001.")
        (tmp_path / nom).write_text(texte)
        noms.append(str(tmp_path / nom))
    resultat = subprocess.run(["systemd-analyze", "verify", "--man=no", *noms], capture_output=True, text=True, timeout=60)
    assert resultat.returncode == 0 and resultat.stderr.strip() == "", resultat.stderr
