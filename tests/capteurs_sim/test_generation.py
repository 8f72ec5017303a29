"""Les messages des kits, sans courtier : déterminisme, taille, ordre, décodage, continuité."""

from datetime import date, datetime

import orjson

from capteurs_sim.generation import Generateur, debut_des_salles
from capteurs_sim.lycees import lycees
from noyau.domaine.temps import PARIS
from noyau.mesures.protocole import decoder

REFERENCE = date(2026, 11, 1)
FIN = datetime(2026, 11, 23, tzinfo=PARIS).timestamp()
DEBUT = FIN - 20 * 86400


def historique(graine=42, taille=200, n=3):
    return list(Generateur(lycees(n), graine, REFERENCE, taille).messages_historique(DEBUT, FIN, 3600))


def test_meme_graine_memes_octets():
    assert [(m.sujet, m.charge) for m in historique()] == [(m.sujet, m.charge) for m in historique()]
    assert [m.charge for m in historique(graine=43)] != [m.charge for m in historique()]


def test_taille_des_messages_et_nombre_annonce():
    generateur = Generateur(lycees(3), 42, REFERENCE, 200)
    messages = list(generateur.messages_historique(DEBUT, FIN, 3600))
    assert max(m.releves for m in messages) == 200
    assert sum(m.releves for m in messages) == generateur.nombre_releves(DEBUT, FIN, 3600)


def test_tout_se_decode_sans_rejet_et_dans_l_ordre():
    par_sujet = {}
    for message in historique():
        decodage = decoder(message.sujet, message.charge, FIN)
        assert not decodage.rejets
        assert len({r.ts for r in decodage.releves}) == message.releves
        par_sujet.setdefault(message.sujet, []).extend(o["ts"] for o in orjson.loads(message.charge))
    for instants in par_sujet.values():
        assert instants == sorted(instants)


def test_sondes_de_salle_depuis_la_saison_de_chauffe_d_avant():
    """Fin le 23 novembre 2026 : les salles depuis le 1er octobre 2025 (cet hiver et le précédent)."""
    assert debut_des_salles(FIN) == datetime(2025, 10, 1, tzinfo=PARIS).timestamp()
    assert debut_des_salles(datetime(2026, 6, 1, tzinfo=PARIS).timestamp()) == datetime(2024, 10, 1, tzinfo=PARIS).timestamp()
    debut = debut_des_salles(FIN) - 2 * 86400  # un historique qui commence avant : les salles n'y sont pas encore
    messages = list(Generateur(lycees(1), 42, REFERENCE).messages_historique(debut, FIN, 3600))
    salles = [o["ts"] for m in messages if "/salle-" in m.sujet for o in orjson.loads(m.charge)]
    exterieur = [o["ts"] for m in messages if m.sujet.endswith("sonde-exterieure") for o in orjson.loads(m.charge)]
    assert min(salles) == debut_des_salles(FIN) and min(exterieur) == debut and max(salles) == max(exterieur)


def test_le_direct_continue_l_historique():
    generateur = Generateur(lycees(2), 42, REFERENCE)
    derniers = {}
    for message in generateur.messages_historique(DEBUT, FIN, 3600):
        derniers[message.sujet] = orjson.loads(message.charge)[-1]
    direct = {m.sujet: orjson.loads(m.charge) for m in Generateur(lycees(2), 42, REFERENCE).messages_direct(FIN - 3600)}
    assert direct == derniers
    suivant = {m.sujet: orjson.loads(m.charge) for m in generateur.messages_direct(FIN + 600)}
    for sujet, objet in suivant.items():
        if "index_kwh" in objet:
            avance = objet["index_kwh"] - derniers[sujet]["index_kwh"]
            assert 0 < avance < 0.1 * next(l.surface_m2 for l in lycees(2) if l.uai in sujet)


def test_direct_un_objet_par_capteur():
    choisis = lycees(2)
    messages = Generateur(choisis, 42, REFERENCE).messages_direct(FIN)
    assert len(messages) == sum(len(l.capteurs) for l in choisis)
    assert all(m.releves == 1 and isinstance(orjson.loads(m.charge), dict) for m in messages)
    assert {orjson.loads(m.charge)["ts"] for m in messages} == {int(FIN)}
