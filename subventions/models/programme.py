from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import ExerciceField, MontantField
from noyau.formats import format_money


class Programme(models.Model):
    class Source(models.TextChoices):
        VILLE = "ville", _("Ville de Montréal")
        ENTENTE_MIFI = "entente_mifi", _("Entente MIFI–Ville")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    nom = models.CharField(_("nom"), max_length=200, unique=True)
    source_financement = models.CharField(
        _("source de financement"), max_length=20, choices=Source.choices
    )
    description = models.TextField(_("description"), blank=True)
    actif = models.BooleanField(_("actif"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("subventions:programme_detail", args=[self.pk])


class Enveloppe(models.Model):
    """Budget of a programme for one fiscal year (exercice = calendar year)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enveloppes")
    exercice = ExerciceField()
    montant = MontantField(_("enveloppe"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enveloppe budgétaire")
        verbose_name_plural = _("enveloppes budgétaires")
        ordering = ["programme", "exercice"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "exercice"], name="enveloppe_unique"),
            models.CheckConstraint(condition=Q(montant__gte=0), name="enveloppe_positive"),
        ]

    def __str__(self):
        return f"{self.programme} {self.exercice}"

    def clean(self):
        """An envelope cannot drop below what approved grants already commit in that year."""
        # A sibling model module (it imports this one): deferred to break the cycle.
        from .repartition import Repartition

        if self.programme_id is None or self.montant is None:
            return
        engage = (
            Repartition.objects.engagees()
            .filter(subvention__programme_id=self.programme_id, exercice=self.exercice)
            .total_par_exercice()
            .get(self.exercice)
        )
        if engage is not None and self.montant < engage:
            raise ValidationError(
                {
                    "montant": _(
                        "Les subventions approuvées engagent déjà %(engage)s sur cet exercice : "
                        "l'enveloppe ne peut pas être plus petite."
                    )
                    % {"engage": format_money(engage)}
                }
            )
