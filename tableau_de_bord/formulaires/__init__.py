"""Le nécessaire des formulaires du tableau de bord : champs accessibles, rappel, écriture gardée.

Ajouter un formulaire gardé, dans le module de la page où son résultat se voit :

    FORMULAIRE = Formulaire("lycee-objectif", "Fixer un objectif", (
        champs.choix("energie", "Énergie", options, "electricite"),
        champs.nombre("reduction", "Réduction visée (%)", minimum=0, maximum=100),
    ), bouton="Enregistrer l'objectif")

    def traiter(valeurs: dict, uai: str) -> Reponse:
        lues = lire(valeurs, {"energie": valider_energie, "reduction": lire_nombre})
        objet = ecrire(ECRIRE_SUIVI, uai, f"POST /api/v1/sites/{uai}/objectifs",
                       lambda jeton: creer_objectif(stockage, uai, ...).identifiant)
        return Reponse("Objectif enregistré.", sorties=(...,))

    # dans la page : FORMULAIRE.rendu() là où le rôle peut écrire (voir session.code_ouvert()) ;
    # dans enregistrer(app) :
    #     formulaires.enregistrer(app, FORMULAIRE, traiter, sorties=(Output(...),), contexte=(State(ids.LYCEE_UAI, "data"),))

`ecrire` vérifie session, CSRF, limite, rôle et lycée, puis journalise : la page ne fait que
montrer ou cacher le formulaire, le serveur décide.
"""

from tableau_de_bord.formulaires import champs
from tableau_de_bord.formulaires.champs import Champ, Formulaire
from tableau_de_bord.formulaires.ecriture import code_requis, ecrire
from tableau_de_bord.formulaires.rappel import ErreursDeChamps, Reponse, enregistrer, lire

__all__ = ["Champ", "ErreursDeChamps", "Formulaire", "Reponse", "champs", "code_requis", "ecrire", "enregistrer", "lire"]
