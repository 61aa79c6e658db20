"""The call's form (its own fields, then its three kinds of lines as formsets) and the
committee's assignment form. Times are typed and shown in Montréal time."""

import datetime
from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from noyau.champs import ExerciceFormField, exercice_courant
from noyau.forms import (
    ChoixMultiplesField,
    FichierActuelInput,
    MontantFormField,
    PersonneChoiceField,
    VersionFormMixin,
)
from organismes.fichiers import ACCEPT, FORMATS_LIBELLE, TAILLE_MAX_LIBELLE
from referentiel.models import Rubrique, StatutImmigration, Territoire
from subventions.forms import formset_de_lignes
from subventions.models import Programme

from ..models import MONTREAL, AppelDeProjets, RegleAdmissibilite

FORMAT_HEURE = "%Y-%m-%dT%H:%M"


class HeureMontrealInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=FORMAT_HEURE)

    def format_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value, MONTREAL)
        return super().format_value(value)


class HeureMontrealField(forms.DateTimeField):
    """A moment typed as Montréal's wall clock (`2027-03-18T16:00`), whatever the server's
    zone: the call closes at 16 h 00 in Montréal, summer time or not."""

    widget = HeureMontrealInput
    input_formats = [FORMAT_HEURE, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value, MONTREAL)
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            for fmt in self.input_formats:
                try:
                    naif = datetime.datetime.strptime(value, fmt)
                except ValueError:
                    continue
                return timezone.make_aware(naif, MONTREAL)
        return super().to_python(value)


def _references(modele):
    return modele.objects.actifs().only("pk", "nom", "nom_en").order_by("ordre", "nom")


