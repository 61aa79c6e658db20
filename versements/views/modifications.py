"""A manager's decision on a proposed schedule change: approve it (it applies) or refuse it
(with the reason). Shown only to whoever the rule lets decide (403 with the reason otherwise);
the service asks the same rule again under the grant's lock."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from noyau.permissions import PermissionRequiredMixin
from subventions.views.subvention import SubventionObjetMixin

from .. import selectors
from ..forms import ApprobationModificationForm, RefusModificationForm
from ..services import modifications

DECISIONS = {
    "approuver": (
        "versements.approuver_modification",
        ApprobationModificationForm,
        modifications.modification_echeancier_approuver,
        gettext_lazy("Approuver la modification"),
        gettext_lazy("Modification de l'échéancier approuvée : elle est appliquée."),
    ),
    "refuser": (
        "versements.refuser_modification",
        RefusModificationForm,
        modifications.modification_echeancier_refuser,
        gettext_lazy("Refuser la modification"),
        gettext_lazy("Modification de l'échéancier refusée : l'échéancier reste tel quel."),
    ),
}


class ModificationDecisionView(SubventionObjetMixin, PermissionRequiredMixin, FormView):
    template_name = "versements/modification_decision.html"
    decision = "approuver"

    def get_modification(self):
        if not hasattr(self, "_modification"):
            # Through the scoped selector: a proposal is staff-only, so whoever may not see
            # it gets a 404 (not a 403 whose reason would tell it exists).
            self._modification = get_object_or_404(
                selectors.modifications_visibles(user=self.request.user)
                .filter(subvention=self.get_subvention())
                .select_related("decide_par"),
                pk=self.kwargs["mpk"],
            )
        return self._modification

    def get_permission_object(self):
        return self.get_modification()

    def get_permission_required(self):
        return [DECISIONS[self.decision][0]]

    def get_form_class(self):
        return DECISIONS[self.decision][1]

    def form_valid(self, form):
        _perm, _form, service, _libelle, fait = DECISIONS[self.decision]
        try:
            service(
                modification=self.get_modification(), par=self.request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as erreur:
            for message in getattr(erreur, "messages", None) or [str(erreur)]:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, str(fait))
        subvention = self.get_subvention()
        return redirect(subvention.get_absolute_url() + "#modifications-echeancier")

    def get_context_data(self, **kwargs):
        modification = self.get_modification()
        return super().get_context_data(
            subvention=self.get_subvention(),
            modification=modification,
            lignes=selectors.lignes_comparees(modification),
            perimee=selectors.modification_perimee(modification),
            libelle=DECISIONS[self.decision][3],
            danger=self.decision == "refuser",
            **kwargs,
        )
