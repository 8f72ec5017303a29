"""La version du tableau de bord servi : une empreinte de son code et de ses fichiers statiques
(tableau_de_bord/**/*.py, *.js, *.css) et de la version de Dash, écrite dans chaque page
(`<meta name="enerlycee-version">`). L'écran du hall la compare à celle du serveur quand il se
rafraîchit : une mise à jour du serveur le fait recharger une fois (assets/kiosque.js).
"""

import functools
import hashlib
from pathlib import Path

import dash

RACINE = Path(__file__).resolve().parent
SUFFIXES = (".py", ".js", ".css")


@functools.cache
def empreinte(racine: Path = RACINE) -> str:
    somme = hashlib.sha256(dash.__version__.encode())
    for chemin in sorted(p for p in racine.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
        somme.update(chemin.relative_to(racine).as_posix().encode())
        somme.update(chemin.read_bytes())
    return somme.hexdigest()[:16]
