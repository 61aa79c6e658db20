"""Form pieces shared by every app: money input the way people type it, the version carried by
edit forms (checked by `noyau.versions`), people choosers."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .formats import format_money, nom_complet

# One comma or dot followed by exactly three digits: thousands ("12,500" in English, "1.500" in
# some European habits) or a trailing-zero decimal ("12,500" = 12,50)? Guessing either way may
# be a thousandfold error, so it is refused. "0,125" is no thousands: refused for its decimals.
AMBIGU = re.compile(r"-?[1-9]\d{0,2}[,.]\d{3}")

# Ids beyond a signed 64-bit integer make SQLite raise OverflowError on `pk__in` (an HTTP 500).
ID_MIN, ID_MAX = -(2**63), 2**63 - 1


def _hors_bornes(valeur) -> bool:
    try:
        nombre = int(str(valeur).strip())
    except ValueError:
        return False  # not a number: the field's own check refuses it
    return not ID_MIN <= nombre <= ID_MAX


class ChoixMultiplesField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField that refuses an out-of-range id as an invalid choice."""

    def _check_values(self, value):
        for valeur in value:
            if _hors_bornes(valeur):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(valeur)[:30]},
                )
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # type=date always exchanges ISO dates, whatever the page language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class FichierActuelInput(forms.ClearableFileInput):
    """A file field that may already hold a file: its name, linked to `url_actuel` (the view
    that serves it to whoever may see it) when the form sets it, and the box that removes it.
    Django's own widget linked the storage's URL: private files have none that anything serves
    (a 404), and its « Actuellement: » glued the colon."""

    # In noyau/templates/: the form renderer (noyau.rendu) reads the apps' templates, not the
    # project's templates/ folder.
    template_name = "noyau/widgets/fichier_actuel.html"
    url_actuel = None
    nom_actuel = None

    def get_context(self, name, value, attrs):
        contexte = super().get_context(name, value, attrs)
        contexte["widget"].update(url_actuel=self.url_actuel, nom_actuel=self.nom_actuel)
        return contexte


class MontantInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        base = {"inputmode": "decimal", "autocomplete": "off", "class": "montant"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, Decimal):
            return format_money(value, "fr-ca").replace("\u00a0$", "")
        return value


class MontantFormField(forms.DecimalField):
    """Accepts `1 234 567,89`, `1234567.89`, `1 234,50 $`, `$1,234.50`; never a float."""

    widget = MontantInput
    default_error_messages = {
        "invalid": _("Montant invalide : écrivez par exemple 12 500,00 (dollars et cents)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    # "12,500": thousands or cents? Refused for an amount of money; a field of small numbers
    # (a committee's score) reads it as a decimal.
    refuser_ambigu = True

    def to_python(self, value):
        if isinstance(value, str):
            value = self.normaliser(value, refuser_ambigu=self.refuser_ambigu)
            if value and not re.fullmatch(r"-?\d+(\.\d+)?", value):
                # Decimal() would also take "1e6", "NaN" or "Infinity".
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    @staticmethod
    def normaliser(texte: str, *, refuser_ambigu: bool = True) -> str:
        """Spaces group thousands and the comma is the decimal mark (French). A lone comma is
        never read as a thousands separator: "0,125" must not become 125 $; it is refused for
        its third decimal instead, and "12,500" or "1.500" (thousands or cents?) for being
        ambiguous (ValidationError). English "1,234,567.89" and "$1,234.50" still work."""
        t = texte.strip().replace("$", "").replace("\u00a0", " ").replace("\u202f", " ")
        t = re.sub(r"\s+", "", t)
        if refuser_ambigu and AMBIGU.fullmatch(t):
            raise ValidationError(
                gettext(
                    "Montant ambigu « %(v)s » : des milliers ou des cents? Écrivez 12 500,00 $ ou "
                    "12500 pour des milliers, 12,50 $ pour des cents."
                )
                % {"v": texte.strip()[:40]},
                code="ambigu",
            )
        if "," in t and "." in t:
            # Both marks: the last one is the decimal mark (1,234.56 or 1.234,56).
            if t.rfind(",") > t.rfind("."):
                t = t.replace(".", "").replace(",", ".")
            else:
                t = t.replace(",", "")
        elif t.count(",") > 1 and re.fullmatch(r"-?\d{1,3}(,\d{3})+", t):
            t = t.replace(",", "")
        elif t.count(",") == 1:
            t = t.replace(",", ".")
        elif t.count(".") > 1 and re.fullmatch(r"-?\d{1,3}(\.\d{3})+", t):
            t = t.replace(".", "")
        return t

    def validate(self, value):
        super().validate(value)
        if value is not None:
            try:
                value.quantize(Decimal("0.01"))
            except InvalidOperation as exc:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class VersionFormMixin:
    """Carries the row's version in a hidden field; the service refuses a stale save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        existe = instance is not None and instance.pk is not None
        # Required when editing: a form posted without its version must not skip the check.
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=existe,
            initial=getattr(instance, "version", None),
            error_messages={"required": _("Formulaire incomplet : rechargez la page.")},
        )


class PersonneChoiceField(forms.ModelChoiceField):
    """A user chosen by full name (the username only when no name is recorded)."""

    def label_from_instance(self, obj):
        return nom_complet(obj)


def erreur_de_service(form, erreur):
    """A service's refusal (ValidationError) shown on its form: each message on its field when
    the form has that field, on the form as a whole otherwise (a field the form does not show,
    or a rule across fields)."""
    if hasattr(erreur, "error_dict"):
        for champ, erreurs in erreur.error_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, erreur)
