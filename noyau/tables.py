from decimal import Decimal

import django_tables2 as tables

from .formats import CENT, format_money


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
