"""Signing the agreement (the lifecycle step "signer", served here because the step also keeps
the agreement and creates the schedule) and downloading the signed agreement."""

from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, View

from noyau.permissions import PermissionRequiredMixin
from organismes.fichiers import reponse_fichier
from subventions import cycle
from subventions.views.subvention import EtapeMixin, SubventionObjetMixin

from ..forms import ConventionSignatureForm
from ..services.signature import convention_signer


class ConventionSignerView(EtapeMixin, FormView):
    """The page of `cycle.ETAPES["signer"]`: the same rule and refusal reasons as every step;
    one service signs, stores the agreement, creates the schedule and the reporting
    obligations, or does nothing at all."""

    etape = cycle.ETAPES["signer"]
    form_class = ConventionSignatureForm
    template_name = "versements/signer.html"

    def faire(self, subvention, donnees):
        return convention_signer(
            subvention=subvention,
            par=self.request.user,
            date_signature=donnees["date_signature"],
            document=donnees["document"],
            commentaire=donnees["commentaire"],
        )


@method_decorator(never_cache, name="dispatch")
class ConventionTelechargerView(SubventionObjetMixin, PermissionRequiredMixin, View):
    """Streams the signed agreement once the user may see it (files have no public URL)."""

    permission_required = "versements.telecharger_convention"

    def get(self, request, *args, **kwargs):
        convention = get_object_or_404(
            self.get_subvention().conventions.all(), pk=self.kwargs["cpk"]
        )
        return reponse_fichier(
            convention.fichier,
            convention.nom_fichier,
            _("Le fichier de cette convention est introuvable."),
        )
