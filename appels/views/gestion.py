"""The staff pages of calls: list, create and edit (with the grid, the checklist and the
documents as formsets), detail, publish, delete a draft, and the committee."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from noyau.forms import erreur_de_service
from noyau.listes import ListeView
from noyau.permissions import ObjetVisibleMixin, PermissionRequiredMixin, peut, verdict

from ..filters import AppelFilter
from ..forms.appels import (
    AppelForm,
    CritereFormSet,
    DocumentRequisFormSet,
    EvaluateurForm,
    RegleFormSet,
)
from ..permissions import manques_pour_publier
from ..selectors import appels as selectors
from ..services import appels as services
from ..tables import AppelTable

FORMSETS = {"criteres": CritereFormSet, "regles": RegleFormSet, "documents": DocumentRequisFormSet}
LEGENDES = {
    "criteres": (
        gettext_lazy("Grille d'évaluation"),
        gettext_lazy(
            "Chaque critère est noté sur sa note maximale; les pondérations totalisent 100 % "
            "pour publier l'appel."
        ),
    ),
    "regles": (
        gettext_lazy("Règles d'admissibilité"),
        gettext_lazy("La liste vérifiée à la recevabilité de chaque demande, dans cet ordre."),
    ),
    "documents": (
        gettext_lazy("Documents requis"),
        gettext_lazy("Les pièces que chaque organisme joint à sa demande."),
    ),
}


class AppelListeView(PermissionRequiredMixin, ListeView):
    permission_required = "appels.voir_gestion"
    table_class = AppelTable
    filterset_class = AppelFilter
    template_name = "appels/gestion_liste.html"
    titre = gettext_lazy("Appels de projets")
    nom_export = "appels-de-projets"

    def get_queryset(self):
        return selectors.appels_geres(user=self.request.user)


class AppelObjetMixin(ObjetVisibleMixin):
    permission_required = "appels.voir_gestion"

    def objets_visibles(self):
        return selectors.appels_geres(user=self.request.user)

    def get_appel(self):
        return self.get_objet()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("appel", self.get_appel())
        return super().get_context_data(**kwargs)


class AppelEditionMixin:
    """Create and edit share the form and its three formsets. A POST carrying `_ajouter` (a
    formset's prefix) only re-draws the form with one more line: no JavaScript needed."""

    template_name = "appels/formulaire.html"

    def formsets(self, data=None, appel=None):
        initiaux = {nom: None for nom in FORMSETS}
        if appel is not None and data is None:
            fiche = selectors.fiche_appel(appel)
            initiaux = {
                "criteres": [
                    {
                        "libelle": c.libelle,
                        "guide": c.guide,
                        "note_maximale": c.note_maximale,
                        "ponderation": c.ponderation,
                    }
                    for c in fiche["criteres"]
                ],
                "regles": [
                    {"type": r.type, "annees": r.annees, "libelle": r.libelle}
                    for r in fiche["regles"]
                ],
                "documents": [
                    {"libelle": d.libelle, "obligatoire": d.obligatoire} for d in fiche["documents"]
                ],
            }
        if data is not None and self.redessine():
            data = self.avec_une_ligne_de_plus(data)
        return {
            nom: classe(data, prefix=nom, initial=initiaux[nom]) for nom, classe in FORMSETS.items()
        }

    def redessine(self):
        return self.request.method == "POST" and "_ajouter" in self.request.POST

    def avec_une_ligne_de_plus(self, data):
        prefixe = data.get("_ajouter")
        if prefixe not in FORMSETS:
            return data
        cle = f"{prefixe}-TOTAL_FORMS"
        try:
            total = int(data.get(cle, ""))
        except ValueError:
            return data
        data = data.copy()
        data[cle] = str(min(max(total, 0) + 1, FORMSETS[prefixe].max_num))
        return data

    def rendre(self, form, formsets):
        lignes = [
            {"formset": formsets[nom], "legende": LEGENDES[nom][0], "aide": LEGENDES[nom][1]}
            for nom in FORMSETS
        ]
        return self.render_to_response(self.get_context_data(form=form, lignes=lignes))

    def enregistrer(self, form, formsets, action):
        if self.redessine():
            form._errors = ErrorDict()
            for formset in formsets.values():
                formset.sans_validation()
            return self.rendre(form, formsets)
        valides = all([form.is_valid(), *(f.is_valid() for f in formsets.values())])
        if not valides:
            return self.rendre(form, formsets)
        lignes = {nom: f.lignes() for nom, f in formsets.items()}
        try:
            appel = action(lignes)
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.rendre(form, formsets)
        return redirect(appel)


class AppelCreerView(PermissionRequiredMixin, AppelEditionMixin, TemplateView):
    permission_required = "appels.creer_appel"

    def get(self, request, *args, **kwargs):
        return self.rendre(AppelForm(), self.formsets())

    def post(self, request, *args, **kwargs):
        form = AppelForm(request.POST, request.FILES)
        formsets = self.formsets(request.POST)

        def action(lignes):
            appel = services.appel_creer(
                par=request.user, **form.champs(), **form.references(), **lignes
            )
            messages.success(request, _("L'appel « %s » est créé (brouillon).") % appel)
            return appel

        return self.enregistrer(form, formsets, action)

    def get_context_data(self, **kwargs):
        return super().get_context_data(titre=_("Nouvel appel de projets"), **kwargs)


class AppelModifierView(AppelObjetMixin, AppelEditionMixin, TemplateView):
    permission_required = "appels.modifier_appel"

    def get(self, request, *args, **kwargs):
        appel = self.get_appel()
        return self.rendre(AppelForm(instance=appel), self.formsets(appel=appel))

    def post(self, request, *args, **kwargs):
        appel = self.get_appel()
        form = AppelForm(request.POST, request.FILES, instance=appel)
        formsets = self.formsets(request.POST, appel=appel)

        def action(lignes):
            resultat = services.appel_modifier(
                appel=appel,
                par=request.user,
                version=form.cleaned_data["version"],
                **form.champs(),
                **form.references(),
                **lignes,
            )
            messages.success(request, _("Les modifications ont été enregistrées."))
            return resultat

        return self.enregistrer(form, formsets, action)

    def get_context_data(self, **kwargs):
        appel = self.get_appel()
        return super().get_context_data(
            titre=_("Modifier l'appel « %s »") % appel.titre,
            grille_modifiable=peut(self.request.user, "appels.modifier_grille", appel),
            **kwargs,
        )


class AppelDetailView(AppelObjetMixin, TemplateView):
    template_name = "appels/gestion_detail.html"

    def get_context_data(self, **kwargs):
        appel = self.get_appel()
        return super().get_context_data(
            **selectors.fiche_appel(appel),
            manques=manques_pour_publier(appel) if appel.etat == appel.Etat.BROUILLON else [],
            grille=verdict(self.request.user, "appels.modifier_grille", appel),
            comite=selectors.comite_de(appel=appel),
            form_evaluateur=EvaluateurForm(possibles=selectors.evaluateurs_possibles(appel=appel)),
            **kwargs,
        )


class AppelActionView(AppelObjetMixin, FormView):
    """A confirmation page, then its POST: publish or delete."""

    template_name = "appels/confirmer.html"

    form_class = forms.Form


class AppelPublierView(AppelActionView):
    permission_required = "appels.publier"

    def form_valid(self, form):
        try:
            appel = services.appel_publier(appel=self.get_appel(), par=self.request.user)
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(
            self.request, _("L'appel « %s » est publié : la page publique l'affiche.") % appel
        )
        return redirect(appel)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            titre=_("Publier l'appel"),
            explication=_(
                "Une fois publié, l'appel paraît sur la page publique des appels de projets; "
                "il ouvre et ferme aux heures prévues."
            ),
            bouton=_("Publier"),
            **kwargs,
        )


