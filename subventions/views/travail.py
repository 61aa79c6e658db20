from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from noyau.permissions import PermissionRequiredMixin, peut

from .. import selectors


class FileTravailView(PermissionRequiredMixin, TemplateView):
    """The staff home: each section appears for whoever may act on what it lists."""

    permission_required = "subventions.voir_file_travail"
    template_name = "subventions/file_travail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        sections = []
        if peut(user, "subventions.creer_subvention"):
            sections.append(
                {
                    "titre": _("Mes dossiers à faire avancer"),
                    "subventions": selectors.dossiers_de_l_agent(user=user),
                    "vide": _("Aucun dossier en attente de votre part."),
                }
            )
        if peut(user, "subventions.voir_a_approuver"):
            sections.append(
                {
                    "titre": _("Subventions recommandées à approuver"),
                    "subventions": selectors.subventions_a_approuver(user=user),
                    "vide": _("Aucune subvention en attente d'approbation."),
                }
            )
        return super().get_context_data(
            sections=sections,
            lien_administration=not sections and peut(user, "comptes.administrer"),
            **kwargs,
        )
