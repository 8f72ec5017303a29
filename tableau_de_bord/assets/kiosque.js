/* L'écran du hall (/eleves?...&kiosque=1) dans le navigateur : les fonctions des rappels
   « clientside » de tableau_de_bord/pages/eleves.py.

   - defiler, pauser : la rotation des vues, sans requête au serveur ; avec prefers-reduced-motion,
     chaque vue reste deux fois plus longtemps (et aucune transition : enerlycee.css).
   - recevoir : une réponse du rappel `rafraichir` est arrivée : « Mis à jour à 14 h 05 ».
   - veiller (à chaque tic de l'horloge, une minute au plus) : quand un rafraîchissement est dû
     (période écoulée, ou minuit passé à Paris), une requête légère sur l'adresse de la page dit si
     le serveur répond et quelle version du tableau de bord il sert (<meta name="enerlycee-version">) :
       * il ne répond pas : rien n'est demandé à Dash (pas d'erreur de rappel, ni affichée ni
         accumulée) ; les données restent, avec « Mis à jour il y a 12 min » ; on réessaie au tic suivant ;
       * autre version, ou premier rafraîchissement d'un nouveau jour : la page se recharge (le
         serveur vient de répondre : pas de page d'erreur) ;
       * sinon : un seul rappel, `rafraichir`, dont le résultat remplace les vues en place.
   Un rafraîchissement demandé et sans réponse n'est pas redemandé avant 2 minutes : un serveur
   débordé n'est pas noyé sous les reprises.
   Mémoire : pas de nouveau minuteur, la sonde est bornée à 20 secondes ; dash-renderer, lui, garde
   une trace (history.past, pour « annuler ») de chaque tic d'un dcc.Interval, environ 7 200 par
   jour : le rechargement quotidien, juste après minuit, les efface.
   Minuit : chaque écran commence son jour à un instant tiré au hasard dans le premier quart d'heure
   (DECALAGE_MS), pour que les 115 écrans du parc ne rechargent pas leur page dans la même minute. */
(function () {
  var PARIS = "Europe/Paris";
  var SONDE_MS = 20000;
  var REPONSE_MS = 120000;
  var DECALAGE_MS = Math.floor(Math.random() * 15 * 60000);  // le jour de cet écran commence à minuit + DECALAGE_MS
  var demandee = 0;  // quand le rafraîchissement en cours a été demandé (0 : aucun en cours)

  function jourDeLEcran(ms) {
    return new Date(ms - DECALAGE_MS).toLocaleDateString("fr-FR", {timeZone: PARIS});
  }

  function heureAParis(ms) {
    var morceaux = new Date(ms).toLocaleTimeString("fr-FR", {timeZone: PARIS, hour: "2-digit", minute: "2-digit"}).split(":");
    return morceaux[0] + " h " + morceaux[1];
  }

  function depuis(ms) {
    var minutes = Math.floor(ms / 60000);
    if (minutes < 1) { return "moins d'une minute"; }
    if (minutes < 60) { return minutes + " min"; }
    var heures = Math.floor(minutes / 60);
    if (heures < 48) { return heures + " h"; }
    return Math.floor(heures / 24) + " jours";
  }

  function versionDe(html) {
    var trouve = /<meta name="enerlycee-version" content="([^"]*)"/.exec(html);
    return trouve ? trouve[1] : null;
  }

  function maVersion() {
    var meta = document.querySelector('meta[name="enerlycee-version"]');
    return meta ? meta.content : null;
  }

  /* La version servie ("" si la page n'en dit rien), ou null si le serveur ne répond pas (ou pas
     en 20 secondes). */
  function sonder() {
    var borne = window.AbortSignal && AbortSignal.timeout ? AbortSignal.timeout(SONDE_MS) : undefined;
    return fetch(window.location.href, {cache: "no-store", credentials: "same-origin", signal: borne})
      .then(function (reponse) {
        return reponse.ok ? reponse.text().then(function (html) { return versionDe(html) || ""; }) : null;
      })
      .catch(function () { return null; });
  }

  function mention(recu, maintenant, periode, tic) {
    if (!recu) { return ["", "mise-a-jour"]; }
    var age = maintenant - recu;
    if (age <= periode + tic + 5000) { return ["Mis à jour à " + heureAParis(recu), "mise-a-jour"]; }
    return ["Mis à jour il y a " + depuis(age), "mise-a-jour en-retard"];
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.kiosque = {
    defiler: function (n, vues) {
      var lent = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      var courante = Math.floor((n || 0) / (lent ? 2 : 1)) % vues.length;
      return vues.map(function (_, k) { return k !== courante; });
    },

    pauser: function (clics) {
      var pause = (clics || 0) % 2 === 1;
      return [pause, pause ? "Reprendre" : "Pause", pause ? "true" : "false"];
    },

    recevoir: function (etat) {
      var maintenant = Date.now();
      demandee = 0;
      return [maintenant, "Mis à jour à " + heureAParis(maintenant), "mise-a-jour"];
    },

    veiller: function (n, recu, demande, parametres) {
      var rien = window.dash_clientside.no_update;
      var maintenant = Date.now();
      var periode = parametres.rafraichir_ms;
      var tic = Math.min(60000, periode);
      var texte = mention(recu, maintenant, periode, tic);
      var nouveauJour = Boolean(recu) && jourDeLEcran(recu) !== jourDeLEcran(maintenant);
      var du = !recu || nouveauJour || maintenant - recu >= periode - tic / 2;
      if (!du || maintenant - demandee < REPONSE_MS) { return [rien, texte[0], texte[1]]; }
      return sonder().then(function (version) {
        if (version === null) { return [rien, texte[0], texte[1]]; }
        if ((version && version !== maVersion()) || nouveauJour) {
          window.location.reload();
          return [rien, texte[0], texte[1]];
        }
        demandee = Date.now();
        return [(demande || 0) + 1, texte[0], texte[1]];
      });
    }
  };
})();
