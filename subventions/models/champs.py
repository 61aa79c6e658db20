from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def MontantField(verbose_name, **kwargs):  # noqa: N802 - reads like a field class
    """Money: Decimal, 2 places, CAD; never a float."""
    kwargs.setdefault("max_digits", 12)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **kwargs)


def ExerciceField(verbose_name=None, **kwargs):  # noqa: N802
    """A fiscal year, which is the calendar year."""
    return models.PositiveSmallIntegerField(
        verbose_name or _("exercice"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        **kwargs,
    )
