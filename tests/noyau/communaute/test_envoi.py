"""L'envoi des alertes aux abonnés, sur un vrai relais SMTP local et un vrai récepteur de webhooks :
une nuit anormale plantée, un message par abonné dans son rythme, au bon contenu ; un résumé qui
groupe ; les heures calmes ; le désabonnement ; rien pour une alerte prise en charge ; un relais
en panne réessayé avec un délai croissant et signalé."""

import hashlib
import hmac
import subprocess
from datetime import date, datetime
from urllib.parse import quote

import pytest

from noyau.communaute.abonnements import abonnements_de, creer_abonnement, supprimer_abonnement
from noyau.communaute.alertes import Seuils, verifier_site, verifier_tout
from noyau.communaute.canaux import lire_relais
from noyau.communaute.envoi import ReglagesEnvoi, envoyer, prochaine_echeance
from noyau.communaute.file_alertes import changer_etat
from noyau.communaute.jetons import creer_jeton, empreinte
from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.temps import PARIS, a_paris, maintenant
from tests.conftest import port_libre
from tests.noyau.jeu_journalier import SITES, UAI, UAI_B, compteurs, releves_journaliers
from tests.relais_locaux import MOT_DE_PASSE, UTILISATEUR, recepteur_webhook, relais_smtp
from tests.tableau_de_bord.navigateur import RACINE

ADRESSE = "https://enerlycee.example"
DEUX_KW = date(2025, 12, 9)


def planter(stockage, uai: str, nuits: tuple[date, ...], fin: date = date(2025, 12, 11)) -> None:
    """1 kW jour et nuit, 2 kW les jours de `nuits` : leur nuit (0 h - 5 h) est anormale."""
    stockage.ecrire(releves_journaliers(uai, "principal", lambda jour: 48.0 if jour in nuits else 24.0, date(2025, 11, 3), fin))


def code(stockage, role: str, uai: str | None = None):
    return stockage.jeton(empreinte(creer_jeton(stockage, role, uai)))


@pytest.fixture
def parc(stockage):
    stockage.enregistrer_registre(SITES, compteurs(UAI) + compteurs(UAI_B))
    return stockage


@pytest.fixture
def smtp():
    port = port_libre()
    with relais_smtp(port) as boite:
        yield port, boite


def reglages(port: int) -> ReglagesEnvoi:
    relais = lire_relais(f"smtp://{UTILISATEUR}:{quote(MOT_DE_PASSE, safe='')}@127.0.0.1:{port}")
    return ReglagesEnvoi(relais, "Enerlycée <alertes@enerlycee.example>", ADRESSE, webhooks_prives=True)  # le récepteur est local


