"""Grant forms: the grant itself, its répartition par exercice and its funded services."""

from decimal import Decimal

from django import forms
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from catalogue.models import ServiceIntegration
from catalogue.selectors import services_financables
from comptes.selectors import agents
from noyau.champs import ExerciceFormField
from noyau.forms import DateInput, MontantFormField, PersonneChoiceField, VersionFormMixin
from noyau.validators import PARTICIPANTS_MAX, valider_date_plausible
from organismes.autocompletion import OrganismeActifField
from organismes.models import Organisme

from .cibles import statuts_hors_service
from .models import Programme, Subvention
from .models.subvention import valider_gdd, valider_resolution
from .services import CHAMPS_SUBVENTION


class SubventionForm(VersionFormMixin, forms.ModelForm):
    montant_demande = MontantFormField(
        label=_("Montant demandé"),
        help_text=_("Obligatoire : le montant que l'organisme demande, plus de 0 $."),
    )
    # Empty while the analysis has not settled on an amount (stored as 0, "not decided"); a
    # typed 0 $ is refused so that nobody grants nothing by mistake.
    # The file is edited only before approval (Subvention.STATUTS_MODIFIABLES): its amount is
    # a proposal until then (domain.md, "Proposed vs granted").
    montant_accorde = MontantFormField(
        label=_("Montant proposé"),
        required=False,
        help_text=_(
            "Montant proposé : laissez vide tant qu'il n'est pas décidé. S'il est indiqué, il "
            "dépasse 0 $, ne dépasse pas le montant demandé et égale la somme de la répartition "
            "par exercice."
        ),
    )

    class Meta:
        model = Subvention
        # Exactly what the service accepts from this form (its allow-list).
        fields = list(CHAMPS_SUBVENTION)
        widgets = {
            "date_debut": DateInput,
            "date_fin": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"agent": PersonneChoiceField, "organisme": OrganismeActifField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisme"].queryset = Organisme.objects.filter(actif=True).only(
            "id", "nom_legal", "nom_usage", "neq"
        )
        self.fields["programme"].queryset = Programme.objects.filter(actif=True)
        self.fields["agent"].queryset = agents(actifs_seulement=True)
        self.fields["agent"].required = True
        self.fields["date_debut"].required = True
        self.fields["date_fin"].required = True
        if self.instance.pk and not self.instance.montant_accorde:
            self.initial["montant_accorde"] = None
        if self.instance.pk:
            # The organisation and programme define the file: they are not changed afterwards.
            self.fields["organisme"].disabled = True
            self.fields["programme"].disabled = True

    def clean_montant_demande(self):
        montant = self.cleaned_data["montant_demande"]
        if montant is not None and montant <= 0:
            raise forms.ValidationError(_("Indiquez un montant de plus de 0 $."), code="nul")
        return montant

    def clean_montant_accorde(self):
        montant = self.cleaned_data["montant_accorde"]
        if montant is None:
            return Decimal("0")
        if montant <= 0:
            raise forms.ValidationError(
                _(
                    "0 $ n'est pas permis : laissez le champ vide tant que le montant n'est pas "
                    "décidé."
                ),
                code="nul",
            )
        return montant

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", _("Choisissez une date après la date de début."))
        return donnees

    def champs(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class RepartitionForm(forms.Form):
    exercice = ExerciceFormField(label=_("Exercice"))
    montant = MontantFormField(label=_("Montant"))


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.actif:
            return str(obj)
        return _("%(service)s (inactif)") % {"service": obj}


class CibleStatutField(forms.IntegerField):
    """One status's target on a funded service line; blank means no target for that status."""

    def __init__(self, *, statut, **kwargs):
        self.statut = statut
        super().__init__(
            label=_("Participants visés — %(statut)s") % {"statut": statut},
            required=False,
            min_value=0,
            max_value=PARTICIPANTS_MAX,
            **kwargs,
        )


class ServiceFinanceForm(forms.Form):
    service = ServiceChoiceField(
        label=_("Service financé"), queryset=ServiceIntegration.objects.none()
    )
    participants_cibles = forms.IntegerField(
        label=_("Participants visés"),
        min_value=0,
        max_value=PARTICIPANTS_MAX,
        required=False,
        help_text=_("Le total. Si vous indiquez des cibles par statut, il devient leur somme."),
    )
    montant = MontantFormField(label=_("Part du montant"))

    def __init__(self, *args, organisme=None, deja_finances=(), statuts=(), **kwargs):
        """Only the chosen organisation's active services, plus those the grant already funds
        (a service deactivated since stays editable); none until an organisation is chosen.
        One optional target field per status in `statuts` (the active ones, plus those the
        grant already has targets for)."""
        super().__init__(*args, **kwargs)
        if organisme is not None:
            self.fields["service"].queryset = services_financables(
                organisme=organisme, deja_finances=deja_finances
            )
        self.noms_cibles = []
        for statut in statuts:
            nom = nom_cible(statut)
            self.fields[nom] = CibleStatutField(statut=statut)
            self.noms_cibles.append(nom)

    def champs_cibles(self):
        return [self[nom] for nom in self.noms_cibles]

    def clean(self):
        """The total is the sum of the targets per status when there are some (the service
        recomputes it again); a target only for a status the chosen service aims at."""
        donnees = super().clean()
        cibles = {
            self.fields[nom].statut: donnees[nom]
            for nom in self.noms_cibles
            if donnees.get(nom) is not None
        }
        service = donnees.get("service")
        if cibles and service is not None:
            for statut in statuts_hors_service(service, cibles):
                self.add_error(
                    nom_cible(statut),
                    _("Le service choisi ne vise pas le statut « %(statut)s » : laissez vide.")
                    % {"statut": statut},
                )
        if cibles:
            total = sum(cibles.values())
            if total > PARTICIPANTS_MAX:
                self.add_error(
                    None,
                    _("Les cibles par statut totalisent plus de %(max)s participants.")
                    % {"max": PARTICIPANTS_MAX},
                )
            donnees["participants_cibles"] = total
        elif donnees.get("participants_cibles") is None and "participants_cibles" not in (
            self.errors
        ):
            self.add_error(
                "participants_cibles",
                _("Indiquez le nombre de participants visés, ou des cibles par statut."),
            )
        donnees["cibles"] = cibles
        return donnees


def nom_cible(statut) -> str:
    return f"cible_{statut.pk}"


class LignesFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": ngettext_lazy("Au plus %(num)d ligne.", "Au plus %(num)d lignes.", "num"),
    }

    def lignes(self):
        """Each kept line's values: the formset's own "Supprimer" box is not one of them (a
        saved line posted again carries DELETE=False, and a service building its row from the
        values would be handed a field the model does not have)."""
        return [
            {nom: valeur for nom, valeur in f.cleaned_data.items() if nom != DELETION_FIELD_NAME}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get(DELETION_FIELD_NAME)
        ]

    def peut_ajouter(self):
        return self.total_form_count() < self.max_num

    def sans_validation(self):
        """Shows what was typed as it was typed, without judging it: "Ajouter une ligne" and
        "Afficher ses services" re-draw the form, they do not submit it. Setting the error
        caches (Django's own attributes) keeps the template from running the validation."""
        self._errors = [ErrorDict() for _ in self.forms]
        self._non_form_errors = self.error_class()
        for form in self.forms:
            form._errors = ErrorDict()


