// The main menu is a <details>: on a narrow screen it starts folded, so that the page's content
// comes first; on a wide screen it is open and its button hidden (binam.css). Run where it is
// included, right after the menu, so that a phone never paints it open first. Without
// JavaScript the menu simply stays open. A static file: the CSP forbids inline scripts.
(function () {
  "use strict";
  if (!window.matchMedia) {
    return;
  }
  var etroit = window.matchMedia("(max-width: 40rem)");
  var menus = document.querySelectorAll("details.menu-principal");
  function ajuster() {
    menus.forEach(function (menu) {
      menu.open = !etroit.matches;
    });
  }
  ajuster();
  if (etroit.addEventListener) {
    etroit.addEventListener("change", ajuster);
  }
})();
