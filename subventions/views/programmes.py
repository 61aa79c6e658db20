"""Programmes: read by the staff; their envelopes set by the managers (the rest in the admin)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView

from noyau.champs import ExerciceFormField, exercice_courant
from noyau.formats import format_money
from noyau.forms import erreur_de_service
from noyau.listes import ListeView
from noyau.permissions import PermissionRequiredMixin

from .. import selectors
from ..enveloppes import enveloppe_fixer
from ..filters import ProgrammeFilter
from ..forms import EnveloppeForm
from ..models import Enveloppe, Programme
from ..tables import ProgrammeTable


class ProgrammeListeView(PermissionRequiredMixin, ListeView):
    permission_required = "subventions.voir_programmes"
    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter
    template_name = "subventions/programme_liste.html"
    titre = _("Programmes")
    nom_export = "programmes"

    def get_queryset(self):
        return selectors.programmes_pour_liste(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(exercice=exercice_courant(), **kwargs)


class ProgrammeDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "subventions.voir_programmes"
    template_name = "subventions/programme_detail.html"
    context_object_name = "programme"
    queryset = Programme.objects.all()

    def get_context_data(self, **kwargs):
        # The envelopes' table (enveloppe, engagé, versé, solde, proposé) is the dashboard's
        # figure, read by the template from rapports.selectors (tag situation_du_programme).
        context = super().get_context_data(**kwargs)
        context["par_statut"] = selectors.subventions_par_statut(programme=self.object)
        context["nb_subventions"] = sum(s["nombre"] for s in context["par_statut"])
        context["changements_enveloppes"] = selectors.changements_enveloppes(programme=self.object)
        return context


class EnveloppeFixerView(PermissionRequiredMixin, FormView):
    """Set or adjust one exercice's envelope (`?exercice=2027` opens that year's amount)."""

    permission_required = "subventions.fixer_enveloppe"
    form_class = EnveloppeForm
    template_name = "subventions/enveloppe_formulaire.html"

    def get_permission_object(self):
        if not hasattr(self, "programme"):
            self.programme = get_object_or_404(Programme, pk=self.kwargs["pk"])
        return self.programme

    def get_initial(self):
        try:
            exercice = ExerciceFormField().clean(self.request.GET.get("exercice"))
        except ValidationError:
            # Absent or not a year ("²" passes str.isdigit() but not int()): the current one.
            return {"exercice": exercice_courant()}
        enveloppe = Enveloppe.objects.filter(
            programme=self.get_permission_object(), exercice=exercice
        ).first()
        return {"exercice": exercice, "montant": enveloppe.montant if enveloppe else None}

    def form_valid(self, form):
        donnees = form.cleaned_data
        try:
            enveloppe = enveloppe_fixer(
                programme=self.programme,
                exercice=donnees["exercice"],
                montant=donnees["montant"],
                par=self.request.user,
                raison=donnees["raison"],
            )
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        except PermissionDenied as erreur:
            form.add_error(None, str(erreur))
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Enveloppe %(exercice)s fixée à %(montant)s.")
            % {"exercice": enveloppe.exercice, "montant": format_money(enveloppe.montant)},
        )
        return redirect(self.programme.get_absolute_url() + "#enveloppes")

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)
