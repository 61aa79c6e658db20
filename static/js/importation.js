// While a large file is checked or imported the page waits on the server: say so, in words
// (role="status" is read by screen readers) and with a progress bar, and prevent a second send.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-progression]").forEach(function (formulaire) {
      formulaire.addEventListener("submit", function () {
        var zone = formulaire.querySelector(".progression");
        if (zone) {
          zone.hidden = false;
        }
        formulaire.querySelectorAll("button[type=submit]").forEach(function (bouton) {
          bouton.disabled = true;
          bouton.setAttribute("aria-disabled", "true");
        });
      });
    });
  });
})();
