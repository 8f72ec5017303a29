"""Les états d'alerte d'avant (`vue`, `close`) passent à ceux du contrat sur chaque moteur, sans
perdre d'alerte ni rien changer d'autre."""

from noyau.communaute.file_alertes import alertes_du_parc, migrer_etats
from noyau.stockage import Document


def _alerte(identifiant: str, etat: str, modifie_le: float) -> Document:
    contenu = {"regle": "nuit", "jour": "2026-03-02", "message": "Nuit du 01/03 au 02/03/2026 : …", "details": {"energie": "electricite"},
               "etat": etat}
    return Document("alertes", identifiant, "0350028R", contenu, modifie_le)


def test_migrer_les_etats_d_avant(stockage):
    rangees = [_alerte("a-vue", "vue", 1_770_000_000.0), _alerte("b-close", "close", 1_770_000_100.0),
               _alerte("c-nouvelle", "nouvelle", 1_770_000_200.0)]
    for document in rangees:
        stockage.enregistrer_document(document)
    stockage.enregistrer_document(Document("objectifs", "o", "0350028R", {"etat": "vue"}, 1.0))  # pas une alerte
    lues = {a.identifiant: a.etat for a in alertes_du_parc(stockage)}
    assert lues == {"a-vue": "prise-en-charge", "b-close": "resolue", "c-nouvelle": "nouvelle"}  # lues avant la migration
    assert migrer_etats(stockage) == 2
    apres = {d.identifiant: d for d in stockage.documents("alertes")}
    assert {i: d.contenu["etat"] for i, d in apres.items()} == lues
    assert [apres[d.identifiant].modifie_le for d in rangees] == [d.modifie_le for d in rangees]
    assert apres["a-vue"].contenu["message"] == rangees[0].contenu["message"]
    assert stockage.documents("objectifs")[0].contenu == {"etat": "vue"}
    assert migrer_etats(stockage) == 0
