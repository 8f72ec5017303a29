"""L'import du registre depuis des fichiers CSV (contrat, section 5).

Séparateur `,` ou `;`, UTF-8 avec ou sans BOM. Une ligne fausse est signalée avec son numéro
et rien du fichier n'est importé : toutes les erreurs sont réunies dans un seul message.
"""

import csv
import io
from collections.abc import Callable
from pathlib import Path

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import valider_compteur, valider_energie, valider_uai
from noyau.domaine.modele import Compteur, Site
from noyau.stockage import Stockage

COLONNES_SITES = ("uai", "nom", "commune", "surface_m2", "latitude", "longitude")
COLONNES_COMPTEURS = ("uai", "compteur", "energie", "principal", "usage")
_OUI_NON = {"oui": True, "non": False}


def importer_sites(stockage: Stockage, chemin: Path) -> int:
    return importer_sites_de(stockage, _octets(chemin), str(chemin))


def importer_sites_de(stockage: Stockage, contenu: bytes, nom: str) -> int:
    """Les sites d'un fichier déjà lu (`nom` : ce que disent les messages), par exemple téléversé."""
    sites = [site for _, site in _lire(contenu, nom, COLONNES_SITES, _site)]
    stockage.enregistrer_registre(sites=sites)
    return len(sites)


def importer_compteurs(stockage: Stockage, chemin: Path) -> int:
    return importer_compteurs_de(stockage, _octets(chemin), str(chemin))


def importer_compteurs_de(stockage: Stockage, contenu: bytes, nom: str) -> int:
    lignes = _lire(contenu, nom, COLONNES_COMPTEURS, _compteur)
    connus = {s.uai for s in stockage.sites()}
    orphelins = [f"ligne {n} : site inconnu {c.uai} (importer d'abord les sites)" for n, c in lignes if c.uai not in connus]
    if orphelins:
        raise DonneeInvalide(f"{nom} : rien n'a été importé.\n" + "\n".join(orphelins))
    stockage.enregistrer_registre(compteurs=[c for _, c in lignes])
    return len(lignes)


def _octets(chemin: Path) -> bytes:
    try:
        return Path(chemin).read_bytes()
    except OSError as erreur:
        raise DonneeInvalide(f"{chemin} : lecture impossible ({erreur.strerror})") from None


def _lire(contenu: bytes, nom: str, colonnes: tuple[str, ...], convertir: Callable[[dict], object]) -> list[tuple[int, object]]:
    """Les objets du fichier avec leur numéro de ligne, ou une erreur qui les liste toutes."""
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DonneeInvalide(f"{nom} : le fichier n'est pas en UTF-8") from None
    premiere_ligne = texte.partition("\n")[0]
    separateur = ";" if premiere_ligne.count(";") > premiere_ligne.count(",") else ","
    lecteur = csv.DictReader(io.StringIO(texte), delimiter=separateur)
    entetes = [e.strip().lower() for e in lecteur.fieldnames or []]
    manquantes = [c for c in colonnes if c not in entetes]
    if manquantes:
        raise DonneeInvalide(f"{nom} : colonne(s) manquante(s) : {', '.join(manquantes)}")
    lecteur.fieldnames = entetes
    objets, erreurs = [], []
    for ligne in lecteur:
        try:
            objets.append((lecteur.line_num, convertir({k: (v or "").strip() for k, v in ligne.items() if k})))
        except DonneeInvalide as erreur:
            erreurs.append(f"ligne {lecteur.line_num} : {erreur}")
    if erreurs:
        raise DonneeInvalide(f"{nom} : rien n'a été importé.\n" + "\n".join(erreurs))
    return objets


def _nombre(texte: str, colonne: str) -> float | None:
    if not texte:
        return None
    try:
        return float(texte.replace(",", "."))
    except ValueError:
        raise DonneeInvalide(f"{colonne} n'est pas un nombre : « {texte} »") from None


def _site(ligne: dict) -> Site:
    if not ligne["nom"]:
        raise DonneeInvalide("nom manquant")
    return Site(
        uai=valider_uai(ligne["uai"]),
        nom=ligne["nom"],
        commune=ligne["commune"],
        surface_m2=_nombre(ligne["surface_m2"], "surface_m2"),
        latitude=_nombre(ligne["latitude"], "latitude"),
        longitude=_nombre(ligne["longitude"], "longitude"),
    )


def _compteur(ligne: dict) -> Compteur:
    principal = _OUI_NON.get(ligne["principal"].lower())
    if principal is None:
        raise DonneeInvalide(f"principal doit valoir oui ou non, pas « {ligne['principal']} »")
    energie = valider_energie(ligne["energie"]) if ligne["energie"] else None
    coef = _nombre(ligne.get("coef_kwh_m3", ""), "coef_kwh_m3")
    if coef is not None and coef <= 0:
        raise DonneeInvalide("coef_kwh_m3 doit être positif")
    return Compteur(valider_uai(ligne["uai"]), valider_compteur(ligne["compteur"]), energie, principal, ligne["usage"], coef)
