"""Les formulaires des rôles, chacun sur la page où son résultat se voit : ceux du gestionnaire sur
la page de son lycée (objectifs, référence du décret, horaires, tarifs), ceux des défis
(enseignant, gestionnaire) et des actions (éco-délégué aussi) sur la page des élèves, ceux de la
Région sur ses pages (registre). Chacun écrit par la même fonction du noyau que l'API, par
`tableau_de_bord.formulaires.ecrire`."""
