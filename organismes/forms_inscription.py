"""The registration form of an organisation not yet known, the activation page's buttons and
the agent's verification."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .validators import normaliser_neq, valider_neq


class InscriptionForm(forms.Form):
    neq = forms.CharField(
        label=_("NEQ (numéro d'entreprise du Québec)"),
        max_length=20,
        validators=[valider_neq],
        help_text=_("10 chiffres, tel qu'inscrit au Registraire des entreprises."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    nom_legal = forms.CharField(
        label=_("Nom légal de l'organisme"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    prenom = forms.CharField(
        label=_("Prénom de la personne responsable"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    nom = forms.CharField(
        label=_("Nom de la personne responsable"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    courriel = forms.EmailField(
        label=_("Courriel"),
        max_length=150,
        help_text=_("Le lien d'activation y sera envoyé; ce sera votre nom d'utilisateur."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mot_de_passe = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        help_text=_("Au moins 12 caractères, pas seulement des chiffres ni un mot courant."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    mot_de_passe_confirmation = forms.CharField(
        label=_("Mot de passe (confirmation)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_neq(self):
        return normaliser_neq(self.cleaned_data["neq"])

    def clean(self):
        donnees = super().clean()
        mot, confirmation = donnees.get("mot_de_passe"), donnees.get("mot_de_passe_confirmation")
        if mot and confirmation and mot != confirmation:
            self.add_error(
                "mot_de_passe_confirmation", _("Les deux mots de passe ne sont pas identiques.")
            )
        elif mot:
            # Django's validators, the similarity one comparing with what the form knows.
            futur = get_user_model()(
                username=donnees.get("courriel", ""),
                email=donnees.get("courriel", ""),
                first_name=donnees.get("prenom", ""),
                last_name=donnees.get("nom", ""),
            )
            try:
                password_validation.validate_password(mot, futur)
            except ValidationError as erreur:
                self.add_error("mot_de_passe", erreur)
        return donnees

    def donnees(self):
        d = self.cleaned_data
        return {
            "neq": d["neq"],
            "nom_legal": d["nom_legal"],
            "prenom": d["prenom"],
            "nom": d["nom"],
            "courriel": d["courriel"],
            "mot_de_passe": d["mot_de_passe"],
        }


class ActivationForm(forms.Form):
    """The activation page's one button: activate the account, or, the link having expired,
    send a new one."""

    ACTIVER, RENVOYER = "activer", "renvoyer"
    action = forms.ChoiceField(
        choices=[(ACTIVER, ACTIVER), (RENVOYER, RENVOYER)], widget=forms.HiddenInput
    )


class VerificationForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Formulaire incomplet : rechargez la page.")},
    )
