import functools
from decimal import Decimal

import django_tables2 as tables
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .formats import CENT, date_longue, format_money
from .templatetags.binam import solde


class MontantColumn(tables.Column):
    """Money: shown `1 234 567,89 $` on screen, exported as a number (Decimal)."""

    def __init__(self, *args, **kwargs):
        attrs = kwargs.pop("attrs", {})
        attrs.setdefault("td", {"class": "nombre"})
        attrs.setdefault("th", {"class": "nombre"})
        super().__init__(*args, attrs=attrs, **kwargs)

    def render(self, value):
        return format_money(value)

    def value(self, value):
        # SQLite returns sums such as 2000.5: exports always carry cents.
        return value.quantize(CENT) if isinstance(value, Decimal) else value


class SoldeColumn(MontantColumn):
    """A balance: below zero, "Dépassement" in words and colour on screen (noyau/_solde.html);
    exported as the signed number."""

    def render(self, value):
        return render_to_string("noyau/_solde.html", solde(value))


class DateColumn(tables.Column):
    """A date (or a moment, in local time) in the locale's short format on screen, a real date
    in exports. django-tables2's DateColumn compiles a template at every cell: a list of 25 rows
    with two dates spent 40 ms there. Like django-tables2's, `short=False` asks for the long
    format (DATE_FORMAT, "20 novembre 2026"); `format` names any other."""

    def __init__(self, *args, format=None, short=True, **kwargs):
        self.format = format or ("SHORT_DATE_FORMAT" if short else "DATE_FORMAT")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return date_longue(value, self.format)

    def value(self, value):
        return value


@functools.cache
def _gabarit(code):
    # Keyed by the source text: the templates are the columns' own constants, a bounded set.
    return Template(code)


class TemplateColumn(tables.TemplateColumn):
    """django-tables2's TemplateColumn, with its `template_code` compiled once rather than at
    every cell (the portal home compiled 50 templates per request). Same context: the record,
    the value, the column's extra context, the table's context and the request."""

    def render(self, record, table, value, bound_column, **kwargs):
        if not self.template_code:
            return super().render(record, table, value, bound_column, **kwargs)
        contexte = getattr(table, "context", None) or Context()
        donnees = self.get_context_data(
            record=record, table=table, value=value, bound_column=bound_column, **kwargs
        )
        with contexte.update(donnees):
            contexte["request"] = getattr(table, "request", None)
            return _gabarit(self.template_code).render(contexte)


class PastilleColumn(tables.Column):
    """A status as a labelled badge: `<span class="pastille statut-en_cours">En cours</span>`.
    The class carries the colour, the label the meaning (never colour alone); exports get the
    label. The record's `get_<column>_display()` gives the label."""

    def __init__(self, *args, classe, **kwargs):
        self.classe = classe
        super().__init__(*args, **kwargs)

    @staticmethod
    def libelle(record, bound_column):
        return getattr(record, f"get_{bound_column.name}_display")()

    def render(self, value, record, bound_column):
        return format_html(
            '<span class="pastille {}-{}">{}</span>',
            self.classe,
            value,
            self.libelle(record, bound_column),
        )

    def value(self, record, bound_column):
        return self.libelle(record, bound_column)


OUI_NON = (_("Oui"), _("Non"))


class OuiNonColumn(tables.BooleanColumn):
    """Oui/Non on screen and in exports (django-tables2 would export True/False)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("yesno", OUI_NON)
        super().__init__(*args, **kwargs)

    def value(self, record, value, bound_column):
        return str(self.yesno[int(not self._get_bool_value(record, value, bound_column))])


def trier(queryset, expression, is_descending, departage, *, vide_au_plus_bas=False):
    """Orders by `expression`, then by a unique tie-breaker reversed with it (as django-tables2
    does for tuples): equal values keep the same order on every page and in the export.
    `departage` is a field name or a tuple of them (a grant's numéro is two numbers).
    `vide_au_plus_bas`: NULL sorts below every value, on SQLite and PostgreSQL alike (they
    disagree by default)."""
    champs = (departage,) if isinstance(departage, str) else tuple(departage)
    if is_descending:
        ordre = expression.desc(nulls_last=True) if vide_au_plus_bas else expression.desc()
        return queryset.order_by(ordre, *(f"-{c}" for c in champs)), True
    ordre = expression.asc(nulls_first=True) if vide_au_plus_bas else expression.asc()
    return queryset.order_by(ordre, *champs), True
