"""Les comptes du courtier Mosquitto : fichier des mots de passe (par `mosquitto_passwd`) et
fichier des droits (ACL), rangés dans un dossier (production : /etc/mosquitto/enerlycee/).

Un kit a son compte `kit-<UAI>-<nom>` et un paragraphe de l'ACL qui ne lui permet de publier
que sur les sujets de ses compteurs, `lycees/<UAI>/<compteur>` (`droits_du_kit`) ; chaque
collecteur a le sien, `enerlycee-collecteur-<nom>`, qui lit
`lycees/#`. Le mot de passe en clair ne touche jamais le disque du courtier : `mosquitto_passwd
-b` le hache dans le fichier des mots de passe. Mosquitto ne relit ces fichiers qu'à un SIGHUP
(`systemctl reload mosquitto`).
"""

import fcntl
import hashlib
import os
import re
import secrets
import shutil
import ssl
import string
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from noyau.domaine.erreurs import DonneeInvalide
from noyau.domaine.identifiants import valider_compteur
from noyau.domaine.temps import PARIS
from noyau.mesures.protocole import sujet

COMPTE_COLLECTEUR = "enerlycee-collecteur"
# Un collecteur lit tous les lycées, y compris par un abonnement partagé ($share/<groupe>/...), et
# les membres d'un groupe y annoncent leur état (collecteur.groupe).
DROITS_COLLECTEUR = ("topic read lycees/#", "topic read $share/+/lycees/#", "topic readwrite enerlycee/collecteurs/#")
ENTETE_ACL = f"""\
# Enerlycée : ce que chaque compte du courtier peut lire ou publier (acl_file de Mosquitto).
# Écrit par `enerlycee kits creer|revoquer` et `enerlycee courtier ajouter-collecteur|retirer-collecteur` :
# un paragraphe par compte. Tout ce qui n'est pas écrit ici est refusé. Après un changement :
# systemctl reload mosquitto.

# Le compte de collecteur d'avant les comptes par collecteur (enerlycee courtier ajouter-collecteur).
user {COMPTE_COLLECTEUR}
{chr(10).join(DROITS_COLLECTEUR)}
"""
_ALPHABET = string.ascii_letters + string.digits  # rien que les kits les plus frustes ne sachent taper


def droits_du_kit(uai: str, compteurs: list[str]) -> list[str]:
    """Les lignes de l'ACL d'un kit : un `topic write` par compteur qu'il relève, rien d'autre.

    Choix : un compte par kit, limité à ses compteurs, plutôt qu'un compte par lycée ou un droit
    sur tout le lycée (`lycees/<UAI>/#`). Un kit volé, ou dont le micrologiciel est pris, ne peut
    alors fausser que les compteurs qu'il relevait déjà : ni le compteur principal relevé par un
    autre kit, ni la sonde d'une autre salle, ni un compteur créé plus tard au registre. Un kit
    se révoque seul, sans couper les autres kits du lycée. Le prix : ajouter un compteur à un kit,
    c'est une ligne `topic write` de plus dans son paragraphe (à la main, puis `systemctl reload
    mosquitto`), ou le révoquer et le recréer avec tous ses `--compteur`."""
    return [f"topic write {sujet(uai, compteur)}" for compteur in dict.fromkeys(compteurs)]


def nom_de_compte(uai: str, nom: str) -> str:
    """`kit-<UAI>-<nom>` ; `nom` a la forme d'un identifiant de compteur (pas de « : »)."""
    try:
        valider_compteur(nom)
    except DonneeInvalide:
        raise DonneeInvalide(f"nom de kit invalide « {nom} » : minuscules, chiffres, « - » ou « _ »") from None
    return f"kit-{uai}-{nom}"


def nom_de_collecteur(nom: str) -> str:
    """`enerlycee-collecteur-<nom>` (par exemple le port des métriques de son unité systemd)."""
    try:
        valider_compteur(nom)
    except DonneeInvalide:
        raise DonneeInvalide(f"nom de collecteur invalide « {nom} » : minuscules, chiffres, « - » ou « _ »") from None
    return f"{COMPTE_COLLECTEUR}-{nom}"


def mot_de_passe(longueur: int = 24) -> str:
    """Un mot de passe au hasard (lettres et chiffres : 24 caractères, plus de 140 bits)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(longueur))


def empreinte_certificat(chemin: Path) -> str:
    """L'empreinte SHA-256 du (premier) certificat PEM, écrite comme `openssl x509 -fingerprint`."""
    try:
        der = ssl.PEM_cert_to_DER_cert(chemin.read_text(encoding="ascii"))
    except (OSError, ValueError, UnicodeDecodeError) as erreur:
        raise DonneeInvalide(f"certificat illisible « {chemin} » : {erreur}") from None
    return ":".join(f"{octet:02X}" for octet in hashlib.sha256(der).digest())


