"""Sur chaque moteur : les états d'alerte d'avant (`vue`, `close`) passent à ceux du contrat sans
perdre d'alerte ni rien changer d'autre ; les abonnements se rangent, avancent et s'effacent."""

from dataclasses import replace

from noyau.communaute.abonnements import Avancement, abonnements_actifs, abonnements_de, avancer, creer_abonnement, supprimer_abonnement
from noyau.communaute.file_alertes import alertes_du_parc, migrer_etats
from noyau.communaute.jetons import creer_jeton, empreinte
from noyau.domaine.modele import Site
from noyau.domaine.temps import maintenant
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


def test_abonnements_sur_chaque_moteur(stockage):
    """Un abonnement « tous les lycées » (sans UAI), son avancement, son effacement, et celui d'un
    code révoqué, sur SQLite comme sur InfluxDB."""
    stockage.enregistrer_registre([Site("0350028R", "Lycée A", "Rennes")])
    region = stockage.jeton(empreinte(creer_jeton(stockage, "region", None)))
    gestion = stockage.jeton(empreinte(creer_jeton(stockage, "gestionnaire", "0350028R")))
    tous = creer_abonnement(stockage, region, "webhook", "https://outils.region.example/a", None, ["nuit"], "quotidien", "22:00-07:00")
    du_lycee = creer_abonnement(stockage, gestion, "courriel", "g@lycee-a.fr", "0350028R", [], "immediat")
    avancer(stockage, tous, Avancement(curseur=123.0, dernier_resume=100.0, echecs=2, prochain_essai=456.0, erreur="le webhook a répondu 500"))
    [relu] = abonnements_de(stockage, region)
    assert relu == replace(tous, avancement=Avancement(123.0, 100.0, 2, 456.0, "le webhook a répondu 500"))
    stockage.revoquer_jeton(gestion.empreinte, maintenant())
    assert [a.identifiant for a in abonnements_actifs(stockage)] == [tous.identifiant]  # celui du code révoqué est effacé
    assert all(d.identifiant != du_lycee.identifiant for d in stockage.documents("abonnements"))
    supprimer_abonnement(stockage, region, tous.identifiant)
    assert stockage.documents("abonnements") == [] and abonnements_de(stockage, region) == []
