/* Les formulaires du tableau de bord (tableau_de_bord/formulaires) : chaque champ est relié à son
   aide et à son message d'erreur (aria-describedby), marqué invalide quand il a une erreur
   (aria-invalid) ; après un envoi, le focus va au premier champ en erreur, sinon au message
   d'erreur général. Les composants de Dash ne prennent pas ces attributs : on les pose ici, à
   chaque rendu. */
(function () {
  function relier(racine) {
    racine.querySelectorAll("[data-champ]").forEach(function (bloc) {
      var id = bloc.getAttribute("data-champ");
      var erreur = document.getElementById(id + "-erreur");
      var decrits = [id + "-aide", id + "-erreur"].filter(function (i) { return document.getElementById(i); }).join(" ");
      var invalide = erreur && erreur.textContent.trim() !== "";
      var cible = bloc.tagName === "FIELDSET" ? bloc : document.getElementById(id);
      if (!cible) { return; }
      if (cible.getAttribute("aria-describedby") !== decrits) { cible.setAttribute("aria-describedby", decrits); }
      if (bloc.tagName !== "FIELDSET") {
        if (invalide && cible.getAttribute("aria-invalid") !== "true") { cible.setAttribute("aria-invalid", "true"); }
        if (!invalide && cible.hasAttribute("aria-invalid")) { cible.removeAttribute("aria-invalid"); }
      }
      bloc.classList.toggle("en-erreur", Boolean(invalide));
    });
  }
  function premierEnErreur(formulaire) {
    var blocs = formulaire.querySelectorAll("[data-champ].en-erreur");
    for (var i = 0; i < blocs.length; i++) {
      var champ = blocs[i].querySelector("input, textarea, select, [tabindex]");
      if (champ) { return champ; }
    }
    var general = formulaire.querySelector(".etat-formulaire .erreur");
    if (general) { general.setAttribute("tabindex", "-1"); }
    return general;
  }
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.enerlycee = {
    /* Appelé quand l'état d'un formulaire change (après un envoi) : une fois la page rendue. */
    apresEnvoi: function (_etat, idEtat) {
      requestAnimationFrame(function () {
        relier(document);
        var formulaire = document.getElementById(idEtat).closest("[data-formulaire]");
        var cible = formulaire && premierEnErreur(formulaire);
        if (cible) { cible.focus(); }
      });
      return Date.now();
    },
    /* La fiche d'un code nouveau : seule elle s'imprime (voir @media print). */
    imprimer: function () {
      window.print();
      return Date.now();
    },
    /* Le code d'un QR code (#code=… dans l'adresse, jamais envoyé au serveur) : saisi dans le
       champ, puis effacé de l'adresse et de l'historique. */
    codeDuFragment: function () {
      var trouve = /^#code=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
      if (!trouve) { return window.dash_clientside.no_update; }
      history.replaceState(null, "", window.location.pathname + window.location.search);
      return trouve[1];
    }
  };
  function demarrer() {
    relier(document);
    new MutationObserver(function () { relier(document); })
      .observe(document.body, { childList: true, subtree: true, characterData: true });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", demarrer); } else { demarrer(); }
})();
