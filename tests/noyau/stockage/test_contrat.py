"""Le contrat de la couture du stockage, le même pour chaque moteur (voir conftest.py)."""

import time

import numpy as np
import pytest

from noyau.domaine.agregats import resumer_par_heure
from noyau.domaine.erreurs import ErreurStockage
from noyau.domaine.identifiants import Energie
from noyau.domaine.modele import Compteur, Grandeur, Nature, Rejet, Releve, SerieDeReleves, Site, Source
from noyau.domaine.temps import lire_borne
from noyau.stockage import Document, Jeton, Session
from noyau.stockage.base import ECHANTILLONS_PAR_SITE
from tests.conftest import LYCEE_A, LYCEE_B
from tests.noyau.domaine.test_agregats import releves_aleatoires

T0 = 1_780_000_000.0


def releve(ts: float, valeur: float, compteur: str = "principal", source: Source = Source.NATIF) -> Releve:
    return Releve(LYCEE_A.uai, compteur, Grandeur.INDEX_KWH, ts, valeur, source)


def test_registre_ajoute_puis_met_a_jour(registre):
    renomme = Site(LYCEE_A.uai, "Lycée Chateaubriand (cité)", "Rennes")
    registre.enregistrer_registre([renomme], [Compteur(LYCEE_A.uai, "principal", Energie.ELECTRICITE, False, "tout")])
    assert registre.sites() == [LYCEE_B, renomme]
    assert registre.compteurs(LYCEE_A.uai)[2] == Compteur(LYCEE_A.uai, "principal", Energie.ELECTRICITE, False, "tout")
    assert len(registre.compteurs()) == 8
    sonde = [c for c in registre.compteurs(LYCEE_B.uai) if c.compteur == "sonde-exterieure"]
    assert sonde == [Compteur(LYCEE_B.uai, "sonde-exterieure", None, False, "température extérieure")]


def test_ecriture_idempotente_la_premiere_valeur_reste(registre):
    assert registre.ecrire([releve(T0, 1.0), releve(T0 + 600, 2.0, source=Source.SENML)]) == 2
    assert registre.ecrire([releve(T0, 99.0), releve(T0 + 1200, 3.0), releve(T0 + 1200, 4.0)]) == 1
    serie = registre.lire_releves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, 0, 4e9)
    assert serie.ts.tolist() == [T0, T0 + 600, T0 + 1200] and serie.valeurs.tolist() == [1.0, 2.0, 3.0]
    exportes = registre.exporter(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, T0, T0 + 1200)
    assert exportes == [releve(T0, 1.0), releve(T0 + 600, 2.0, source=Source.SENML)]


def test_releves_en_colonnes_meles_aux_releves_un_par_un(registre):
    """Un tableau de kit arrive en colonnes : mêmes relevés, même règle (le premier reçu reste)."""
    ts, valeurs = releves_aleatoires(9, Nature.INDEX)
    colonnes = SerieDeReleves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, ts[1:], valeurs[1:], Source.SENML)
    assert registre.ecrire([releve(float(ts[0]), float(valeurs[0])), releve(float(ts[5]), -1.0), colonnes]) == len(ts)
    assert registre.ecrire([colonnes]) == 0
    serie = registre.lire_releves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, 0, 4e9)
    attendues = np.concatenate(([valeurs[0]], valeurs[1:5], [-1.0], valeurs[6:]))
    np.testing.assert_array_equal(serie.valeurs, attendues)
    assert registre.exporter(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, ts[1], ts[2])[0].source is Source.SENML
    lues = registre.lire_heures(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, ts[0], ts[-1] + 1)
    np.testing.assert_allclose(lues.interne, resumer_par_heure(Nature.INDEX, ts, attendues).interne, rtol=1e-12)


def test_compteur_inconnu_refuse(registre):
    with pytest.raises(ErreurStockage, match="compteur inconnu"):
        registre.ecrire([Releve(LYCEE_A.uai, "fantome", Grandeur.INDEX_KWH, T0, 1.0)])


def test_lire_releves_avec_le_dernier_avant_et_le_premier_apres(registre):
    registre.ecrire([releve(T0 + k * 600, float(k)) for k in range(10)])
    serie = registre.lire_releves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, T0 + 900, T0 + 2400)
    assert serie.valeurs.tolist() == [1.0, 2.0, 3.0, 4.0]
    exacte = registre.lire_releves(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, T0 + 1200, T0 + 1200)
    assert exacte.valeurs.tolist() == [2.0]
    assert len(registre.lire_releves(LYCEE_A.uai, "cantine", Grandeur.INDEX_KWH, 0, 4e9).ts) == 0


