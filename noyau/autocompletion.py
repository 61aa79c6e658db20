"""A choice among thousands of rows, typed rather than picked from a 2,000-option <select>.

Without JavaScript the field is a plain text input: the user types an identifier or part of a
name and the server resolves it (an error in words when nothing or several rows match). With
JavaScript, `static/js/autocompletion.js` turns it into GOV.UK's accessible-autocomplete, fed
by a JSON endpoint; the chosen suggestion is a label the same resolution reads back, so both
paths submit the same thing and the page never lists every row.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MIN_CARACTERES = 2


def textes_autocompletion():
    """What accessible-autocomplete says (its own texts are in English), in the active language;
    {n}, {option}, {position} and {total} are filled in by the script."""
    return {
        "aucunResultat": gettext("Aucun résultat"),
        "tropCourt": gettext("Tapez au moins {n} caractères pour obtenir des suggestions."),
        "statutAucun": gettext("Aucune suggestion."),
        "statutChoisi": gettext("{option}, suggestion {position} sur {total}, sélectionnée."),
        "statutUn": gettext("Une suggestion. Flèche vers le bas pour la parcourir."),
        "statutPlusieurs": gettext("{total} suggestions. Flèche vers le bas pour les parcourir."),
        "aide": gettext(
            "Utilisez les flèches haut et bas pour parcourir les suggestions, Entrée pour choisir."
        ),
    }


class AutocompletionInput(forms.TextInput):
    """A text input that names its suggestions endpoint; the field gives it the label of a
    chosen object (an object or its id as initial value shows as words, not as a number)."""

    def __init__(self, url="", libelle=str, resoudre_id=None, attrs=None):
        self.url, self.libelle, self.resoudre_id = url, libelle, resoudre_id
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    @property
    def media(self):
        return forms.Media(
            css={"all": ["vendor/accessible-autocomplete/accessible-autocomplete.min.css"]},
            js=[
                forms.Script("vendor/accessible-autocomplete/accessible-autocomplete.min.js"),
                forms.Script("js/autocompletion.js", defer=True),
            ],
        )

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            objet = self.resoudre_id(value) if self.resoudre_id else None
            if objet is not None:
                return self.libelle(objet)
        elif not isinstance(value, str):
            return self.libelle(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-autocompletion": str(self.url),
                "data-autocompletion-min": str(MIN_CARACTERES),
                "data-autocompletion-textes": json.dumps(textes_autocompletion()),
            }
        )
        return context


class AutocompletionField(forms.Field):
    """Subclasses give `exacts` and `chercher(queryset, texte)` (the matches of a typed text),
    `libelle(objet)` (unique words for an object, which `chercher` reads back to that one
    object) and the endpoint's `url`. A whole number is taken as an id (links, bookmarks)."""

    widget = AutocompletionInput
    url = ""
    default_error_messages = {
        "inconnu": _("Aucun choix ne correspond à « %(texte)s »."),
        "ambigu": _(
            "Plusieurs choix correspondent à « %(texte)s »; précisez en choisissant une suggestion."
        ),
    }

    def __init__(
        self, *, queryset, to_field_name=None, blank=None, limit_choices_to=None, **kwargs
    ):
        # A ModelForm passes what it passes a ModelChoiceField: a row is named by its id.
        self.queryset = queryset
        kwargs.setdefault(
            "widget",
            self.widget(url=self.url, libelle=self.libelle, resoudre_id=self.par_id),
        )
        super().__init__(**kwargs)

    @staticmethod
    def libelle(objet):
        return str(objet)

    def exacts(self, queryset, texte):
        """The rows the text names exactly (a whole name, an identifier): one wins over the
        partial matches of `chercher`."""
        return queryset.none()

    def chercher(self, queryset, texte):
        raise NotImplementedError

    def par_id(self, valeur):
        try:
            return self.queryset.filter(pk=int(valeur)).first()
        except (TypeError, ValueError, OverflowError):
            return None

    def to_python(self, value):
        if isinstance(value, self.queryset.model):
            return value
        texte = str(value).strip() if value is not None else ""
        if not texte:
            return None
        if texte.isdigit() and len(texte) <= 9:
            objet = self.par_id(texte)
            if objet is not None:
                return objet
        trouves = list(self.exacts(self.queryset, texte)[:2])
        if len(trouves) != 1:
            trouves = list(self.chercher(self.queryset, texte)[:2])
        if len(trouves) == 1:
            return trouves[0]
        code = "ambigu" if trouves else "inconnu"
        raise ValidationError(self.error_messages[code], code=code, params={"texte": texte[:100]})

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_pk = getattr(initial, "pk", initial)
        try:
            donnee = self.to_python(data)
        except ValidationError:
            return True
        return str(getattr(donnee, "pk", "") or "") != str(initial_pk or "")
