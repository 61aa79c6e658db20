"""The amendment page of a grant: the decision and the new répartition, then the composition
that adjusts the schedule (versements.services.avenants). It lives here because it calls that
composition; the grant app never imports this one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from noyau.permissions import ObjetVisibleMixin, PermissionRequiredMixin, peut
from subventions.forms import RepartitionFormSet
from subventions.forms_avenants import AvenantForm
from subventions.selectors import subventions_visibles

from ..services.avenants import avenant_enregistrer


class AvenantCreerView(ObjetVisibleMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "subventions.enregistrer_avenant"
    template_name = "subventions/avenants/formulaire.html"

    def objets_visibles(self):
        return subventions_visibles(user=self.request.user)

    def formulaires(self, data=None):
        s = self.get_objet()
        form = AvenantForm(
            data,
            subvention=s,
            peut_deroger=peut(self.request.user, "subventions.deroger_enveloppe", s),
            initial={"montant": s.montant_accorde},
        )
        initial = [{"exercice": r.exercice, "montant": r.montant} for r in s.repartitions.all()]
        return form, RepartitionFormSet(data, prefix="repartition", initial=initial)

    def rendre(self, form, repartitions):
        return self.render_to_response(
            self.get_context_data(subvention=self.get_objet(), form=form, repartitions=repartitions)
        )

    def get(self, request, *args, **kwargs):
        return self.rendre(*self.formulaires())

    def post(self, request, *args, **kwargs):
        form, repartitions = self.formulaires(request.POST)
        if not (form.is_valid() and repartitions.is_valid()):
            return self.rendre(form, repartitions)
        donnees = form.cleaned_data
        try:
            avenant = avenant_enregistrer(
                subvention=self.get_objet(),
                par=request.user,
                version=donnees["version"],
                montant=donnees["montant"],
                repartitions=repartitions.lignes(),
                numero_resolution=donnees["numero_resolution"],
                date_decision=donnees["date_decision"],
                motif=donnees["motif"],
                derogation_raison=donnees.get("derogation_raison", ""),
            )
        except (ValidationError, PermissionDenied) as erreur:
            messages_erreur = (
                erreur.messages if isinstance(erreur, ValidationError) else [str(erreur)]
            )
            for message in messages_erreur:
                form.add_error(None, message)
            return self.rendre(form, repartitions)
        messages.success(request, _("%(avenant)s enregistré.") % {"avenant": avenant})
        return redirect(avenant.subvention)
