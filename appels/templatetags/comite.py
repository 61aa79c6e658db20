"""The committee's pages: its progress on a call's staff page (`{% avancement_comite appel %}`:
the page's view stays the call's; the table reads its own rows, four queries), and the rows of
the deliberation's ranking (`{% lignes_du_classement %}`), written in Python."""

import html

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from noyau.formats import date_longue, format_money
from noyau.forms import MontantInput
from noyau.permissions import verdict

from ..models import Recommandation
from ..selectors.comite import avancement_comite as _avancement

register = template.Library()


@register.inclusion_tag("appels/comite/_avancement.html", takes_context=True)
def avancement_comite(context, appel):
    user = context["request"].user
    return {
        "appel": appel,
        "lignes": _avancement(appel=appel),
        "relancer": verdict(user, "appels.relancer", appel),
        "deliberer": verdict(user, "appels.deliberer", appel),
        "csrf_token": context.get("csrf_token"),
    }


_MONTANT = MontantInput()


@register.filter
def montant_saisi(montant):
    """An amount as its input shows it (« 12 500,00 »), without rendering a widget."""
    return _MONTANT.format_value(montant)


# --- The ranking's rows ----------------------------------------------------------------------
# A page of the ranking is 50 rows, each with its decision form. Through the template engine,
# those rows were most of the request (≈ 1 ms a row: some 60 variable lookups, filters and
# translations each); written here, the translations, the CSRF field and the cut line's text
# are worked out once a page. The markup is the one the page always had (labels, ids, names
# for screen readers): tests/appels/test_classement_rendu.py compares it with the template's.
LIGNE = (
    '\n  {coupe}\n  <tr id="demande-{pk}"{classe}>'
    "\n    <td>{rang}</td>"
    '\n    <th scope="row">{nom}<br><span class="aide">{organisme}</span>{a_verifier}</th>'
    "\n    <td>{moyenne}</td>"
    "\n    <td>{ecart}</td>"
    "\n    <td>{nb}</td>"
    "\n    <td>{demande}</td>"
    "\n    <td>{recommande}</td>"
    "\n    <td>{cumul}</td>"
    "\n    <td>\n      {decision}\n      {formulaire}\n    </td>\n  </tr>"
)
DECISION = '<p>{decision}{motif}<br><span class="aide">{par}</span></p>'
# Written out rather than through DecisionForm's widgets: 50 rows × 4 widget templates.
FORMULAIRE = (
    '<form method="post" action="{action}" class="formulaire-en-ligne">'
    '\n        {csrf}<input type="hidden" name="page" value="{page}">'
    '\n        <label for="d{pk}-decision">{l_decision}'
    '<span class="visuellement-cache"> — {nom}</span></label>'
    '\n        <select name="d{pk}-decision" id="d{pk}-decision" required>'
    '<option value="">—</option>{options}</select>'
    '\n        <label for="d{pk}-montant_recommande">{l_montant}</label>'
    '\n        <input type="text" inputmode="decimal" autocomplete="off" class="montant"'
    ' name="d{pk}-montant_recommande" id="d{pk}-montant_recommande" value="{montant}">'
    '\n        <label for="d{pk}-motif">{l_motif}</label>'
    '\n        <textarea name="d{pk}-motif" id="d{pk}-motif" rows="2" maxlength="2000">'
    "{motif}</textarea>"
    "\n        {version}"
    '\n        <button type="submit">{l_enregistrer}'
    '<span class="visuellement-cache"> {nom}</span></button>'
    "\n      </form>"
)


def _e(valeur):
    """`conditional_escape` without the `keep_lazy` wrappers of `escape` and `mark_safe` (they
    keep a lazy text lazy; here each value is escaped once and at once), which were a third of
    the rows' time. A `SafeString` then, as `escape` returns."""
    if hasattr(valeur, "__html__"):
        return valeur.__html__()
    return SafeString(html.escape(str(valeur)))


def _html(modele, *args, **kwargs):
    """`format_html` over `_e`: every value escaped, unless it is already HTML."""
    valeurs = {nom: _e(v) for nom, v in kwargs.items()}
    return SafeString(modele.format(*map(_e, args), **valeurs))


def _score(valeur):
    # `floatformat:2` as the template wrote it; the scores are already to the cent.
    return "—" if valeur is None else number_format(valeur, 2)


