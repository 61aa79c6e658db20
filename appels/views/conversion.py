"""The call's last step: its retained applications into grants and the letters to the others
(one confirmation page, then its POST), and the letter of a non-retained application."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, View

from noyau.forms import erreur_de_service

from ..lettre import lettre_pdf
from ..selectors import conversion as selectors
from ..services import conversion as services
from .demandes import DemandeMixin
from .gestion import AppelObjetMixin


class ConvertirView(AppelObjetMixin, FormView):
    """GET: what the action will do (the grants, the letters, the call decided). POST: does it,
    then back to the ranking, which lists the call's grants."""

    permission_required = "appels.convertir"
    template_name = "appels/conversion/confirmer.html"
    form_class = forms.Form

    def get_context_data(self, **kwargs):
        return super().get_context_data(**selectors.apercu_conversion(self.get_appel()), **kwargs)

    def form_valid(self, form):
        appel = self.get_appel()
        try:
            bilan = services.appel_convertir(appel=appel, par=self.request.user)
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        numeros = ", ".join(s.numero for _demande, s in bilan.subventions)
        message = ngettext(
            "%(n)s subvention créée au statut « recommandée » : %(numeros)s.",
            "%(n)s subventions créées au statut « recommandée » : %(numeros)s.",
            len(bilan.subventions),
        ) % {"n": len(bilan.subventions), "numeros": numeros or "—"}
        message += " " + ngettext(
            "%(n)s lettre envoyée à un organisme non retenu.",
            "%(n)s lettres envoyées aux organismes non retenus.",
            len(bilan.lettres),
        ) % {"n": len(bilan.lettres)}
        if bilan.appel_decide:
            message += " " + _("L'appel est maintenant décidé.")
        messages.success(self.request, message)
        return redirect(reverse("appels:classement", args=[appel.pk]) + "#subventions-de-l-appel")


@method_decorator(never_cache, name="dispatch")
class LettreView(DemandeMixin, View):
    """The letter to a non-retained organisation (PDF, written when asked from the decision):
    staff, and the organisation's own partner users (another organisation's is not found)."""

    permission_required = "appels.telecharger_lettre"

    def get(self, request, pk):
        return lettre_pdf(self.get_demande())
