from noyau.permissions import PermissionRequiredMixin
from organismes import selectors
from organismes.membres import organisme_id_de


class PortailMixin(PermissionRequiredMixin):
    """Portal pages: the organisation is the user's own, taken through the scoped selector
    (never from the URL); the permission is asked of it. Staff have none: a 403."""

    permission_required = ("portail.voir_portail", "organismes.modifier_profil")

    def get_organisme(self):
        if not hasattr(self, "_organisme"):
            self._organisme = (
                selectors.organismes_visibles(user=self.request.user)
                .filter(pk=organisme_id_de(self.request.user))
                .first()
            )
        return self._organisme

    def get_permission_object(self):
        return self.get_organisme()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("organisme", self.get_organisme())
        return super().get_context_data(**kwargs)
