"""The managers' dashboard, the program summary workbook and the annual report: thin views over
the selectors."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from noyau.champs import exercice_courant
from noyau.permissions import PermissionRequiredMixin
from subventions.models import Programme

from . import exports, graphiques, pdf, selectors
from .cumuls.services import cumuls_a_jour
from .documents.annuel import nom_du_fichier, rapport_annuel
from .filters import TableauFilter


def graphiques_du_tableau(figures) -> dict:
    """Each chart of the dashboard, drawn from the same figures as its table."""
    situation = figures["situation"]["lignes"]
    participants = figures["participants"]
    rejoints_vises = [_("Rejoints"), _("Visés")]
    return {
        "participants": graphiques.barres_horizontales(
            ident="graphique-participants",
            titre=_("Participants rejoints et visés par rubrique"),
            lignes=[
                (li["rubrique"], [li["atteints"], li["cible"]]) for li in participants["lignes"]
            ],
            series=rejoints_vises,
            formater=graphiques.nombre,
        ),
        "participants_statuts": graphiques.barres_horizontales(
            ident="graphique-participants-statuts",
            titre=_("Participants rejoints par statut d'immigration"),
            lignes=[
                (str(statut), [c["atteints"], c["cible"]])
                for statut, c in zip(
                    participants["statuts"], participants["total"]["cellules"], strict=True
                )
            ],
            series=rejoints_vises,
            formater=graphiques.nombre,
        ),
        "situation": graphiques.barres_horizontales(
            ident="graphique-situation",
            titre=_("Enveloppe, engagé et versé par programme et exercice"),
            lignes=[
                (
                    f"{ligne['programme']} — {ligne['exercice']}",
                    [ligne["enveloppe"], ligne["engage"], ligne["verse"]],
                )
                for ligne in situation
            ],
            series=[_("Enveloppe"), _("Engagé"), _("Versé")],
        ),
        "par_statut": graphiques.barres_horizontales(
            ident="graphique-statuts",
            titre=_("Nombre de subventions par statut"),
            lignes=[(s["libelle"], [s["nombre"]]) for s in figures["par_statut"]],
            formater=graphiques.nombre,
        ),
        "arrondissements": graphiques.barres_horizontales(
            ident="graphique-arrondissements",
            titre=_("Montant engagé par arrondissement de l'organisme"),
            lignes=[(a["arrondissement"], [a["montant"]]) for a in figures["arrondissements"]],
        ),
        "organismes": graphiques.barres_horizontales(
            ident="graphique-organismes",
            titre=_("Organismes ayant le plus grand montant engagé"),
            lignes=[(o["nom"], [o["montant"]]) for o in figures["organismes"]],
        ),
    }


class TableauDeBordView(PermissionRequiredMixin, TemplateView):
    permission_required = "rapports.voir_tableau_de_bord"
    template_name = "rapports/tableau_de_bord.html"
    titre = gettext_lazy("Tableau de bord")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtre = TableauFilter(self.request.GET or None, request=self.request)
        filtres = filtre.filtres() if filtre.is_bound else selectors.Filtres()
        context.update(filter=filtre, filtres=filtres, titre=self.titre)
        if filtres is not None:
            figures = selectors.tableau_de_bord(
                user=self.request.user, filtres=filtres, cumuls=cumuls_a_jour()
            )
            context["figures"] = figures
            context["graphiques"] = graphiques_du_tableau(figures)
        return context


class SommaireView(TableauDeBordView):
    """The program summary workbook for the dashboard's filters; wrong filters show the
    dashboard with their errors (400), never a file nor a 500."""

    def get(self, request, *args, **kwargs):
        filtre = TableauFilter(request.GET or None, request=request)
        filtres = filtre.filtres() if filtre.is_bound else selectors.Filtres()
        if filtres is None:
            reponse = super().get(request, *args, **kwargs)
            reponse.status_code = 400
            return reponse
        return exports.reponse_sommaire(user=request.user, filtres=filtres)


class RapportAnnuelView(TableauDeBordView):
    """The annual report PDF of the programme in the URL, for `?exercice=` (the current one by
    default). An unknown programme is a 404; a wrong exercice shows the dashboard with its
    error (400)."""

    def get(self, request, *args, **kwargs):
        programme = get_object_or_404(Programme, pk=kwargs["pk"])
        donnees = {"programme": programme.pk, "exercice": exercice_courant()}
        donnees.update({k: v for k, v in request.GET.items() if k == "exercice"})
        filtres = TableauFilter(donnees, request=request).filtres()
        if filtres is None:
            reponse = super().get(request, *args, **kwargs)
            reponse.status_code = 400
            return reponse
        contenu = rapport_annuel(user=request.user, programme=programme, exercice=filtres.exercice)
        return pdf.reponse_pdf(contenu, nom_du_fichier(programme, filtres.exercice))