def test_agregats_tenus_a_jour_malgre_retards_et_doublons(registre):
    ts, valeurs = releves_aleatoires(7, Nature.INDEX)
    releves = [releve(float(t), float(v)) for t, v in zip(ts, valeurs)]
    ordre = np.random.default_rng(8).permutation(len(releves))
    for lot in np.array_split(ordre, 17):  # dans le désordre, par lots, avec des doublons
        registre.ecrire([releves[i] for i in lot] + [releves[i] for i in lot[:3]])
    lues = registre.lire_heures(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, ts[0], ts[-1] + 1)
    attendues = resumer_par_heure(Nature.INDEX, ts, valeurs)
    for champ in ("heure", "nombre", "t_premier", "v_premier", "t_dernier", "v_dernier", "interne"):
        np.testing.assert_allclose(getattr(lues, champ), getattr(attendues, champ), rtol=1e-12, err_msg=champ)
    milieu = registre.lire_heures(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, ts[300], ts[310])
    assert milieu.heure[0] < ts[300] // 3600 and milieu.heure[-1] >= ts[310] // 3600


def test_series_et_leur_etendue(registre):
    registre.ecrire([releve(T0 + 600, 1.0), releve(T0, 0.5)])
    registre.ecrire([releve(T0 + 1200, 2.0)])
    (etat,) = registre.series(LYCEE_A.uai)
    assert (etat.compteur, etat.grandeur, etat.premier, etat.dernier) == ("principal", Grandeur.INDEX_KWH, T0, T0 + 1200)
    assert registre.series(LYCEE_B.uai) == []


def test_dernier_message_recu_le_plus_tardif(registre):
    """Un lot reçu plus tôt (rattrapé, rejoué) écrit après un autre ne recule pas le dernier reçu."""
    avant = time.time()
    registre.ecrire([releve(T0, 1.0)])
    (etat,) = registre.series(LYCEE_A.uai)
    assert avant <= etat.dernier_recu <= time.time()  # par défaut : maintenant
    registre.ecrire([Releve(LYCEE_B.uai, "principal", Grandeur.INDEX_KWH, T0, 1.0)], recu_le=T0 + 3600)
    registre.ecrire([Releve(LYCEE_B.uai, "principal", Grandeur.INDEX_KWH, T0 + 600, 2.0)], recu_le=T0 + 5)
    (etat,) = registre.series(LYCEE_B.uai)
    assert (etat.dernier, etat.dernier_recu) == (T0 + 600, T0 + 3600)


def test_quarantaine_par_site_et_par_motif(registre):
    rejets = [
        Rejet(T0 + k, f"lycees/{LYCEE_A.uai}/x", "compteur inconnu", f'{{"n": {k}}}', LYCEE_A.uai, "x") for k in range(3)
    ] + [Rejet(T0 + 5, "lycees/nimporte", "JSON invalide", "pas du json, \"guillemets\" et \\")]
    registre.ecrire([], rejets[:2])
    registre.ecrire([releve(T0, 1.0)], rejets[2:])
    motifs = [(m.uai, m.motif, m.nombre, m.dernier) for m in registre.motifs_rejet()]
    assert motifs == [(None, "JSON invalide", 1, T0 + 5), (LYCEE_A.uai, "compteur inconnu", 3, T0 + 2)]
    assert registre.derniers_rejets(LYCEE_A.uai, 2) == rejets[2:0:-1]
    assert registre.derniers_rejets(None, 10) == rejets[3:]


def test_jetons_et_etats(registre):
    jeton = Jeton("ab" * 32, "gestionnaire", LYCEE_A.uai, T0)
    registre.enregistrer_jeton(jeton)
    registre.enregistrer_jeton(Jeton("cd" * 32, "region", None, T0 + 1))
    assert registre.jeton("ab" * 32) == jeton and registre.jeton("ef" * 32) is None
    assert [j.role for j in registre.jetons()] == ["gestionnaire", "region"]
    assert registre.lire_etat("collecteur") is None
    registre.noter_etat("collecteur", {"lien": "connecte", "recus": 3})
    registre.noter_etat("collecteur", {"lien": "perdu"})
    etat, note_le = registre.lire_etat("collecteur")
    assert etat == {"lien": "perdu"} and note_le > T0


def test_verifier(registre):
    registre.verifier()