def test_un_message_par_abonne_dans_son_rythme(parc, smtp):
    port, boite = smtp
    region, gestion_a, gestion_b = code(parc, "region"), code(parc, "gestionnaire", UAI), code(parc, "gestionnaire", UAI_B)
    with recepteur_webhook() as crochet:
        immediat_a = creer_abonnement(parc, gestion_a, "courriel", "gestion@lycee-a.fr", UAI, [], "immediat")
        creer_abonnement(parc, gestion_b, "courriel", "gestion@lycee-b.fr", UAI_B, [], "immediat")
        webhook = creer_abonnement(parc, region, "webhook", crochet.adresse, None, ["nuit"], "immediat")
        creer_abonnement(parc, region, "courriel", "silences@region.fr", None, ["kit-silencieux"], "immediat")
        quotidien = creer_abonnement(parc, region, "courriel", "energie@region.fr", None, [], "quotidien")
        creer_abonnement(parc, region, "courriel", "calme@region.fr", None, [], "quotidien", "06:00-09:00")
        planter(parc, UAI, (DEUX_KW, date(2025, 12, 12)), fin=date(2025, 12, 13))  # le 12 : examiné plus tard
        planter(parc, UAI_B, (DEUX_KW, date(2025, 12, 10)))
        assert verifier_tout(parc, Seuils(), datetime(2025, 12, 11, 12, tzinfo=PARIS).timestamp()) == 3
        changer_etat(parc, UAI_B, f"{UAI_B}-nuit-electricite-2025-12-09", "prise-en-charge", par=gestion_b)  # rien pour elle

        t = maintenant()
        assert envoyer(parc, reglages(port), t).envoyes == 3
        [courriel] = boite.pour("gestion@lycee-a.fr")
        assert courriel["Subject"] == "[Enerlycée] Consommation de nuit — Lycée A"
        assert courriel["From"] == "Enerlycée <alertes@enerlycee.example>" and courriel["List-Unsubscribe"] == f"<{ADRESSE}/abonnements>"
        texte = courriel.get_content()
        for attendu in (
            "Ce qui s'est passé : Nuit du 08/12 au 09/12/2025 (0 h - 5 h) : électricité à 2,0\u00a0kW en moyenne",
            "Quand : à partir du 09/12/2025 à 00:00 ; alerte levée le ",
            "Au-dessus de l'habitude : 2,0 fois l'habitude (2,0\u00a0kW contre 1,0\u00a0kW ; seuil : 1,5 fois).",
            f"Voir la courbe : {ADRESSE}/lycee/{UAI}?energie=electricite&debut=2025-12-02&fin=2025-12-10",
            "À vérifier d'abord : la programmation horaire du chauffage et de la ventilation (CTA)",
            f"Se désabonner : page {ADRESSE}/abonnements (avec le même code d'accès), ou DELETE "
            f"{ADRESSE}/api/v1/abonnements/{immediat_a.identifiant}",
        ):
            assert attendu in texte
        [message_b] = boite.pour("gestion@lycee-b.fr")
        assert "Nuit du 09/12 au 10/12/2025" in message_b.get_content() and "08/12 au 09/12" not in message_b.get_content()
        [(entetes, corps)] = crochet.recus
        attendue = "sha256=" + hmac.new(webhook.secret.encode("utf-8"), corps, hashlib.sha256).hexdigest()
        assert entetes["X-Enerlycee-Signature"] == attendue
        [donnees] = crochet.corps()
        assert [(a["uai"], a["regle"], a["etat"]) for a in donnees["alertes"]] == [(UAI, "nuit", "nouvelle"), (UAI_B, "nuit", "nouvelle")]
        assert donnees["alertes"][0]["lien"].startswith(f"{ADRESSE}/lycee/{UAI}?") and donnees["alertes"][0]["facteur"] == 2.0
        assert boite.pour("silences@region.fr") == [] and boite.pour("energie@region.fr") == []  # autre règle ; résumé pas encore

        assert envoyer(parc, reglages(port)).envoyes == 0  # une seule fois par abonné
        supprimer_abonnement(parc, gestion_a, immediat_a.identifiant)
        assert [a.identifiant for a in verifier_site(parc, UAI, Seuils(), datetime(2025, 12, 13, 12, tzinfo=PARIS).timestamp())] == [
            f"{UAI}-nuit-electricite-2025-12-12"]
        assert envoyer(parc, reglages(port)).envoyes == 1  # le webhook, plus l'abonné parti
        assert len(boite.pour("gestion@lycee-a.fr")) == 1 and len(crochet.recus) == 2

    sept_heures = prochaine_echeance("quotidien", quotidien.cree_le)
    assert a_paris(sept_heures).hour == 7 and sept_heures > t
    assert envoyer(parc, reglages(port), sept_heures - 60).envoyes == 0
    assert envoyer(parc, reglages(port), sept_heures + 60).envoyes == 1  # heures calmes de 6 h à 9 h : pas encore
    [resume] = boite.pour("energie@region.fr")
    assert resume["Subject"].startswith("[Enerlycée] 3 alertes nouvelles — résumé quotidien (7 h) du ")
    assert resume.get_content().count("Ce qui s'est passé") == 3 and "Nuit du 08/12 au 09/12/2025 (0 h - 5 h) : électricité" \
        in resume.get_content() and f"{UAI_B}-nuit-electricite-2025-12-09" not in resume.get_content()
    assert boite.pour("calme@region.fr") == []
    assert envoyer(parc, reglages(port), sept_heures + 2 * 3600 + 60).envoyes == 1
    assert boite.pour("calme@region.fr")[0]["Subject"] == resume["Subject"]
    assert envoyer(parc, reglages(port), sept_heures + 3 * 3600).envoyes == 0  # un résumé par jour
    assert parc.lire_etat("envoi")[0]["etat"] == "ok"