def formset_de_lignes(form, *, extra, max_num, can_delete_extra=False):
    """A formset of lines, never more than `max_num` of them, posted or not: Django's default
    ceiling is max_num + 1,000, and a POST claiming 10²² lines (the management form's
    TOTAL_FORMS) had 1,010 forms built and validated, 2.4 s of CPU for one request. Above the
    ceiling the formset answers with Django's own error ("au plus N formulaires"). Extra lines
    have no "Supprimer" box by default: an empty line is already ignored."""
    return forms.formset_factory(
        form,
        formset=LignesFormSet,
        extra=extra,
        can_delete=True,
        can_delete_extra=can_delete_extra,
        max_num=max_num,
        absolute_max=max_num,
        validate_max=True,
    )


RepartitionFormSet = formset_de_lignes(RepartitionForm, extra=3, max_num=10)
ServiceFinanceFormSet = formset_de_lignes(ServiceFinanceForm, extra=2, max_num=20)


class TransitionForm(forms.Form):
    commentaire = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, etape=None, **kwargs):
        super().__init__(*args, **kwargs)
        if etape is not None and etape.commentaire_requis:
            self.fields["commentaire"].required = True
            self.fields["commentaire"].label = _("Raison")


class ResolutionField(forms.CharField):
    """`ce26 0123` or `CE26  0123` as typed, stored `CE26 0123`."""

    def to_python(self, value):
        return " ".join(super().to_python(value).upper().split())


class ApprobationForm(TransitionForm):
    numero_resolution = ResolutionField(
        label=_("Numéro de résolution du comité exécutif"),
        max_length=10,
        validators=[valider_resolution],
        help_text=_("Par exemple CE25 1234."),
    )
    date_decision = forms.DateField(
        label=_("Date de la décision"), widget=DateInput, validators=[valider_date_plausible]
    )
    numero_gdd = forms.CharField(
        label=_("Numéro de dossier décisionnel (GDD)"),
        max_length=10,
        required=False,
        validators=[valider_gdd],
        help_text=_("10 chiffres."),
    )
    derogation_raison = forms.CharField(
        label=_("Raison de la dérogation à l'enveloppe"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Seulement si la répartition dépasse ce qui reste de l'enveloppe d'un "
            "exercice : la raison est conservée au dossier."
        ),
    )

    field_order = [
        "numero_resolution",
        "date_decision",
        "numero_gdd",
        "commentaire",
        "derogation_raison",
    ]

    def clean_date_decision(self):
        date = self.cleaned_data["date_decision"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Cette date ne peut pas être dans le futur."))
        return date


class SignatureForm(TransitionForm):
    date_signature = forms.DateField(
        label=_("Date de signature de la convention"), widget=DateInput
    )

    field_order = ["date_signature", "commentaire"]

    def clean_date_signature(self):
        date = self.cleaned_data["date_signature"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Cette date ne peut pas être dans le futur."))
        return date


class EnveloppeForm(forms.Form):
    exercice = ExerciceFormField(label=_("Exercice"))
    montant = MontantFormField(label=_("Enveloppe"))
    raison = forms.CharField(
        label=_("Raison du changement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Gardée dans l'historique du programme (p. ex. budget adopté, virement)."),
    )
