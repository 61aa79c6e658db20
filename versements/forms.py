"""Forms of the signature, the schedule and the payment steps."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from noyau.forms import DateInput, MontantFormField
from noyau.validators import valider_date_plausible
from organismes.fichiers import ACCEPT, FORMATS_LIBELLE, TAILLE_MAX_LIBELLE
from subventions.forms import SignatureForm, formset_de_lignes

from .models import Versement


class ConventionSignatureForm(SignatureForm):
    document = forms.FileField(
        label=_("Convention signée"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    field_order = ["date_signature", "document", "commentaire"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(
            "Le document signé par les deux parties. Formats %(formats)s; %(max)s au maximum."
        ) % {"formats": FORMATS_LIBELLE, "max": TAILLE_MAX_LIBELLE}


class LigneEcheancierForm(forms.Form):
    montant = MontantFormField(label=_("Montant"))
    date_prevue = forms.DateField(
        label=_("Date prévue"),
        widget=DateInput,
        validators=[valider_date_plausible],
        # The instalment's exercice is derived from it (echeancier_modifier).
        help_text=_("Le versement appartient à l'exercice de cette date."),
    )
    condition = forms.ChoiceField(label=_("Condition"), choices=Versement.Condition.choices)
    # The planned instalment this line edits (empty for a new line).
    versement = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_montant(self):
        montant = self.cleaned_data["montant"]
        if montant <= 0:
            raise forms.ValidationError(_("Un versement est de plus de 0 $."))
        return montant


# 24: two years of monthly instalments; a schedule of more planned lines is not seen.
EcheancierFormSet = formset_de_lignes(
    LigneEcheancierForm, extra=1, max_num=24, can_delete_extra=True
)


class VersionEcheancierForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Formulaire incomplet : rechargez la page.")},
    )


class EtapeVersementForm(forms.Form):
    """The status the page showed (paiements._exiger refuses the step if it moved since)."""

    statut_vu = forms.ChoiceField(
        choices=Versement.Statut.choices, widget=forms.HiddenInput, required=False
    )


class AutorisationForm(EtapeVersementForm):
    pass


class PaiementForm(EtapeVersementForm):
    date_paiement = forms.DateField(
        label=_("Date du paiement"), widget=DateInput, validators=[valider_date_plausible]
    )
    reference = forms.CharField(
        label=_("Référence du paiement"),
        max_length=40,
        help_text=_("La référence du système financier de la Ville."),
    )

    def clean_date_paiement(self):
        date = self.cleaned_data["date_paiement"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Cette date ne peut pas être dans le futur."))
        return date


class MotifForm(EtapeVersementForm):
    motif = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visible du personnel seulement; l'organisme ne le voit pas."),
    )


class LeverRetenueForm(EtapeVersementForm):
    pass


FORMULAIRES = {
    "autoriser": AutorisationForm,
    "payer": PaiementForm,
    "retenir": MotifForm,
    "lever_retenue": LeverRetenueForm,
    "annuler": MotifForm,
}


class MotifModificationForm(forms.Form):
    """The reason of a schedule change that a manager must approve (services/modifications.py):
    asked only when the change makes money payable sooner or with less proof."""

    motif = forms.CharField(
        label=_("Motif de la modification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Requis quand le changement rend de l'argent payable plus tôt ou avec moins de "
            "preuve (condition affaiblie, montant ou date avancés) : il est alors proposé à un "
            "gestionnaire, qui l'approuve ou le refuse. Visible du personnel seulement."
        ),
    )


class ApprobationModificationForm(forms.Form):
    pass


class RefusModificationForm(forms.Form):
    motif_refus = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Conservé au dossier; visible du personnel seulement."),
    )
