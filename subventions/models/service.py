from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organismes.models import Organisme
from referentiel.models import Rubrique, StatutImmigration, Territoire


class ServiceIntegration(models.Model):
    """An integration service offered by an organisation, which grants fund."""

    nom = models.CharField(_("nom du service"), max_length=250)
    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.PROTECT, related_name="services"
    )
    rubrique = models.ForeignKey(
        Rubrique,
        verbose_name=_("rubrique Nouveau Départ"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    statuts_vises = models.ManyToManyField(
        StatutImmigration, verbose_name=_("statuts d'immigration visés"), related_name="services"
    )
    territoires = models.ManyToManyField(
        Territoire, verbose_name=_("territoires"), related_name="services", blank=True
    )
    description = models.TextField(_("description"), blank=True)
    lieu = models.CharField(_("lieu"), max_length=250, blank=True)
    actif = models.BooleanField(_("actif"), default=True)

    history = HistoricalRecords(m2m_fields=[statuts_vises, territoires])

    class Meta:
        verbose_name = _("service d'intégration")
        verbose_name_plural = _("services d'intégration")
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("subventions:service_detail", args=[self.pk])
