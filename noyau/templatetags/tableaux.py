"""The body of every table, written in Python.

Same markup as django-tables2's `table.tbody` block, but each column's `<td>` attributes are
worked out once per table instead of once per cell (django-tables2 recomputes them, with their
CSS classes, at every cell: on a 25 × 11 page that and the template loop were half the time of
the whole request). Attributes given as callables (per record) are still computed per cell.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _attributs_variables(table, colonne):
    sources = (table.attrs, colonne.column.attrs)
    return any(
        callable(valeur)
        for attrs in sources
        for cle in ("td", "cell")
        for valeur in (attrs.get(cle) or {}).values()
    )


def _contenu(colonne, cellule, context):
    if colonne.localize is None:
        return render_value_in_context(cellule, context)
    return conditional_escape(formats.localize(cellule, use_l10n=colonne.localize))


@register.simple_tag(takes_context=True)
def corps_de_table(context, table):
    colonnes = list(table.columns)
    fixes = {
        c.name: None if _attributs_variables(table, c) else c.attrs["td"].as_html()
        for c in colonnes
    }
    lignes = []
    for ligne in table.paginated_rows:
        cellules = []
        for colonne, cellule in ligne.items():
            attributs = fixes[colonne.name]
            if attributs is None:
                attributs = colonne.attrs["td"].as_html()
            cellules.append(
                format_html("<td {}>{}</td>", attributs, _contenu(colonne, cellule, context))
            )
        lignes.append(
            format_html("<tr {}>{}</tr>", ligne.attrs.as_html(), mark_safe("".join(cellules)))
        )
    if not lignes and table.empty_text:
        lignes.append(
            format_html('<tr><td colspan="{}">{}</td></tr>', len(colonnes), table.empty_text)
        )
    return mark_safe("".join(lignes))
