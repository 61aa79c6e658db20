import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from noyau.forms import DateInput, MontantFormField

from .models import Obligation
from .models.rapports import PARTICIPANTS_MAX


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
            self.add_error("periode_fin", _("Choisissez une date après le début de la période."))
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


# --- The partner's report ----------------------------------------------------------------------
# Cells are named p_<service financé>_<statut> and d_<poste budgétaire>: the page's ids, the
# error summary's anchors and what rapport.js adds up.


def cle_participation(service_finance_id, statut_id) -> str:
    return f"p_{service_finance_id}_{statut_id}"


def cle_depense(ligne_id) -> str:
    return f"d_{ligne_id}"


class NombreParticipantsField(forms.IntegerField):
    """A count as typed: spaces group thousands, blank is 0 (nobody reached), anything else a
    whole number from 0 to PARTICIPANTS_MAX ("1.0" is not one)."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Saisissez un nombre entier."),
        "min_value": _("Le nombre ne peut pas être négatif."),
        "max_value": _("Au plus %(limit_value)s participants par case."),
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, max_value=PARTICIPANTS_MAX, **kwargs)
        self.widget.attrs = {"inputmode": "numeric", "autocomplete": "off", "size": "6"}

    def to_python(self, value):
        texte = re.sub(r"\s", "", str(value if value is not None else ""))
        if not texte:
            return 0
        if not re.fullmatch(r"[-+]?[0-9]+", texte):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(texte)


class MontantDepenseField(MontantFormField):
    """An amount spent, read as the project's money field reads it ("1 234,56 $"); blank is 0."""

    trop = _("Saisissez un montant d'au plus deux décimales et sous 10 milliards.")
    default_error_messages = {
        "invalid": _("Saisissez un montant (par exemple 1234,56)."),
        "min_value": _("Le montant ne peut pas être négatif."),
        "max_digits": trop,
        "max_decimal_places": trop,
        "max_whole_digits": trop,
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        self.widget.attrs = {"inputmode": "decimal", "autocomplete": "off", "size": "12"}

    def clean(self, value):
        montant = super().clean(value)
        return Decimal("0.00") if montant is None else montant.quantize(Decimal("0.01"))


class FichiersInput(forms.FileInput):
    allow_multiple_selected = True


class PiecesField(forms.FileField):
    """The files added in one input (each checked by the service: organismes.fichiers)."""

    widget = FichiersInput

    def clean(self, data, initial=None):
        fichiers = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(PiecesField, self).clean(f, initial) for f in fichiers]


class IdsField(forms.Field):
    """The ids ticked under one name; anything else posted there is ignored."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        return [int(v) for v in value or [] if str(v).isascii() and str(v).isdigit()]


class RapportForm(forms.Form):
    """The report as the partner fills it in: a field per funded service × active status and
    per budget line, built from `contenu` (selectors.contenu_rapport: the grid the service
    checks, and the stored values as initial ones). `valeurs()` is what the service takes."""

    activites = forms.CharField(
        label=_("Activités réalisées"),
        required=False,
        max_length=20_000,
        error_messages={"max_length": _("Au plus 20 000 caractères.")},
        widget=forms.Textarea,
    )

    def __init__(self, *args, contenu, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activites"].initial = contenu["activites"]
        self.cellules, self.postes = {}, {}
        for service in contenu["services"]:
            for statut, nom in contenu["statuts"]:
                cle = cle_participation(service["id"], statut)
                champ = NombreParticipantsField(
                    label=f"{service['nom']}, {nom}",
                    initial=service["nombres"].get(str(statut), 0),
                )
                champ.widget.attrs.update(
                    {
                        "id": cle,
                        "aria-labelledby": f"sf-{service['id']} st-{statut}",
                        "data-ligne": service["id"],
                        "data-colonne": statut,
                    }
                )
                self.fields[cle] = champ
                self.cellules[cle] = (service["id"], statut)
        for ligne in contenu["lignes"]:
            cle = cle_depense(ligne["id"])
            champ = MontantDepenseField(label=ligne["nom"], initial=Decimal(ligne["montant"]))
            champ.widget.attrs.update(
                {"id": cle, "aria-labelledby": f"poste-{cle} col-montant", "data-depense": True}
            )
            self.fields[cle] = champ
            self.postes[cle] = ligne["id"]
        self.fields["pieces"] = PiecesField(label=_("Pièces jointes"), required=False)
        self.fields["retirer"] = IdsField(required=False)

    def add_error(self, field, error):
        super().add_error(field, error)
        # A cell in error names its message (the span the page puts beside it).
        for nom in self._errors or {}:
            if nom in self.cellules or nom in self.postes:
                self.fields[nom].widget.attrs["aria-describedby"] = f"{nom}_error"

    def valeurs(self) -> dict:
        """The clean values, as rapports.rapport_enregistrer takes them."""
        donnees = self.cleaned_data
        return {
            "activites": donnees["activites"],
            "participants": {sf_st: donnees[cle] for cle, sf_st in self.cellules.items()},
            "depenses": {ligne: donnees[cle] for cle, ligne in self.postes.items()},
            "pieces_ajoutees": donnees["pieces"],
            "pieces_retirees": donnees["retirer"],
        }

    def disposer(self, lecture) -> dict:
        """Puts each cell's field on the rows the page draws (selectors.lecture_rapport)."""
        for ligne in lecture["grille"]:
            for cellule in ligne["cellules"]:
                cellule["champ"] = self[cle_participation(ligne["id"], cellule["statut"])]
        for cellule in lecture["depenses"]:
            cellule["champ"] = self[cle_depense(cellule["id"])]
        return lecture

    def liens_erreurs(self) -> list[tuple[str, str, str]]:
        """The error summary's links (anchor, label, message): one per field in error, in the
        order of the page."""
        return [
            (champ.id_for_label, champ.label, champ.errors[0])
            for champ in self
            if champ.errors and champ.name != "retirer"
        ]
