"""Django's `date` and `time` filters, written the Québec way: `1er décembre 2026`, `10 h 47`.

This library is a template builtin (config.settings.base, TEMPLATES' `builtins`): it replaces
Django's own filters of the same names in every template, so that `{{ d|date }}` and
`{{ le|date:"DATETIME_FORMAT" }}` need no `{% load %}` and no template can fall back to the
plain "1 décembre"."""

from django import template

from noyau.formats import date_longue, heure

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """`{{ d|date }}` → `1er décembre 2026`; `arg` is a format name or a format string."""
    if value in (None, ""):
        return ""
    try:
        return date_longue(value, arg or "DATE_FORMAT")
    except AttributeError:
        return ""


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    """`{{ t|time }}` → `10 h 47`."""
    if value in (None, ""):
        return ""
    try:
        return date_longue(value, arg) if arg else heure(value)
    except AttributeError:
        return ""
