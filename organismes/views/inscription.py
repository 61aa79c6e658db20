"""Registration of an organisation not yet known (public pages), and the agent's verification
of a registered organisation (staff)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from comptes import limites
from noyau.forms import erreur_de_service

from .. import inscription, services
from ..forms_inscription import ActivationForm, InscriptionForm, VerificationForm
from .base import AccesOrganismeMixin

FENETRE = 3600  # seconds: the registration counters' window
RAISON_TROP = _(
    "Trop d'inscriptions en peu de temps depuis cette adresse ou pour ce courriel. Réessayez "
    "dans une heure, ou écrivez au BINAM à %(courriel)s."
)


def trop_de_demandes(request, courriel) -> bool:
    """Counts one registration attempt (or one new link) from the client's address and for the
    e-mail: at most INSCRIPTIONS_PAR_ADRESSE and INSCRIPTIONS_PAR_COURRIEL an hour, so that the
    form sends no unbounded mail and answers no unbounded "is this NEQ known?"."""
    trop = [
        limites.depasse(
            "inscription-adresse",
            limites.adresse_client(request),
            limite=settings.INSCRIPTIONS_PAR_ADRESSE,
            fenetre=FENETRE,
        ),
        limites.depasse(
            "inscription-courriel",
            courriel,
            limite=settings.INSCRIPTIONS_PAR_COURRIEL,
            fenetre=FENETRE,
        ),
    ]
    return any(trop)


class InscriptionView(FormView):
    form_class = InscriptionForm
    template_name = "organismes/inscription/formulaire.html"

    def dispatch(self, request, *args, **kwargs):
        # Someone signed in already has an account: its home page, as the sign-in page does.
        if request.user.is_authenticated:
            return redirect("accueil")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if trop_de_demandes(self.request, form.cleaned_data["courriel"]):
            form.add_error(None, RAISON_TROP % {"courriel": inscription.courriel_du_binam()})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        try:
            membre = inscription.organisme_inscrire(**form.donnees())
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        envoye = inscription.inscription_envoyer_lien(user=membre.user)
        self.request.session["inscription_envoyee"] = envoye
        return redirect("inscription:envoyee")


class InscriptionEnvoyeeView(TemplateView):
    template_name = "organismes/inscription/envoyee.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            envoye=self.request.session.pop("inscription_envoyee", True),
            jours=inscription.jours_de_validite(),
            courriel_binam=inscription.courriel_du_binam(),
            **kwargs,
        )


class ActivationView(FormView):
    """GET says what the link can do (a mail scanner that opens it activates nothing); the
    button POSTs: activate the account, or send a new link when this one expired."""

    form_class = ActivationForm
    template_name = "organismes/inscription/activation.html"

    def get_context_data(self, **kwargs):
        user, etat = inscription.compte_du_lien(self.kwargs["uidb64"], self.kwargs["token"])
        return super().get_context_data(
            etat=etat,
            raison="" if etat == inscription.VALIDE else inscription.raison_lien(etat),
            organisme=user.membre.organisme if etat == inscription.VALIDE else None,
            **kwargs,
        )

    def form_valid(self, form):
        uidb64, jeton = self.kwargs["uidb64"], self.kwargs["token"]
        if form.cleaned_data["action"] == ActivationForm.RENVOYER:
            return self.renvoyer(form, uidb64, jeton)
        try:
            inscription.inscription_activer(uidb64=uidb64, jeton=jeton)
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Votre compte est activé. Connectez-vous avec votre adresse courriel et votre "
                "mot de passe."
            ),
        )
        return redirect("connexion")

    def renvoyer(self, form, uidb64, jeton):
        """A new link to the account's own address (never another), only for an account that
        is still waiting, and within the same hourly limits as the registration."""
        user, etat = inscription.compte_du_lien(uidb64, jeton)
        if etat != inscription.EXPIRE:
            form.add_error(None, inscription.raison_lien(etat))
            return self.form_invalid(form)
        if trop_de_demandes(self.request, user.email):
            form.add_error(None, RAISON_TROP % {"courriel": inscription.courriel_du_binam()})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        self.request.session["inscription_envoyee"] = inscription.inscription_envoyer_lien(
            user=user
        )
        return redirect("inscription:envoyee")


class OrganismeVerifierView(AccesOrganismeMixin, FormView):
    """The agent's check of a registered organisation: the page says what to check, the button
    records who verified it and when."""

    permission_required = "organismes.verifier_organisme"
    form_class = VerificationForm
    template_name = "organismes/verifier.html"

    def get_initial(self):
        return {"version": self.get_organisme().version}

    def get_context_data(self, **kwargs):
        organisme = self.get_organisme()
        return super().get_context_data(membres=organisme.membres.select_related("user"), **kwargs)

    def form_valid(self, form):
        try:
            organisme = services.organisme_verifier(
                organisme=self.get_organisme(),
                par=self.request.user,
                version=form.cleaned_data["version"],
            )
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(self.request, _("L'organisme « %s » est vérifié.") % organisme)
        return redirect(organisme)
