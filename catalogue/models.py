from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organismes.models import Organisme
from referentiel.models import Rubrique, StatutImmigration, Territoire

# The model was born in `subventions`; its tables keep their first names so that moving it to
# this app renamed nothing in the database (see migrations/0001_initial.py).
ANCIENNE_APP = "subventions"


class HistoriqueAnciennesTables(HistoricalRecords):
    """HistoricalRecords whose m2m history tables keep the names they had under `subventions`.

    simple-history takes `table_name` for the main history table only; the m2m history models
    get their table name here.
    """

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        options["db_table"] = f"{ANCIENNE_APP}_{self.get_history_model_name(through_model).lower()}"
        return options


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
        StatutImmigration,
        verbose_name=_("statuts d'immigration visés"),
        related_name="services",
        db_table=f"{ANCIENNE_APP}_serviceintegration_statuts_vises",
    )
    territoires = models.ManyToManyField(
        Territoire,
        verbose_name=_("territoires"),
        related_name="services",
        blank=True,
        db_table=f"{ANCIENNE_APP}_serviceintegration_territoires",
    )
    description = models.TextField(_("description"), blank=True)
    lieu = models.CharField(_("lieu"), max_length=250, blank=True)
    actif = models.BooleanField(_("actif"), default=True)

    history = HistoriqueAnciennesTables(
        m2m_fields=[statuts_vises, territoires],
        table_name=f"{ANCIENNE_APP}_historicalserviceintegration",
    )

    class Meta:
        db_table = f"{ANCIENNE_APP}_serviceintegration"
        verbose_name = _("service d'intégration")
        verbose_name_plural = _("services d'intégration")
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("catalogue:service_detail", args=[self.pk])
