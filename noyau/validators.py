"""Plausible bounds shared by every form and model: a date typed as 0001-01-01 or 9999-12-31 is
a slip of the keyboard, never a real grant period, constitution or expiry date."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .formats import date_longue

# Grant periods and document expiries: the same years as the fiscal years (ExerciceField).
DEBUT_PLAUSIBLE = datetime.date(2000, 1, 1)
FIN_PLAUSIBLE = datetime.date(2100, 12, 31)
# The oldest organisations still active in Montréal were founded in the 19th century.
FONDATION_PLAUSIBLE = datetime.date(1800, 1, 1)

PARTICIPANTS_MAX = 1_000_000
valider_participants = MaxValueValidator(
    PARTICIPANTS_MAX, _("Au plus %(limit_value)s participants par service.")
)


@deconstructible
class DatePlausible:
    """Between `debut` and `fin` inclusive; `fin=None` means today (no date in the future)."""

    def __init__(self, debut=DEBUT_PLAUSIBLE, fin=FIN_PLAUSIBLE):
        self.debut = debut
        self.fin = fin

    def __call__(self, valeur):
        if valeur is None:
            return
        fin = self.fin or timezone.localdate()
        if valeur < self.debut or valeur > fin:
            if self.fin is None:
                message = _(
                    "Date invraisemblable : elle doit se situer entre le %(debut)s et aujourd'hui."
                )
            else:
                message = _(
                    "Date invraisemblable : elle doit se situer entre le %(debut)s et le %(fin)s."
                )
            raise ValidationError(
                message,
                code="date_invraisemblable",
                params={"debut": date_longue(self.debut), "fin": date_longue(fin)},
            )

    def __eq__(self, autre):
        return isinstance(autre, DatePlausible) and (self.debut, self.fin) == (
            autre.debut,
            autre.fin,
        )


valider_date_plausible = DatePlausible()
valider_date_passee = DatePlausible(debut=FONDATION_PLAUSIBLE, fin=None)
