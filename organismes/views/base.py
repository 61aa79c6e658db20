from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404

from noyau.permissions import PermissionRequiredMixin

from .. import selectors


class AccesOrganismeMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Pages of one organisation (`pk` in the URL).

    Anonymous users go to the login page first (the scoped selector would otherwise turn them
    into a 404). The organisation comes only from the user-scoped selector, so another
    organisation's id is a 404 for a partner; the rule is then checked against it (403).
    """

    def get_organisme(self):
        if not hasattr(self, "_organisme"):
            self._organisme = get_object_or_404(
                selectors.organismes_visibles(user=self.request.user), pk=self.kwargs["pk"]
            )
        return self._organisme

    def get_permission_object(self):
        return self.get_organisme()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("organisme", self.get_organisme())
        return super().get_context_data(**kwargs)