def test_un_relais_en_panne_est_reessaye_et_signale(parc):
    port = port_libre()  # personne n'y écoute encore
    gestion = code(parc, "gestionnaire", UAI)
    abonnement = creer_abonnement(parc, gestion, "courriel", "gestion@lycee-a.fr", UAI, [], "immediat")
    planter(parc, UAI, (DEUX_KW,))
    verifier_tout(parc, Seuils(), datetime(2025, 12, 11, 12, tzinfo=PARIS).timestamp())
    t = maintenant() + 1
    bilan = envoyer(parc, reglages(port), t)
    assert (bilan.envoyes, bilan.en_echec) == (0, 1)
    etat, _ = parc.lire_etat("envoi")
    [echec] = etat["en_echec"]
    assert etat["etat"] == "en-panne" and (echec["abonnement"], echec["canal"], echec["echecs"]) == (abonnement.identifiant, "courriel", 1)
    assert f"relais smtp://127.0.0.1:{port} injoignable" in echec["erreur"] and "gestion@" not in str(etat)
    assert MOT_DE_PASSE not in str(etat) and echec["prochain_essai"] == t + 60
    assert envoyer(parc, reglages(port), t + 30).en_echec == 1  # attend son délai
    envoyer(parc, reglages(port), t + 61)
    assert parc.lire_etat("envoi")[0]["en_echec"][0]["prochain_essai"] == t + 61 + 120  # délai doublé
    with relais_smtp(port) as boite:
        assert envoyer(parc, reglages(port), t + 100).envoyes == 0
        assert envoyer(parc, reglages(port), t + 182).envoyes == 1
        [courriel] = boite.pour("gestion@lycee-a.fr")
        assert "Nuit du 08/12 au 09/12/2025" in courriel.get_content()
    assert parc.lire_etat("envoi")[0]["etat"] == "ok" and parc.lire_etat("envoi")[0]["en_echec"] == []
    [relu] = abonnements_de(parc, gestion)
    assert relu.avancement.echecs == 0


def test_un_webhook_local_refuse_ou_qui_repond_500_est_reessaye(parc, smtp):
    region = code(parc, "region")
    with recepteur_webhook() as crochet:
        creer_abonnement(parc, region, "webhook", crochet.adresse, UAI, [], "immediat")
        planter(parc, UAI, (DEUX_KW,))
        verifier_tout(parc, Seuils(), datetime(2025, 12, 11, 12, tzinfo=PARIS).timestamp())
        t = maintenant() + 1
        sans_prives = ReglagesEnvoi(None, "x@y.fr", ADRESSE)  # par défaut : un hôte local est refusé
        assert envoyer(parc, sans_prives, t).en_echec == 1 and crochet.recus == []
        assert parc.lire_etat("envoi")[0]["en_echec"][0]["erreur"].startswith("adresse du webhook locale ou privée : refusée")
        crochet.statut = 500
        t += 61
        assert envoyer(parc, reglages(smtp[0]), t).en_echec == 1
        assert parc.lire_etat("envoi")[0]["en_echec"][0]["erreur"] == "le webhook a répondu 500"
        crochet.statut = 200
        assert envoyer(parc, reglages(smtp[0]), t + 121).envoyes == 1 and len(crochet.recus) == 1


