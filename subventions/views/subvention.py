from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView

from noyau import historique
from noyau.permissions import ObjetVisibleMixin, PermissionRequiredMixin, peut

from .. import selectors, services
from ..cycle import ETAPES, etapes_possibles
from ..forms import (
    ApprobationForm,
    RepartitionFormSet,
    ServiceFinanceFormSet,
    SubventionForm,
    TransitionForm,
)
from ..models import Repartition, ServiceFinance


class SubventionObjetMixin(ObjetVisibleMixin):
    """Pages of one grant, from the user-scoped selector (see ObjetVisibleMixin)."""

    def objets_visibles(self):
        return selectors.subventions_visibles(user=self.request.user)

    def get_subvention(self):
        return self.get_objet()


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
        context["services_finances"] = list(s.services_finances.select_related("service__rubrique"))
        context["transitions"] = list(s.transitions.select_related("par"))
        context["derogations"] = list(s.derogations.select_related("par"))
        context["etapes"] = etapes_possibles(self.request.user, s)
        context["peut_modifier"] = peut(self.request.user, "subventions.modifier_subvention", s)
        return context


class SubventionEditionMixin:
    template_name = "subventions/formulaire.html"

    def formsets(self, data=None, subvention=None, organisme=None):
        initial_r = initial_s = None
        if subvention is not None:
            initial_r = [
                {"exercice": r.exercice, "montant": r.montant}
                for r in subvention.repartitions.all()
            ]
            initial_s = [
                {
                    "service": sf.service,
                    "participants_cibles": sf.participants_cibles,
                    "montant": sf.montant,
                }
                for sf in subvention.services_finances.all()
            ]
            organisme = subvention.organisme
        return (
            RepartitionFormSet(data, prefix="repartition", initial=initial_r),
            ServiceFinanceFormSet(
                data, prefix="services", initial=initial_s, form_kwargs={"organisme": organisme}
            ),
        )

    def rendre(self, form, repartitions, services_finances):
        return self.render_to_response(
            self.get_context_data(
                form=form, repartitions=repartitions, services_finances=services_finances
            )
        )

    def enregistrer(self, form, repartitions, services_finances, action):
        valides = all([form.is_valid(), repartitions.is_valid(), services_finances.is_valid()])
        if not valides:
            return self.rendre(form, repartitions, services_finances)
        try:
            subvention = action()
        except ValidationError as erreur:
            for message in erreur.messages:
                form.add_error(None, message)
            return self.rendre(form, repartitions, services_finances)
        return redirect(subvention)


class SubventionCreerView(PermissionRequiredMixin, SubventionEditionMixin, TemplateView):
    permission_required = "subventions.creer_subvention"

    def get(self, request, *args, **kwargs):
        form = SubventionForm(
            initial={"agent": request.user, "organisme": request.GET.get("organisme")}
        )
        return self.rendre(form, *self.formsets())

    def post(self, request, *args, **kwargs):
        form = SubventionForm(request.POST)
        try:
            # Only to narrow the funded-service choices; the form itself reports a bad value.
            organisme = form.fields["organisme"].clean(request.POST.get("organisme"))
        except ValidationError:
            organisme = None
        repartitions, services_finances = self.formsets(request.POST, organisme=organisme)

        def action():
            subvention = services.subvention_creer(
                par=request.user,
                champs=form.champs(),
                repartitions=repartitions.lignes(),
                services_finances=services_finances.lignes(),
            )
            messages.success(
                request, _("Subvention %(numero)s créée.") % {"numero": subvention.numero}
            )
            return subvention

        return self.enregistrer(form, repartitions, services_finances, action)

    def get_context_data(self, **kwargs):
        return super().get_context_data(titre=_("Nouvelle subvention"), **kwargs)


