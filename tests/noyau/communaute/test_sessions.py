"""Les sessions du tableau de bord, ouvertes par un code d'accès, sur un vrai fichier SQLite (le
contrat du stockage, tests/noyau/stockage, les éprouve aussi sur InfluxDB)."""

from dataclasses import replace

import pytest

from noyau.communaute.jetons import creer_jeton, empreinte, revoquer_jeton
from noyau.communaute.sessions import (
    DUREE_MAX_S,
    INACTIVITE_MAX_S,
    SessionFinie,
    fermer_session,
    noter_csrf,
    ouvrir_session,
    reprendre_session,
    secret_partage,
)
from noyau.domaine.erreurs import AccesRefuse
from noyau.domaine.temps import maintenant
from noyau.stockage import Jeton
from tests.conftest import LYCEE_A


@pytest.fixture
def code(registre):
    return creer_jeton(registre, "gestionnaire", LYCEE_A.uai)


def test_un_code_ouvre_une_session_que_le_stockage_garde_sans_son_identifiant(registre, code):
    ouverte = ouvrir_session(registre, f"  {code}\n")  # un code copié-collé avec ses blancs
    assert (ouverte.jeton.role, ouverte.jeton.uai) == ("gestionnaire", LYCEE_A.uai)
    gardee = registre.session(empreinte(ouverte.identifiant))
    assert gardee == ouverte.session and gardee.jeton == empreinte(code)
    assert registre.session(ouverte.identifiant) is None  # le stockage ne connaît que l'empreinte
    reprise = reprendre_session(registre, ouverte.identifiant)
    assert reprise.jeton == ouverte.jeton and reprise.session == ouverte.session  # vue il y a moins d'une minute : rien d'écrit
    avec_csrf = noter_csrf(registre, reprise, "secret")
    assert reprendre_session(registre, ouverte.identifiant).session.csrf == "secret" == avec_csrf.session.csrf
    fermer_session(registre, avec_csrf)
    with pytest.raises(SessionFinie, match="session terminée") as fin:
        reprendre_session(registre, ouverte.identifiant)
    assert fin.value.oubliee


@pytest.mark.parametrize("saisi, message", [("", "saisissez votre code"), ("   ", "saisissez votre code"),
                                            ("faux", "code d'accès inconnu")])
def test_code_absent_ou_inconnu(registre, saisi, message):
    with pytest.raises(AccesRefuse, match=message):
        ouvrir_session(registre, saisi)


def test_code_revoque_ou_expire_refuse_et_ferme_ses_sessions_a_la_requete_suivante(registre, code):
    ouverte = ouvrir_session(registre, code)
    revoquer_jeton(registre, empreinte(code)[:12])
    for _ in range(2):  # à chaque requête, avec sa raison
        with pytest.raises(SessionFinie, match="code d'accès révoqué : session terminée") as fin:
            reprendre_session(registre, ouverte.identifiant)
        assert not fin.value.oubliee
    with pytest.raises(AccesRefuse, match="code d'accès révoqué"):
        ouvrir_session(registre, code)
    registre.enregistrer_jeton(Jeton(empreinte("ancien"), "region", None, maintenant() - 100, maintenant() - 1))
    with pytest.raises(AccesRefuse, match="code d'accès expiré"):
        ouvrir_session(registre, "ancien")


@pytest.mark.parametrize("vieillir", [
    {"vu_le": INACTIVITE_MAX_S + 1},  # inactive trop longtemps
    {"cree_le": DUREE_MAX_S + 1},  # ouverte trop longtemps, même active
])
def test_session_expiree(registre, code, vieillir):
    ouverte = ouvrir_session(registre, code)
    instant = maintenant()
    registre.enregistrer_session(replace(ouverte.session, **{champ: instant - age for champ, age in vieillir.items()}))
    with pytest.raises(SessionFinie, match="session expirée") as fin:
        reprendre_session(registre, ouverte.identifiant)
    assert not fin.value.oubliee
    registre.purger_sessions(maintenant() - DUREE_MAX_S)  # à la prochaine ouverture : oubliée si trop ancienne
    with pytest.raises(SessionFinie, match="session terminée" if "cree_le" in vieillir else "session expirée"):
        reprendre_session(registre, ouverte.identifiant)


def test_activite_notee_au_plus_une_fois_par_minute(registre, code):
    ouverte = ouvrir_session(registre, code)
    registre.enregistrer_session(replace(ouverte.session, vu_le=ouverte.session.vu_le - 61))
    assert reprendre_session(registre, ouverte.identifiant).session.vu_le >= ouverte.session.vu_le


def test_les_sessions_trop_anciennes_purgees_a_chaque_ouverture(registre, code):
    ancienne = ouvrir_session(registre, code)
    registre.enregistrer_session(replace(ancienne.session, cree_le=maintenant() - DUREE_MAX_S - 1))
    ouvrir_session(registre, code)
    assert registre.session(ancienne.session.empreinte) is None


def test_secret_partage_cree_une_fois(registre):
    secret = secret_partage(registre)
    assert len(secret) >= 40 and secret_partage(registre) == secret