class AppelSupprimerView(AppelActionView):
    permission_required = "appels.supprimer"

    def form_valid(self, form):
        appel = self.get_appel()
        try:
            services.appel_supprimer(appel=appel, par=self.request.user)
        except ValidationError as erreur:
            erreur_de_service(form, erreur)
            return self.form_invalid(form)
        messages.success(self.request, _("Le brouillon « %s » est supprimé.") % appel)
        return redirect("appels:gestion_liste")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            titre=_("Supprimer le brouillon"),
            explication=_("Le brouillon, sa grille et ses règles sont supprimés."),
            bouton=_("Supprimer"),
            **kwargs,
        )


class EvaluateurAjouterView(AppelObjetMixin, View):
    permission_required = "appels.gerer_evaluateurs"

    def post(self, request, *args, **kwargs):
        appel = self.get_appel()
        form = EvaluateurForm(request.POST, possibles=selectors.evaluateurs_possibles(appel=appel))
        if form.is_valid():
            try:
                affectation = services.evaluateur_ajouter(
                    appel=appel, user=form.cleaned_data["user"], par=request.user
                )
            except ValidationError as erreur:
                messages.error(request, " ".join(erreur.messages))
            else:
                messages.success(
                    request, _("%s fait maintenant partie du comité.") % affectation.user
                )
        else:
            messages.error(request, _("Choisissez un évaluateur dans la liste."))
        return redirect(reverse("appels:gestion_detail", args=[appel.pk]) + "#comite")


class EvaluateurRetirerView(AppelObjetMixin, View):
    permission_required = "appels.gerer_evaluateurs"

    def post(self, request, *args, **kwargs):
        appel = self.get_appel()
        affectation = get_object_or_404(appel.evaluateurs, pk=self.kwargs["epk"])
        try:
            services.evaluateur_retirer(affectation=affectation, par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, _("%s ne fait plus partie du comité.") % affectation.user)
        return redirect(reverse("appels:gestion_detail", args=[appel.pk]) + "#comite")
