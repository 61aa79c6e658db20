"""The open data page (staff) and the downloads: the staff's, and the public ones that answer
only when settings.DONNEES_OUVERTES_PUBLIQUES is on (404 otherwise, as if they did not exist).

A download's programme and exercice are in its path, so that a published link is stable; an
unknown programme, an exercice out of range or an unknown file name is a 404, never a 500."""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from noyau.champs import exercice_courant
from noyau.permissions import PermissionRequiredMixin
from rapports.selectors import situation_publiee

from . import montreal, norme360
from .filters import DonneesOuvertesFilter
from .selectors import subventions_ouvertes

PERMISSION = "echanges.voir_donnees_ouvertes"


NOMS = {
    "montreal.csv": ".csv",
    "360giving.csv": "-360giving.csv",
    "360giving.json": "-360giving.json",
}


def nom_de_fichier(programme, exercice, fichier):
    """donnees-ouvertes-montreal-inclusive-2026.csv (Montréal), …-2026-360giving.json."""
    return f"donnees-ouvertes-{programme.code}-{exercice}{NOMS[fichier]}"


def liens(request, programme, exercice):
    """[(fichier, staff URL, public absolute URL or None)] for the page."""
    resultat = []
    for fichier in NOMS:
        kwargs = {"programme": programme.code, "exercice": exercice, "fichier": fichier}
        public = None
        if settings.DONNEES_OUVERTES_PUBLIQUES:
            public = request.build_absolute_uri(
                reverse("echanges:donnees_ouvertes_publiques", kwargs=kwargs)
            )
        resultat.append(
            (fichier, reverse("echanges:donnees_ouvertes_fichier", kwargs=kwargs), public)
        )
    return resultat


class DonneesOuvertesView(PermissionRequiredMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "echanges/donnees_ouvertes/page.html"
    titre = gettext_lazy("Données ouvertes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        donnees = self.request.GET.copy() or None
        if donnees is not None and not donnees.get("exercice"):
            # A link that names only the programme (its page) means the current exercice.
            donnees["exercice"] = exercice_courant()
        filtre = DonneesOuvertesFilter(donnees)
        if not filtre.is_bound:
            filtre.form.initial = DonneesOuvertesFilter.initial()
        choix = filtre.choix() if filtre.is_bound else None
        context.update(
            titre=self.titre,
            filter=filtre,
            publiques=settings.DONNEES_OUVERTES_PUBLIQUES,
            service=settings.DONNEES_OUVERTES_SERVICE,
            direction=settings.DONNEES_OUVERTES_DIRECTION,
        )
        if choix is not None:
            programme, exercice = choix
            # The files' MONTANT adds up to the exercice's engagé: the dashboard's figure.
            situation = situation_publiee(programme=programme, exercice=exercice)
            context.update(
                programme=programme,
                exercice=exercice,
                nombre=subventions_ouvertes(programme=programme, exercice=exercice).count(),
                total=situation["total"]["engage"],
                liens=liens(self.request, programme, exercice),
            )
        return context


class TelechargementMixin:
    def get(self, request, *args, programme, exercice, fichier):
        choix = DonneesOuvertesFilter({"programme": programme, "exercice": exercice}).choix()
        if choix is None or fichier not in NOMS:
            raise Http404(_("Programme, exercice ou fichier inconnu."))
        programme, exercice = choix
        subventions = subventions_ouvertes(programme=programme, exercice=exercice)
        nom = nom_de_fichier(programme, exercice, fichier)
        if fichier == "montreal.csv":
            return montreal.reponse(subventions, nom)
        if fichier == "360giving.csv":
            return norme360.reponse_csv(subventions, nom)
        return norme360.reponse_json(
            subventions,
            nom,
            programme=programme,
            exercice=exercice,
            url=request.build_absolute_uri(),
        )


class TelechargementView(PermissionRequiredMixin, TelechargementMixin, View):
    permission_required = PERMISSION


class TelechargementPublicView(TelechargementMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if not settings.DONNEES_OUVERTES_PUBLIQUES:
            raise Http404(_("Les données ouvertes ne sont pas publiées sur ce site."))
        return super().dispatch(request, *args, **kwargs)
