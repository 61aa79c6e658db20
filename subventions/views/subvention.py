from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView

from noyau import historique
from noyau.forms import erreur_de_service
from noyau.permissions import ObjetVisibleMixin, PermissionRequiredMixin, peut

from .. import cycle, permissions, selectors, services
from ..forms import (
    ApprobationForm,
    TransitionForm,
)
from ..models import Avenant, CibleStatut, Repartition, ServiceFinance


class SubventionObjetMixin(ObjetVisibleMixin):
    """Pages of one grant, from the user-scoped selector (see ObjetVisibleMixin)."""

    def objets_visibles(self):
        return selectors.subventions_visibles(user=self.request.user)

    def get_subvention(self):
        return self.get_objet()

    def get_context_data(self, **kwargs):
        voit = permissions.ce_que_voit(self.request.user, self.get_subvention())
        return super().get_context_data(voit=voit, **kwargs)


class SubventionDetailView(SubventionObjetMixin, PermissionRequiredMixin, DetailView):
    permission_required = "subventions.voir_subvention"
    template_name = "subventions/detail.html"
    context_object_name = "subvention"

    def get_object(self, queryset=None):
        return self.get_subvention()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        s = self.object
        context["repartitions"] = list(s.repartitions.all())
        context["cibles"] = selectors.cibles_par_service_et_statut(s)
        transitions = list(s.transitions.select_related("par"))
        for t in transitions:
            t.commentaire_visible = bool(t.commentaire) and peut(
                self.request.user, "subventions.voir_commentaire_etape", t
            )
        context["transitions"] = transitions
        context["derogations"] = list(s.derogations.select_related("par"))
        context["etapes"] = [
            (etape, reverse(etape.vue, kwargs=etape.url_kwargs(s)))
            for etape in cycle.etapes_possibles(self.request.user, s)
        ]
        context["etapes_en_attente"] = cycle.etapes_en_attente(self.request.user, s)
        context["peut_modifier"] = peut(self.request.user, "subventions.modifier_subvention", s)
        return context


class EtapeMixin(SubventionObjetMixin, PermissionRequiredMixin):
    """A lifecycle step's page: shown only to whoever `cycle.peut_faire` lets take the step now
    (403 with the reason otherwise), then the step's service, which asks the same rule again
    under the row lock."""

    template_name = "subventions/transition.html"
    etape = None

    def has_permission(self):
        return cycle.peut_faire(self.request.user, self.etape, self.get_subvention())

    def get_permission_denied_message(self):
        if not self.request.user.is_authenticated:
            return ""
        return cycle.raison_du_refus(self.request.user, self.etape, self.get_subvention())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "etape": self.etape}

    def faire(self, subvention, donnees):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            subvention = self.faire(self.get_subvention(), form.cleaned_data)
        except ValidationError as erreur:
            self.avant_refus(form, erreur)
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        except PermissionDenied as erreur:
            # The rule changed between display and submit (someone else acted): say why.
            form.add_error(None, str(erreur))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("La subvention %(numero)s est maintenant « %(statut)s ».")
            % {"numero": subvention.numero, "statut": subvention.get_statut_display()},
        )
        return redirect(subvention)

    def avant_refus(self, form, erreur):
        """A step may adjust its form to the refusal before it is shown (see approval)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subvention=self.get_subvention(), etape=self.etape, **kwargs
        )


class SubventionTransitionView(EtapeMixin, FormView):
    """The steps whose only datum is a comment (or the reason, where one is required)."""

    form_class = TransitionForm

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in services.SERVICES_SIMPLES:
            raise Http404
        self.etape = cycle.ETAPES[kwargs["action"]]
        return super().dispatch(request, *args, **kwargs)

    def faire(self, subvention, donnees):
        service = services.SERVICES_SIMPLES[self.etape.action]
        return service(
            subvention=subvention, par=self.request.user, commentaire=donnees["commentaire"]
        )


class SubventionApprouverView(EtapeMixin, FormView):
    """Approval: the decision (résolution, date, GDD), and the effect on each envelope."""

    etape = cycle.ETAPES["approuver"]
    form_class = ApprobationForm

    def get_initial(self):
        return {"numero_gdd": self.get_subvention().numero_gdd}

    def apercu(self):
        if not hasattr(self, "_apercu"):
            self._apercu = selectors.apercu_enveloppes(subvention=self.get_subvention())
        return self._apercu

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not any(d["depasse"] for d in self.apercu()):
            # Asking for an override reason when every envelope has room would only confuse.
            del form.fields["derogation_raison"]
        return form

    def faire(self, subvention, donnees):
        return services.subvention_approuver(
            subvention=subvention,
            par=self.request.user,
            numero_resolution=donnees["numero_resolution"],
            date_decision=donnees["date_decision"],
            numero_gdd=donnees["numero_gdd"],
            commentaire=donnees["commentaire"],
            derogation_raison=donnees.get("derogation_raison", ""),
        )

    def avant_refus(self, form, erreur):
        if "derogation_raison" not in form.fields and any(
            e.code == "enveloppe_depassee" for e in erreur.error_list
        ):
            # Another approval took the room between display and submit: offer the field.
            form.fields["derogation_raison"] = ApprobationForm.base_fields["derogation_raison"]
            self._apercu = selectors.apercu_enveloppes(subvention=self.get_subvention())

    def get_context_data(self, **kwargs):
        return super().get_context_data(depassements=self.apercu(), **kwargs)


class SubventionHistoriqueView(SubventionObjetMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "subventions.voir_historique"
    template_name = "subventions/historique.html"

    def get_context_data(self, **kwargs):
        subvention = self.get_subvention()
        entrees = historique.fusionner(
            historique.entrees(subvention.history.all()),
            historique.entrees(
                Repartition.history.filter(subvention_id=subvention.pk),
                objet_libelle=lambda r: _("répartition %(exercice)s") % {"exercice": r.exercice},
            ),
            historique.entrees(
                ServiceFinance.history.filter(subvention_id=subvention.pk),
                objet_libelle=lambda r: _("service financé"),
            ),
            historique.entrees(
                CibleStatut.history.filter(service_finance__subvention_id=subvention.pk),
                objet_libelle=lambda c: _("cible par statut"),
            ),
            historique.entrees(
                Avenant.history.filter(subvention_id=subvention.pk),
                objet_libelle=lambda a: _("avenant n° %(rang)s") % {"rang": a.rang},
            ),
        )
        return super().get_context_data(subvention=subvention, entrees=entrees, **kwargs)
