"""Pages of reporting obligations: thin views over reddition.selectors and the services of
reddition.services (obligations, rapports)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from noyau import historique
from noyau.listes import ListeView
from noyau.permissions import ObjetVisibleMixin, PermissionRequiredMixin, peut
from subventions.selectors import subventions_visibles

from .. import permissions, selectors
from ..filters import ObligationFilter
from ..forms import EcheanceForm, ObligationForm, RetraitForm, SuiviForm
from ..models import Obligation
from ..services import obligations, rapports
from ..tables import ObligationTable


class ObligationListeView(PermissionRequiredMixin, ListeView):
    permission_required = "reddition.voir_liste"
    table_class = ObligationTable
    filterset_class = ObligationFilter
    titre = gettext_lazy("Obligations de reddition de comptes")
    nom_export = "obligations"
    template_name = "reddition/obligation_liste.html"

    def get_queryset(self):
        return selectors.obligations_visibles(user=self.request.user)


class ObligationObjetMixin(ObjetVisibleMixin):
    """Pages of one obligation, from the user-scoped selector (another organisation's id is a
    404, never the obligation)."""

    def objets_visibles(self):
        return selectors.obligations_visibles(user=self.request.user)

    def get_obligation(self) -> Obligation:
        return self.get_objet()

    def get_context_data(self, **kwargs):
        obligation = self.get_obligation()
        return super().get_context_data(
            obligation=obligation, subvention=obligation.subvention, **kwargs
        )


class ObligationDetailView(ObligationObjetMixin, TemplateView):
    permission_required = "reddition.voir_obligations"
    template_name = "reddition/obligation_detail.html"

    def get_context_data(self, **kwargs):
        obligation = self.get_obligation()
        user = self.request.user
        suivis = list(obligation.suivis.select_related("par"))
        for suivi in suivis:
            suivi.commentaire_visible = bool(suivi.commentaire) and peut(
                user, "reddition.voir_commentaire", suivi
            )
        entrees = None
        if peut(user, "reddition.voir_historique", obligation):
            entrees = historique.entrees(obligation.history.all())
        versions, lecture = [], None
        if peut(user, "reddition.voir_rapport", obligation):
            versions = list(selectors.versions_de(user=user, obligation=obligation))
        if versions:
            precedente = versions[-2].contenu if len(versions) > 1 else None
            lecture = selectors.lecture_rapport(versions[-1].contenu, precedente)
        brouillon_le = (
            selectors.avec_brouillon(Obligation.objects.filter(pk=obligation.pk))
            .values_list("brouillon_le", flat=True)
            .get()
        )
        return super().get_context_data(
            versions=versions,
            brouillon_le=brouillon_le,
            derniere=versions[-1] if versions else None,
            lecture=lecture,
            suivis=suivis,
            actions=[
                (action, ACTIONS[action][0])
                for action in permissions.actions_possibles(user, obligation)
            ],
            entrees=entrees,
            **kwargs,
        )


# action: (button label, service, comment required, comment always meant for the organisation)
ACTIONS = {
    "marquer_soumise": (
        gettext_lazy("Inscrire le rapport comme reçu"),
        obligations.obligation_marquer_soumise,
        False,
        False,
    ),
    # The review steps go through the reports' services: the submitted version gets the
    # decision and the organisation an email (and a report received outside the portal, only
    # the obligation step).
    "accepter": (gettext_lazy("Accepter le rapport"), rapports.rapport_accepter, False, False),
    "a_corriger": (
        gettext_lazy("Renvoyer pour correction"),
        rapports.rapport_a_corriger,
        True,
        True,
    ),
}


# What the officer reads once the step is taken ("document": a report or financial statements).
FAITS = {
    "marquer_soumise": gettext_lazy(
        "Le document « %(type)s » de %(numero)s est inscrit comme reçu."
    ),
    "accepter": gettext_lazy("Le document « %(type)s » de %(numero)s est accepté."),
    "a_corriger": gettext_lazy(
        "Le document « %(type)s » de %(numero)s est renvoyé pour correction."
    ),
}


class ObligationEcritureMixin(ObligationObjetMixin):
    """A form on one obligation whose service may still refuse (someone acted in between): its
    reason is shown on the form, never as an error page."""

    template_name = "reddition/obligation_formulaire.html"
    titre = ""
    bouton = ""

    def faire(self, obligation, donnees):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            resultat = self.faire(self.get_obligation(), form.cleaned_data)
        except (ValidationError, PermissionDenied) as erreur:
            messages_erreur = (
                erreur.messages if isinstance(erreur, ValidationError) else [str(erreur)]
            )
            for message in messages_erreur:
                form.add_error(None, message)
            return self.form_invalid(form)
        return resultat

    def get_context_data(self, **kwargs):
        return super().get_context_data(titre=self.titre, bouton=self.bouton, **kwargs)


class ObligationActionView(ObligationEcritureMixin, FormView):
    form_class = SuiviForm

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in ACTIONS:
            raise Http404
        self.action = kwargs["action"]
        self.titre, self.service, self.requis, self.communique = ACTIONS[self.action]
        self.bouton = self.titre
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self):
        return [f"reddition.{self.action}"]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "commentaire_requis": self.requis,
            "communique": self.communique,
        }

    def faire(self, obligation, donnees):
        kwargs = {"obligation": obligation, "par": self.request.user}
        kwargs["commentaire"] = donnees["commentaire"]
        if "interne" in donnees:
            kwargs["interne"] = donnees["interne"]
        obligation = self.service(**kwargs)
        messages.success(
            self.request,
            FAITS[self.action]
            % {"type": obligation.get_type_display(), "numero": obligation.subvention.numero},
        )
        return redirect(obligation)


class ObligationEcheanceView(ObligationEcritureMixin, FormView):
    permission_required = "reddition.modifier_echeance"
    form_class = EcheanceForm
    titre = gettext_lazy("Changer l'échéance")
    bouton = gettext_lazy("Enregistrer la nouvelle échéance")

    def get_initial(self):
        return {"date_echeance": self.get_obligation().date_echeance}

    def faire(self, obligation, donnees):
        obligation = obligations.obligation_modifier_echeance(
            obligation=obligation,
            par=self.request.user,
            date_echeance=donnees["date_echeance"],
            raison=donnees["raison"],
        )
        messages.success(self.request, _("Échéance modifiée."))
        return redirect(obligation)


class ObligationRetirerView(ObligationEcritureMixin, FormView):
    permission_required = "reddition.retirer"
    form_class = RetraitForm
    titre = gettext_lazy("Retirer l'obligation")
    bouton = gettext_lazy("Retirer l'obligation")

    def faire(self, obligation, donnees):
        subvention = obligation.subvention
        obligations.obligation_retirer(obligation=obligation, par=self.request.user)
        messages.success(self.request, _("Obligation retirée."))
        return redirect(subvention)


class ObligationAjouterView(ObjetVisibleMixin, FormView):
    """Adds an obligation to a signed grant (`pk` is the grant's)."""

    permission_required = "reddition.ajouter"
    form_class = ObligationForm
    template_name = "reddition/obligation_formulaire.html"

    def objets_visibles(self):
        return subventions_visibles(user=self.request.user)

    def form_valid(self, form):
        subvention = self.get_objet()
        try:
            obligation = obligations.obligation_ajouter(
                subvention=subvention, par=self.request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as erreur:
            messages_erreur = (
                erreur.messages if isinstance(erreur, ValidationError) else [str(erreur)]
            )
            for message in messages_erreur:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, _("Obligation ajoutée."))
        return redirect(obligation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subvention=self.get_objet(),
            titre=_("Ajouter une obligation"),
            bouton=_("Ajouter l'obligation"),
            **kwargs,
        )
