"""Les nombres calculés sur le stockage : consommations lues, analyse (talon, hors horaires), météo et
correction climatique, équivalences, comparaisons, trajectoire du décret tertiaire."""
