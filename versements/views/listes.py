"""The instalments list and the payment batches."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from noyau.listes import ListeView
from noyau.permissions import PermissionRequiredMixin

from .. import exports, selectors
from ..filters import VersementFilter
from ..services import paiements
from ..tables import VersementTable


class VersementListeView(PermissionRequiredMixin, ListeView):
    permission_required = "versements.voir_liste"
    table_class = VersementTable
    filterset_class = VersementFilter
    template_name = "versements/liste.html"
    titre = gettext_lazy("Versements")
    nom_export = "versements"

    def get_queryset(self):
        return selectors.versements_visibles(user=self.request.user)

    def totaux(self, queryset):
        return selectors.totaux_versements(versements=queryset)


class LotListeView(PermissionRequiredMixin, TemplateView):
    """Past batches (re-downloadable) and, by POST, a new batch of the authorised instalments."""

    permission_required = "versements.voir_lots"
    template_name = "versements/lots.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lots=selectors.lots(user=self.request.user),
            en_attente=selectors.totaux_versements(
                versements=selectors.versements_a_mettre_en_lot()
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            lot = paiements.lot_creer(par=request.user)
        except ValidationError as erreur:
            for message in erreur.messages:
                messages.error(request, message)
            return redirect("versements:lots")
        messages.success(
            request,
            _("%(lot)s créé : téléchargez-le pour l'envoyer au système financier.") % {"lot": lot},
        )
        return redirect("versements:lots")


@method_decorator(never_cache, name="dispatch")
class LotTelechargerView(PermissionRequiredMixin, View):
    """The batch's workbook; the first download marks the batch as sent."""

    permission_required = "versements.voir_lots"

    def get(self, request, *args, **kwargs):
        lot = get_object_or_404(selectors.lots(user=request.user), pk=kwargs["pk"])
        paiements.lot_marquer_envoye(lot=lot, par=request.user)
        return exports.reponse_lot(lot)
