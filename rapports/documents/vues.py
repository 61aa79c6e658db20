"""Downloads of the documents: thin views over the scoped selectors (another organisation's id
is a 404, never the document) and the document builders."""

from django.views import View

from noyau.permissions import ObjetVisibleMixin
from rapports import pdf
from subventions.selectors import subventions_visibles

from .fiche import fiche_subvention


class SubventionDocumentMixin(ObjetVisibleMixin):
    def objets_visibles(self):
        return subventions_visibles(user=self.request.user)


class FicheSubventionView(SubventionDocumentMixin, View):
    permission_required = "rapports.telecharger_fiche"

    def get(self, request, pk):
        subvention = self.get_objet()
        contenu = fiche_subvention(user=request.user, subvention=subvention)
        return pdf.reponse_pdf(contenu, pdf.nom_de_fichier("fiche", subvention.numero))
