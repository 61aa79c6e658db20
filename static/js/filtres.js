// On a narrow screen a list's filters start folded, so that the results come first. The server
// marks only the <details> that may fold (none while a filter shows an error); without
// JavaScript they simply stay open, as on a wide screen. A static file: the CSP forbids inline
// scripts.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 40rem)").matches) {
    return;
  }
  document.querySelectorAll("details[data-replier-si-etroit]").forEach(function (details) {
    details.open = false;
  });
})();
