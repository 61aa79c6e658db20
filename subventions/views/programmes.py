"""Programmes (read only here; edited in the admin)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from noyau.champs import exercice_courant
from noyau.listes import ListeView
from noyau.permissions import PermissionRequiredMixin

from .. import selectors
from ..filters import ProgrammeFilter
from ..models import Programme
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
        context = super().get_context_data(**kwargs)
        lignes = selectors.situation_enveloppes(programme=self.object)
        context["situation"] = lignes
        context["total"] = selectors.total_situation(lignes)
        context["par_statut"] = selectors.subventions_par_statut(programme=self.object)
        context["nb_subventions"] = sum(s["nombre"] for s in context["par_statut"])
        return context
