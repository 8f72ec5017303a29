/* La page ouverte est signalée dans la navigation (aria-current="page", RGAA 12.x) : Dash change
   de page sans recharger, la marque est donc reposée à chaque rendu (MutationObserver).
   Accessibilité de deux composants de Dash 4, réparée elle aussi à chaque rendu :
   - dcc.RadioItems est rendu en « listbox » dont chaque « option » contient un vrai bouton radio,
     ce qu'axe-core signale (contrôles imbriqués, groupe sans nom) : on rend leur sens natif aux
     boutons radio (le groupe est nommé par la légende de son fieldset) ;
   - dcc.DatePickerSingle pose sur un simple div des attributs ARIA de bouton (aria-expanded,
     aria-haspopup) et, sur le champ, un aria-label « JJ/MM/AAAA » qui masque son <label> : on les
     retire, le champ garde son libellé et le format reste écrit dans son texte indicatif. */
(function () {
  function marquerPageOuverte(racine) {
    racine.querySelectorAll("nav a[href]").forEach(function (lien) {
      if (new URL(lien.href, location.href).pathname === location.pathname) {
        lien.setAttribute("aria-current", "page");
      } else {
        lien.removeAttribute("aria-current");
      }
    });
  }
  function reparer(racine) {
    marquerPageOuverte(racine);
    racine.querySelectorAll(".dash-radioitems[role], .dash-checklist[role]").forEach(function (groupe) {
      groupe.removeAttribute("role");
    });
    racine.querySelectorAll(".dash-options-list-option[role], .dash-options-list-option[aria-selected]").forEach(function (option) {
      option.removeAttribute("role");
      option.removeAttribute("aria-selected");
    });
    racine.querySelectorAll(".dash-datepicker-input-wrapper[aria-haspopup]").forEach(function (enveloppe) {
      ["aria-haspopup", "aria-expanded", "aria-labelledby", "aria-disabled", "type"].forEach(function (nom) {
        enveloppe.removeAttribute(nom);
      });
    });
    racine.querySelectorAll("input.dash-datepicker-input[aria-label]").forEach(function (champ) {
      champ.removeAttribute("aria-label");
    });
  }
  function demarrer() {
    reparer(document);
    new MutationObserver(function () { reparer(document); })
      .observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["role", "aria-haspopup", "aria-label", "aria-selected"] });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", demarrer); } else { demarrer(); }
})();
