from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from rules.contrib.views import PermissionRequiredMixin

from .. import selectors


class SubventionDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "subventions.voir_subvention"
    template_name = "subventions/detail.html"
    context_object_name = "subvention"

    def get_object(self, queryset=None):
        return get_object_or_404(
            selectors.subventions_visibles(user=self.request.user), pk=self.kwargs["pk"]
        )
