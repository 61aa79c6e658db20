"""Reference data in templates: a status's column header (its short form, its full name for
screen readers) and the key to those short forms."""

from django import template
from django.utils.html import format_html, format_html_join

from referentiel.models import StatutImmigration

register = template.Library()


def _statut(context, statut, nom=""):
    """A `StatutImmigration`, or its pk (a report's grid keeps pairs of pk and name): looked up
    once per page. A pk no longer known keeps the `nom` it was saved with."""
    if isinstance(statut, StatutImmigration):
        return statut
    cache = context.render_context.dicts[0].setdefault("statuts_par_pk", {})
    if not cache:
        cache.update((s.pk, s) for s in StatutImmigration.objects.all())
    try:
        return cache.get(int(statut)) or StatutImmigration(nom=nom)
    except (TypeError, ValueError):
        return StatutImmigration(nom=nom or str(statut))


@register.simple_tag(takes_context=True)
def entete_statut(context, statut, nom=""):
    """`<th>{% entete_statut s %}</th>`: the short form on screen (`RP`), with its full name as
    a tooltip, and the full name alone for screen readers (they do not read `title` reliably)."""
    statut = _statut(context, statut, nom)
    complet, sigle = statut.nom_affiche, statut.sigle_affiche
    if sigle == complet:
        return complet
    return format_html(
        '<abbr title="{0}" aria-hidden="true">{1}</abbr>'
        '<span class="visuellement-cache">{0}</span>',
        complet,
        sigle,
    )


@register.simple_tag(takes_context=True)
def nom_statut(context, statut, nom=""):
    """A status's full name in the active language, from a `StatutImmigration` or its pk."""
    return _statut(context, statut, nom).nom_affiche


@register.simple_tag(takes_context=True)
def legende_statuts(context, statuts):
    """The key under a table whose headers are short forms: `RP : Résident·e permanent·e`, for
    whoever cannot hover a header. Hidden from screen readers, which read the full names in the
    headers already. `statuts`: objects, pks, or (pk, name) pairs."""
    objets = []
    for s in statuts:
        if isinstance(s, list | tuple):
            objets.append(_statut(context, s[0], s[1]))
        else:
            objets.append(_statut(context, s))
    paires = [(o.sigle_affiche, o.nom_affiche) for o in objets if o.sigle_affiche != o.nom_affiche]
    if not paires:
        return ""
    return format_html(
        '<p class="aide legende-sigles" aria-hidden="true">{}</p>',
        format_html_join(" · ", "<span><abbr>{}</abbr> = {}</span>", paires),
    )
