"""The selection committee's pages. Évaluateurs: their calls, each call's applications, one
application (the declaration of conflict first, then the scoring grid). Staff: the committee's
progress and its reminder, the deliberation's ranking, its decisions and its workbook."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from django.views.generic.base import ContextMixin, TemplateResponseMixin

from noyau.classeurs import Classeur, reponse_classeur
from noyau.forms import erreur_de_service
from noyau.permissions import ObjetVisibleMixin, PermissionRequiredMixin, verdict

from ..forms.comite import ConflitForm, DecisionForm, EvaluationForm
from ..selectors import comite as selectors
from ..services import comite as services
from .gestion import AppelObjetMixin


# --- Évaluateurs -----------------------------------------------------------------------------
class EvaluationAccueilView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "appels.voir_evaluations"
    template_name = "appels/comite/accueil.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        demandes = list(selectors.demandes_de_l_evaluateur(user=user))
        appels = []
        for appel in selectors.appels_de_l_evaluateur(user=user):
            siennes = [d for d in demandes if d.appel_id == appel.pk]
            appels.append({"appel": appel, **selectors.avancement(siennes)})
        return super().get_context_data(appels=appels, **kwargs)


class EvaluationAppelView(ObjetVisibleMixin, TemplateView):
    permission_required = "appels.voir_evaluations"
    template_name = "appels/comite/appel.html"

    def objets_visibles(self):
        return selectors.appels_de_l_evaluateur(user=self.request.user)

    def get_context_data(self, **kwargs):
        appel = self.get_objet()
        demandes = list(selectors.demandes_de_l_evaluateur(user=self.request.user, appel=appel))
        return super().get_context_data(
            appel=appel, demandes=demandes, avancement=selectors.avancement(demandes), **kwargs
        )


class DemandeEvaluateurMixin(ObjetVisibleMixin):
    """An application of the évaluateur's calls, not conflicted (anything else: 404)."""

    permission_required = "appels.voir_evaluations"

    def objets_visibles(self):
        return selectors.demandes_de_l_evaluateur(user=self.request.user)


class PageDemandeMixin(DemandeEvaluateurMixin, TemplateResponseMixin, ContextMixin):
    """The application's page: the declaration of conflict until it is made, then the grid
    (read-only once submitted, or outside the scoring period). Drawn by a GET, and again by a
    POST with errors, with its bound form, so that each error shows on its field and in the
    page's error summary."""

    template_name = "appels/comite/demande.html"

    def rendre(self, form=None, form_conflit=None):
        demande, user = self.get_objet(), self.request.user
        fiche = selectors.fiche_evaluation(demande=demande, user=user)
        if form is None:
            notes = dict((c.pk, n) for c, n in fiche["lignes"] if n is not None)
            form = EvaluationForm(criteres=fiche["criteres"], notes=notes)
        return self.render_to_response(
            self.get_context_data(
                demande=demande,
                appel=demande.appel,
                form=form,
                form_conflit=form_conflit or ConflitForm(),
                evaluer=verdict(user, "appels.evaluer", demande),
                voir_autres=verdict(user, "appels.voir_notes_des_autres", demande),
                **fiche,
            )
        )


class EvaluationDemandeView(PageDemandeMixin, View):
    """GET: the page. POST: the scores, as a draft or submitted."""

    def get(self, request, *args, **kwargs):
        return self.rendre()

    def post(self, request, *args, **kwargs):
        demande = self.get_objet()
        fiche = selectors.fiche_evaluation(demande=demande, user=request.user)
        form = EvaluationForm(request.POST, criteres=fiche["criteres"])
        if not form.is_valid():
            return self.rendre(form)
        soumettre = "soumettre" in request.POST
        try:
            services.evaluation_enregistrer(
                demande=demande, par=request.user, notes=form.notes(), soumettre=soumettre
            )
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.rendre(form)
        if soumettre:
            messages.success(request, _("Votre évaluation est soumise."))
            return redirect("appels:evaluation_appel", demande.appel_id)
        messages.success(request, _("Votre brouillon est enregistré."))
        return redirect("appels:evaluation_demande", demande.pk)


class ConflitDeclarerView(PageDemandeMixin, View):
    def post(self, request, *args, **kwargs):
        demande = self.get_objet()
        form = ConflitForm(request.POST)
        if not form.is_valid():
            return self.rendre(form_conflit=form)
        try:
            conflit = services.conflit_declarer(
                demande=demande, par=request.user, **form.cleaned_data
            )
        except ValidationError as erreur:
            # Refused by the state, not by the answer (already declared, maybe in another tab;
            # call decided): the reason as a message, over the page as that state draws it.
            messages.error(request, " ".join(erreur.messages))
            return redirect("appels:evaluation_demande", demande.pk)
        if conflit.a_conflit:
            messages.success(
                request,
                _("Votre conflit d'intérêts est déclaré : cette demande sort de votre liste."),
            )
            return redirect("appels:evaluation_appel", demande.appel_id)
        messages.success(request, _("L'absence de conflit est déclarée : vous pouvez évaluer."))
        return redirect("appels:evaluation_demande", demande.pk)


