import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from noyau.forms import DateInput
from noyau.validators import valider_date_plausible

# Wider than any grant's life: beyond, the workbook would only be slow, never more useful.
DUREE_MAX = datetime.timedelta(days=366 * 10)


class PeriodeForm(forms.Form):
    du = forms.DateField(label=_("Du"), widget=DateInput, validators=[valider_date_plausible])
    au = forms.DateField(label=_("Au"), widget=DateInput, validators=[valider_date_plausible])

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au:
            if au < du:
                raise ValidationError(
                    {"au": _("Choisissez une date après celle du début.")}, code="ordre"
                )
            if au - du > DUREE_MAX:
                raise ValidationError(
                    {"au": _("La période ne peut pas dépasser dix ans.")}, code="trop_longue"
                )
        return donnees
