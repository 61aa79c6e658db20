"""The public pages of calls: no sign-in. Published calls only; a draft is not found."""

from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from noyau.permissions import peut
from organismes.fichiers import reponse_fichier

from ..models import AppelDeProjets
from ..selectors import appels as selectors


class AppelPublicListeView(TemplateView):
    template_name = "appels/public_liste.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(appels=list(selectors.appels_publics()), **kwargs)


class AppelPublicMixin:
    def get_appel(self):
        if not hasattr(self, "_appel"):
            try:
                self._appel = selectors.appel_public(pk=self.kwargs["pk"])
            except AppelDeProjets.DoesNotExist:
                raise Http404(_("Aucun appel de projets publié ne porte ce numéro.")) from None
        return self._appel


class AppelPublicDetailView(AppelPublicMixin, TemplateView):
    template_name = "appels/public_detail.html"

    def get_context_data(self, **kwargs):
        appel = self.get_appel()
        return super().get_context_data(appel=appel, **selectors.fiche_appel(appel), **kwargs)


@method_decorator(never_cache, name="dispatch")
class GuideView(AppelPublicMixin, View):
    """The call's guide: for anyone once the call is published; a draft's, for its staff."""

    def get_appel(self):
        if peut(self.request.user, "appels.voir_gestion"):
            appel = selectors.appels_geres(user=self.request.user).filter(pk=self.kwargs["pk"])
            if appel:
                return appel[0]
        return super().get_appel()

    def get(self, request, *args, **kwargs):
        appel = self.get_appel()
        if not appel.guide:
            raise Http404(_("Cet appel n'a pas de guide."))
        return reponse_fichier(appel.guide, appel.nom_guide, _("Le guide est introuvable."))