class DossierMosquitto:
    """Le dossier `passwd` + `acl` d'un courtier."""

    def __init__(self, dossier: Path):
        self.dossier = dossier
        self.passwd = dossier / "passwd"
        self.acl = dossier / "acl"

    @contextmanager
    def verrou(self) -> Iterator[None]:
        """Une seule mise en service à la fois sur ce dossier."""
        if not self.dossier.is_dir():
            raise DonneeInvalide(f"dossier Mosquitto absent « {self.dossier} »")
        with open(self.dossier / ".enerlycee-kits.verrou", "w") as fichier:
            fcntl.flock(fichier, fcntl.LOCK_EX)
            yield

    def comptes(self) -> set[str]:
        """Les comptes du fichier des mots de passe."""
        if not self.passwd.exists():
            return set()
        return {ligne.split(":", 1)[0] for ligne in self.passwd.read_text().splitlines() if ":" in ligne}

    def dans_acl(self, compte: str) -> bool:
        return self.acl.exists() and f"user {compte}" in self.acl.read_text().splitlines()

    def ajouter(self, genre: str, compte: str, secret: str, droits: list[str], commentaire: str) -> None:
        """Le compte dans `passwd` (haché par mosquitto_passwd), puis son paragraphe dans `acl`
        (`droits` : ses lignes `topic ...`, `genre` : kit ou collecteur) ; si l'ACL ne peut être
        écrite, le compte est retiré (un compte sans ligne ne peut rien)."""
        options = [] if self.passwd.exists() else ["-c"]
        self._mosquitto_passwd(*options, "-b", str(self.passwd), compte, secret)
        try:
            texte = self.acl.read_text() if self.acl.exists() else ENTETE_ACL
            date = datetime.now(PARIS).isoformat(timespec="seconds")
            lignes = [f"# {genre} {compte} : {commentaire}, créé le {date}", f"user {compte}", *droits]
            self._ecrire_acl(texte.rstrip("\n") + "\n\n" + "\n".join(lignes) + "\n")
        except BaseException:
            self._mosquitto_passwd("-D", str(self.passwd), compte)
            raise

    def retirer(self, compte: str) -> None:
        """Retire le compte de `passwd` et son paragraphe de `acl`."""
        if compte in self.comptes():
            self._mosquitto_passwd("-D", str(self.passwd), compte)
        if self.dans_acl(compte):
            self._ecrire_acl(_sans_paragraphe(self.acl.read_text(), compte))

    def _ecrire_acl(self, texte: str) -> None:
        """Écrit à côté puis renomme : Mosquitto ne lit jamais un fichier à moitié écrit ;
        mode et propriétaire de l'ancien fichier gardés (un nouveau : 0640, et le propriétaire
        de `passwd`, que Mosquitto sait déjà lire)."""
        provisoire = self.acl.with_name(".acl.provisoire")
        descripteur = os.open(provisoire, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
        with os.fdopen(descripteur, "w") as fichier:
            fichier.write(texte)
            modele = self.acl if self.acl.exists() else self.passwd if self.passwd.exists() else None
            if modele:
                ancien = modele.stat()
                os.fchmod(fichier.fileno(), (ancien.st_mode & 0o777) if modele == self.acl else 0o640)
                if os.geteuid() == 0:
                    os.fchown(fichier.fileno(), ancien.st_uid, ancien.st_gid)
            fichier.flush()
            os.fsync(fichier.fileno())
        os.replace(provisoire, self.acl)

    def _mosquitto_passwd(self, *arguments: str) -> None:
        executable = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
        if not Path(executable).exists():
            raise DonneeInvalide("mosquitto_passwd introuvable : apt-get install mosquitto")
        cree = not self.passwd.exists()
        resultat = subprocess.run([executable, *arguments], capture_output=True, text=True, umask=0o027, timeout=30)
        if resultat.returncode != 0:
            raise DonneeInvalide(f"mosquitto_passwd a échoué : {(resultat.stderr or resultat.stdout).strip()}")
        if cree and self.passwd.exists():
            self.passwd.chmod(0o640)


def _sans_paragraphe(texte: str, compte: str) -> str:
    """Le texte de l'ACL sans la ligne `user <compte>`, ses lignes `topic` qui suivent (jusqu'à
    une ligne vide ou un autre `user`) et le commentaire `# <genre> <compte>` juste avant."""
    lignes = texte.splitlines()
    debut = lignes.index(f"user {compte}")
    fin = debut + 1
    while fin < len(lignes) and lignes[fin].strip() and not lignes[fin].startswith("user "):
        fin += 1
    if debut > 0 and re.match(rf"# \w+ {re.escape(compte)} ", lignes[debut - 1]):
        debut -= 1
    if debut > 0 and not lignes[debut - 1].strip() and (fin == len(lignes) or not lignes[fin].strip()):
        debut -= 1  # la ligne vide qui séparait le paragraphe
    return "\n".join(lignes[:debut] + lignes[fin:]) + "\n"
