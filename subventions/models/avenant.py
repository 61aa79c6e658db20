from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import ExerciceField, MontantField
from noyau.validators import valider_date_plausible

from .subvention import Subvention, valider_resolution


class Avenant(models.Model):
    """An amendment to a signed grant: the amount and répartition before and after, decided by
    the executive committee (its own resolution and date), with the reason. Kept forever: the
    original amount and every amendment stay readable on the grant."""

    subvention = models.ForeignKey(
        Subvention,
        verbose_name=_("subvention"),
        on_delete=models.PROTECT,
        related_name="avenants",
    )
    rang = models.PositiveSmallIntegerField(_("numéro d'avenant"))
    montant_avant = MontantField(_("montant avant"))
    montant_apres = MontantField(_("montant après"))
    numero_resolution = models.CharField(
        _("numéro de résolution"), max_length=10, validators=[valider_resolution]
    )
    date_decision = models.DateField(_("date de la décision"), validators=[valider_date_plausible])
    motif = models.TextField(_("motif"))
    # The manager's reason for exceeding an envelope: staff only (subventions.voir_derogations).
    derogation_raison = models.TextField(_("raison de la dérogation à l'enveloppe"), blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistré par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    le = models.DateTimeField(_("enregistré le"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avenant")
        verbose_name_plural = _("avenants")
        ordering = ["subvention", "rang"]
        constraints = [
            models.UniqueConstraint(fields=["subvention", "rang"], name="avenant_rang_unique"),
            models.CheckConstraint(condition=Q(rang__gte=1), name="avenant_rang_positif"),
            models.CheckConstraint(condition=Q(montant_avant__gte=0), name="avenant_avant_positif"),
            models.CheckConstraint(condition=Q(montant_apres__gte=0), name="avenant_apres_positif"),
        ]

    def __str__(self):
        return _("%(numero)s, avenant n° %(rang)s") % {
            "numero": self.subvention.numero,
            "rang": self.rang,
        }

    @property
    def ecart(self):
        return self.montant_apres - self.montant_avant


class RepartitionAvenant(models.Model):
    """The répartition par exercice an amendment decided (Σ = its montant après)."""

    avenant = models.ForeignKey(Avenant, on_delete=models.PROTECT, related_name="repartitions")
    exercice = ExerciceField()
    montant = MontantField(_("montant"))

    class Meta:
        verbose_name = _("répartition de l'avenant")
        verbose_name_plural = _("répartitions des avenants")
        ordering = ["avenant", "exercice"]
        constraints = [
            models.UniqueConstraint(
                fields=["avenant", "exercice"], name="repartition_avenant_unique"
            ),
            models.CheckConstraint(
                condition=Q(montant__gte=0), name="repartition_avenant_positive"
            ),
        ]

    def __str__(self):
        return f"{self.exercice}: {self.montant}"
