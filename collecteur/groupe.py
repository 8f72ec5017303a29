"""Le groupe : les collecteurs d'un abonnement partagé se voient, et reprennent la part d'un parti.

Mosquitto (2.0.11, vérifié) distribue les messages d'un abonnement partagé à tour de rôle entre
les sessions abonnées, connectées ou non : la session persistante d'un membre arrêté, planté ou
retiré garde sa part jusqu'à son retour ou jusqu'à l'expiration de la session. Des sessions
propres ne conviennent pas : le courtier jette alors les messages en vol d'un membre tué (50 sur
100 à l'essai) au lieu de les donner aux autres. D'où (MQTT 5) :

- chaque membre annonce son état par un message retenu sur `enerlycee/collecteurs/<groupe>/<identifiant>` :
  `en-ligne` une fois abonné ; `hors-ligne`, son testament, que le courtier publie si son lien
  tombe sans revenir dans les 2 s ; `depart` pendant qu'il quitte le groupe ; `arrete` s'il s'est
  arrêté en gardant sa session ; rien une fois sa session supprimée ;
- le premier membre en ligne (ordre des identifiants) reprend la session de chaque membre
  `hors-ligne` depuis plus de 5 s (un courtier redémarré rend les testaments de tous, le temps
  qu'ils se reconnectent), ou `arrete` depuis plus de 10 s (un membre relancé revient avant) :
  il s'y connecte sous l'identifiant du parti, la désabonne du groupe (le courtier ne lui donne
  plus de part), écrit et acquitte ce qu'elle gardait, puis la supprime.
  Si le parti revient entre-temps, il reprend sa session (le courtier coupe le repreneur) et ce
  qui n'était pas acquitté lui est rendu ;
- un membre arrêté proprement quitte le groupe s'il en reste un autre en ligne, ou si un autre
  membre arrêté garde déjà les messages (un seul les garde) : désabonné, il écrit et acquitte ce
  que sa session gardait, puis la supprime. Sinon il garde sa session,
  abonnée hors du groupe (les mêmes filtres, abonnements ordinaires) : Mosquitto 2.0.11 n'écrit
  pas les abonnements partagés dans mosquitto.db, un redémarrage du courtier pendant l'arrêt du
  groupe les perdrait, et avec eux tout ce que les kits publient jusqu'au retour d'un membre. Le
  courtier garde les messages dans cette session jusqu'à son retour (qui se réabonne au groupe, puis
  quitte les abonnements ordinaires : un message reçu par les deux est écrit une fois), ou jusqu'à
  ce qu'un autre membre la reprenne.

Rien n'est acquitté avant d'être écrit (ou mis au spool) : une reprise interrompue ne perd rien,
le reste attend dans la session ; ce qui serait écrit deux fois l'est une seule (écriture idempotente).
"""

import itertools
import logging
import threading
import time
from collections.abc import Callable

from collecteur.client_mqtt import ClientMqtt, Message
from noyau.mesures.adresse_mqtt import AdresseMqtt

journal = logging.getLogger(__name__)

PRESENCE = "enerlycee/collecteurs"
EN_LIGNE, HORS_LIGNE, DEPART, ARRETE = b"en-ligne", b"hors-ligne", b"depart", b"arrete"
CALME_S = 1.0  # une session est vidée quand rien n'en vient plus pendant ce temps, tout acquitté
ATTENTE_COURTIER_S = 10.0
DELAI_ARRETE_S = 10.0  # un membre `arrete` n'est repris qu'après ce délai : relancé, il revient avant
# Un membre `hors-ligne` n'est repris qu'après ce délai, compté aussi depuis la dernière connexion du
# repreneur : au redémarrage du courtier, les états retenus disent tous les membres hors ligne (leurs
# testaments) le temps qu'ils se reconnectent ; les reprendre aussitôt les déconnectait tour à tour.
DELAI_HORS_LIGNE_S = 5.0
ATTENTE_DEPARTS_S = 0.5  # les membres arrêtés ensemble (systemctl stop) se voient partir : un seul garde les messages


