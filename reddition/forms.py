from django import forms
from django.utils.translation import gettext_lazy as _

from noyau.forms import DateInput

from .models import Obligation


class ObligationForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=Obligation.Type.choices)
    periode_debut = forms.DateField(label=_("Début de la période couverte"), widget=DateInput)
    periode_fin = forms.DateField(label=_("Fin de la période couverte"), widget=DateInput)
    date_echeance = forms.DateField(label=_("Date d'échéance"), widget=DateInput)

    def clean(self):
        donnees = super().clean()
        debut, fin, echeance = (
            donnees.get("periode_debut"),
            donnees.get("periode_fin"),
            donnees.get("date_echeance"),
        )
        if debut and fin and debut > fin:
            self.add_error("periode_fin", _("La fin de la période doit suivre son début."))
        if fin and echeance and echeance < fin:
            self.add_error(
                "date_echeance", _("L'échéance ne peut pas précéder la fin de la période.")
            )
        return donnees


class EcheanceForm(forms.Form):
    date_echeance = forms.DateField(label=_("Nouvelle date d'échéance"), widget=DateInput)
    raison = forms.CharField(
        label=_("Raison du changement"),
        help_text=_("Conservée à l'historique de l'obligation."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SuiviForm(forms.Form):
    commentaire = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    interne = forms.BooleanField(
        label=_("Note interne (l'organisme ne la voit pas)"), required=False
    )

    def __init__(self, *args, commentaire_requis=False, communique=False, **kwargs):
        super().__init__(*args, **kwargs)
        if commentaire_requis:
            self.fields["commentaire"].required = True
            self.fields["commentaire"].label = _("Ce que l'organisme doit corriger")
        if communique:
            # What to correct is the organisation's to read: never an internal note.
            del self.fields["interne"]


class RetraitForm(forms.Form):
    """Nothing to fill in: the POST itself confirms."""
