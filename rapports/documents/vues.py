"""Downloads of the documents: thin views over the scoped selectors (another organisation's id
is a 404, never the document) and the document builders."""

import re

from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View

from appels.selectors.appels import appels_geres
from noyau.exports import reponse_classeur
from noyau.permissions import ObjetVisibleMixin, PermissionRequiredMixin
from organismes.selectors import organismes_visibles
from rapports import pdf
from subventions.selectors import subventions_visibles

from . import periodes
from .classeurs import nom_periode
from .convention import convention_subvention
from .fiche import fiche_subvention
from .formulaires import PeriodeForm
from .proces_verbal import proces_verbal_pdf
from .releve import releve_organisme


class SubventionDocumentMixin(ObjetVisibleMixin):
    def objets_visibles(self):
        return subventions_visibles(user=self.request.user)


class FicheSubventionView(SubventionDocumentMixin, View):
    permission_required = "rapports.telecharger_fiche"

    def get(self, request, pk):
        subvention = self.get_objet()
        contenu = fiche_subvention(user=request.user, subvention=subvention)
        return pdf.reponse_pdf(contenu, pdf.nom_de_fichier("fiche", subvention.numero))


class ConventionSubventionView(SubventionDocumentMixin, View):
    permission_required = "rapports.telecharger_convention"

    def get(self, request, pk):
        subvention = self.get_objet()
        contenu = convention_subvention(user=request.user, subvention=subvention)
        return pdf.reponse_pdf(contenu, pdf.nom_de_fichier("convention", subvention.numero))


class ReleveOrganismeView(ObjetVisibleMixin, View):
    permission_required = "rapports.telecharger_releve"

    def objets_visibles(self):
        return organismes_visibles(user=self.request.user)

    def get(self, request, pk):
        organisme = self.get_objet()
        contenu = releve_organisme(user=request.user, organisme=organisme)
        # "Carrefour d'accueil" → carrefour-d-accueil (slugify alone glues "daccueil").
        nom = slugify(re.sub(r"['’]", "-", organisme.nom_usage or organisme.nom_legal))[:60]
        return pdf.reponse_pdf(contenu, pdf.nom_de_fichier("releve", nom))


class ProcesVerbalView(ObjetVisibleMixin, View):
    """The committee's minutes of a call: for those who see its ranking (the same rule and the
    same scoped calls as appels:classement; another's call, or no right, never the file)."""

    permission_required = "appels.voir_gestion"

    def objets_visibles(self):
        return appels_geres(user=self.request.user)

    def get(self, request, pk):
        appel = self.get_objet()
        contenu = proces_verbal_pdf(appel=appel)
        return pdf.reponse_pdf(contenu, pdf.nom_de_fichier("proces-verbal-appel", appel.pk))


class ClasseurPeriodeView(PermissionRequiredMixin, View):
    """A small form (two dates) whose valid answer is the workbook; bad dates come back with
    their error in French (never a 500)."""

    template_name = "rapports/classeur_periode.html"
    titre = ""
    description = ""
    prefixe = ""
    retour = None  # (URL name, label) of the list the page was reached from

    def construire(self, *, user, du, au):
        raise NotImplementedError

    def get(self, request):
        form = PeriodeForm(request.GET or None)
        if form.is_valid():
            du, au = form.cleaned_data["du"], form.cleaned_data["au"]
            wb = self.construire(user=request.user, du=du, au=au)
            return reponse_classeur(wb, nom_periode(self.prefixe, du, au))
        contexte = {"form": form, "titre": self.titre, "description": self.description}
        contexte["retour"] = self.retour
        return render(request, self.template_name, contexte, status=400 if form.errors else 200)


class EcheancierVersementsView(ClasseurPeriodeView):
    permission_required = "rapports.telecharger_echeancier"
    titre = _("Échéancier des versements")
    description = _(
        "Les versements dont la date prévue tombe dans la période, de toutes les subventions, "
        "avec leur statut et leur paiement; total prévu (hors annulés) et total payé."
    )
    prefixe = "echeancier-versements"
    retour = ("versements:liste", _("Versements"))
    construire = staticmethod(periodes.echeancier_versements)


class EtatRedditionView(ClasseurPeriodeView):
    permission_required = "rapports.telecharger_etat_reddition"
    titre = _("État de la reddition de comptes")
    description = _(
        "Les obligations de reddition de comptes dont l'échéance tombe dans la période, avec "
        "leur état (en retard calculé aujourd'hui) et les jours de retard."
    )
    prefixe = "etat-reddition"
    retour = ("reddition:liste", _("Obligations de reddition de comptes"))
    construire = staticmethod(periodes.etat_reddition)