def test_abonnements_reserves_aux_adultes_et_valides(parc):
    from noyau.domaine.erreurs import Interdit, Introuvable

    gestion, region = code(parc, "gestionnaire", UAI), code(parc, "region")
    for role in ("enseignant", "eco-delegue"):
        with pytest.raises(Interdit, match=f"le rôle {role} ne permet pas"):
            creer_abonnement(parc, code(parc, role, UAI), "courriel", "prof@lycee-a.fr", UAI, [], "immediat")
    with pytest.raises(Interdit, match=f"ne vaut que pour le lycée {UAI}"):
        creer_abonnement(parc, gestion, "courriel", "g@lycee-a.fr", None, [], "immediat")
    with pytest.raises(Interdit, match=f"ne vaut que pour le lycée {UAI}"):
        creer_abonnement(parc, gestion, "courriel", "g@lycee-a.fr", UAI_B, [], "immediat")
    for canal, destination, regles, rythme, calmes, message in (
        ("courriel", "pas-une-adresse", [], "immediat", None, "adresse électronique invalide"),
        ("webhook", "ftp://exemple.fr/x", [], "immediat", None, "adresse de webhook invalide"),
        ("pigeon", "x@y.fr", [], "immediat", None, "canal inconnu"),
        ("courriel", "x@y.fr", ["orage"], "immediat", None, "règle d'alerte inconnue « orage »"),
        ("courriel", "x@y.fr", [], "mensuel", None, "rythme inconnu"),
        ("courriel", "x@y.fr", [], "immediat", "22h-7h", "heures calmes illisibles"),
    ):
        with pytest.raises(DonneeInvalide, match=message):
            creer_abonnement(parc, region, canal, destination, None, regles, rythme, calmes)
    with pytest.raises(Introuvable, match="lycée inconnu"):
        creer_abonnement(parc, region, "courriel", "x@y.fr", "0750654D", [], "immediat")
    a = creer_abonnement(parc, gestion, "courriel", "g@lycee-a.fr", UAI, ["nuit", "nuit"], "hebdomadaire", "22:00-07:00")
    assert a.regles == ("nuit",) and abonnements_de(parc, region) == [] and [x.identifiant for x in abonnements_de(parc, gestion)] == [a.identifiant]
    with pytest.raises(Introuvable, match="abonnement inconnu"):
        supprimer_abonnement(parc, region, a.identifiant)  # celui d'un autre code
    assert a_paris(prochaine_echeance("hebdomadaire", a.cree_le)).strftime("%A %H:%M") in ("Monday 07:00", "lundi 07:00")
    parc.revoquer_jeton(gestion.empreinte, maintenant())  # code révoqué : son adresse est effacée au passage suivant
    envoyer(parc, ReglagesEnvoi(None, "x@y.fr", ADRESSE))
    assert parc.documents("abonnements") == []


@pytest.mark.parametrize("mode", ["starttls", "smtps"])
def test_un_relais_en_tls_avec_une_ac_privee(parc, tmp_path, monkeypatch, mode):
    """STARTTLS (smtp://...?starttls=oui) et TLS dès la connexion (smtps://) : le certificat du relais
    est vérifié (son AC, privée ici, donnée à OpenSSL par SSL_CERT_FILE), l'identifiant passe chiffré."""
    subprocess.run(["sh", str(RACINE / "deploy" / "mosquitto" / "creer_ac.sh"), str(tmp_path), "localhost", "127.0.0.1"],
                   check=True, capture_output=True, timeout=30)
    gestion = code(parc, "gestionnaire", UAI)
    creer_abonnement(parc, gestion, "courriel", "gestion@lycee-a.fr", UAI, [], "immediat")
    planter(parc, UAI, (DEUX_KW,))
    verifier_tout(parc, Seuils(), datetime(2025, 12, 11, 12, tzinfo=PARIS).timestamp())
    port = port_libre()
    schema, options = ("smtp", "?starttls=oui") if mode == "starttls" else ("smtps", "")
    relais = lire_relais(f"{schema}://{UTILISATEUR}:{quote(MOT_DE_PASSE, safe='')}@localhost:{port}{options}")
    with relais_smtp(port, mode, tmp_path) as boite:
        t = maintenant()
        assert envoyer(parc, ReglagesEnvoi(relais, "alertes@region.example", ADRESSE), t).en_echec == 1  # AC inconnue : refusé
        assert "SSLCertVerificationError" in parc.lire_etat("envoi")[0]["en_echec"][0]["erreur"]
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ac.crt"))
        assert envoyer(parc, ReglagesEnvoi(relais, "alertes@region.example", ADRESSE), t + 61).envoyes == 1
        [courriel] = boite.pour("gestion@lycee-a.fr")
        assert "Nuit du 08/12 au 09/12/2025" in courriel.get_content()


def test_lire_le_relais():
    relais = lire_relais("smtps://moi%40region.fr:p%40ss@smtp.region.fr")
    assert (relais.hote, relais.port, relais.tls, relais.starttls, relais.utilisateur, relais.mot_de_passe) == (
        "smtp.region.fr", 465, True, False, "moi@region.fr", "p@ss")
    assert str(relais) == "smtps://smtp.region.fr:465" and "p@ss" not in repr(relais)
    assert (lire_relais("smtp://relais:2525?starttls=oui").port, lire_relais("smtp://relais?starttls=oui").port) == (2525, 587)
    assert lire_relais("smtp://relais").port == 25
    for mauvaise, message in (("http://relais", "smtp://"), ("smtps://r?starttls=oui", "starttls=oui ne va"),
                              ("smtp://r?tls=1", "option du relais inconnue")):
        with pytest.raises(DonneeInvalide, match=message):
            lire_relais(mauvaise)
