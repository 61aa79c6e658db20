"""Forms of the organisation file. They only collect input: the services save it."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from noyau.forms import ChoixMultiplesField, DateInput, VersionFormMixin
from referentiel.models import Territoire

from .fichiers import ACCEPT, FORMATS_LIBELLE, TAILLE_MAX_LIBELLE
from .models import Contact, Document, Organisme
from .validators import normaliser_neq


class OrganismeForm(VersionFormMixin, forms.ModelForm):
    # Wider than the stored value so that people may type spaces and dashes; the model compacts.
    neq = forms.CharField(
        label=_("NEQ"),
        max_length=14,
        help_text=_("Numéro d'entreprise du Québec : 10 chiffres, ex. 1145678901."),
    )
    numero_bienfaisance = forms.CharField(
        label=_("Numéro d'organisme de bienfaisance"),
        max_length=20,
        required=False,
        help_text=_("Facultatif. Forme 123456789RR0001 (numéro d'entreprise, RR, 4 chiffres)."),
    )
    code_postal = forms.CharField(
        label=_("Code postal"),
        max_length=8,
        required=False,
        help_text=_("Code postal de Montréal, ex. H2X 1Y4."),
    )
    site_web = forms.URLField(
        label=_("Site web"),
        required=False,
        assume_scheme="https",
        help_text=_("Ex. https://exemple.org (https:// est ajouté s'il manque)."),
    )
    territoires_desservis = ChoixMultiplesField(
        label=_("Territoires desservis"),
        queryset=Territoire.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Arrondissements et municipalités où l'organisme offre ses services."),
    )

    class Meta:
        model = Organisme
        fields = [
            "nom_legal",
            "nom_usage",
            "neq",
            "numero_bienfaisance",
            "forme_juridique",
            "date_constitution",
            "adresse",
            "code_postal",
            "arrondissement",
            "territoires_desservis",
            "courriel",
            "telephone",
            "site_web",
            "mission",
            "actif",
        ]
        widgets = {
            "date_constitution": DateInput,
            "telephone": forms.TextInput(attrs={"type": "tel"}),
            "mission": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "nom_usage": _("Nom sous lequel l'organisme est connu, s'il diffère du nom légal."),
            "telephone": _("Ex. 514 872-1234, poste 22."),
            "actif": _("Décocher si l'organisme a cessé ses activités (rien n'est supprimé)."),
        }

    def __init__(self, *args, voit_organisme=None, **kwargs):
        # voit_organisme(organisme) -> bool: whether the user may open that organisation's page,
        # so that a NEQ already taken links to its holder only for those who may follow it.
        super().__init__(*args, **kwargs)
        self.voit_organisme = voit_organisme or (lambda organisme: False)
        if "arrondissement" in self.fields:
            self.fields["arrondissement"].empty_label = _("— Aucun —")

    def clean_neq(self):
        neq = self.cleaned_data["neq"]
        compact = normaliser_neq(neq)
        titulaire = (
            Organisme.objects.filter(neq=compact)
            .exclude(pk=self.instance.pk)
            .only("pk", "nom_legal", "nom_usage")
            .first()
        )
        if titulaire is None:
            return neq
        if self.voit_organisme(titulaire):
            message = format_html(
                _('Ce NEQ est déjà celui de l\'organisme <a href="{url}">{nom}</a>.'),
                url=titulaire.get_absolute_url(),
                nom=str(titulaire),
            )
        else:
            message = _("Ce NEQ est déjà celui de l'organisme « %(nom)s ».") % {"nom": titulaire}
        raise forms.ValidationError(message, code="neq_en_double")

    def clean(self):
        donnees = super().clean()
        # Without its version an edit could overwrite someone's work unseen (the check is skipped).
        if self.instance.pk and donnees.get("version") is None:
            raise forms.ValidationError(
                _(
                    "La version de la fiche manque : rechargez la page, puis refaites vos "
                    "changements."
                ),
                code="version_manquante",
            )
        return donnees

    def donnees(self):
        """cleaned_data without the version, ready for the services."""
        return {k: val for k, val in self.cleaned_data.items() if k != "version"}


class ProfilForm(OrganismeForm):
    """The partner's own profile: how to reach it, its mission and the territories it serves.
    Its identity (legal name, NEQ, legal form) and status are not fields here, so whatever a
    POST carries for them is ignored; the service refuses them too (CHAMPS_PROFIL)."""

    neq = None
    numero_bienfaisance = None

    class Meta(OrganismeForm.Meta):
        fields = [
            "adresse",
            "code_postal",
            "territoires_desservis",
            "courriel",
            "telephone",
            "site_web",
            "mission",
        ]


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["nom", "fonction", "courriel", "telephone", "principal"]
        widgets = {"telephone": forms.TextInput(attrs={"type": "tel"})}
        help_texts = {
            "telephone": _("Ex. 514 872-1234, poste 22."),
            "principal": _(
                "Le contact principal reçoit les communications du BINAM. En désigner un "
                "autre remplace le contact principal actuel."
            ),
        }


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["type", "titre", "fichier", "date_validite"]
        widgets = {"date_validite": DateInput, "fichier": forms.FileInput(attrs={"accept": ACCEPT})}
        labels = {"type": _("Type de document")}
        help_texts = {
            "titre": _("Ex. États financiers vérifiés 2025."),
            "date_validite": _("Date d'expiration, s'il y a lieu (ex. attestation d'assurance)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = _("Formats %(formats)s; %(max)s au maximum.") % {
            "formats": FORMATS_LIBELLE,
            "max": TAILLE_MAX_LIBELLE,
        }

    def donnees(self):
        d = self.cleaned_data
        return {
            "type_document": d["type"],
            "titre": d["titre"],
            "fichier": d["fichier"],
            "date_validite": d.get("date_validite"),
        }


class DocumentRemplacerForm(forms.Form):
    """A new version of a document: its file, its validity, and a title if it changes."""

    fichier = forms.FileField(
        label=_("Nouvelle version du fichier"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    date_validite = forms.DateField(
        label=_("Valide jusqu'au"),
        required=False,
        widget=DateInput,
        help_text=_("Date d'expiration, s'il y a lieu (ex. attestation d'assurance)."),
    )
    titre = forms.CharField(
        label=_("Titre"),
        max_length=200,
        required=False,
        help_text=_("Laissez vide pour garder le titre actuel."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = _("Formats %(formats)s; %(max)s au maximum.") % {
            "formats": FORMATS_LIBELLE,
            "max": TAILLE_MAX_LIBELLE,
        }

    def donnees(self):
        d = self.cleaned_data
        return {
            "fichier": d["fichier"],
            "date_validite": d.get("date_validite"),
            "titre": d.get("titre", "").strip(),
        }