class AppelForm(VersionFormMixin, forms.ModelForm):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(actif=True).order_by("nom")
    )
    exercice_debut = ExerciceFormField(label=_("Premier exercice financé"))
    exercice_fin = ExerciceFormField(
        label=_("Dernier exercice financé"),
        help_text=_("Le même que le premier pour un appel d'un an."),
    )
    budget = MontantFormField(label=_("Budget de l'appel"))
    montant_minimum = MontantFormField(label=_("Montant minimum par projet"))
    montant_maximum = MontantFormField(label=_("Montant maximum par projet"))
    ouverture = HeureMontrealField(
        label=_("Ouverture (heure de Montréal)"), help_text=_("Ex. 2027-01-15 09:00.")
    )
    cloture = HeureMontrealField(
        label=_("Clôture (heure de Montréal)"),
        help_text=_("Les demandes sont refusées à partir de cette heure, ex. 2027-03-18 16:00."),
    )
    rubriques = ChoixMultiplesField(
        label=_("Rubriques visées"),
        queryset=_references(Rubrique),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    statuts = ChoixMultiplesField(
        label=_("Statuts d'immigration visés"),
        queryset=_references(StatutImmigration),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    territoires_prioritaires = ChoixMultiplesField(
        label=_("Territoires prioritaires"),
        queryset=_references(Territoire),
        required=False,
        help_text=_("Facultatif. Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )

    class Meta:
        model = AppelDeProjets
        fields = [
            "programme",
            "titre",
            "exercice_debut",
            "exercice_fin",
            "description",
            "guide",
            "budget",
            "montant_minimum",
            "montant_maximum",
            "ouverture",
            "cloture",
            "rubriques",
            "statuts",
            "territoires_prioritaires",
            "ecart_signale",
        ]
        widgets = {"guide": FichierActuelInput(attrs={"accept": ACCEPT})}
        help_texts = {
            "ecart_signale": _(
                "Au-delà de cet écart entre les notes pondérées des évaluateurs (sur 100), "
                "le désaccord est signalé à la délibération."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["exercice_debut"].initial = exercice_courant() + 1
            self.fields["exercice_fin"].initial = exercice_courant() + 1
        if self.instance.pk and self.instance.guide:
            guide = self.fields["guide"].widget
            guide.url_actuel = reverse("appels:guide", args=[self.instance.pk])
            guide.nom_actuel = self.instance.nom_guide
        self.fields["guide"].help_text = _(
            "Document remis aux organismes. Formats %(formats)s; %(max)s au maximum."
        ) % {"formats": FORMATS_LIBELLE, "max": TAILLE_MAX_LIBELLE}

    def _post_clean(self):
        # The model's own checks run in the service (full_clean), whose errors come back on the
        # form's fields: not twice here, on an instance the service never saves.
        pass

    def clean(self):
        donnees = super().clean()
        mini, maxi, budget = (
            donnees.get("montant_minimum"),
            donnees.get("montant_maximum"),
            donnees.get("budget"),
        )
        if mini is not None and maxi is not None and mini > maxi:
            self.add_error(
                "montant_minimum",
                _("Le montant minimum ne peut pas dépasser le montant maximum par projet."),
            )
        if maxi is not None and budget is not None and maxi > budget:
            self.add_error(
                "montant_maximum",
                _("Le montant maximum par projet ne peut pas dépasser le budget de l'appel."),
            )
        ouverture, cloture = donnees.get("ouverture"), donnees.get("cloture")
        if ouverture and cloture and ouverture >= cloture:
            self.add_error("cloture", _("La clôture doit suivre l'ouverture."))
        return donnees

    def champs(self):
        d = self.cleaned_data
        champs = {
            nom: d.get(nom)
            for nom in self.Meta.fields
            if nom not in ("rubriques", "statuts", "territoires_prioritaires")
        }
        if champs["guide"] is False:  # "Effacer" ticked
            champs["guide"] = ""
        elif champs["guide"] is None:  # no file sent: keep the one there is, if any
            del champs["guide"]
        champs["description"] = champs["description"] or ""
        return champs

    def references(self):
        d = self.cleaned_data
        return {
            "rubriques": d["rubriques"],
            "statuts": d["statuts"],
            "territoires_prioritaires": d["territoires_prioritaires"],
        }


class CritereForm(forms.Form):
    libelle = forms.CharField(label=_("Critère"), max_length=200)
    guide = forms.CharField(label=_("Guide d'évaluation"), max_length=500, required=False)
    note_maximale = forms.DecimalField(
        label=_("Note maximale"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        initial=10,
    )
    ponderation = forms.DecimalField(
        label=_("Pondération (%)"),
        min_value=Decimal("0.01"),
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )


class RegleForm(forms.Form):
    # A blank first choice: an extra line left as it came is then empty, hence ignored (with the
    # first rule preselected, every blank line would have become one more rule).
    type = forms.ChoiceField(
        label=_("Règle"), choices=[("", "---------"), *RegleAdmissibilite.Type.choices]
    )
    annees = forms.IntegerField(
        label=_("Nombre d'années"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Pour « actif depuis au moins N ans »."),
    )
    libelle = forms.CharField(
        label=_("Précision"),
        max_length=300,
        required=False,
        help_text=_("Pour « Autre », la règle elle-même."),
    )

    def clean(self):
        d = super().clean()
        if d.get("type") == RegleAdmissibilite.Type.ANCIENNETE and not d.get("annees"):
            self.add_error("annees", _("Indiquez le nombre d'années d'activité exigé."))
        if d.get("type") == RegleAdmissibilite.Type.AUTRE and not (d.get("libelle") or "").strip():
            self.add_error("libelle", _("Décrivez la règle (critère « Autre »)."))
        if d.get("type") != RegleAdmissibilite.Type.ANCIENNETE:
            d["annees"] = None
        return d


class DocumentRequisForm(forms.Form):
    libelle = forms.CharField(
        label=_("Document"), max_length=200, help_text=_("Ex. lettres patentes.")
    )
    obligatoire = forms.BooleanField(label=_("Obligatoire"), required=False, initial=True)


CritereFormSet = formset_de_lignes(CritereForm, extra=2, max_num=20)
RegleFormSet = formset_de_lignes(RegleForm, extra=2, max_num=20)
DocumentRequisFormSet = formset_de_lignes(DocumentRequisForm, extra=2, max_num=20)


class EvaluateurForm(forms.Form):
    user = PersonneChoiceField(label=_("Évaluateur"), queryset=None)

    def __init__(self, *args, possibles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = possibles
