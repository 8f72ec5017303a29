#!/bin/sh
# Enerlycée : une autorité de certification (AC) privée et le certificat du courtier Mosquitto,
# pour les tests et les petits sites. Une grande installation prend plutôt les certificats de
# l'AC de son organisation (ou d'ACME), avec les mêmes noms de fichiers.
#
#   deploy/mosquitto/creer_ac.sh DOSSIER NOM_DU_COURTIER [AUTRE_NOM_OU_IP ...]
#   deploy/mosquitto/creer_ac.sh /etc/mosquitto/enerlycee/certs mqtt.enerlycee.bzh
#
# Écrit dans DOSSIER :
#   ac.crt        le certificat de l'AC : à donner aux kits et au collecteur (public)
#   ac.key        la clé de l'AC (0600) : à ranger HORS du courtier une fois les certificats faits
#   serveur.crt   le certificat du courtier, signé par l'AC, valable pour les noms donnés
#   serveur.key   la clé du courtier (0600) : lisible par Mosquitto seulement (chown root:mosquitto, 0640)
#
# Si DOSSIER contient déjà ac.crt, l'AC est gardée et seul le certificat du courtier est refait
# (renouvellement, nouveau nom) : les kits n'ont rien à changer. Sa clé est DOSSIER/ac.key, ou
# le fichier donné par AC_CLE (la clé rangée hors du courtier) :
#   AC_CLE=/root/ac-enerlycee.key deploy/mosquitto/creer_ac.sh /etc/mosquitto/enerlycee/certs mqtt.enerlycee.bzh
# Clés ECDSA P-256 ; AC valable 10 ans (JOURS_AC), certificat du courtier 825 jours (JOURS_SERVEUR).
set -eu

if [ $# -lt 2 ]; then
    echo "usage : $0 DOSSIER NOM_DU_COURTIER [AUTRE_NOM_OU_IP ...]" >&2
    exit 2
fi
dossier=$1
shift
JOURS_AC=${JOURS_AC:-3650}
JOURS_SERVEUR=${JOURS_SERVEUR:-825}

if [ -n "${AC_CLE:-}" ]; then
    case $AC_CLE in /*) ;; *) AC_CLE="$PWD/$AC_CLE" ;; esac
fi
mkdir -p "$dossier"
umask 077
cd "$dossier"

# Noms alternatifs (SAN) : une adresse IP en IP:, un nom en DNS:.
noms=""
for nom in "$@"; do
    case $nom in
        *[!0-9.]*) entree="DNS:$nom" ;;
        *) entree="IP:$nom" ;;
    esac
    case $nom in *:*) entree="IP:$nom" ;; esac  # IPv6
    noms="${noms:+$noms,}$entree"
done

cle_ac=${AC_CLE:-ac.key}
if [ -f ac.crt ] && [ ! -f "$cle_ac" ]; then
    echo "ac.crt existe mais pas sa clé ($cle_ac) : AC_CLE=/chemin/de/ac.key $0 ..." >&2
    echo "(une nouvelle AC obligerait à changer le certificat de chaque kit)" >&2
    exit 1
fi
if [ ! -f ac.crt ]; then
    openssl ecparam -name prime256v1 -genkey -noout -out ac.key
    openssl req -utf8 -x509 -new -key ac.key -sha256 -days "$JOURS_AC" -subj "/O=Enerlycée/CN=Enerlycée AC privée" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" -out ac.crt 2>/dev/null
    echo "AC créée : $dossier/ac.crt"
else
    echo "AC existante gardée : $dossier/ac.crt"
fi

openssl ecparam -name prime256v1 -genkey -noout -out serveur.key
openssl req -utf8 -new -key serveur.key -subj "/O=Enerlycée/CN=$1" -out serveur.csr 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
    "$noms" > serveur.ext
openssl x509 -req -in serveur.csr -CA ac.crt -CAkey "$cle_ac" -CAcreateserial -sha256 -days "$JOURS_SERVEUR" \
    -extfile serveur.ext -out serveur.crt 2>/dev/null
rm -f serveur.csr serveur.ext ac.srl
chmod 644 ac.crt serveur.crt

echo "Certificat du courtier : $dossier/serveur.crt ($noms)"
printf "Empreinte SHA-256 de l'AC (notée sur les fiches des kits) : "
openssl x509 -in ac.crt -noout -fingerprint -sha256 | sed 's/^.*=//'
