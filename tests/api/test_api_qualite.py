from noyau.domaine.modele import Rejet
from noyau.domaine.temps import en_texte
from tests.api.conftest import LYCEE_A, verifier_erreur

T = 1_774_000_000.0  # 2026-03-20T10:46:40+01:00


def rejets() -> list[Rejet]:
    return [
        Rejet(T, "capteurs/x", "topic inconnu", "{}"),
        Rejet(T + 1, f"lycees/{LYCEE_A}/principal", "JSON illisible", "{pas du json", LYCEE_A, "principal"),
        Rejet(T + 2, f"lycees/{LYCEE_A}/principal", "ts manquant", '{"index_kwh": 3}', LYCEE_A, "principal"),
        Rejet(T + 3, f"lycees/{LYCEE_A}/inconnu", "compteur inconnu", "[" + "1," * 400 + "1]", LYCEE_A, "inconnu"),
        Rejet(T + 4, f"lycees/{LYCEE_A}/principal", "JSON illisible", "{", LYCEE_A, "principal"),
        Rejet(T + 5, "lycees/0750654D/principal", "lycée inconnu", "{}", "0750654D", "principal"),
    ]


def test_quarantaine_vide(client):
    assert client.get("/api/v1/qualite").json() == {"total": 0, "sites": []}


def test_quarantaine_par_site_et_motif(client, stockage_rempli):
    stockage_rempli.ecrire([], rejets())
    reponse = client.get("/api/v1/qualite", params={"derniers": 2})
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["total"] == 6
    # un lycée hors registre est compté sans lycée : un flot de sujets inventés ne crée pas de groupes
    assert [(s["uai"], s["nom"], s["total"]) for s in corps["sites"]] == [
        (None, None, 2),
        ("0350028R", "Lycée Chateaubriand", 4),
    ]
    sans_site, lycee_a = corps["sites"]
    assert sans_site["derniers_rejets"] == [
        {"recu_le": en_texte(T + 5), "topic": "lycees/0750654D/principal", "compteur": "principal", "motif": "lycée inconnu", "contenu": "{}"},
        {"recu_le": en_texte(T), "topic": "capteurs/x", "compteur": None, "motif": "topic inconnu", "contenu": "{}"},
    ]
    assert lycee_a["motifs"][0] == {"motif": "JSON illisible", "nombre": 2, "dernier": en_texte(T + 4)}
    assert {m["motif"] for m in lycee_a["motifs"]} == {"JSON illisible", "ts manquant", "compteur inconnu"}
    assert [r["recu_le"] for r in lycee_a["derniers_rejets"]] == [en_texte(T + 4), en_texte(T + 3)]
    tronque = lycee_a["derniers_rejets"][1]["contenu"]
    assert len(tronque) == 501 and tronque.endswith("…")


def test_nombre_de_derniers_rejets_borne(client):
    verifier_erreur(client.get("/api/v1/qualite?derniers=0"), 422, "valeur invalide pour derniers : « 0 » (au moins 1)")
    verifier_erreur(client.get("/api/v1/qualite?derniers=101"), 422, "(au plus 100)")
    verifier_erreur(client.get("/api/v1/qualite?derniers=dix"), 422, "« dix » (nombre entier attendu)")
