/* Forms, as a progressive enhancement (the pages work without it; the CSP forbids inline
   scripts, hence this file).
   - After a failed submit, focus goes to the error summary, so that keyboard and screen-reader
     users start from the list of what to correct.
   - "Ajouter une ligne" (data-ajouter-ligne="<prefix>") adds a line in the page from the
     formset's empty form (<template id="<prefix>-modele">); without JavaScript the same button
     re-draws the form on the server with one more line. */
(function () {
  "use strict";

  function ajouterLigne(bouton, evenement) {
    var prefixe = bouton.getAttribute("data-ajouter-ligne");
    var total = document.getElementById("id_" + prefixe + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefixe + "-MAX_NUM_FORMS");
    var modele = document.getElementById(prefixe + "-modele");
    var lignes = document.getElementById(prefixe + "-lignes");
    if (!total || !modele || !lignes) {
      return; // the server adds the line
    }
    var index = parseInt(total.value, 10);
    var plafond = max ? parseInt(max.value, 10) : NaN;
    if (isNaN(index) || index >= plafond) {
      return;
    }
    evenement.preventDefault();
    var html = modele.innerHTML
      .split("__prefix__").join(String(index))
      .split("__numero__").join(String(index + 1));
    lignes.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var champ = lignes.lastElementChild.querySelector("input, select, textarea");
    if (champ) {
      champ.focus();
    }
    if (index + 1 >= plafond) {
      bouton.hidden = true;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var resume = document.getElementById("resume-erreurs");
    if (resume) {
      resume.focus();
    }
    document.querySelectorAll("[data-ajouter-ligne]").forEach(function (bouton) {
      bouton.addEventListener("click", function (evenement) {
        ajouterLigne(bouton, evenement);
      });
    });
  });
})();
