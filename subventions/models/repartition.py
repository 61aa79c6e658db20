"""The répartition: a grant's amount charged to each fiscal year, and the figures read from
it (engagé and proposé per programme and exercice)."""

from django.db import models
from django.db.models import F, Min, Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import ExerciceField, MontantField

from .subvention import Subvention


class RepartitionQuerySet(models.QuerySet):
    def engagees(self):
        """Lines of grants approved or later: the money committed against the envelopes."""
        return self.filter(subvention__statut__in=Subvention.STATUTS_ENGAGES)

    def proposees(self):
        """Lines of grants not decided yet (en analyse, recommandée): proposed, not committed."""
        return self.filter(subvention__statut__in=Subvention.STATUTS_PROPOSES)

    def total_par_exercice(self) -> dict:
        """{exercice: Σ montant} (Decimal), summed in the database."""
        lignes = self.order_by().values("exercice").annotate(total=Sum("montant"))
        return {ligne["exercice"]: ligne["total"] for ligne in lignes}

    def total_par_programme_et_exercice(self) -> dict:
        """{(programme id, exercice): Σ montant} (Decimal), summed in the database."""
        lignes = (
            self.order_by()
            .values("subvention__programme", "exercice")
            .annotate(total=Sum("montant"))
        )
        return {
            (ligne["subvention__programme"], ligne["exercice"]): ligne["total"] for ligne in lignes
        }

    def engage_et_propose_par_programme_et_exercice(self):
        """Rows {programme, nom, code, exercice, engage, propose} in one grouped query: engagé
        (grants approved or later) and proposé (not decided yet) side by side, None where the
        programme and exercice has no such line; the programme's name and code come along
        (a handful of programmes: no query of their own)."""
        return (
            self.filter(
                subvention__statut__in=Subvention.STATUTS_ENGAGES + Subvention.STATUTS_PROPOSES
            )
            .order_by()
            .values("exercice", programme=F("subvention__programme"))
            .annotate(
                nom=Min("subvention__programme__nom"),
                code=Min("subvention__programme__code"),
                engage=Sum("montant", filter=Q(subvention__statut__in=Subvention.STATUTS_ENGAGES)),
                propose=Sum(
                    "montant", filter=Q(subvention__statut__in=Subvention.STATUTS_PROPOSES)
                ),
            )
        )


class Repartition(models.Model):
    """The part of the granted amount charged to one fiscal year."""

    subvention = models.ForeignKey(
        Subvention,
        on_delete=models.CASCADE,
        related_name="repartitions",
        db_index=False,  # repartition_unique_exercice starts with it
    )
    exercice = ExerciceField()
    montant = MontantField(_("montant"))

    history = HistoricalRecords()
    objects = RepartitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("répartition par exercice")
        verbose_name_plural = _("répartitions par exercice")
        ordering = ["exercice"]
        # One exercice's engagé (programme list, dashboard) reads this index alone, not the
        # table: each year holds a few thousand of the ten years' répartitions.
        indexes = [
            models.Index(
                fields=["exercice", "subvention", "montant"], name="repartition_par_exercice"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subvention", "exercice"], name="repartition_unique_exercice"
            ),
            models.CheckConstraint(condition=Q(montant__gte=0), name="repartition_positive"),
        ]

    def __str__(self):
        return f"{self.exercice}: {self.montant}"
