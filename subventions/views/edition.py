"""Create and edit a grant: the grant form with its répartition and funded-service lines."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from noyau.formats import nom_complet
from noyau.forms import erreur_de_service
from noyau.permissions import PermissionRequiredMixin

from .. import selectors, services
from ..forms import RepartitionFormSet, ServiceFinanceFormSet, SubventionForm
from .subvention import SubventionObjetMixin


class SubventionEditionMixin:
    """Create and edit share this: the grant form with its two formsets of lines.

    A POST carrying `_ajouter` (a formset's prefix) or `_actualiser` comes from a button that
    only re-draws the form (one more line, or the chosen organisation's services) without
    saving: the way to do it without JavaScript."""

    template_name = "subventions/formulaire.html"

    def formsets(self, data=None, subvention=None, organisme=None):
        initial_r = initial_s = None
        deja_finances = ()
        if subvention is not None:
            initial_r = [
                {"exercice": r.exercice, "montant": r.montant}
                for r in subvention.repartitions.all()
            ]
            lignes = list(
                subvention.services_finances.select_related("service").prefetch_related("cibles")
            )
            initial_s = [
                {
                    "service": sf.service,
                    "participants_cibles": sf.participants_cibles,
                    "montant": sf.montant,
                    **{f"cible_{c.statut_id}": c.participants_cibles for c in sf.cibles.all()},
                }
                for sf in lignes
            ]
            deja_finances = [sf.service_id for sf in lignes]
            organisme = subvention.organisme
        if data is not None:
            # Bound formsets show what was posted; the saved lines are the service's business.
            initial_r = initial_s = None
        if data is not None and self.redessine():
            data = self.avec_une_ligne_de_plus(data)
        return (
            RepartitionFormSet(data, prefix="repartition", initial=initial_r),
            ServiceFinanceFormSet(
                data,
                prefix="services",
                initial=initial_s,
                form_kwargs={
                    "organisme": organisme,
                    "deja_finances": deja_finances,
                    "statuts": selectors.statuts_des_cibles(subvention=subvention),
                },
            ),
        )

    def redessine(self):
        return self.request.method == "POST" and (
            "_ajouter" in self.request.POST or "_actualiser" in self.request.POST
        )

    def avec_une_ligne_de_plus(self, data):
        prefixe = data.get("_ajouter")
        if prefixe not in ("repartition", "services"):
            return data
        cle = f"{prefixe}-TOTAL_FORMS"
        try:
            total = int(data.get(cle, ""))
        except ValueError:
            return data  # the formset reports its broken management form
        formset_class = RepartitionFormSet if prefixe == "repartition" else ServiceFinanceFormSet
        data = data.copy()
        data[cle] = str(min(max(total, 0) + 1, formset_class.max_num))
        return data

    def rendre(self, form, repartitions, services_finances, organisme):
        aucun_service = organisme is not None and not (
            services_finances.empty_form.fields["service"].queryset.exists()
        )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                repartitions=repartitions,
                services_finances=services_finances,
                organisme_choisi=organisme,
                aucun_service=aucun_service,
            )
        )

    def redessiner(self, form, repartitions, services_finances, organisme):
        form._errors = ErrorDict()
        for formset in (repartitions, services_finances):
            formset.sans_validation()
        return self.rendre(form, repartitions, services_finances, organisme)

    def enregistrer(self, form, repartitions, services_finances, action, organisme):
        if self.redessine():
            return self.redessiner(form, repartitions, services_finances, organisme)
        valides = all([form.is_valid(), repartitions.is_valid(), services_finances.is_valid()])
        if not valides:
            return self.rendre(form, repartitions, services_finances, organisme)
        try:
            subvention = action()
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.rendre(form, repartitions, services_finances, organisme)
        return redirect(subvention)


def _organisme_choisi(form, valeur):
    """The organisation chosen in the form (None if none or not a valid choice): it narrows the
    funded-service choices; the form itself reports a bad value."""
    try:
        return form.fields["organisme"].clean(valeur)
    except ValidationError:
        return None


class SubventionCreerView(PermissionRequiredMixin, SubventionEditionMixin, TemplateView):
    permission_required = "subventions.creer_subvention"

    def get(self, request, *args, **kwargs):
        form = SubventionForm(
            initial={"agent": request.user, "organisme": request.GET.get("organisme")}
        )
        organisme = _organisme_choisi(form, request.GET.get("organisme"))
        return self.rendre(form, *self.formsets(organisme=organisme), organisme)

    def post(self, request, *args, **kwargs):
        form = SubventionForm(request.POST)
        organisme = _organisme_choisi(form, request.POST.get("organisme"))
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

        return self.enregistrer(form, repartitions, services_finances, action, organisme)

    def get_context_data(self, **kwargs):
        return super().get_context_data(titre=_("Nouvelle subvention"), **kwargs)


class SubventionModifierView(
    SubventionObjetMixin, PermissionRequiredMixin, SubventionEditionMixin, TemplateView
):
    permission_required = "subventions.modifier_subvention"

    def get_permission_denied_message(self):
        s = self.get_subvention()
        if not s.est_modifiable:
            return _(
                "Ce dossier est au statut « %(statut)s » : il ne se modifie plus. S'il est "
                "recommandé, renvoyez-le d'abord en analyse (étape « Renvoyer en analyse »)."
            ) % {"statut": s.get_statut_display()}
        if s.agent_id != self.request.user.pk and self.request.user.is_authenticated:
            return _("Seul l'agent responsable du dossier (%(agent)s) peut le modifier.") % {
                "agent": nom_complet(s.agent)
            }
        return ""

    def get(self, request, *args, **kwargs):
        subvention = self.get_subvention()
        return self.rendre(
            SubventionForm(instance=subvention),
            *self.formsets(subvention=subvention),
            subvention.organisme,
        )

    def post(self, request, *args, **kwargs):
        subvention = self.get_subvention()
        form = SubventionForm(request.POST, instance=subvention)
        repartitions, services_finances = self.formsets(request.POST, subvention=subvention)

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

        return self.enregistrer(form, repartitions, services_finances, action, subvention.organisme)

    def get_context_data(self, **kwargs):
        subvention = self.get_subvention()
        return super().get_context_data(
            titre=_("Modifier %(numero)s") % {"numero": subvention.numero},
            subvention=subvention,
            **kwargs,
        )
