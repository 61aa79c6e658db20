"""The partner's report pages (fill in, save, submit; read-only once sent), its submitted
versions and its attachments. Thin: every object comes through a user-scoped selector (another
organisation's id is a 404) and every write is a service of reddition.rapports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from noyau.permissions import peut
from organismes.fichiers import ACCEPT, FORMATS_LIBELLE, TAILLE_MAX_LIBELLE, reponse_fichier

from .. import rapports, selectors
from ..models import Rapport
from .obligations import ObligationObjetMixin


def _valeurs_postees(post):
    participants = {k: v for k, v in post.items() if k.startswith("p_")}
    depenses = {k: v for k, v in post.items() if k.startswith("d_")}
    return participants, depenses


def formulaire(obligation, rapport, post=None, erreurs=None):
    """The form's rows: the report as stored, or as just posted (with each cell's error)."""
    contenu = selectors.contenu_rapport(rapport, obligation)
    lecture = selectors.lecture_rapport(contenu)
    erreurs = erreurs or {}
    for cellule in [c for ligne in lecture["grille"] for c in ligne["cellules"]] + lecture[
        "depenses"
    ]:
        if post is not None:
            cellule["valeur"] = post.get(cellule["cle"], "")
        elif cellule["cle"].startswith("d_"):
            cellule["valeur"] = str(cellule["valeur"]).replace(".", ",")
        cellule["erreur"] = erreurs.get(cellule["cle"], [None])[0]
    if post is not None:
        lecture["activites"] = post.get("activites", "")
    lecture["erreurs"] = erreurs
    return lecture


def resume_erreurs(lecture, erreurs):
    """The error summary's links: one per faulty cell, in the order of the page."""
    liens = []
    if "activites" in erreurs:
        liens.append(("id_activites", _("Activités réalisées"), erreurs["activites"][0]))
    for ligne in lecture["grille"]:
        for cellule, (_pk, statut) in zip(ligne["cellules"], lecture["statuts"], strict=True):
            if cellule["erreur"]:
                libelle = f"{ligne['nom']}, {statut}"
                liens.append((cellule["cle"], libelle, cellule["erreur"]))
    for cellule in lecture["depenses"]:
        if cellule["erreur"]:
            liens.append((cellule["cle"], cellule["nom"], cellule["erreur"]))
    if "pieces" in erreurs:
        liens.append(("id_pieces", _("Pièces jointes"), erreurs["pieces"][0]))
    return liens


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
        if "lecture" not in kwargs:
            if peut(self.request.user, "reddition.rediger_rapport", obligation):
                kwargs["lecture"] = formulaire(obligation, rapport)
            elif versions:
                precedente = versions[-2].contenu if len(versions) > 1 else None
                kwargs["lecture"] = selectors.lecture_rapport(versions[-1].contenu, precedente)
        if rapport is not None:
            contexte["pieces"] = list(rapport.pieces.filter(retiree=False))
        return super().get_context_data(**contexte, **kwargs)

    def post(self, request, *args, **kwargs):
        obligation = self.get_obligation()
        if not peut(request.user, "reddition.rediger_rapport", obligation):
            raise PermissionDenied
        participants, depenses = _valeurs_postees(request.POST)
        try:
            rapports.rapport_enregistrer(
                obligation=obligation,
                par=request.user,
                activites=request.POST.get("activites", ""),
                participants=participants,
                depenses=depenses,
                pieces_ajoutees=request.FILES.getlist("pieces"),
                pieces_retirees=[i for i in request.POST.getlist("retirer") if i.isdigit()],
            )
        except ValidationError as erreur:
            return self._erreurs(erreur, _("Rien n'a été enregistré."))
        if "soumettre" not in request.POST:
            messages.success(request, _("Brouillon enregistré."))
            return redirect("reddition:rapport", pk=obligation.pk)
        try:
            version = rapports.rapport_soumettre(obligation=obligation, par=request.user)
        except (ValidationError, PermissionDenied) as erreur:
            if isinstance(erreur, PermissionDenied):
                erreur = ValidationError(str(erreur))
            return self._erreurs(
                erreur, _("Le brouillon est enregistré, mais le rapport n'a pas été soumis.")
            )
        messages.success(
            request,
            _("Rapport soumis (version %(numero)s). L'agent responsable en est avisé.")
            % {"numero": version.numero},
        )
        return redirect(obligation)

    def _erreurs(self, erreur, titre):
        erreurs = (
            erreur.message_dict if hasattr(erreur, "error_dict") else {"__all__": erreur.messages}
        )
        lecture = formulaire(self.get_obligation(), self.get_rapport(), self.request.POST, erreurs)
        contexte = self.get_context_data(
            lecture=lecture,
            titre_erreurs=titre,
            liens_erreurs=resume_erreurs(lecture, erreurs),
            erreurs_generales=erreurs.get("__all__", []),
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
