"""Le fichier de correspondances : quel sujet d'appareil du commerce nourrit quel compteur.

Un fichier TOML de tables `[[liaison]]` (voir docs/correspondances.md), lu et vérifié au
démarrage du collecteur : la première faute arrête tout, avec le numéro et la ligne de la
liaison fautive. Rien ici ne parle au courtier.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import valider_compteur, valider_uai
from noyau.domaine.modele import Source
from noyau.mesures.formats import FORMATS, Lecture, lire
from noyau.mesures.formats.emonhub import UNITES
from noyau.mesures.formats.tic import ETIQUETTES_INDEX
from noyau.mesures.protocole import PREFIXE

_CLES = {"sujet", "format", "uai", "compteur", "canal", "cles"}
_CANAL_ENTIER = {Source.TASMOTA: re.compile(r"[1-9][0-9]*"), Source.SHELLY: re.compile(r"[0-9]+")}


@dataclass(frozen=True)
class Liaison:
    """Un sujet (filtre MQTT) relié à un compteur, par un format et, au besoin, un canal."""

    sujet: str
    format: Source
    uai: str
    compteur: str
    canal: str | None = None
    cles: tuple[tuple[str, str], ...] = ()  # emonhub : (clé, unité)

    def lire(self, topic: str, charge: bytes, recu_le: float) -> Lecture:
        return lire(self.format, topic, charge, recu_le, dict(self.cles))


def lire_correspondances(chemin: str | Path) -> list[Liaison]:
    chemin = Path(chemin)
    try:
        texte = chemin.read_text(encoding="utf-8-sig")
        document = tomllib.loads(texte)
    except OSError as erreur:
        raise DonneeInvalide(f"{chemin} : lecture impossible ({erreur.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as erreur:
        raise DonneeInvalide(f"{chemin} : TOML illisible ({erreur})") from None
    entrees = document.pop("liaison", [])
    if document or not isinstance(entrees, list) or not entrees:
        raise DonneeInvalide(f"{chemin} : des tables [[liaison]] attendues, et rien d'autre")
    lignes = [n for n, ligne in enumerate(texte.splitlines(), 1) if ligne.strip().startswith("[[liaison]]")]
    liaisons = []
    for numero, entree in enumerate(entrees, 1):
        ligne = f" (ligne {lignes[numero - 1]})" if len(lignes) == len(entrees) else ""
        try:
            liaisons.append(_liaison(entree))
            _verifier_avec_les_precedentes(liaisons)
        except DonneeInvalide as erreur:
            raise DonneeInvalide(f"{chemin}, liaison n°{numero}{ligne} : {erreur}") from None
    return liaisons


def _liaison(entree: object) -> Liaison:
    if not isinstance(entree, dict):
        raise DonneeInvalide("table attendue")
    inconnues = sorted(entree.keys() - _CLES)
    if inconnues:
        raise DonneeInvalide(f"clé inconnue « {inconnues[0]} » (clés possibles : {', '.join(sorted(_CLES))})")
    manquantes = [c for c in ("sujet", "format", "uai", "compteur") if c not in entree]
    if manquantes:
        raise DonneeInvalide(f"{manquantes[0]} manquant")
    format_ = _format(entree["format"])
    return Liaison(
        valider_filtre(entree["sujet"]), format_, valider_uai(entree["uai"]), valider_compteur(entree["compteur"]),
        _canal(format_, entree.get("canal")), _cles(format_, entree.get("cles")),
    )


def _format(texte: object) -> Source:
    noms = {f.value: f for f in FORMATS}
    if texte not in noms:
        raise DonneeInvalide(f"format inconnu « {texte} » (formats possibles : {', '.join(noms)})")
    return noms[texte]


def valider_filtre(filtre: object) -> str:
    """Un filtre d'abonnement MQTT : `+` occupe un niveau entier, `#` seulement le dernier."""
    if not isinstance(filtre, str) or not filtre or "\x00" in filtre:
        raise DonneeInvalide("sujet : texte non vide attendu")
    niveaux = filtre.split("/")
    for rang, niveau in enumerate(niveaux):
        if ("+" in niveau and niveau != "+") or ("#" in niveau and (niveau != "#" or rang != len(niveaux) - 1)):
            raise DonneeInvalide(f"sujet « {filtre} » : « + » doit occuper un niveau entier, « # » le dernier")
    if niveaux[0] == PREFIXE:
        raise DonneeInvalide(f"sujet « {filtre} » : les sujets {PREFIXE}/... sont ceux du format natif")
    return filtre


def _canal(format_: Source, canal: object) -> str | None:
    if canal is None:
        return "0" if format_ is Source.SHELLY else None  # un Shelly sans canal : son composant 0
    canal = str(canal) if isinstance(canal, int) and not isinstance(canal, bool) else canal
    if format_ in _CANAL_ENTIER and isinstance(canal, str) and _CANAL_ENTIER[format_].fullmatch(canal):
        return canal
    if format_ is Source.TIC and canal in ETIQUETTES_INDEX:
        return canal
    attendus = {
        Source.TASMOTA: "un numéro de voie à partir de 1", Source.SHELLY: "l'id du composant (0, 1...)",
        Source.TIC: f"une étiquette d'index ({', '.join(ETIQUETTES_INDEX)})",
    }
    if format_ not in attendus:
        raise DonneeInvalide(f"pas de canal pour le format {format_.value}")
    raise DonneeInvalide(f"canal « {canal} » invalide pour {format_.value} : {attendus[format_]} attendu")


def _cles(format_: Source, cles: object) -> tuple[tuple[str, str], ...]:
    if format_ is not Source.EMONHUB:
        if cles is not None:
            raise DonneeInvalide(f"« cles » ne sert qu'au format emonhub, pas à {format_.value}")
        return ()
    if not isinstance(cles, dict) or not cles:
        raise DonneeInvalide("emonhub : « cles » attendu, par exemple cles = { P1 = \"W\", E1 = \"Wh\" }")
    for cle, unite in cles.items():
        if unite not in UNITES:
            raise DonneeInvalide(f"unité « {unite} » de la clé {cle} inconnue (unités possibles : {', '.join(UNITES)})")
    return tuple(sorted(cles.items()))


def _verifier_avec_les_precedentes(liaisons: list[Liaison]) -> None:
    """Un sujet n'a qu'un format, et chacun de ses canaux (ou clés emonhub) qu'un compteur."""
    nouvelle = liaisons[-1]
    for numero, autre in enumerate(liaisons[:-1], 1):
        if autre.sujet != nouvelle.sujet:
            continue
        if autre.format is not nouvelle.format:
            raise DonneeInvalide(f"sujet « {nouvelle.sujet} » déjà lu au format {autre.format.value} (liaison n°{numero})")
        communes = {c for c, _ in autre.cles} & {c for c, _ in nouvelle.cles}
        if autre.canal == nouvelle.canal and (communes or not nouvelle.cles):
            quoi = f"clé {sorted(communes)[0]}" if communes else f"canal {nouvelle.canal or '(appareil entier)'}"
            raise DonneeInvalide(f"sujet « {nouvelle.sujet} », {quoi} : déjà relié par la liaison n°{numero}")