class Groupe:
    def __init__(
        self, nom: str, identifiant: str, adresse: AdresseMqtt, filtres: list[str], recevoir: Callable[[Message], None],
        tombe: Callable[[str], None] = lambda identifiant: None,
    ):
        """`filtres` : les abonnements partagés du groupe ; `recevoir` : où vont les messages des
        sessions reprises (l'écrivain du collecteur) ; `tombe` : appelé avec l'identifiant d'un
        membre `hors-ligne` dont la reprise commence (pour le noter hors ligne)."""
        self.identifiant = identifiant
        self.filtres = filtres
        self.ordinaires = [filtre.split("/", 2)[2] for filtre in filtres]  # sans `$share/<groupe>/`
        self.filtre_presence = f"{PRESENCE}/{nom}/+"
        self._prefixe = f"{PRESENCE}/{nom}/"
        self._adresse = adresse
        self._recevoir = recevoir
        self._tombe = tombe
        self._membres: dict[str, bytes] = {}
        self._reprises: dict[str, Reprise] = {}
        self._manquees: dict[str, bytes] = {}  # reprise interrompue : pas d'autre essai avant un changement
        self._partis: dict[str, float] = {}  # membre `arrete` ou `hors-ligne` → depuis quand (time.monotonic)
        self._connecte_le = time.monotonic()
        self._liens = itertools.count(1)
        self._verrou = threading.Lock()
        self._change = threading.Condition(self._verrou)
        self._arret = threading.Event()

    def sujet(self, identifiant: str) -> str:
        return self._prefixe + identifiant

    def annonce(self) -> tuple[str, bytes]:
        """L'état à publier à chaque connexion du collecteur (les reprises manquées seront réessayées)."""
        with self._verrou:
            self._manquees.clear()
            self._connecte_le = time.monotonic()
        self._examiner_dans(DELAI_HORS_LIGNE_S)
        return self.sujet(self.identifiant), EN_LIGNE

    def testament(self) -> tuple[str, bytes]:
        return self.sujet(self.identifiant), HORS_LIGNE

    def est_presence(self, message: Message) -> bool:
        return message.topic.startswith(self._prefixe)

    def noter(self, message: Message) -> None:
        """Un état de membre reçu (message retenu, ou publié à l'instant)."""
        identifiant = message.topic[len(self._prefixe):]
        with self._change:
            if message.charge:
                self._membres[identifiant] = message.charge
            else:
                self._membres.pop(identifiant, None)
            if message.charge in (HORS_LIGNE, ARRETE):
                self._partis.setdefault(identifiant, time.monotonic())
                self._examiner_dans(_delai(message.charge))
            else:
                self._partis.pop(identifiant, None)
            self._change.notify_all()
        self._examiner()

    def _examiner_dans(self, delai: float) -> None:
        minuterie = threading.Timer(delai, self._examiner)
        minuterie.daemon = True
        minuterie.start()

    def etat(self, identifiant: str) -> bytes | None:
        with self._verrou:
            return self._membres.get(identifiant)

    def liens(self) -> list[ClientMqtt]:
        """Les liens des reprises en cours (pour leur faire acquitter leurs messages)."""
        with self._verrou:
            return [reprise.client for reprise in self._reprises.values()]

    def _examiner(self) -> None:
        """Le premier membre en ligne reprend les sessions des membres partis."""
        with self._verrou:
            en_ligne = sorted(i for i, etat in self._membres.items() if etat == EN_LIGNE)
            if self._arret.is_set() or not en_ligne or en_ligne[0] != self.identifiant:
                return
            partis = [i for i, depuis in self._partis.items() if i != self.identifiant
                      and time.monotonic() - max(depuis, self._connecte_le) >= _delai(self._membres[i])]
            for parti in partis:
                if parti not in self._reprises and self._manquees.get(parti) != self._membres[parti]:
                    self._reprises[parti] = Reprise(self, parti, next(self._liens))
                    self._reprises[parti].fil.start()

    def _fin_de_reprise(self, parti: str, reussie: bool) -> None:
        """Une reprise manquée (le parti est revenu, ou le lien du repreneur est tombé) n'est
        réessayée qu'à un nouvel état du parti ou à la reconnexion du repreneur : jamais en boucle."""
        with self._verrou:
            self._reprises.pop(parti, None)
            if not reussie and parti in self._membres:
                self._manquees[parti] = self._membres[parti]
        self._examiner()  # le parti a pu repartir pendant la reprise

    def quitter(self, client: ClientMqtt) -> bool:
        """Avant l'arrêt du collecteur : quitte le groupe s'il reste un autre membre en ligne, ou si
        un autre membre arrêté garde les messages (`_gardien`) : désabonné, la session est vidée
        (l'appelant la supprime une fois tout acquitté) et rend True. Sinon c'est lui qui les garde :
        sa session reste, abonnée hors du groupe, et il annonce `arrete`."""
        self._arret.set()
        for reprise in list(self._reprises.values()):
            reprise.interrompre()
        if not client.connecte:
            return False
        client.publier(self.sujet(self.identifiant), DEPART)
        with self._change:  # son propre état revenu : ce que les autres ont annoncé avant est lu
            self._change.wait_for(lambda: self._membres.get(self.identifiant) == DEPART, ATTENTE_COURTIER_S)
        time.sleep(ATTENTE_DEPARTS_S)
        with self._change:
            autres = [i for i, etat in self._membres.items() if etat == EN_LIGNE and i != self.identifiant]
            gardien = None if autres else self._gardien()
        if not autres and gardien is None:
            if client.abonner(self.ordinaires).wait(ATTENTE_COURTIER_S):
                client.desabonner(self.filtres).wait(ATTENTE_COURTIER_S)
            client.publier(self.sujet(self.identifiant), ARRETE).wait_for_publish(ATTENTE_COURTIER_S)
            journal.info("dernier membre du groupe en ligne : la session %s reste, abonnée hors du groupe ; "
                         "le courtier y garde les messages, même redémarré", self.identifiant)
            return False
        if not client.desabonner(self.filtres).wait(ATTENTE_COURTIER_S) or not vider(client, threading.Event()):
            return False
        if autres:
            journal.info("groupe quitté : plus de part pour %s, %s en ligne", self.identifiant, ", ".join(sorted(autres)))
        else:
            journal.info("groupe quitté : %s, arrêté aussi, garde les messages du groupe", gardien)
        return True

    def _gardien(self) -> str | None:
        """Personne en ligne (verrou pris) : le membre arrêté qui garde les messages du groupe, s'il
        y en a un autre que celui-ci ; None : celui-ci les garde. Un seul les garde (chaque session
        gardée reçoit tout) : un membre déjà `arrete`, sinon le premier (ordre des identifiants) de
        ceux qui s'arrêtent ensemble (`depart`), que les suivants attendent de voir `arrete` ; un
        membre `depart` qui quitte le groupe s'efface, et ne garde donc rien."""
        def arretes() -> list[str]:
            return sorted(i for i, etat in self._membres.items() if etat == ARRETE and i != self.identifiant)

        def avant_lui() -> list[str]:
            return [i for i, etat in self._membres.items() if etat == DEPART and i < self.identifiant]

        self._change.wait_for(lambda: arretes() or not avant_lui(), ATTENTE_COURTIER_S)
        return (arretes() or [None])[0]

    def effacer(self, client: ClientMqtt) -> None:
        """Efface l'état du membre (sa session va être supprimée) ; un lien tombé entre-temps n'y
        change rien : l'état effacé ne sert qu'à ne plus reprendre une session vide."""
        try:
            client.publier(self.sujet(client.identifiant), b"").wait_for_publish(ATTENTE_COURTIER_S)
        except (RuntimeError, ValueError) as erreur:
            journal.warning("état de %s non effacé : %s", client.identifiant, erreur)


