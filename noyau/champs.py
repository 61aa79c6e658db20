"""Model and form fields for the two quantities every app carries: money and fiscal years."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A fiscal year (exercice) is a calendar year; the bounds catch typos, not policy.
EXERCICE_MIN = 2000
EXERCICE_MAX = 2100


def exercice_courant() -> int:
    """The exercice containing today (a calendar year), in the site's time zone."""
    return timezone.localdate().year


def MontantField(verbose_name, **kwargs):  # noqa: N802 - reads like a field class
    """Money: Decimal, 2 places, CAD; never a float."""
    kwargs.setdefault("max_digits", 12)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **kwargs)


def ExerciceField(verbose_name=None, **kwargs):  # noqa: N802
    """A fiscal year, which is the calendar year."""
    return models.PositiveSmallIntegerField(
        verbose_name or _("exercice"),
        validators=[MinValueValidator(EXERCICE_MIN), MaxValueValidator(EXERCICE_MAX)],
        **kwargs,
    )


class ExerciceFormField(forms.IntegerField):
    """A year typed in a form or a filter: a whole number within the plausible range, so that
    "2026.5" or "deux mille" is an error, not a match."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", EXERCICE_MIN)
        kwargs.setdefault("max_value", EXERCICE_MAX)
        super().__init__(**kwargs)
