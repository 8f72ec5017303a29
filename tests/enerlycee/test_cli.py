"""La ligne de commande, appelée comme un utilisateur l'appelle (options et environnement)."""

import hashlib

from click.testing import CliRunner

from enerlycee.cli import main
from noyau.stockage import ouvrir_stockage


def test_aide_sur_chaque_commande():
    for commande in (["--help"], ["demo", "--help"], ["collecteur", "--help"], ["api", "--help"],
                     ["simulateur", "--help"], ["sites", "importer", "--help"], ["compteurs", "importer", "--help"],
                     ["jetons", "creer", "--help"], ["jetons", "lister", "--help"], ["jetons", "revoquer", "--help"]):
        resultat = CliRunner().invoke(main, commande)
        assert resultat.exit_code == 0, commande
    assert "ENERLYCEE_STOCKAGE" in CliRunner().invoke(main, ["api", "--help"]).output


def test_import_puis_jeton_avec_le_stockage_venant_de_l_environnement(tmp_path):
    url = f"sqlite:///{tmp_path}/e.db"
    (tmp_path / "sites.csv").write_text("uai;nom;commune;surface_m2;latitude;longitude\n0350028R;Lycée Bréquigny;Rennes;21000;48.09;-1.68\n")
    env = {"ENERLYCEE_STOCKAGE": url}
    importe = CliRunner().invoke(main, ["sites", "importer", str(tmp_path / "sites.csv")], env=env)
    assert importe.exit_code == 0 and "1 lycée(s) importé(s)" in importe.output
    jeton = CliRunner().invoke(main, ["jetons", "creer", "--role", "gestionnaire", "--uai", "0350028r"], env=env)
    assert jeton.exit_code == 0
    valeur = jeton.output.strip()
    garde = ouvrir_stockage(url).jeton(hashlib.sha256(valeur.encode()).hexdigest())
    assert garde is not None and garde.role == "gestionnaire" and garde.uai == "0350028R"
    assert round((garde.expire_le - garde.cree_le) / 86400) == 365 and garde.revoque_le is None
    liste = CliRunner().invoke(main, ["jetons", "lister"], env=env)
    assert liste.exit_code == 0 and valeur not in liste.output
    assert f"{garde.empreinte[:12]}  gestionnaire 0350028R" in liste.output and "révoqué non" in liste.output
    revoque = CliRunner().invoke(main, ["jetons", "revoquer", garde.empreinte[:12]], env=env)
    assert revoque.exit_code == 0 and "révoqué" in revoque.output
    assert ouvrir_stockage(url).jeton(garde.empreinte).revoque_le is not None
    inconnu = CliRunner().invoke(main, ["jetons", "revoquer", "0123456789ab"], env=env)
    assert inconnu.exit_code == 1 and "aucun jeton" in inconnu.output


def test_erreurs_en_une_ligne_francaise(tmp_path):
    mauvais = CliRunner().invoke(main, ["collecteur", "--mqtt", "http://x", "--stockage", f"sqlite:///{tmp_path}/e.db"])
    assert mauvais.exit_code == 2 and "adresse MQTT invalide" in mauvais.output
    stockage = CliRunner().invoke(main, ["api", "--stockage", "postgres://x"])
    assert stockage.exit_code == 2 and "stockage non pris en charge" in stockage.output
    jeton = CliRunner().invoke(main, ["jetons", "creer", "--role", "region", "--uai", "0350028R", "--stockage", f"sqlite:///{tmp_path}/e.db"])
    assert jeton.exit_code == 1 and "pas de --uai" in jeton.output


def test_fichier_de_correspondances_fautif_arrete_le_collecteur_avant_tout(tmp_path):
    fichier = tmp_path / "correspondances.toml"
    fichier.write_text('[[liaison]]\nsujet = "tele/x/SENSOR"\nformat = "sonoff"\nuai = "0350028R"\ncompteur = "x"\n')
    resultat = CliRunner().invoke(main, ["collecteur", "--stockage", f"sqlite:///{tmp_path}/e.db", "--metriques-port", "0"],
                                  env={"ENERLYCEE_CORRESPONDANCES": str(fichier)})
    assert resultat.exit_code == 1
    assert "liaison n°1 (ligne 1) : format inconnu « sonoff »" in resultat.output
    assert CliRunner().invoke(main, ["kits", "ecouter", "--help"]).exit_code == 0
