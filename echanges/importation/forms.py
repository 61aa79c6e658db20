from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from organismes import fichiers

from .lecture import EXTENSIONS, LIGNES_MAX


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label=_("Fichier à importer"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in EXTENSIONS)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filled in per request: a lazy string formatted with % at import time is frozen in
        # the default language, and the row count takes the reader's digit grouping.
        self.fields["fichier"].help_text = _(
            "Classeur Excel (.xlsx) ou fichier CSV (séparateur « ; » ou « , »), au plus "
            "%(taille)s et %(lignes)s lignes. Rien n'est enregistré avant votre confirmation."
        ) % {
            "taille": fichiers.TAILLE_MAX_LIBELLE,
            "lignes": number_format(LIGNES_MAX, force_grouping=True),
        }

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichiers.extension(fichier.name) not in EXTENSIONS:
            raise forms.ValidationError(
                _("Format refusé : importez un classeur Excel (.xlsx) ou un fichier CSV.")
            )
        if fichier.size > fichiers.TAILLE_MAX:
            raise forms.ValidationError(
                _("Le fichier dépasse la taille maximale de %(max)s.")
                % {"max": fichiers.TAILLE_MAX_LIBELLE}
            )
        return fichier