class _Page:
    """What every row of a page shares, read once."""

    def __init__(self, context, *, appel, page, deliberer):
        self.appel, self.page, self.deliberer = appel, page, deliberer
        # Once the call is decided, a waitlisted row links to its retaining page (asked per row
        # then only: the rule reads the row's own state).
        self.utilisateur = None
        if appel.etat == appel.Etat.DECIDE and "request" in context:
            self.utilisateur = context["request"].user
            self.retenir = reverse("appels:retenir_de_la_liste", args=[0]).rpartition("/0/")
            # As {% translate %} writes it: our own message, not escaped.
            self.l_retenir = mark_safe(gettext("Retenir depuis la liste d'attente"))  # noqa: S308
        self.csrf = CsrfTokenNode().render(context)
        self.langue = translation.get_language()
        # One `reverse` a page rather than one a row: the form's address for application 0,
        # whose last segment "/0/" then takes each application's number.
        self.action = reverse("appels:decider", args=[appel.pk, 0]).rpartition("/0/")
        self.libelles = {
            "l_decision": gettext("Décision"),
            "l_montant": gettext("Montant recommandé"),
            "l_motif": gettext("Motif"),
            "l_enregistrer": gettext("Enregistrer"),
        }
        decisions = [(v, str(libelle)) for v, libelle in Recommandation.Decision.choices]
        # The decision list, with each decision (or none) selected.
        self.options = {
            choisie: mark_safe(  # noqa: S308 - each option escaped
                "".join(
                    _html(
                        '<option value="{}"{}>{}</option>',
                        valeur,
                        " selected" if valeur == choisie else "",
                        libelle,
                    )
                    for valeur, libelle in decisions
                )
            )
            for choisie in (None, *(v for v, _libelle in decisions))
        }
        self.desaccord = _html(" <strong>{}</strong>", gettext("(désaccord signalé)"))
        self.a_verifier = _html(
            ' <span class="pastille">{}</span>', gettext("organisme à vérifier")
        )
        self.coupe = _html(
            '<tr class="ligne-de-coupe"><td colspan="9"><strong>{}</strong></td></tr>',
            # As {% blocktranslate %} does: the message is trusted, the amount escaped.
            mark_safe(  # noqa: S308 - our own message
                gettext(
                    "Ligne de coupe : à partir d'ici, le cumul dépasse le budget de l'appel "
                    "(%(budget)s)."
                )
                % {"budget": _e(format_money(appel.budget, self.langue))}
            ),
        )

    def decision(self, r):
        if r is None:
            return ""
        return _html(
            DECISION,
            decision=r.get_decision_display(),
            motif=_html(" — {}", r.motif) if r.motif else "",
            # As {% blocktranslate %} does: the message is trusted, the values escaped.
            par=mark_safe(  # noqa: S308 - our own message, values escaped
                gettext("par %(qui)s, le %(le)s")
                % {"qui": _e(r.decide_par), "le": _e(date_longue(r.decide_le, "DATETIME_FORMAT"))}
            ),
        )

    def lien_retenir(self, ligne, nom):
        d = ligne.demande
        if self.utilisateur is None or d.etat != d.Etat.LISTE_ATTENTE:
            return ""
        if not verdict(self.utilisateur, "appels.retenir_de_la_liste", d):
            return ""
        return _html(
            '<a class="bouton bouton-secondaire" href="{}/{}/{}">{}'
            '<span class="visuellement-cache"> — {}</span></a>',
            self.retenir[0],
            d.pk,
            self.retenir[2],
            self.l_retenir,
            nom,
        )

    def formulaire(self, ligne, nom):
        if not self.deliberer:
            return self.lien_retenir(ligne, nom)
        d, r = ligne.demande, ligne.recommandation
        return _html(
            FORMULAIRE,
            action=f"{self.action[0]}/{d.pk}/{self.action[2]}",
            csrf=self.csrf,
            page=self.page,
            pk=d.pk,
            nom=nom,
            options=self.options[r.decision if r is not None else None],
            montant=montant_saisi(ligne.montant_recommande),
            motif=r.motif if r is not None else "",
            version=(
                _html('<input type="hidden" name="d{}-version" value="{}">', d.pk, r.version)
                if r is not None
                else ""
            ),
            **self.libelles,
        )

    def ligne(self, ligne):
        d = ligne.demande
        nom = _e(d.titre_projet or d)
        ecart = "—"
        if ligne.ecart is not None:
            ecart = _html(
                "{}{}", _score(ligne.ecart), self.desaccord if ligne.ecart_signale else ""
            )
        return _html(
            LIGNE,
            coupe=self.coupe if ligne.ligne_de_coupe else "",
            pk=d.pk,
            classe=mark_safe(' class="sous-la-ligne"') if ligne.sous_la_ligne else "",
            rang=ligne.rang,
            nom=nom,
            organisme=d.organisme,
            a_verifier=self.a_verifier if d.organisme.a_verifier else "",
            moyenne=_score(ligne.moyenne),
            ecart=ecart,
            nb=ligne.nb_evaluations,
            demande=format_money(d.montant_demande, self.langue),
            recommande=format_money(ligne.montant_recommande, self.langue),
            cumul=format_money(ligne.cumul, self.langue),
            decision=self.decision(ligne.recommandation),
            formulaire=self.formulaire(ligne, nom),
        )


@register.simple_tag(takes_context=True)
def lignes_du_classement(context, lignes, *, appel, page, deliberer):
    """The `<tbody>` rows of a page of the ranking: the cut line where it falls, each
    application's scores and amounts, its decision, and its decision form for whoever may
    deliberate (`deliberer`; `page`: the page number the form comes back to)."""
    rendu = _Page(context, appel=appel, page=page, deliberer=deliberer)
    return mark_safe("".join(rendu.ligne(ligne) for ligne in lignes))  # noqa: S308 - escaped
