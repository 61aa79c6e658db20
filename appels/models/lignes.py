"""The lines of a call: its eligibility checklist, its required documents, its evaluation
grid."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .appel import AppelDeProjets


class RegleAdmissibilite(models.Model):
    """One line of a call's eligibility checklist, checked at screening."""

    class Type(models.TextChoices):
        NEQ = "neq", _("NEQ inscrit au Registraire des entreprises")
        ANCIENNETE = "anciennete", _("Organisme actif depuis au moins N ans")
        CONSEIL_MONTREALAIS = (
            "conseil_montrealais",
            _("Conseil d'administration majoritairement montréalais"),
        )
        ASSEMBLEE_ANNUELLE = "assemblee_annuelle", _("Assemblée générale annuelle tenue")
        LOBBYISTES = "lobbyistes", _("Inscrit au registre des lobbyistes s'il y est assujetti")
        TERRITOIRE = (
            "territoire",
            _("Projet sur le territoire de Montréal ou dans un territoire prioritaire"),
        )
        AUTRE = "autre", _("Autre")

    appel = models.ForeignKey(
        AppelDeProjets,
        verbose_name=_("appel de projets"),
        on_delete=models.CASCADE,
        related_name="regles",
    )
    type = models.CharField(_("critère"), max_length=30, choices=Type.choices)
    annees = models.PositiveSmallIntegerField(
        _("nombre d'années"),
        null=True,
        blank=True,
        help_text=_("Pour « actif depuis au moins N ans » seulement."),
    )
    libelle = models.CharField(
        _("libellé"),
        max_length=300,
        blank=True,
        help_text=_("Précision ou, pour « Autre », la règle elle-même."),
    )
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("règle d'admissibilité")
        verbose_name_plural = _("règles d'admissibilité")
        ordering = ["appel", "ordre", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(type="anciennete") | Q(annees__isnull=False, annees__gt=0),
                name="regle_anciennete_avec_annees",
            ),
            models.CheckConstraint(
                condition=~Q(type="autre") | ~Q(libelle=""), name="regle_autre_avec_libelle"
            ),
        ]

    def __str__(self):
        return self.texte

    def clean(self):
        if self.type == self.Type.ANCIENNETE and not self.annees:
            raise ValidationError({"annees": _("Indiquez le nombre d'années d'activité exigé.")})
        if self.type == self.Type.AUTRE and not self.libelle.strip():
            raise ValidationError({"libelle": _("Décrivez la règle (critère « Autre »).")})

    @property
    def texte(self) -> str:
        """The rule as the checklist reads it."""
        if self.type == self.Type.AUTRE:
            return self.libelle
        if self.type == self.Type.ANCIENNETE:
            base = _("Organisme actif depuis au moins %(n)s ans") % {"n": self.annees}
        else:
            base = str(self.get_type_display())
        return f"{base} — {self.libelle}" if self.libelle else base


class DocumentRequis(models.Model):
    appel = models.ForeignKey(
        AppelDeProjets,
        verbose_name=_("appel de projets"),
        on_delete=models.CASCADE,
        related_name="documents_requis",
    )
    libelle = models.CharField(_("document"), max_length=200)
    obligatoire = models.BooleanField(_("obligatoire"), default=True)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document requis")
        verbose_name_plural = _("documents requis")
        ordering = ["appel", "ordre", "pk"]

    def __str__(self):
        return self.libelle


class CritereEvaluation(models.Model):
    """One criterion of the call's evaluation grid: scored out of `note_maximale`, weighing
    `ponderation` % of the weighted score (a published grid's weights total 100)."""

    appel = models.ForeignKey(
        AppelDeProjets,
        verbose_name=_("appel de projets"),
        on_delete=models.CASCADE,
        related_name="criteres",
    )
    libelle = models.CharField(_("critère"), max_length=200)
    guide = models.CharField(_("guide d'évaluation"), max_length=500, blank=True)
    note_maximale = models.DecimalField(
        _("note maximale"), max_digits=6, decimal_places=2, default=Decimal("10")
    )
    ponderation = models.DecimalField(_("pondération (%)"), max_digits=5, decimal_places=2)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("critère d'évaluation")
        verbose_name_plural = _("critères d'évaluation")
        ordering = ["appel", "ordre", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(note_maximale__gt=0), name="critere_note_positive"),
            models.CheckConstraint(
                condition=Q(ponderation__gt=0, ponderation__lte=100),
                name="critere_ponderation_bornee",
            ),
        ]

    def __str__(self):
        return self.libelle
