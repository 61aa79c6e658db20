from noyau.permissions import ObjetVisibleMixin

from .. import selectors


class AccesOrganismeMixin(ObjetVisibleMixin):
    """Pages of one organisation, from the user-scoped selector (see ObjetVisibleMixin)."""

    def objets_visibles(self):
        return selectors.organismes_visibles(user=self.request.user)

    def get_organisme(self):
        return self.get_objet()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("organisme", self.get_organisme())
        return super().get_context_data(**kwargs)
