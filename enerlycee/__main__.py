"""`enerlycee` et `python -m enerlycee` : la ligne de commande, en français (enerlycee.francais)."""

from enerlycee.francais import parler_francais


def lancer() -> None:
    parler_francais()
    from enerlycee.cli import main  # importée après : click nomme certains types dès leur construction

    main(prog_name="enerlycee")


if __name__ == "__main__":
    lancer()
