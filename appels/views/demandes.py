"""Applications: the partner starts, writes, submits or withdraws its own; staff list a call's,
open each, extend a deadline and screen. Objects come from the user-scoped selector (another
organisation's id is a 404); each step asks its rule, the button shows exactly when it would
pass."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, View

from noyau.forms import erreur_de_service
from noyau.listes import ListeView
from noyau.permissions import ObjetVisibleMixin, verdict
from organismes.fichiers import reponse_fichier

from ..filters import DemandeFilter
from ..forms.demandes import (
    AutreFinancementFormSet,
    ConfirmationForm,
    DemandeForm,
    LigneBudgetFormSet,
    PiecesForm,
    ProlongationForm,
    RecevabiliteForm,
    ServiceFormSet,
    statuts_de,
)
from ..models import AppelDeProjets
from ..permissions import echeance_de
from ..recu import recu_pdf
from ..selectors import appels as selectors
from ..selectors import demandes as selecteurs
from ..services import demandes as services
from ..tables import DemandeTable
from .gestion import AppelObjetMixin


class DeposerView(LoginRequiredMixin, View):
    """ "Déposer une demande" on an open call: the organisation's draft, new or resumed. A
    second application to the call is refused, and the partner taken to the one that exists."""

    def post(self, request, pk):
        try:
            appel = selectors.appel_public(pk=pk)
        except AppelDeProjets.DoesNotExist:
            raise Http404(_("Aucun appel de projets publié ne porte ce numéro.")) from None
        if not ConfirmationForm(request.POST).is_valid():  # pragma: no cover - no field
            return redirect(appel.get_public_url())
        try:
            demande = services.demande_deposer(appel=appel, par=request.user)
        except services.DemandeExistante as existante:
            messages.error(request, existante.messages[0])
            return redirect("appels:demande", pk=existante.demande.pk)
        except ValidationError as erreur:
            messages.error(request, erreur.messages[0])
            return redirect(appel.get_public_url())
        return redirect("appels:demande_modifier", pk=demande.pk)


class DemandeMixin(ObjetVisibleMixin):
    permission_required = "appels.voir_demande"

    def objets_visibles(self):
        return selecteurs.demandes_visibles(user=self.request.user)

    def get_demande(self):
        return self.get_objet()

    def get_context_data(self, **kwargs):
        demande = self.get_demande()
        kwargs.setdefault("demande", demande)
        kwargs.setdefault("appel", demande.appel)
        kwargs.setdefault("echeance", echeance_de(demande))
        return super().get_context_data(**kwargs)


class DemandeDetailView(DemandeMixin, TemplateView):
    template_name = "appels/demandes/detail.html"

    def get_context_data(self, **kwargs):
        demande = self.get_demande()
        return super().get_context_data(
            manques=services.manques_pour_soumettre(demande)
            if verdict(self.request.user, "appels.soumettre_demande", demande)
            else [],
            **selecteurs.fiche_demande(demande),
            **kwargs,
        )


class DemandeModifierView(DemandeMixin, TemplateView):
    """The draft's form. "Enregistrer" keeps whatever is valid (a draft is resumed later) and
    shows what is not; "Ajouter une ligne" only re-draws the form with one more line."""

    permission_required = "appels.modifier_demande"
    template_name = "appels/demandes/formulaire.html"
    FORMSETS = {
        "services": ServiceFormSet,
        "budget": LigneBudgetFormSet,
        "financements": AutreFinancementFormSet,
    }

    def formulaires(self, data=None, files=None):
        demande = self.get_demande()
        appel = demande.appel
        fiche = selecteurs.fiche_demande(demande)
        statuts = statuts_de(appel)
        initiaux = {
            "services": [
                {
                    "rubrique": s.rubrique,
                    "description": s.description,
                    "territoires": list(s.territoires.all()),
                    **{f"cible_{c.statut_id}": c.participants_cibles for c in s.cibles.all()},
                }
                for s in fiche["services"]
            ],
            "budget": [{"ligne": b.ligne, "montant": b.montant} for b in fiche["budget"]],
            "financements": [
                {"source": f.source, "montant": f.montant} for f in fiche["financements"]
            ],
        }
        if data is not None and "_ajouter" in data:
            prefixe = data.get("_ajouter")
            if prefixe in self.FORMSETS:
                data = data.copy()
                cle = f"{prefixe}-TOTAL_FORMS"
                try:
                    data[cle] = str(min(int(data.get(cle, "0")) + 1, 20))
                except ValueError:
                    pass
        formsets = {
            nom: classe(
                data,
                prefix=nom,
                initial=initiaux[nom],
                form_kwargs={"appel": appel, "statuts": statuts} if nom == "services" else {},
            )
            for nom, classe in self.FORMSETS.items()
        }
        form = DemandeForm(data, instance=demande, appel=appel)
        pieces = PiecesForm(
            data,
            files,
            documents=[d for d, _p in fiche["documents"]],
            jointes={d.pk: p for d, p in fiche["documents"] if p},
        )
        return form, formsets, pieces

    def get(self, request, *args, **kwargs):
        form, formsets, pieces = self.formulaires()
        return self.rendre(form, formsets, pieces)

    def rendre(self, form, formsets, pieces):
        return self.render_to_response(
            self.get_context_data(form=form, formsets=formsets, pieces=pieces)
        )

    def post(self, request, *args, **kwargs):
        form, formsets, pieces = self.formulaires(request.POST, request.FILES)
        if "_ajouter" in request.POST:
            for formset in formsets.values():
                formset.sans_validation()
            form._errors = {}
            pieces._errors = {}
            return self.rendre(form, formsets, pieces)
        form.is_valid()
        pieces.is_valid()
        valides = {nom: f.is_valid() for nom, f in formsets.items()}
        if "version" in form.errors:  # without its version, a save could overwrite another's
            return self.rendre(form, formsets, pieces)
        # A draft keeps whatever is valid: the fields that passed, the lines of a valid list,
        # the files that passed their checks.
        try:
            demande = services.demande_enregistrer(
                demande=self.get_demande(),
                par=request.user,
                version=form.cleaned_data["version"],
                pieces=pieces.pieces(),
                **{nom: f.lignes() for nom, f in formsets.items() if valides[nom]},
                **form.champs(),
            )
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.rendre(form, formsets, pieces)
        if form.errors or pieces.errors or not all(valides.values()):
            messages.warning(
                request,
                _("Brouillon enregistré, sauf ce qui est signalé en rouge : corrigez-le."),
            )
            # The page shows what was typed, with the saved row's version for the next save.
            form.data = form.data.copy()
            form.data["version"] = str(demande.version)
            self._objet = demande
            return self.rendre(form, formsets, pieces)
        messages.success(request, _("Brouillon enregistré."))
        if "_soumettre" in request.POST:
            return redirect("appels:demande_soumettre", pk=kwargs["pk"])
        return redirect("appels:demande", pk=kwargs["pk"])


class EtapeDemandeView(DemandeMixin, FormView):
    """A step confirmed by its button (submit, withdraw): GET explains, POST acts."""

    template_name = "appels/demandes/confirmer.html"
    form_class = ConfirmationForm
    titre = bouton = explication = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            titre=self.titre, bouton=self.bouton, explication=self.explication, **kwargs
        )

    def form_valid(self, form):
        try:
            self.agir()
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        return redirect("appels:demande", pk=self.get_demande().pk)


class DemandeSoumettreView(EtapeDemandeView):
    permission_required = "appels.soumettre_demande"
    template_name = "appels/demandes/soumettre.html"
    titre = gettext_lazy("Soumettre la demande")
    bouton = gettext_lazy("Soumettre la demande")
    explication = gettext_lazy(
        "Une fois soumise, la demande ne peut plus être modifiée; vous pourrez la retirer "
        "tant qu'elle n'est pas décidée."
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            manques=services.manques_pour_soumettre(self.get_demande()), **kwargs
        )

    def agir(self):
        services.demande_soumettre(demande=self.get_demande(), par=self.request.user)
        messages.success(
            self.request,
            _("Demande soumise. Un accusé de réception a été envoyé à votre organisme."),
        )


class DemandeRetirerView(EtapeDemandeView):
    permission_required = "appels.retirer_demande"
    titre = gettext_lazy("Retirer la demande")
    bouton = gettext_lazy("Retirer la demande")
    explication = gettext_lazy(
        "Une demande retirée ne sera ni jugée ni évaluée, et ne peut pas être soumise de "
        "nouveau à cet appel. Confirmez-vous le retrait?"
    )

    def agir(self):
        services.demande_retirer(demande=self.get_demande(), par=self.request.user)
        messages.success(self.request, _("Demande retirée."))


@method_decorator(never_cache, name="dispatch")
class RecuView(DemandeMixin, View):
    """The receipt of a submitted application (PDF, written when asked from what was
    recorded at submission)."""

    def get(self, request, pk):
        demande = self.get_demande()
        if demande.soumise_le is None:
            raise Http404(_("Cette demande n'a pas été soumise."))
        return recu_pdf(demande)


@method_decorator(never_cache, name="dispatch")
class PieceView(DemandeMixin, View):
    def get(self, request, pk, ppk):
        piece = get_object_or_404(self.get_demande().pieces, pk=ppk)
        return reponse_fichier(piece.fichier, piece.nom, _("Le fichier est introuvable."))


# --- Staff ------------------------------------------------------------------------------------


class DemandesAppelView(AppelObjetMixin, ListeView):
    table_class = DemandeTable
    filterset_class = DemandeFilter
    template_name = "appels/demandes/liste.html"
    nom_export = "demandes"

    @property
    def titre(self):
        return _("Demandes : %(appel)s") % {"appel": self.get_appel().titre}

    def get_queryset(self):
        return selecteurs.demandes_de_l_appel(user=self.request.user, appel=self.get_appel())

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "appel": self.get_appel()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(titre=self.titre, **kwargs)


class DecisionStaffView(DemandeMixin, FormView):
    template_name = "appels/demandes/decision.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(titre=self.titre, **kwargs)

    def form_valid(self, form):
        try:
            self.agir(form.cleaned_data)
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        return redirect("appels:demande", pk=self.get_demande().pk)


class RecevabiliteView(DecisionStaffView):
    permission_required = "appels.juger_recevabilite"
    form_class = RecevabiliteForm
    titre = gettext_lazy("Recevabilité")

    def get_context_data(self, **kwargs):
        # The call's checklist, the screening's reference.
        regles = list(self.get_demande().appel.regles.all())
        return super().get_context_data(regles=regles, **kwargs)

    def agir(self, d):
        demande = services.demande_juger_recevabilite(
            demande=self.get_demande(),
            par=self.request.user,
            recevable=d["decision"] == "recevable",
            motif=d["motif"],
        )
        messages.success(
            self.request,
            _("Décision enregistrée : %(etat)s.") % {"etat": demande.get_etat_display().lower()},
        )


class ProlongerView(DecisionStaffView):
    permission_required = "appels.prolonger_demande"
    form_class = ProlongationForm
    titre = gettext_lazy("Prolonger le délai")

    def get_initial(self):
        return {"jusqu_au": timezone.now() + datetime.timedelta(days=2)}

    def agir(self, d):
        services.demande_prolonger(demande=self.get_demande(), par=self.request.user, **d)
        messages.success(self.request, _("Prolongation enregistrée."))