class SubventionModifierView(
    SubventionObjetMixin, PermissionRequiredMixin, SubventionEditionMixin, TemplateView
):
    permission_required = "subventions.modifier_subvention"

    def get(self, request, *args, **kwargs):
        subvention = self.get_subvention()
        return self.rendre(
            SubventionForm(instance=subvention), *self.formsets(subvention=subvention)
        )

    def post(self, request, *args, **kwargs):
        subvention = self.get_subvention()
        form = SubventionForm(request.POST, instance=subvention)
        repartitions, services_finances = self.formsets(
            request.POST, organisme=subvention.organisme
        )

        def action():
            resultat = services.subvention_modifier(
                subvention=subvention,
                par=request.user,
                version=form.cleaned_data["version"],
                champs=form.champs(),
                repartitions=repartitions.lignes(),
                services_finances=services_finances.lignes(),
            )
            messages.success(request, _("Modifications enregistrées."))
            return resultat

        return self.enregistrer(form, repartitions, services_finances, action)

    def get_context_data(self, **kwargs):
        subvention = self.get_subvention()
        return super().get_context_data(
            titre=_("Modifier %(numero)s") % {"numero": subvention.numero},
            subvention=subvention,
            **kwargs,
        )


class SubventionTransitionView(SubventionObjetMixin, PermissionRequiredMixin, FormView):
    """One page per lifecycle step: the decision's details, then the step itself."""

    permission_required = "subventions.voir_subvention"
    template_name = "subventions/transition.html"

    def dispatch(self, request, *args, **kwargs):
        self.etape = ETAPES.get(kwargs["action"])
        if self.etape is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        if not super().has_permission():
            return False
        # Showing a step the user may not take is refused before any form is drawn.
        return self.etape in etapes_possibles(self.request.user, self.get_subvention())

    def get_form_class(self):
        return ApprobationForm if self.etape.action == "approuver" else TransitionForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["etape"] = self.etape
        return kwargs

    def apercu(self):
        if not hasattr(self, "_apercu"):
            self._apercu = selectors.apercu_enveloppes(subvention=self.get_subvention())
        return self._apercu

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.etape.action == "approuver" and not any(d["depasse"] for d in self.apercu()):
            # Asking for an override reason when every envelope has room would only confuse.
            del form.fields["derogation_raison"]
        return form

    def form_valid(self, form):
        subvention = self.get_subvention()
        donnees = form.cleaned_data
        try:
            if self.etape.action == "approuver":
                subvention = services.subvention_approuver(
                    subvention=subvention,
                    par=self.request.user,
                    numero_resolution=donnees["numero_resolution"],
                    date_decision=donnees["date_decision"],
                    numero_gdd=donnees["numero_gdd"],
                    commentaire=donnees["commentaire"],
                    derogation_raison=donnees.get("derogation_raison", ""),
                )
            else:
                subvention = services.subvention_faire(
                    subvention=subvention,
                    par=self.request.user,
                    action=self.etape.action,
                    commentaire=donnees["commentaire"],
                )
        except ValidationError as erreur:
            if "derogation_raison" not in form.fields and any(
                e.code == "enveloppe_depassee" for e in erreur.error_list
            ):
                # Another approval took the room between display and submit: offer the field.
                form.fields["derogation_raison"] = ApprobationForm.base_fields["derogation_raison"]
                self._apercu = selectors.apercu_enveloppes(subvention=self.get_subvention())
            for message in erreur.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        except PermissionDenied as erreur:
            form.add_error(None, str(erreur))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(numero)s: %(statut)s.")
            % {"numero": subvention.numero, "statut": subvention.get_statut_display()},
        )
        return redirect(subvention)

    def get_context_data(self, **kwargs):
        subvention = self.get_subvention()
        context = super().get_context_data(subvention=subvention, etape=self.etape, **kwargs)
        if self.etape.action == "approuver":
            context["depassements"] = self.apercu()
        return context


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
        )
        return super().get_context_data(subvention=subvention, entrees=entrees, **kwargs)
