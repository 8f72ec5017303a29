"""Les compteurs, sous-compteurs, sondes et kits d'un lycée : une phrase (le kit le plus muet
se voit), et le tableau de chaque compteur construit quand on le déplie.
"""

from datetime import date

from dash import html

from noyau.domaine import texte
from tableau_de_bord import composants, donnees


def resume(uai: str, debut: date, fin: date) -> list:
    """Une phrase sur les kits (le plus ancien dernier message d'abord : un kit muet se voit), le
    tableau de chaque compteur construit quand on le déplie (la page reste légère)."""
    kits = donnees.kits(uai)
    if not kits:
        return [html.P("Aucun compteur déclaré pour ce lycée.")]
    recus = sorted((kit.dernier_recu, kit.compteur) for kit in kits if kit.dernier_recu is not None)
    jamais = [kit.compteur for kit in kits if kit.dernier_recu is None]
    phrase = [f"{texte.nombre(len(kits))} compteurs et sondes."]
    if recus:
        phrase.append(f" Dernier message reçu : le plus récent {texte.instant(recus[-1][0])} ({recus[-1][1]}), "
                      f"le plus ancien {texte.instant(recus[0][0])} ({recus[0][1]}).")
    if jamais:
        phrase.append(f" Jamais de message : {', '.join(sorted(jamais))}.")
    return [html.P(phrase),
            composants.alternative_differee("lycee-kits", f"Le détail de ses {len(kits)} compteurs et sondes",
                                            uai=uai, debut=debut.isoformat(), fin=fin.isoformat())]


@composants.differe("lycee-kits")
def tableau_kits(uai: str, debut: str, fin: str) -> html.Table:
    jour_debut, jour_fin = date.fromisoformat(debut), date.fromisoformat(fin)
    kits = donnees.kits(uai)
    consommations = donnees.consommations_compteurs(uai, kits, jour_debut, jour_fin)
    return composants.tableau(
        f"Les compteurs du lycée, leur consommation {texte.periode(jour_debut, jour_fin)} et le dernier message "
        "de leur kit (heure de Paris)",
        ["Compteur", "Énergie", "Rôle", "Usage", "Grandeurs mesurées", "Consommation sur la période",
         "Dernier relevé", "Dernier message reçu"],
        [
            [
                kit.compteur,
                texte.NOMS_ENERGIES[kit.energie] if kit.energie else "aucune (sonde d'ambiance)",
                _role(kit),
                kit.usage or "—",
                ", ".join(kit.grandeurs) or "—",
                _conso_compteur(consommations.get(kit.compteur)),
                texte.instant(kit.dernier_releve) if kit.dernier_releve is not None else "jamais",
                texte.instant(kit.dernier_recu) if kit.dernier_recu is not None else "jamais",
            ]
            for kit in kits
        ],
    )


def _conso_compteur(somme: tuple[donnees.Total, str] | None) -> list | str:
    if somme is None:
        return "—"
    total, unite = somme
    if total.valeur is None:
        return "aucune donnée"
    return composants.avec_etat(texte.quantite(total.valeur, unite), total.complet)


def _role(kit: donnees.Kit) -> str:
    if kit.energie is None:
        return "sonde"
    return "principal (compté dans le total)" if kit.principal else "sous-compteur (hors total)"
