from noyau.listes import table_de_page
from noyau.permissions import PermissionRequiredMixin
from organismes import selectors

PAR_PAGE = 10


class PortailMixin(PermissionRequiredMixin):
    """Portal pages: the organisation is the user's own, taken through the scoped selector
    (never from the URL); the permission is asked of it. Staff have none: a 403."""

    permission_required = ("portail.voir_portail", "organismes.modifier_profil")

    def get_organisme(self):
        return selectors.organisme_du_partenaire(user=self.request.user)

    def get_permission_object(self):
        return self.get_organisme()

    def tableau(self, classe, lignes, prefixe):
        """A table of the page, paginated on its own: each has its own prefix, so its page and
        sort stay put while another one moves. The rows are one organisation's: the page is
        read in one query (no first pass over the primary keys, which pays off only on lists
        of thousands)."""
        return table_de_page(
            classe, lignes, self.request, par_page=PAR_PAGE, prefix=prefixe, en_deux_temps=False
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("organisme", self.get_organisme())
        return super().get_context_data(**kwargs)
