from django.http import JsonResponse
from django.views import View

from noyau.autocompletion import MIN_CARACTERES
from noyau.permissions import PermissionRequiredMixin

from .. import selectors
from ..autocompletion import MAX_SUGGESTIONS, libelle_organisme, organismes_correspondants


class OrganismeAutocompletionView(PermissionRequiredMixin, View):
    """Suggestions for the organisation fields: `?q=` part of a name or of a NEQ, at most
    MAX_SUGGESTIONS, from the organisations the user may list (`?actifs=1`: active ones only)."""

    permission_required = "organismes.voir_liste"

    def get(self, request):
        texte = request.GET.get("q", "")[:100].strip()
        if len(texte) < MIN_CARACTERES:
            return JsonResponse({"resultats": []})
        organismes = selectors.organismes_visibles(user=request.user)
        if request.GET.get("actifs") == "1":
            organismes = organismes.filter(actif=True)
        trouves = organismes_correspondants(organismes.select_related(None), texte)
        return JsonResponse(
            {
                "resultats": [
                    {"id": o.pk, "libelle": libelle_organisme(o)} for o in trouves[:MAX_SUGGESTIONS]
                ]
            }
        )
