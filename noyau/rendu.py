"""The form renderer: Django's own, except that a `<select>` is written in Python.

Django renders a template (and an attributes template) for every `<option>`: the grants list's
filter form, with 70 options, spent a quarter of the request there. The markup is exactly
`django/forms/widgets/select.html`'s; a select whose options use another template falls back to
the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attributs(attrs):
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", nom) if valeur is True else format_html(' {}="{}"', nom, valeur),)
            for nom, valeur in attrs.items()
            if valeur is not False
        ),
    )


def _option(option):
    return format_html(
        '\n  <option value="{}"{}>{}</option>',
        option["value"],
        _attributs(option["attrs"]),
        option["label"],
    )


def _select(widget):
    morceaux = []
    for groupe, options, _index in widget["optgroups"]:
        if groupe:
            morceaux.append(format_html('\n  <optgroup label="{}">', groupe))
        morceaux.extend(_option(option) for option in options)
        if groupe:
            morceaux.append(mark_safe("\n  </optgroup>"))
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        widget["name"],
        _attributs(widget["attrs"]),
        mark_safe("".join(morceaux)),
    )


class Rendu(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and all(
            option["template_name"] == OPTION
            for _groupe, options, _index in widget["optgroups"]
            for option in options
        ):
            return _select(widget)
        return super().render(template_name, context, request=request)