# --- Staff -----------------------------------------------------------------------------------
class RelancerView(AppelObjetMixin, View):
    permission_required = "appels.relancer"

    def post(self, request, *args, **kwargs):
        appel = self.get_appel()
        affectation = get_object_or_404(appel.evaluateurs, pk=self.kwargs["epk"])
        try:
            reste = services.evaluateur_relancer(
                appel=appel, affectation=affectation, par=request.user
            )
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(
                request,
                _("%(qui)s est relancé : %(n)s évaluation(s) à terminer.")
                % {"qui": affectation.user, "n": reste},
            )
        return redirect(reverse("appels:gestion_detail", args=[appel.pk]) + "#avancement")


LIGNES_PAR_PAGE = 50


class ClassementView(AppelObjetMixin, TemplateView):
    template_name = "appels/comite/classement.html"

    def get_context_data(self, **kwargs):
        appel = self.get_appel()
        deliberer = verdict(self.request.user, "appels.deliberer", appel)
        # Ranked, cumulated and cut over every application; shown a page at a time: 500 rows
        # with a decision form each took 1.5 s to draw.
        page = Paginator(
            selectors.classement(appel=appel, complet=False), LIGNES_PAR_PAGE
        ).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            lignes=selectors.completer(page.object_list, appel=appel),
            page=page,
            deliberer=deliberer,
            **kwargs,
        )


class DeciderView(AppelObjetMixin, View):
    permission_required = "appels.deliberer"

    def post(self, request, *args, **kwargs):
        appel = self.get_appel()
        demande = get_object_or_404(
            appel.demandes.filter(etat__in=selectors.ETATS_EVALUES), pk=self.kwargs["dpk"]
        )
        form = DecisionForm(request.POST, prefix=f"d{demande.pk}")
        # Back to the ranking's page the form was on (the page number it sent, when it is one).
        page = request.POST.get("page", "")
        retour = reverse("appels:classement", args=[appel.pk])
        retour += (f"?page={int(page)}" if page.isdigit() else "") + f"#demande-{demande.pk}"
        if not form.is_valid():
            messages.error(
                request,
                _("%(demande)s : %(erreurs)s")
                % {
                    "demande": demande,
                    "erreurs": " ".join(e for errs in form.errors.values() for e in errs),
                },
            )
            return redirect(retour)
        try:
            services.recommandation_decider(demande=demande, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            messages.error(
                request,
                _("%(demande)s : %(erreurs)s")
                % {"demande": demande, "erreurs": " ".join(erreur.messages)},
            )
        else:
            messages.success(request, _("La décision sur « %s » est enregistrée.") % demande)
        return redirect(retour)


class ClassementExportView(AppelObjetMixin, View):
    def get(self, request, *args, **kwargs):
        appel = self.get_appel()
        wb = Classeur()
        feuille = wb.feuille(_("Classement"))
        feuille.ajouter([appel.titre], style="titre")
        feuille.ajouter([_("Budget de l'appel"), appel.budget])
        feuille.ajouter([])
        entete = [
            _("Rang"),
            _("Organisme"),
            _("Projet"),
            _("Score pondéré (sur 100)"),
            _("Écart"),
            _("Écart signalé"),
            _("Évaluations"),
            _("Montant demandé"),
            _("Montant recommandé"),
            _("Cumul"),
            _("Sous la ligne de coupe"),
            _("Décision"),
            _("Motif"),
            _("Décidé par"),
            _("Décidé le"),
        ]
        feuille.ajouter(entete, style="gras")
        for ligne in selectors.classement(appel=appel):
            r, d = ligne.recommandation, ligne.demande
            feuille.ajouter(
                [
                    ligne.rang,
                    str(d.organisme),
                    d.titre_projet,
                    _score(ligne.moyenne),
                    _score(ligne.ecart),
                    _("oui") if ligne.ecart_signale else "",
                    ligne.nb_evaluations,
                    d.montant_demande,
                    ligne.montant_recommande,
                    ligne.cumul,
                    _("oui") if ligne.sous_la_ligne else "",
                    r.get_decision_display() if r else "",
                    r.motif if r else "",
                    str(r.decide_par) if r else "",
                    timezone.localtime(r.decide_le).replace(tzinfo=None) if r else None,
                ]
            )
        feuille.largeurs([6, 36, 36, 12, 10, 10, 10, 16, 16, 16, 10, 16, 40, 20, 18])
        feuille.figer(4)
        return reponse_classeur(wb, f"classement-appel-{appel.pk}.xlsx")


def _score(valeur):
    """A score is points, not money: a number in the workbook, not the money format."""
    return None if valeur is None else float(valeur)
