"""The partner's report pages (fill in, save, submit; read-only once sent), its submitted
versions and its attachments. Thin: every object comes through a user-scoped selector (another
organisation's id is a 404) and every write is a service of reddition.services.rapports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from noyau.forms import erreur_de_service
from noyau.permissions import peut, verdict
from organismes.fichiers import ACCEPT, FORMATS_LIBELLE, TAILLE_MAX_LIBELLE, reponse_fichier

from .. import selectors
from ..forms import RapportForm
from ..models import Rapport
from ..services import rapports
from .obligations import ObligationObjetMixin


class RapportView(ObligationObjetMixin, TemplateView):
    """GET: the form while the partner may write it, the report as last sent otherwise.
    POST: "Enregistrer le brouillon" or "Soumettre"."""

    permission_required = "reddition.voir_rapport"

    def get_rapport(self):
        return Rapport.objects.filter(obligation=self.get_obligation()).first()

    def get_template_names(self):
        if peut(self.request.user, "reddition.rediger_rapport", self.get_obligation()):
            return ["reddition/rapport_formulaire.html"]
        return ["reddition/rapport_lecture.html"]

    def get_context_data(self, **kwargs):
        obligation = self.get_obligation()
        rapport = self.get_rapport()
        versions = list(selectors.versions_de(user=self.request.user, obligation=obligation))
        contexte = {
            "rapport": rapport,
            "versions": versions,
            "derniere": versions[-1] if versions else None,
            "accept": ACCEPT,
            "formats": FORMATS_LIBELLE,
            "taille_max": TAILLE_MAX_LIBELLE,
        }
        if peut(self.request.user, "reddition.rediger_rapport", obligation):
            # The totals drawn are the stored ones; the fields hold what was typed, if posted.
            contenu = selectors.contenu_rapport(rapport, obligation)
            form = kwargs.pop("form", None) or RapportForm(contenu=contenu)
            contexte["form"] = form
            # The Submit button shows exactly when submitting would pass; otherwise, why not.
            contexte["soumission"] = verdict(
                self.request.user, "reddition.soumettre_rapport", obligation
            )
            contexte["lecture"] = form.disposer(selectors.lecture_rapport(contenu))
        elif versions:
            precedente = versions[-2].contenu if len(versions) > 1 else None
            contexte["lecture"] = selectors.lecture_rapport(versions[-1].contenu, precedente)
        if rapport is not None:
            contexte["pieces"] = list(rapport.pieces.filter(retiree=False))
        return super().get_context_data(**contexte, **kwargs)

    def post(self, request, *args, **kwargs):
        obligation = self.get_obligation()
        if not peut(request.user, "reddition.rediger_rapport", obligation):
            raise PermissionDenied
        contenu = selectors.contenu_rapport(self.get_rapport(), obligation)
        form = RapportForm(request.POST, request.FILES, contenu=contenu)
        if not form.is_valid():
            return self._erreurs(form, _("Rien n'a été enregistré."))
        try:
            rapports.rapport_enregistrer(obligation=obligation, par=request.user, **form.valeurs())
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self._erreurs(form, _("Rien n'a été enregistré."))
        if "soumettre" not in request.POST:
            messages.success(request, _("Brouillon enregistré."))
            return redirect("reddition:rapport", pk=obligation.pk)
        try:
            version = rapports.rapport_soumettre(obligation=obligation, par=request.user)
        except (ValidationError, PermissionDenied) as erreur:
            if isinstance(erreur, PermissionDenied):
                erreur = ValidationError(str(erreur))
            erreur_de_service(form, erreur)
            return self._erreurs(
                form, _("Le brouillon est enregistré, mais le rapport n'a pas été soumis.")
            )
        messages.success(
            request,
            _("Rapport soumis (version %(numero)s). L'agent responsable en est avisé.")
            % {"numero": version.numero},
        )
        return redirect(obligation)

    def _erreurs(self, form, titre):
        contexte = self.get_context_data(
            form=form,
            titre_erreurs=titre,
            liens_erreurs=form.liens_erreurs(),
            erreurs_generales=form.non_field_errors(),
        )
        return self.render_to_response(contexte)


class VersionView(ObligationObjetMixin, TemplateView):
    """One submitted version, as sent, with what changed from the one before."""

    permission_required = "reddition.voir_rapport"
    template_name = "reddition/rapport_version.html"

    def get_context_data(self, **kwargs):
        obligation = self.get_obligation()
        versions = selectors.versions_de(user=self.request.user, obligation=obligation)
        version = get_object_or_404(versions, numero=self.kwargs["numero"])
        precedente = versions.filter(numero=version.numero - 1).first()
        return super().get_context_data(
            version=version,
            precedente=precedente,
            lecture=selectors.lecture_rapport(
                version.contenu, precedente.contenu if precedente else None
            ),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class PieceTelechargerView(ObligationObjetMixin, View):
    """Streams an attachment once the user may see the report (files have no public URL)."""

    permission_required = "reddition.voir_rapport"

    def get(self, request, *args, **kwargs):
        piece = get_object_or_404(
            selectors.pieces_de(user=request.user, obligation=self.get_obligation()),
            pk=self.kwargs["piece"],
        )
        return reponse_fichier(
            piece.fichier, piece.nom, _("Le fichier de cette pièce jointe est introuvable.")
        )