def _delai(etat: bytes) -> float:
    return DELAI_ARRETE_S if etat == ARRETE else DELAI_HORS_LIGNE_S


class Reprise:
    """La reprise de la session d'un membre parti, sur un lien à part."""

    def __init__(self, groupe: Groupe, parti: str, lien: int):
        self.groupe = groupe
        self.parti = parti
        self._interrompue = threading.Event()
        self.client = ClientMqtt(groupe._adresse, parti, [], groupe._recevoir, lambda: None, lien=lien, reconnexion=False)
        self.fil = threading.Thread(target=self._reprendre, name=f"reprise-{parti}", daemon=True)

    def interrompre(self) -> None:
        self._interrompue.set()
        self.fil.join()

    def _reprendre(self) -> None:
        reussie = False
        try:
            if self.groupe.etat(self.parti) == HORS_LIGNE:
                self.groupe._tombe(self.parti)
            if self._vider():
                reussie = True
                self.groupe.effacer(self.client)
                self.client.arreter(supprimer_session=True)
                journal.info("session de %s reprise : %d message(s) écrits, session supprimée", self.parti, self.client.recus)
            else:
                self.client.arreter()
                journal.warning("reprise de la session de %s interrompue (revenu, ou lien perdu) : "
                                "ce qui n'est pas acquitté y reste", self.parti)
        finally:
            self.groupe._fin_de_reprise(self.parti, reussie)

    def _vider(self) -> bool:
        self.client.demarrer()
        limite = time.monotonic() + ATTENTE_COURTIER_S
        while not self.client.connecte:
            if time.monotonic() > limite or self._interrompue.is_set():
                return False
            time.sleep(0.05)
        journal.info("reprise de la session de %s (parti du groupe)", self.parti)
        filtres = [*self.groupe.filtres, *self.groupe.ordinaires, self.groupe.filtre_presence]
        if self.client.session_presente and not self.client.desabonner(filtres).wait(ATTENTE_COURTIER_S):
            return False
        return vider(self.client, self._interrompue)


def vider(client: ClientMqtt, interrompue: threading.Event) -> bool:
    """Attend que la session ne donne plus rien et que tout ce qu'elle a donné soit acquitté ;
    False si le lien tombe (ou si on l'interrompt) avant, ou si plus rien ne bouge pendant
    ATTENTE_COURTIER_S sans que tout soit acquitté : un message reçu avant une coupure du lien ne
    s'acquitte plus sur ce lien (le courtier le rend à la session), et l'arrêt ne doit pas l'attendre
    sans fin."""
    vu, depuis = None, time.monotonic()
    while True:
        etat = (client.recus, client.acquittes)
        if etat != vu:
            vu, depuis = etat, time.monotonic()
        elif client.acquittes >= client.recus:
            return True
        elif time.monotonic() - depuis > ATTENTE_COURTIER_S:
            journal.warning("session de %s : %d message(s) reçus sans accusé, laissés à la session",
                            client.identifiant, client.recus - client.acquittes)
            return False
        if interrompue.wait(CALME_S) or not client.connecte:
            return False