def test_agregats_voisins_lointains(registre):
    """L'agrégat d'avant et celui d'après sont rendus même à plus de 40 jours de la période."""
    minuit = lire_borne("2026-01-05").timestamp()
    registre.ecrire([releve(minuit + 600, 1.0), releve(minuit + 100 * 86400 + 600, 2.0)])
    for lire in (registre.lire_heures, registre.lire_jours):
        voisins = lire(LYCEE_A.uai, "principal", Grandeur.INDEX_KWH, minuit + 50 * 86400, minuit + 60 * 86400)
        assert voisins.t_premier.tolist() == [minuit + 600, minuit + 100 * 86400 + 600]


def test_jeton_avec_echeance_puis_revoque(registre):
    registre.enregistrer_jeton(Jeton("ab" * 32, "eco-delegue", LYCEE_A.uai, T0, expire_le=T0 + 86400))
    registre.revoquer_jeton("ab" * 32, T0 + 10)
    assert registre.jeton("ab" * 32) == Jeton("ab" * 32, "eco-delegue", LYCEE_A.uai, T0, T0 + 86400, T0 + 10)


def test_documents_par_collection_et_par_lycee(registre):
    registre.enregistrer_document(Document("objectifs", "o1", LYCEE_A.uai, {"taux": 0.1, "nom": "« été »"}, T0 + 2))
    registre.enregistrer_document(Document("objectifs", "o2", LYCEE_B.uai, {"taux": 0.2}, T0 + 1))
    registre.enregistrer_document(Document("actions", "a1", None, {"quoi": "extinction"}, T0))
    registre.enregistrer_document(Document("objectifs", "o1", LYCEE_A.uai, {"taux": 0.15}, T0 + 3))
    assert [(d.identifiant, d.contenu) for d in registre.documents("objectifs")] == [
        ("o2", {"taux": 0.2}), ("o1", {"taux": 0.15})]
    assert registre.documents("objectifs", LYCEE_B.uai) == [Document("objectifs", "o2", LYCEE_B.uai, {"taux": 0.2}, T0 + 1)]
    assert registre.supprimer_document("objectifs", "o2") and not registre.supprimer_document("objectifs", "o2")
    assert [d.identifiant for d in registre.documents("objectifs")] == ["o1"]
    assert [d.identifiant for d in registre.documents("actions")] == ["a1"]


def test_quarantaine_bornee_sous_un_flot(registre):
    """Un flot de rejets : tous comptés, seuls les derniers gardés par lycée ; un lycée inventé
    (UAI valide mais hors registre) est rangé sans lycée, et ses motifs cités restent une catégorie."""
    n = ECHANTILLONS_PAR_SITE + 30
    flot = [Rejet(T0 + k, f"lycees/{LYCEE_A.uai}/x{k}", "compteur inconnu", "{}", LYCEE_A.uai, f"x{k}") for k in range(n)]
    inventes = [Rejet(T0 + k + 0.5, f"lycees/0750654D/c{k}", f"unité SenML non prise en charge « u{k} »", "{}", "0750654D", f"c{k}")
                for k in range(n)]
    par_instant = sorted(flot + inventes, key=lambda r: r.recu_le)  # l'ordre d'arrivée
    registre.ecrire([], par_instant[:140])
    registre.ecrire([], par_instant[140:])
    motifs = [(m.uai, m.motif, m.nombre, m.dernier) for m in registre.motifs_rejet()]
    assert motifs == [(None, "unité SenML non prise en charge « … »", n, T0 + n - 0.5), (LYCEE_A.uai, "compteur inconnu", n, T0 + n - 1)]
    gardes = registre.derniers_rejets(LYCEE_A.uai, 10 * n)
    assert len(gardes) == ECHANTILLONS_PAR_SITE and gardes[0] == flot[-1] and gardes[-1] == flot[30]
    sans_lycee = registre.derniers_rejets(None, 10 * n)
    assert len(sans_lycee) == ECHANTILLONS_PAR_SITE
    assert sans_lycee[0].topic == "lycees/0750654D/c129" and sans_lycee[0].uai is None


