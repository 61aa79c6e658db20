from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.validators import PARTICIPANTS_MAX, valider_participants
from referentiel.models import StatutImmigration

from .subvention import ServiceFinance


class CibleStatut(models.Model):
    """The participants a funded service line aims to reach among one immigration status.

    Optional: a line may carry only its total. When it has some, its `participants_cibles` is
    their sum (kept by `subventions.cibles.cibles_remplacer`, the one place that writes them)."""

    service_finance = models.ForeignKey(
        ServiceFinance,
        verbose_name=_("service financé"),
        on_delete=models.CASCADE,
        related_name="cibles",
    )
    statut = models.ForeignKey(
        StatutImmigration,
        verbose_name=_("statut d'immigration"),
        on_delete=models.PROTECT,
        related_name="cibles",
    )
    participants_cibles = models.PositiveIntegerField(
        _("participants visés"), validators=[valider_participants]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cible par statut")
        verbose_name_plural = _("cibles par statut")
        ordering = ["statut__ordre", "statut__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_finance", "statut"], name="cible_statut_unique"
            ),
            models.CheckConstraint(
                condition=Q(participants_cibles__gte=0)
                & Q(participants_cibles__lte=PARTICIPANTS_MAX),
                name="cible_statut_bornee",
            ),
        ]

    def __str__(self):
        return f"{self.statut}: {self.participants_cibles}"
