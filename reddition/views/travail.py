from django.http import Http404
from django.views.generic import TemplateView

from noyau.listes import ListeView, table_de_page
from noyau.permissions import PermissionRequiredMixin, peut

from ..travail import SECTIONS

# Rows of each section on the home page; the section's own page has them all.
APERCU = 10


class FileTravailView(PermissionRequiredMixin, TemplateView):
    """The staff home: each section appears for whoever may act on what it lists; two queries
    per section (its count and its first rows), whatever the number of rows."""

    permission_required = "subventions.voir_file_travail"
    template_name = "reddition/file_travail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        sections = []
        for section in SECTIONS.values():
            if not peut(user, section.permission):
                continue
            lignes = section.lignes(user)
            nombre = lignes.count()
            table = table_de_page(
                section.table,
                list(lignes.order_by(*section.table._meta.order_by)[:APERCU]) if nombre else [],
                self.request,
                par_page=None,
                orderable=False,
                empty_text=section.vide,
                exclude=section.colonnes_masquees(user),
            )
            sections.append({"section": section, "table": table, "nombre": nombre})
        return super().get_context_data(
            sections=sections,
            lien_administration=not sections and peut(user, "comptes.administrer"),
            apercu=APERCU,
            **kwargs,
        )


class SectionTravailView(PermissionRequiredMixin, ListeView):
    """One section of the work queue as a full list: filters, sorting, exports."""

    def dispatch(self, request, *args, **kwargs):
        self.section = SECTIONS.get(kwargs["section"])
        if self.section is None:
            raise Http404
        self.table_class = self.section.table
        self.filterset_class = self.section.filtre
        self.titre = self.section.titre
        self.nom_export = self.section.slug
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self):
        return ["subventions.voir_file_travail", self.section.permission]

    def get_queryset(self):
        return self.section.lignes(self.request.user)

    def get_table_kwargs(self):
        return {"exclude": self.section.colonnes_masquees(self.request.user)}
