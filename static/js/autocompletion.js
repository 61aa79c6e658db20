/* Progressive enhancement of the typed choice fields (noyau/autocompletion.py).
 *
 * Without this script the field is a plain text input the server resolves. With it, the input
 * becomes GOV.UK's accessible-autocomplete (keyboard and screen-reader friendly) fed by the
 * field's JSON endpoint. The chosen suggestion ("Name (NEQ)") is submitted as text, the same
 * text the server reads without the script: one resolution, two ways to type it.
 */
(function () {
  "use strict";

  function remplir(texte, valeurs) {
    return texte.replace(/\{(\w+)\}/g, function (tout, cle) {
      return cle in valeurs ? String(valeurs[cle]) : tout;
    });
  }

  /* `texteActuel()`: what the field holds now. An answer for another text (a suggestion was
   * chosen from the previous list before it came) is dropped: shown, it reopened the list. */
  function source(url, texteActuel) {
    var separateur = url.indexOf("?") === -1 ? "?" : "&";
    var enCours = null;
    return function (requete, afficher) {
      if (enCours) {
        enCours.abort();
      }
      enCours = new AbortController();
      fetch(url + separateur + "q=" + encodeURIComponent(requete), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: enCours.signal,
      })
        .then(function (reponse) {
          return reponse.ok ? reponse.json() : { resultats: [] };
        })
        .then(function (donnees) {
          if (texteActuel() !== requete) {
            return;
          }
          afficher(donnees.resultats.map(function (r) { return r.libelle; }));
        })
        .catch(function (erreur) {
          if (erreur.name !== "AbortError") {
            afficher([]);
          }
        });
    };
  }

  function ameliorer(champ) {
    var textes = JSON.parse(champ.getAttribute("data-autocompletion-textes") || "{}");
    var conteneur = document.createElement("div");
    conteneur.className = "autocompletion";
    champ.parentNode.insertBefore(conteneur, champ);
    var invalide = champ.getAttribute("aria-invalid");
    var decrit = (champ.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    // The library builds its own input with this id and name: the plain one goes away, so the
    // label still points at the field and the form submits one value.
    champ.parentNode.removeChild(champ);
    accessibleAutocomplete({
      element: conteneur,
      id: champ.id,
      name: champ.name,
      defaultValue: champ.value,
      required: champ.required,
      minLength: parseInt(champ.getAttribute("data-autocompletion-min") || "2", 10),
      source: source(champ.getAttribute("data-autocompletion"), function () {
        var actuel = document.getElementById(champ.id);
        return actuel ? actuel.value : "";
      }),
      showNoOptionsFound: true,
      confirmOnBlur: false,
      tNoResults: function () { return textes.aucunResultat; },
      tStatusQueryTooShort: function (n) { return remplir(textes.tropCourt, { n: n }); },
      tStatusNoResults: function () { return textes.statutAucun; },
      tStatusSelectedOption: function (option, total, position) {
        return remplir(textes.statutChoisi, { option: option, total: total, position: position + 1 });
      },
      tStatusResults: function (total) {
        return total === 1 ? textes.statutUn : remplir(textes.statutPlusieurs, { total: total });
      },
      tAssistiveHint: function () { return textes.aide; },
    });
    var nouveau = document.getElementById(champ.id);
    if (!nouveau) {
      return;
    }
    if (invalide) {
      // The error the server wrote stays announced.
      nouveau.setAttribute("aria-invalid", invalide);
    }
    garderDescriptions(nouveau, decrit);
    rendreLeFocusSurEchap(conteneur, nouveau);
  }

  /* Escape on a suggestion closes the list and leaves the focus nowhere (on <body>): what is
   * typed next is lost (accessible-autocomplete issue 692, open). The focus goes back to the
   * field, with the list closed. */
  function rendreLeFocusSurEchap(conteneur, champ) {
    conteneur.addEventListener(
      "keydown",
      function (evenement) {
        // Before the library's own handler (capture): it then closes the list as usual, and
        // the list the field's focus would reopen stays closed.
        if (evenement.key === "Escape" && evenement.target !== champ) {
          champ.focus();
        }
      },
      true
    );
  }

  /* The library writes aria-describedby itself (its hint while the field is empty, nothing
   * once typed in), replacing what the server wrote there: the error message and help text
   * would no longer be read. Each time it writes, the field's own ids are put back first. */
  function garderDescriptions(champ, ids) {
    if (!ids.length) {
      return;
    }
    function completer() {
      var actuels = (champ.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      var voulus = ids.concat(actuels.filter(function (id) { return ids.indexOf(id) === -1; }));
      if (voulus.join(" ") !== actuels.join(" ")) {
        champ.setAttribute("aria-describedby", voulus.join(" "));
      }
    }
    completer();
    new MutationObserver(completer).observe(champ, { attributes: true, attributeFilter: ["aria-describedby"] });
  }

  function demarrer() {
    if (typeof accessibleAutocomplete !== "function" || !window.fetch) {
      return; // the plain text input keeps working
    }
    var champs = document.querySelectorAll("input[data-autocompletion]");
    for (var i = 0; i < champs.length; i++) {
      ameliorer(champs[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", demarrer);
  } else {
    demarrer();
  }
})();
