"""The amendment form: the decision (resolution, date, reason), the new amount; the répartition
is the grant form's formset (forms.RepartitionFormSet)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from noyau.forms import DateInput, MontantFormField, VersionFormMixin
from noyau.validators import valider_date_plausible

from .forms import ResolutionField
from .models.subvention import valider_resolution


class AvenantForm(VersionFormMixin, forms.Form):
    montant = MontantFormField(
        label=_("Nouveau montant accordé"),
        help_text=_("Le montant total après l'avenant; la répartition ci-dessous doit l'égaler."),
    )
    numero_resolution = ResolutionField(
        label=_("Numéro de résolution du comité exécutif"),
        max_length=10,
        validators=[valider_resolution],
        help_text=_("Par exemple CE26 0123."),
    )
    date_decision = forms.DateField(
        label=_("Date de la décision"), widget=DateInput, validators=[valider_date_plausible]
    )
    motif = forms.CharField(
        label=_("Motif de l'avenant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Communiqué à l'organisme avec l'avenant."),
    )
    derogation_raison = forms.CharField(
        label=_("Raison de la dérogation à l'enveloppe"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Seulement si la hausse dépasse ce qui reste de l'enveloppe d'un exercice : la "
            "raison est conservée au dossier, sans être montrée à l'organisme."
        ),
    )

    def __init__(self, *args, subvention, peut_deroger, **kwargs):
        self.instance = subvention  # for the version carried by VersionFormMixin
        super().__init__(*args, **kwargs)
        if not peut_deroger:
            del self.fields["derogation_raison"]

    def clean_montant(self):
        montant = self.cleaned_data["montant"]
        if montant is not None and montant <= 0:
            raise forms.ValidationError(_("Indiquez un montant de plus de 0 $."))
        return montant

    def clean_date_decision(self):
        date = self.cleaned_data["date_decision"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Cette date ne peut pas être dans le futur."))
        return date
