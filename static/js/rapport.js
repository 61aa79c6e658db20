/* The report form's totals, as a progressive enhancement: row, column and grand totals of the
   participants grid and the expenses' total and share of the grant, shown as the partner types.
   The server recomputes every total on save; these are only a preview. The summary line
   ([data-resume]) follows every key; the same sentence goes to #annonce-totaux
   (aria-live="polite") once typing pauses, so a screen reader hears the new totals without an
   announcement per key. */
(function () {
  "use strict";

  var langue = document.documentElement.lang || "fr";
  var nombres = new Intl.NumberFormat(langue === "en" ? "en-CA" : "fr-CA");
  var argent = new Intl.NumberFormat(langue === "en" ? "en-CA" : "fr-CA", {
    style: "currency", currency: "CAD"
  });
  var pluriel = new Intl.PluralRules(langue === "en" ? "en-CA" : "fr-CA");

  function entier(champ) {
    var texte = champ.value.replace(/[\s\u00a0\u202f]/g, "");
    if (texte === "") { return 0; }
    return /^\d+$/.test(texte) ? parseInt(texte, 10) : NaN;
  }

  function montant(champ) {
    var texte = champ.value.replace(/[\s\u00a0\u202f$]/g, "").replace(",", ".");
    if (texte === "") { return 0; }
    return /^\d+(\.\d{0,2})?$/.test(texte) ? parseFloat(texte) : NaN;
  }

  function ecrire(element, valeur, format) {
    if (element) { element.textContent = isNaN(valeur) ? "—" : format.format(valeur); }
  }

  function recalculer(formulaire) {
    var lignes = {}, colonnes = {}, total = 0, depenses = 0;
    formulaire.querySelectorAll("input[data-ligne]").forEach(function (champ) {
      var n = entier(champ);
      var l = champ.getAttribute("data-ligne"), c = champ.getAttribute("data-colonne");
      lignes[l] = (lignes[l] || 0) + n;
      colonnes[c] = (colonnes[c] || 0) + n;
      total += n;
    });
    Object.keys(lignes).forEach(function (l) {
      ecrire(formulaire.querySelector('[data-total-ligne="' + l + '"]'), lignes[l], nombres);
    });
    Object.keys(colonnes).forEach(function (c) {
      ecrire(formulaire.querySelector('[data-total-colonne="' + c + '"]'), colonnes[c], nombres);
    });
    ecrire(formulaire.querySelector("[data-total-grille]"), total, nombres);
    formulaire.querySelectorAll("input[data-depense]").forEach(function (champ) {
      depenses += montant(champ);
    });
    ecrire(formulaire.querySelector("[data-total-depenses]"), depenses, argent);
    var accorde = formulaire.querySelector("[data-montant-accorde]");
    var part = formulaire.querySelector("[data-part-depensee]");
    if (accorde && part) {
      var base = parseFloat(accorde.getAttribute("data-montant-accorde"));
      part.textContent = base > 0 && !isNaN(depenses)
        ? nombres.format(Math.round(depenses * 1000 / base) / 10) + " %" : "—";
    }
    return { total: total, depenses: depenses };
  }

  /* "Total: 1 participant rejoint…" or "Total: 12 participants rejoints…", from the two
     sentences the page carries (already translated). */
  function phrase(formulaire, totaux) {
    var resume = formulaire.querySelector("[data-resume]");
    if (!resume) { return ""; }
    var un = !isNaN(totaux.total) && pluriel.select(totaux.total) === "one";
    var modele = resume.getAttribute(un ? "data-un" : "data-plusieurs") || "";
    return modele
      .replace("{total}", isNaN(totaux.total) ? "—" : nombres.format(totaux.total))
      .replace("{depenses}", isNaN(totaux.depenses) ? "—" : argent.format(totaux.depenses));
  }

  function resumer(formulaire, totaux) {
    var resume = formulaire.querySelector("[data-resume]");
    var texte = phrase(formulaire, totaux);
    if (resume && texte) { resume.textContent = texte; }
  }

  function annoncer(formulaire, totaux) {
    var annonce = document.getElementById("annonce-totaux");
    var texte = phrase(formulaire, totaux);
    if (annonce && texte) { annonce.textContent = texte; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var formulaire = document.querySelector("form[data-rapport]");
    if (!formulaire) { return; }
    var attente = null;
    recalculer(formulaire);
    formulaire.addEventListener("input", function (evenement) {
      var cible = evenement.target;
      if (!cible.matches("input[data-ligne], input[data-depense]")) { return; }
      var totaux = recalculer(formulaire);
      resumer(formulaire, totaux);
      window.clearTimeout(attente);
      attente = window.setTimeout(function () { annoncer(formulaire, totaux); }, 700);
    });
  });
})();
