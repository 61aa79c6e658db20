"""The call's last step: its retained applications into grants and the letters to the others
(one confirmation page, then its POST), and the letter of a non-retained application."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, View

from noyau.formats import format_money
from noyau.forms import erreur_de_service

from ..forms.comite import RetenirDeLaListeForm
from ..lettre import lettre_pdf
from ..selectors import conversion as selectors
from ..selectors.tableau import retenu
from ..services import conversion as services
from .demandes import DecisionStaffView, DemandeMixin
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
            "%(n)s subvention créée au statut « recommandée » : %(numeros)s.",
            "%(n)s subventions créées au statut « recommandée » : %(numeros)s.",
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


class RetenirDeLaListeView(DecisionStaffView):
    """A waitlisted application of a decided call, retained: its grant is created at once."""

    permission_required = "appels.retenir_de_la_liste"
    form_class = RetenirDeLaListeForm
    template_name = "appels/demandes/confirmer.html"
    titre = gettext_lazy("Retenir depuis la liste d'attente")

    def get_initial(self):
        demande = self.get_demande()
        recommandation = demande.recommandation
        return {
            "montant_recommande": recommandation.montant_recommande or demande.montant_demande,
            "version": recommandation.version,
        }

    def get_context_data(self, **kwargs):
        appel = self.get_demande().appel
        explication = _(
            "L'appel « %(appel)s » est décidé. Retenue, cette demande devient aussitôt une "
            "subvention au statut « recommandée », pour le montant recommandé. Déjà retenu dans "
            "cet appel : %(retenu)s, pour un budget de %(budget)s."
        ) % {
            "appel": appel.titre,
            "retenu": format_money(retenu(appel=appel)),
            "budget": format_money(appel.budget),
        }
        return super().get_context_data(
            explication=explication, bouton=_("Retenir et créer la subvention"), **kwargs
        )

    def agir(self, d):
        subvention = services.demande_retenir_de_la_liste(
            demande=self.get_demande(), par=self.request.user, **d
        )
        messages.success(
            self.request,
            _("La demande est retenue : la subvention %(numero)s est créée, « recommandée ».")
            % {"numero": subvention.numero},
        )