def test_sessions_ouvertes_relues_fermees_et_purgees(registre):
    premiere = Session("a1" * 32, "ab" * 32, T0, T0, "secret-csrf")
    seconde = Session("b2" * 32, "cd" * 32, T0 + 7200, T0 + 7200)
    for session in (premiere, seconde):
        registre.enregistrer_session(session)
    assert registre.session(premiere.empreinte) == premiere and registre.session(seconde.empreinte) == seconde
    vue = Session(premiere.empreinte, premiere.jeton, T0, T0 + 60, "secret-csrf")
    registre.enregistrer_session(vue)  # la dernière activité notée : la même session, remplacée
    assert registre.session(premiere.empreinte) == vue
    registre.supprimer_session(seconde)
    assert registre.session(seconde.empreinte) is None and registre.session("c3" * 32) is None
    registre.enregistrer_session(Session("d4" * 32, "ab" * 32, T0 + 3600, T0 + 3600))
    registre.purger_sessions(T0 + 3600)
    assert registre.session(premiere.empreinte) is None
    assert registre.session("d4" * 32) == Session("d4" * 32, "ab" * 32, T0 + 3600, T0 + 3600)


def test_compteur_a_fenetre_glissante_verifie_compte_et_oublie(stockage):
    """Jusqu'au plafond, chaque événement est compté ; au-delà, refusé sans être compté (la place
    revient quand le plus ancien sort de sa fenêtre) ; chaque clé a son compte ; la question sans
    compter ne compte rien ; ce qui est sorti de la fenêtre est oublié."""
    for k in range(3):
        assert stockage.compter_dans_fenetre("ecritures/a", T0 + k, 60, 3) == (True, [T0 + 60 + j for j in range(k)])
    assert stockage.compter_dans_fenetre("ecritures/a", T0 + 10, 60, 3) == (False, [T0 + 60, T0 + 61, T0 + 62])
    assert stockage.compter_dans_fenetre("ecritures/a", T0 + 10, 60, 3, compter=False) == (False, [T0 + 60, T0 + 61, T0 + 62])
    assert stockage.compter_dans_fenetre("echecs/2001:db8::1", T0 + 10, 600, 3) == (True, [])  # une autre clé
    assert stockage.compter_dans_fenetre("ecritures/a", T0 + 60.5, 60, 3) == (True, [T0 + 61, T0 + 62])  # T0 est sorti
    assert stockage.compter_dans_fenetre("ecritures/a", T0 + 60.75, 60, 3) == (False, [T0 + 61, T0 + 62, T0 + 120.5])
    assert stockage.compter_dans_fenetre("echecs/2001:db8::1", T0 + 300, 600, 3, compter=False) == (False, [T0 + 610])
    assert stockage.compter_dans_fenetre("echecs/2001:db8::1", T0 + 700, 600, 3) == (True, [])


def test_candidatures_a_un_bail_renouvelees_et_oubliees_a_echeance(stockage):
    assert stockage.candidater("taches", "a", T0, T0, T0 + 60) == [(T0, "a")]
    assert stockage.candidater("taches", "b", T0 + 5, T0 + 5, T0 + 65) == [(T0, "a"), (T0 + 5, "b")]
    assert stockage.candidater("autre", "c", T0 + 5, T0 + 5, T0 + 65) == [(T0 + 5, "c")]  # un autre bail
    assert stockage.candidater("taches", "a", T0, T0 + 15, T0 + 75) == [(T0, "a"), (T0 + 5, "b")]  # renouvelée
    assert stockage.candidater("taches", "b", T0 + 5, T0 + 70, T0 + 130) == [(T0, "a"), (T0 + 5, "b")]
    assert stockage.candidater("taches", "b", T0 + 5, T0 + 80, T0 + 140) == [(T0 + 5, "b")]  # a est échue
    stockage.candidater("taches", "c", T0 + 85, T0 + 85, T0 + 145)
    stockage.retirer_candidature("taches", "b", T0 + 140)  # arrêté : le suivant n'attend pas son échéance
    assert stockage.candidater("taches", "c", T0 + 85, T0 + 90, T0 + 150) == [(T0 + 85, "c")]


def test_etats_par_prefixe(registre):
    """Un état par collecteur (noyau.exploitation.collecteurs) : lus ensemble par leur préfixe."""
    assert registre.lire_etats("collecteur:") == {}
    registre.noter_etat("collecteur:a", {"connecte": True})
    registre.noter_etat("collecteur:b/2", {"connecte": False})
    registre.noter_etat("collecteur", {"ancien": True})
    registre.noter_etat("envoi", {"etat": "ok"})
    etats = registre.lire_etats("collecteur:")
    assert {nom: etat for nom, (etat, _) in etats.items()} == {"collecteur:a": {"connecte": True}, "collecteur:b/2": {"connecte": False}}
    assert all(note_le > T0 for _, note_le in etats.values())
