"""The committee's forms: the declaration of conflict of interest, the scoring grid (one score
and one comment per criterion), the deliberation's decision on one application."""

from django import forms
from django.utils.translation import gettext_lazy as _

from noyau.forms import MontantFormField

from ..models import Recommandation


class ConflitForm(forms.Form):
    a_conflit = forms.TypedChoiceField(
        label=_("Avez-vous un conflit d'intérêts avec cette demande ou cet organisme?"),
        choices=[
            ("non", _("Non, je n'ai aucun conflit d'intérêts")),
            ("oui", _("Oui, j'ai un conflit d'intérêts : je n'évalue pas cette demande")),
        ],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": _("Répondez oui ou non.")},
    )
    commentaire = forms.CharField(
        label=_("Commentaire (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteField(MontantFormField):
    """A score as people type it (« 7,5 »): the range is the service's to check, per criterion."""

    widget = forms.TextInput
    refuser_ambigu = False  # « 7,125 » is a score with three decimals, never thousands

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 6)
        kwargs.setdefault("min_value", None)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "size": 6})
        self.error_messages["invalid"] = _("Note invalide : écrivez un nombre, par exemple 7,5.")


class EvaluationForm(forms.Form):
    """One score and one comment per criterion of the call's grid (`note_<pk>`,
    `commentaire_<pk>`)."""

    def __init__(self, *args, criteres, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteres = criteres
        notes = notes or {}
        for c in criteres:
            note = notes.get(c.pk)
            maximum = f"{c.note_maximale.normalize():f}".replace(".", ",")
            self.fields[f"note_{c.pk}"] = NoteField(
                label=_("%(critere)s (sur %(maximum)s)")
                % {"critere": c.libelle, "maximum": maximum},
                required=False,
                help_text=c.guide,
                initial=note.valeur if note else None,
            )
            self.fields[f"commentaire_{c.pk}"] = forms.CharField(
                label=_("Commentaire sur « %s »") % c.libelle,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=note.commentaire if note else "",
            )

    def notes(self) -> dict:
        return {
            c.pk: (
                self.cleaned_data.get(f"note_{c.pk}"),
                self.cleaned_data.get(f"commentaire_{c.pk}", "").strip(),
            )
            for c in self.criteres
        }

    def paires(self):
        """(criterion, its score's bound field, its comment's) in the grid's order."""
        return [(c, self[f"note_{c.pk}"], self[f"commentaire_{c.pk}"]) for c in self.criteres]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("", "—"), *Recommandation.Decision.choices],
        error_messages={"required": _("Choisissez une décision.")},
    )
    montant_recommande = MontantFormField(label=_("Montant recommandé"), required=False)
    motif = forms.CharField(
        label=_("Motif"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RetenirDeLaListeForm(forms.Form):
    """A waitlisted application retained once the call is decided (its grant is created)."""

    montant_recommande = MontantFormField(
        label=_("Montant recommandé"),
        error_messages={"required": _("Donnez le montant recommandé.")},
    )
    motif = forms.CharField(
        label=_("Motif"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pourquoi cette demande est retenue maintenant (un désistement, par exemple)."),
        error_messages={"required": _("Donnez le motif de cette décision.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
