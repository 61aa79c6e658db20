"""The application's form (its own fields, the services proposed with targets by status, the
budget, other funding, one file per required document) and the small forms of submission,
withdrawal, extension and screening. Fields are built from the call's own rows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from noyau.formats import format_money
from noyau.forms import ChoixMultiplesField, DateInput, MontantFormField, VersionFormMixin
from organismes.fichiers import ACCEPT, FORMATS_LIBELLE, TAILLE_MAX_LIBELLE, verifier_fichier
from referentiel.models import LigneBudgetaire, Rubrique, StatutImmigration, Territoire
from subventions.forms import formset_de_lignes

from ..models import Demande
from ..services.demandes import erreur_montant
from .appels import HeureMontrealField


class DemandeForm(VersionFormMixin, forms.ModelForm):
    montant_demande = MontantFormField(label=_("Montant demandé"), required=False)

    class Meta:
        model = Demande
        fields = ["titre_projet", "description_projet", "montant_demande", "date_debut", "date_fin"]
        widgets = {"date_debut": DateInput(), "date_fin": DateInput()}

    def __init__(self, *args, appel, **kwargs):
        super().__init__(*args, **kwargs)
        self.appel = appel
        self.fields["montant_demande"].help_text = _("Entre %(mini)s et %(maxi)s.") % {
            "mini": format_money(appel.montant_minimum),
            "maxi": format_money(appel.montant_maximum),
        }

    def clean_montant_demande(self):
        montant = self.cleaned_data.get("montant_demande")
        if erreur := erreur_montant(self.appel, montant):
            raise forms.ValidationError(erreur)
        return montant

    def clean(self):
        d = super().clean()
        debut, fin = d.get("date_debut"), d.get("date_fin")
        if debut and fin and debut > fin:
            self.add_error("date_fin", _("La date de fin ne peut pas précéder la date de début."))
        return d

    def _post_clean(self):
        pass  # the service validates the model, on the locked row

    def champs(self):
        """The fields that passed their checks (a draft keeps whatever is valid)."""
        return {nom: self.cleaned_data[nom] for nom in self.Meta.fields if nom in self.cleaned_data}


class ServiceForm(forms.Form):
    """One service proposed: a rubrique the call aims at, territories, and one target field
    per status the call aims at (all statuses when it names none)."""

    rubrique = forms.ModelChoiceField(label=_("Rubrique"), queryset=Rubrique.objects.none())
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    territoires = ChoixMultiplesField(
        label=_("Territoires"), queryset=Territoire.objects.none(), required=False
    )

    def __init__(self, *args, appel, statuts, **kwargs):
        super().__init__(*args, **kwargs)
        rubriques = appel.rubriques.all() if appel.rubriques.exists() else Rubrique.objects
        self.fields["rubrique"].queryset = rubriques.order_by("ordre", "nom")
        self.fields["territoires"].queryset = Territoire.objects.actifs().order_by("ordre", "nom")
        self.statuts = statuts
        for statut in statuts:
            self.fields[f"cible_{statut.pk}"] = forms.IntegerField(
                label=_("Participants visés : %(statut)s") % {"statut": statut},
                min_value=0,
                max_value=1_000_000,
                required=False,
            )

    def clean(self):
        d = super().clean()
        d["cibles"] = {s: d.pop(f"cible_{s.pk}", None) or 0 for s in self.statuts}
        return d


class LigneBudgetForm(forms.Form):
    ligne = forms.ModelChoiceField(
        label=_("Poste budgétaire"),
        queryset=LigneBudgetaire.objects.actifs().order_by("ordre", "nom"),
    )
    montant = MontantFormField(label=_("Montant"))


class AutreFinancementForm(forms.Form):
    source = forms.CharField(label=_("Source"), max_length=200)
    montant = MontantFormField(label=_("Montant"))


ServiceFormSet = formset_de_lignes(ServiceForm, extra=1, max_num=20)
LigneBudgetFormSet = formset_de_lignes(LigneBudgetForm, extra=2, max_num=20)
AutreFinancementFormSet = formset_de_lignes(AutreFinancementForm, extra=1, max_num=20)


class PiecesForm(forms.Form):
    """One file field per required document; a field left empty keeps the file already joined."""

    def __init__(self, *args, documents, jointes, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = {f"document_{d.pk}": d for d in documents}
        for nom, document in self.documents.items():
            deja = jointes.get(document.pk)
            aide = _("Formats : %(formats)s; au plus %(max)s.") % {
                "formats": FORMATS_LIBELLE,
                "max": TAILLE_MAX_LIBELLE,
            }
            if deja:
                aide = _("Joint : %(nom)s. ") % {"nom": deja.nom} + aide
            self.fields[nom] = forms.FileField(
                label=str(document) + ("" if document.obligatoire else _(" (facultatif)")),
                required=False,
                help_text=aide,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )

    def clean(self):
        d = super().clean()
        for nom in self.documents:
            fichier = d.get(nom)
            if fichier:
                try:
                    verifier_fichier(fichier)
                except forms.ValidationError as erreur:
                    self.add_error(nom, erreur)
        return d

    def pieces(self):
        return {
            document: self.cleaned_data[nom]
            for nom, document in self.documents.items()
            if self.cleaned_data.get(nom)
        }


class ConfirmationForm(forms.Form):
    """A step confirmed by its button: nothing to type, the POST still goes through a Form."""


class ProlongationForm(forms.Form):
    jusqu_au = HeureMontrealField(label=_("Jusqu'au (heure de Montréal)"))
    motif = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))


class RecevabiliteForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("recevable", _("Recevable")), ("non_recevable", _("Non recevable"))],
        widget=forms.RadioSelect,
    )
    motif = forms.CharField(
        label=_("Motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire si la demande n'est pas recevable : il est envoyé à l'organisme."),
    )

    def clean(self):
        d = super().clean()
        if d.get("decision") == "non_recevable" and not (d.get("motif") or "").strip():
            self.add_error("motif", _("Indiquez le motif : il est envoyé à l'organisme."))
        return d


def statuts_de(appel):
    statuts = list(appel.statuts.all())
    return statuts or list(StatutImmigration.objects.actifs().order_by("ordre", "nom"))
