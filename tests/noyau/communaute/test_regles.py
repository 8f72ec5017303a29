"""Les règles d'alerte : les noms du contrat (section 4) et ceux qui l'étendent dans son esprit (ambiance des
salles), chacun avec un libellé en français."""

from noyau.communaute.regles import LIBELLES, Regle


def test_noms_du_contrat_et_libelles():
    assert [r.value for r in Regle] == ["kit-silencieux", "nuit", "week-end", "vacances", "objectif", "numerique-hors-occupation",
                                        "surchauffe", "co2", "chauffage-inoccupe"]
    assert set(LIBELLES) == set(Regle)
    assert Regle("nuit").libelle == "Consommation de nuit" and Regle.WEEK_END.libelle == "Consommation du week-end"
