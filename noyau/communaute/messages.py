"""Ce que disent les messages d'alerte, en français : pour chaque alerte, ce qui s'est passé et
quand, combien au-dessus de l'habitude, le lien vers la vue exacte du tableau de bord (à
l'adresse publique configurée), ce qu'il faut vérifier d'abord (noyau.communaute.regles) ; à la
fin, comment se désabonner. Le même contenu en texte (courriel) et en JSON (webhook)."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from noyau.communaute.abonnements import Abonnement
from noyau.communaute.file_alertes import Alerte
from noyau.communaute.regles import NOMS_GRAVITES, Regle
from noyau.domaine import texte
from noyau.domaine.temps import en_texte

RYTHMES = {"immediat": "à chaque alerte", "quotidien": "résumé quotidien (7 h)", "hebdomadaire": "résumé hebdomadaire (lundi, 7 h)"}


@dataclass(frozen=True)
class Message:
    sujet: str
    texte: str
    donnees: dict  # le corps JSON du webhook
    desabonnement: str


def lien(adresse: str, alerte: Alerte) -> str:
    """La page du lycée sur la semaine de l'alerte (le mois, pour un objectif), pour son énergie."""
    debut, fin = alerte.jour - timedelta(days=7), alerte.jour + timedelta(days=1)
    if alerte.regle is Regle.OBJECTIF:
        debut, fin = alerte.jour, (alerte.jour + timedelta(days=32)).replace(day=1)
    parametres = {"energie": alerte.details.get("energie", "electricite"), "debut": debut.isoformat(), "fin": fin.isoformat()}
    return f"{adresse.rstrip('/')}/lycee/{alerte.uai}?{urlencode(parametres)}"


def au_dessus(alerte: Alerte) -> str | None:
    """« 3,2 fois l'habitude (12,4 kW contre 3,9 kW ; seuil : 1,5 fois) », pour les règles qui le mesurent."""
    d = alerte.details
    if "facteur" not in d:
        return None
    chiffres = 2 if d.get("unite") == "m³/h" or alerte.regle is Regle.NUMERIQUE_HORS_OCCUPATION else 1
    return (f"{texte.nombre(d['facteur'], 1)} fois l'habitude ({texte.quantite(d['puissance_moyenne'], d['unite'], chiffres)} contre "
            f"{texte.quantite(d['habituelle'], d['unite'], chiffres)} ; seuil : {texte.nombre(d['seuil'], 1)} fois)")


def composer(abonnement: Abonnement, alertes: list[Alerte], noms: dict[str, str], adresse: str, instant: float) -> Message:
    """Le message d'un envoi : une alerte (immédiat) ou plusieurs (résumé)."""
    adresse = adresse.rstrip("/")
    desabonnement = f"{adresse}/api/v1/abonnements/{abonnement.identifiant}"
    if len(alertes) == 1:
        a = alertes[0]
        sujet = f"[Enerlycée] {a.regle.libelle} — {noms.get(a.uai, a.uai)}"
    else:
        sujet = f"[Enerlycée] {len(alertes)} alertes nouvelles — {RYTHMES[abonnement.rythme]} du {texte.instant(instant)[:10]}"
    paragraphes = [_paragraphe(a, noms, adresse) for a in alertes]
    portee = "tous les lycées" if abonnement.uai is None else noms.get(abonnement.uai, abonnement.uai)
    regles = ", ".join(abonnement.regles) if abonnement.regles else "toutes les règles"
    pied = (f"Vous recevez ce message parce qu'un code d'accès s'est abonné aux alertes de {portee} ({regles} ; "
            f"{RYTHMES[abonnement.rythme]}). Une alerte prise en charge ou résolue ne vous est plus envoyée : changez son "
            f"état sur la page du lycée ou dans la file des alertes ({adresse}/alertes).\n"
            f"Se désabonner : page {adresse}/abonnements (avec le même code d'accès), ou "
            f"DELETE {desabonnement} avec ce code (en-tête Authorization: Bearer <code>).")
    introduction = ("Une alerte nouvelle" if len(alertes) == 1 else f"{len(alertes)} alertes nouvelles") + " sur Enerlycée :"
    corps = "\n\n".join([introduction, *paragraphes, "-- ", pied])
    donnees = {"evenement": "alertes", "abonnement": abonnement.identifiant, "rythme": abonnement.rythme, "envoye_le": en_texte(instant),
               "alertes": [_json(a, noms, adresse) for a in alertes], "desabonnement": f"DELETE {desabonnement}"}
    return Message(sujet, corps, donnees, f"{adresse}/abonnements")


def _paragraphe(a: Alerte, noms: dict[str, str], adresse: str) -> str:
    lignes = [f"{a.regle.libelle} — {noms.get(a.uai, a.uai)} (UAI {a.uai}), gravité {NOMS_GRAVITES[a.regle.gravite]}",
              f"Ce qui s'est passé : {a.message}",
              f"Quand : à partir du {texte.instant(a.debut)} ; alerte levée le {texte.instant(a.levee_le)}."]
    ecart = au_dessus(a)
    if ecart:
        lignes.append(f"Au-dessus de l'habitude : {ecart}.")
    lignes += [f"Voir la courbe : {lien(adresse, a)}", f"À vérifier d'abord : {a.regle.a_verifier}", f"Alerte : {a.identifiant}"]
    return "\n".join(lignes)


def _json(a: Alerte, noms: dict[str, str], adresse: str) -> dict:
    return {"id": a.identifiant, "uai": a.uai, "lycee": noms.get(a.uai, a.uai), "regle": a.regle.value, "libelle": a.regle.libelle,
            "gravite": NOMS_GRAVITES[a.regle.gravite], "etat": a.etat, "debut": en_texte(a.debut), "levee_le": en_texte(a.levee_le),
            "message": a.message, "note": a.note, "facteur": a.details.get("facteur"), "lien": lien(adresse, a),
            "a_verifier": a.regle.a_verifier}
