"""« Acquitté = rangé » : le collecteur acquitte au courtier un lot dès que `ecrire` l'a rendu ;
avec SQLite, le lot doit alors être sur le disque, pas seulement dans le cache du système
(une coupure de courant après l'accusé le perdrait). En WAL, `synchronous=NORMAL` ne
synchronise le journal qu'aux points de reprise : il faut FULL. Vu par strace, pour de vrai."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[3]
ECRIVAIN = """
import os, sys
from noyau.domaine.modele import Grandeur, Releve
from noyau.stockage import ouvrir_stockage
from tests.conftest import LYCEE_A, compteurs_du_jeu

stockage = ouvrir_stockage(f"sqlite:///{sys.argv[1]}")
stockage.enregistrer_registre([LYCEE_A], compteurs_du_jeu()[:1])
os.write(1, b"ecrire\\n")
stockage.ecrire([Releve(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, 1.79e9, 1.0)])
os.write(1, b"rendu\\n")
os._exit(0)  # sans fermer : rien n'est synchronisé après coup
"""


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace absent")
def test_un_lot_ecrit_est_sur_le_disque_quand_ecrire_rend_la_main(tmp_path):
    trace = tmp_path / "trace"
    subprocess.run(["strace", "-f", "-y", "-e", "trace=fsync,fdatasync,write", "-o", str(trace),
                    sys.executable, "-c", ECRIVAIN, str(tmp_path / "enerlycee.db")],
                   cwd=RACINE, check=True, capture_output=True, timeout=60)
    appels = trace.read_text().splitlines()
    debut = next(n for n, ligne in enumerate(appels) if '"ecrire\\n"' in ligne)
    fin = next(n for n, ligne in enumerate(appels) if '"rendu\\n"' in ligne)
    assert any("sync(" in ligne and "enerlycee.db-wal>" in ligne for ligne in appels[debut:fin])
