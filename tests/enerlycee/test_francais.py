"""La ligne de commande en français : l'aide, les erreurs et les noms de valeurs de click, lancée
comme un utilisateur la lance (un processus `python -m enerlycee`)."""

import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from enerlycee.francais import LOCALE

ANGLAIS = re.compile(r"Usage:|Show this message|Commands:|Error:|No such|env var|default:|required\]|Try '|\bTEXT\b|\bINTEGER\b"
                     r"|\bCOMMAND\b|\[ARGS\]|does not exist|is not a valid")


def enerlycee(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "enerlycee", *arguments], capture_output=True, text=True, timeout=60)


def test_aide_et_erreurs_en_francais():
    aide = enerlycee("--help")
    assert aide.returncode == 0
    assert aide.stdout.startswith("Utilisation : enerlycee [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "Affiche cette aide et quitte." in aide.stdout and "Commandes:" in aide.stdout
    inconnue = enerlycee("inconnue")
    assert inconnue.returncode == 2 and "Erreur : Commande inconnue : 'inconnue'." in inconnue.stderr
    assert "Essayez « enerlycee --help » pour l'aide." in inconnue.stderr
    port = enerlycee("api", "--port", "abc")
    assert port.returncode == 2
    assert "Valeur invalide pour '--port' (variable d'environnement ENERLYCEE_PORT) : 'abc' n'est pas un nombre valide." in port.stderr
    fichier = enerlycee("sites", "importer", "/nulle/part.csv")
    assert "Fichier '/nulle/part.csv' introuvable." in fichier.stderr
    for sortie in (aide.stdout, inconnue.stderr, port.stderr, fichier.stderr):
        assert not ANGLAIS.findall(sortie), sortie


def test_aide_de_chaque_commande_sans_anglais():
    """Toutes les commandes et sous-commandes, leur aide lue dans un seul processus."""
    programme = textwrap.dedent("""
        from enerlycee.francais import parler_francais
        parler_francais()
        import click
        from click.testing import CliRunner
        from enerlycee.cli import main

        def parcourir(groupe, chemin):
            contexte = click.Context(groupe)
            for nom in groupe.list_commands(contexte):
                commande = groupe.get_command(contexte, nom)
                yield [*chemin, nom]
                if isinstance(commande, click.Group):
                    yield from parcourir(commande, [*chemin, nom])

        for chemin in [[], *parcourir(main, [])]:
            print(CliRunner().invoke(main, [*chemin, "--help"], prog_name="enerlycee").output)
    """)
    aides = subprocess.run([sys.executable, "-c", programme], capture_output=True, text=True, timeout=120, check=True).stdout
    assert aides.count("Utilisation : enerlycee") >= 25
    assert not ANGLAIS.findall(aides)


@pytest.mark.skipif(shutil.which("msgunfmt") is None, reason="gettext (msgfmt, msgunfmt) absent")
def test_catalogue_compile_a_jour(tmp_path):
    """messages.mo est bien messages.po compilé (msgfmt), lus tous deux par msgunfmt."""
    dossier = LOCALE / "fr" / "LC_MESSAGES"
    subprocess.run(["msgfmt", "--check-format", "-o", tmp_path / "frais.mo", dossier / "messages.po"], check=True)
    lus = [subprocess.run(["msgunfmt", mo], capture_output=True, text=True, check=True).stdout
           for mo in (dossier / "messages.mo", tmp_path / "frais.mo")]
    assert lus[0] == lus[1]
