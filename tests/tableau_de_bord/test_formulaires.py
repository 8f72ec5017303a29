"""L'écriture gardée du tableau de bord (formulaires.ecrire) dans une vraie requête Flask, sur un vrai
fichier SQLite : session, CSRF, limite partagée, rôle et lycée, journal. Le parcours complet, CSRF
compris, est éprouvé en navigateur (test_navigateur_acces.py)."""

import pytest
from flask import g

from noyau.communaute.audit import ecritures
from noyau.communaute.jetons import ECRIRE_SUIVI, creer_jeton, empreinte
from noyau.communaute.limite import LimiteEcritures
from noyau.communaute.sessions import ouvrir_session
from noyau.domaine.erreurs import AccesRefuse, Interdit, TropDEcritures
from tableau_de_bord.app import creer_tableau_de_bord
from tableau_de_bord.formulaires import ecrire
from tableau_de_bord.formulaires.rappel import executer
from tests.conftest import LYCEE_A, LYCEE_B


def _requete(app, identifiant: str | None = None):
    entetes = {"Cookie": f"enerlycee_session={identifiant}"} if identifiant else {}
    return app.server.test_request_context("/_dash-update-component", method="POST", headers=entetes)


def test_ecriture_gardee_session_csrf_limite_role_lycee_puis_journal(registre):
    limite = LimiteEcritures(registre, 3)
    app = creer_tableau_de_bord(registre, limite)
    code = creer_jeton(registre, "gestionnaire", LYCEE_A.uai)
    ecrites = []

    def ecriture(jeton) -> str:
        ecrites.append(jeton.role)
        return f"objet-{len(ecrites)}"

    with _requete(app):
        with pytest.raises(AccesRefuse, match="connectez-vous"):
            ecrire(ECRIRE_SUIVI, LYCEE_A.uai, "POST /api/v1/sites/x/objectifs", ecriture)
    with _requete(app, ouvrir_session(registre, code).identifiant):
        with pytest.raises(AccesRefuse, match="anti-CSRF"):
            ecrire(ECRIRE_SUIVI, LYCEE_A.uai, "POST /api/v1/sites/x/objectifs", ecriture)
        g.csrf_valid = True  # ce que CSRFProtect.protect() pose (éprouvé en navigateur)
        assert ecrire(ECRIRE_SUIVI, LYCEE_A.uai, f"POST /api/v1/sites/{LYCEE_A.uai}/objectifs", ecriture) == "objet-1"
        with pytest.raises(Interdit, match=f"ne vaut que pour le lycée {LYCEE_A.uai}"):
            ecrire(ECRIRE_SUIVI, LYCEE_B.uai, "POST /api/v1/sites/x/objectifs", ecriture)
        limite.compter(empreinte(code)[:12])  # une écriture par l'API, même code, même limite
        with pytest.raises(TropDEcritures, match="au plus 3 par minute"):
            ecrire(ECRIRE_SUIVI, LYCEE_A.uai, "POST /api/v1/sites/x/objectifs", ecriture)
    assert ecrites == ["gestionnaire"]
    [journal] = ecritures(registre)
    assert (journal.uai, journal.contenu) == (LYCEE_A.uai, {
        "role": "gestionnaire", "jeton": empreinte(code)[:12], "objet": "objet-1",
        "action": f"POST /api/v1/sites/{LYCEE_A.uai}/objectifs (tableau de bord)"})


def test_les_refus_deviennent_des_messages_en_francais(registre):
    app = creer_tableau_de_bord(registre)
    with _requete(app):
        reponse = executer(lambda valeurs: ecrire(ECRIRE_SUIVI, None, "PUT x", lambda j: "x"), {})
    assert reponse.erreurs == {"": "Accès refusé : connectez-vous avec un code d'accès pour écrire."}
