from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from noyau.forms import ChoixMultiplesField
from organismes.models import Organisme
from referentiel.models import Rubrique, StatutImmigration, Territoire

from .models import ServiceIntegration


def _actifs_ou(queryset, pks):
    """Active reference rows, plus those the service already uses (kept though deactivated)."""
    return queryset.filter(Q(actif=True) | Q(pk__in=[pk for pk in pks if pk])).distinct()


class ServiceIntegrationForm(forms.ModelForm):
    """Only validates input; the write is catalogue.services.service_creer / service_modifier."""

    class Meta:
        model = ServiceIntegration
        fields = [
            "nom",
            "organisme",
            "rubrique",
            "statuts_vises",
            "territoires",
            "description",
            "lieu",
            "actif",
        ]
        widgets = {
            "statuts_vises": forms.CheckboxSelectMultiple,
            "territoires": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {"statuts_vises": ChoixMultiplesField, "territoires": ChoixMultiplesField}

    def __init__(self, *args, organisme_fige=False, **kwargs):
        super().__init__(*args, **kwargs)
        service = self.instance
        existant = service.pk is not None
        statuts = list(service.statuts_vises.values_list("pk", flat=True)) if existant else []
        territoires = list(service.territoires.values_list("pk", flat=True)) if existant else []
        f = self.fields
        f["organisme"].queryset = _actifs_ou(
            Organisme.objects.only("pk", "nom_legal", "nom_usage"), [service.organisme_id]
        ).order_by("nom_legal")
        f["rubrique"].queryset = _actifs_ou(Rubrique.objects.all(), [service.rubrique_id])
        f["statuts_vises"].queryset = _actifs_ou(StatutImmigration.objects.all(), statuts)
        f["territoires"].queryset = _actifs_ou(Territoire.objects.all(), territoires)
        f["statuts_vises"].required = True
        f["statuts_vises"].error_messages["required"] = _(
            "Choisissez au moins un statut d'immigration visé."
        )
        if organisme_fige:
            # Disabled fields keep the stored value whatever is posted.
            f["organisme"].disabled = True
            f["organisme"].help_text = _(
                "Une subvention finance ce service : son organisme ne peut plus changer."
            )

    def donnees(self) -> dict:
        """cleaned_data as the service functions take it."""
        d = dict(self.cleaned_data)
        d["statuts_vises"] = list(d["statuts_vises"])
        d["territoires"] = list(d.get("territoires") or [])
        return d
