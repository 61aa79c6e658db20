"""One grant's schedule: editing it, and each payment step on one instalment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from noyau import historique
from noyau.permissions import ObjetVisibleMixin, PermissionRequiredMixin, peut
from subventions.views.subvention import SubventionObjetMixin

from .. import selectors
from ..forms import FORMULAIRES, EcheancierFormSet, MotifModificationForm, VersionEcheancierForm
from ..models import ConventionSignee, ModificationEcheancier, Versement
from ..permissions import LIBELLES
from ..services import echeancier as services
from ..services import modifications, paiements
from ..services.exercices import parts_par_exercice

# What the officer reads once the step is taken: a sentence, in the past.
FAITS = {
    "autoriser": gettext_lazy("Versement %(rang)s de %(numero)s autorisé."),
    "payer": gettext_lazy("Paiement du versement %(rang)s de %(numero)s inscrit."),
    "retenir": gettext_lazy("Versement %(rang)s de %(numero)s retenu."),
    "lever_retenue": gettext_lazy("Retenue du versement %(rang)s de %(numero)s levée."),
    "annuler": gettext_lazy("Versement %(rang)s de %(numero)s annulé."),
}


def _retour(subvention):
    return redirect(subvention.get_absolute_url() + "#versements")


class EcheancierModifierView(SubventionObjetMixin, PermissionRequiredMixin, TemplateView):
    """The planned lines of a schedule (add, remove, change), refused unless Σ = accordé. A
    change that makes money payable sooner is proposed to a manager with its reason
    (services/modifications.py); any other is saved at once."""

    permission_required = "versements.modifier_echeancier"
    template_name = "versements/echeancier_formulaire.html"

    def rendre(self, formset, version_form, motif_form=None):
        subvention = self.get_subvention()
        fixes = [v for v in selectors.echeancier(subvention=subvention) if v.statut != "prevu"]
        return self.render_to_response(
            self.get_context_data(
                subvention=subvention,
                formset=formset,
                version_form=version_form,
                motif_form=motif_form or MotifModificationForm(),
                fixes=fixes,
                # What each exercice's instalments must sum to (a line's exercice is its date's).
                parts=sorted(parts_par_exercice(subvention).items()),
            )
        )

    def get(self, request, *args, **kwargs):
        subvention = self.get_subvention()
        initial = [
            {
                "versement": v.pk,
                "montant": v.montant,
                "date_prevue": v.date_prevue,
                "condition": v.condition,
            }
            for v in selectors.echeancier(subvention=subvention)
            if v.statut == "prevu"
        ]
        version = VersionEcheancierForm(
            initial={"version": services.version_echeancier(subvention)}
        )
        return self.rendre(EcheancierFormSet(prefix="versements", initial=initial), version)

    def post(self, request, *args, **kwargs):
        subvention = self.get_subvention()
        formset = EcheancierFormSet(request.POST, prefix="versements")
        version = VersionEcheancierForm(request.POST)
        motif = MotifModificationForm(request.POST)
        if not (formset.is_valid() and version.is_valid() and motif.is_valid()):
            return self.rendre(formset, version, motif)
        try:
            proposee = modifications.echeancier_enregistrer(
                subvention=subvention,
                par=request.user,
                version=version.cleaned_data["version"],
                lignes=formset.lignes(),
                motif=motif.cleaned_data["motif"],
            )
        except ValidationError as erreur:
            if getattr(erreur, "code", None) == "a_proposer":
                motif.add_error("motif", erreur)
            formset._non_form_errors = formset.error_class(erreur.messages)
            return self.rendre(formset, version, motif)
        except PermissionDenied as erreur:
            formset._non_form_errors = formset.error_class([str(erreur)])
            return self.rendre(formset, version, motif)
        if proposee:
            messages.success(
                request,
                _(
                    "Modification de l'échéancier proposée : elle s'appliquera quand un "
                    "gestionnaire l'aura approuvée."
                ),
            )
        else:
            messages.success(request, _("Échéancier enregistré."))
        return _retour(subvention)


class VersementActionView(ObjetVisibleMixin, FormView):
    """A payment step on one instalment: shown only to whoever its rule lets take it now (403
    with the reason otherwise); the service asks the same rule again under the grant's lock."""

    template_name = "versements/action.html"

    def dispatch(self, request, *args, **kwargs):
        self.action = kwargs["action"]
        if self.action not in paiements.SERVICES:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def objets_visibles(self):
        return selectors.versements_visibles(user=self.request.user)

    def get_permission_required(self):
        return [f"versements.{self.action}"]

    def get_form_class(self):
        return FORMULAIRES[self.action]

    def get_initial(self):
        return {**super().get_initial(), "statut_vu": self.get_objet().statut}

    def form_valid(self, form):
        versement = self.get_objet()
        try:
            paiements.SERVICES[self.action](
                versement=versement, par=self.request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as erreur:
            messages_erreur = getattr(erreur, "messages", None) or [str(erreur)]
            for message in messages_erreur:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            FAITS[self.action] % {"rang": versement.rang, "numero": versement.subvention.numero},
        )
        return _retour(versement.subvention)

    def get_context_data(self, **kwargs):
        versement = self.get_objet()
        return super().get_context_data(
            versement=versement,
            subvention=versement.subvention,
            libelle=LIBELLES[self.action],
            danger=self.action in ("retenir", "annuler"),
            annulation=self.action == "annuler",
            voit_motifs=peut(self.request.user, "versements.voir_motifs", versement.subvention),
            **kwargs,
        )


class EcheancierHistoriqueView(SubventionObjetMixin, PermissionRequiredMixin, TemplateView):
    """Every change of the grant's instalments and signed agreement, in words."""

    permission_required = "subventions.voir_historique"
    template_name = "versements/historique.html"

    def get_context_data(self, **kwargs):
        subvention = self.get_subvention()
        entrees = historique.fusionner(
            historique.entrees(
                Versement.history.filter(subvention_id=subvention.pk),
                objet_libelle=lambda r: _("versement %(rang)s") % {"rang": r.rang},
            ),
            historique.entrees(ConventionSignee.history.filter(subvention_id=subvention.pk)),
            # Proposed schedule changes: who proposed, who approved or refused, and why (the
            # lines themselves, before → after, are on the grant page).
            historique.entrees(
                ModificationEcheancier.history.filter(subvention_id=subvention.pk),
                objet_libelle=lambda r: _("modification de l'échéancier"),
            ),
        )
        return super().get_context_data(subvention=subvention, entrees=entrees, **kwargs)
