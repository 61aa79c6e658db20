"""The partner's report answering an obligation: activities, participants reached per funded
service and immigration status, expenses per budget line, attachments; and every submitted
version kept as it was sent (VersionRapport), with the review that answered it.

The grid's columns are the active immigration statuses of the reference data, never a fixed
list: a status an administrator adds later is a new, empty column of every report still open.
"""

import os

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import MontantField
from referentiel.models import LigneBudgetaire, StatutImmigration
from subventions.models import ServiceFinance

from .obligations import Obligation

# Far above any one service's yearly reach, low enough that a typo (an extra zero, a pasted
# phone number) is refused rather than summed into the dashboards.
PARTICIPANTS_MAX = 100_000
NOM_FICHIER_OCTETS_MAX = 200


class Rapport(models.Model):
    class Statut(models.TextChoices):
        BROUILLON = "brouillon", _("Brouillon")
        SOUMIS = "soumis", _("Soumis")
        A_CORRIGER = "a_corriger", _("À corriger")
        ACCEPTE = "accepte", _("Accepté")

    obligation = models.OneToOneField(
        Obligation, verbose_name=_("obligation"), on_delete=models.PROTECT, related_name="rapport"
    )
    statut = models.CharField(
        _("statut"), max_length=12, choices=Statut.choices, default=Statut.BROUILLON
    )
    activites = models.TextField(_("activités réalisées"), blank=True, max_length=20_000)
    soumis_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("soumis par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    soumis_le = models.DateTimeField(_("soumis le"), null=True, blank=True)
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        constraints = [
            models.CheckConstraint(
                condition=Q(statut__in=["brouillon", "soumis", "a_corriger", "accepte"]),
                name="rapport_statut_connu",
            ),
        ]

    def __str__(self):
        return _("Rapport — %(obligation)s") % {"obligation": self.obligation}


class Participation(models.Model):
    """Participants reached by one funded service, for one immigration status."""

    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="participations")
    service_finance = models.ForeignKey(
        ServiceFinance, verbose_name=_("service financé"), on_delete=models.PROTECT
    )
    statut = models.ForeignKey(
        StatutImmigration, verbose_name=_("statut d'immigration"), on_delete=models.PROTECT
    )
    nombre = models.PositiveIntegerField(
        _("participants rejoints"),
        default=0,
        validators=[
            MaxValueValidator(PARTICIPANTS_MAX, _("Au plus %(limit_value)s participants par case."))
        ],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["rapport", "service_finance", "statut"], name="participation_unique"
            ),
            models.CheckConstraint(
                condition=Q(nombre__gte=0) & Q(nombre__lte=PARTICIPANTS_MAX),
                name="participation_bornee",
            ),
        ]

    def __str__(self):
        return f"{self.service_finance} — {self.statut}: {self.nombre}"


class Depense(models.Model):
    rapport = models.ForeignKey(Rapport, on_delete=models.CASCADE, related_name="depenses")
    ligne = models.ForeignKey(
        LigneBudgetaire, verbose_name=_("poste budgétaire"), on_delete=models.PROTECT
    )
    montant = MontantField(_("montant dépensé"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dépense")
        verbose_name_plural = _("dépenses")
        constraints = [
            models.UniqueConstraint(fields=["rapport", "ligne"], name="depense_unique"),
            models.CheckConstraint(condition=Q(montant__gte=0), name="depense_positive"),
        ]

    def __str__(self):
        return f"{self.ligne}: {self.montant}"


def chemin_piece(instance, filename):
    base, ext = os.path.splitext(os.path.basename(filename))
    ext = ext[:10]
    octets = NOM_FICHIER_OCTETS_MAX - len(ext.encode())
    base = base.encode()[:octets].decode(errors="ignore") or "piece"
    return f"rapports/{instance.rapport_id}/{base}{ext}"


class PieceJointe(models.Model):
    """A private file of a report (no public URL: served by a view that checks permissions).
    One removed after it was part of a submitted version is only hidden (`retiree`): that
    version still lists and serves it."""

    rapport = models.ForeignKey(Rapport, on_delete=models.PROTECT, related_name="pieces")
    fichier = models.FileField(_("fichier"), upload_to=chemin_piece, max_length=300)
    nom = models.CharField(_("nom du fichier"), max_length=255)
    televerse_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    televerse_le = models.DateTimeField(_("téléversé le"), default=timezone.now)
    retiree = models.BooleanField(_("retirée"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["televerse_le", "pk"]

    def __str__(self):
        return self.nom


class VersionRapport(models.Model):
    """A submitted version, as it was sent (`contenu`), and the decision that answered it."""

    class Decision(models.TextChoices):
        ACCEPTE = "accepte", _("Accepté")
        A_CORRIGER = "a_corriger", _("À corriger")

    rapport = models.ForeignKey(Rapport, on_delete=models.PROTECT, related_name="versions")
    numero = models.PositiveIntegerField(_("version"))
    soumis_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("soumis par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    soumis_le = models.DateTimeField(_("soumis le"), default=timezone.now)
    contenu = models.JSONField(_("contenu"))
    decision = models.CharField(_("décision"), max_length=12, choices=Decision.choices, blank=True)
    commentaire = models.TextField(_("commentaire de l'agent"), blank=True)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decide_le = models.DateTimeField(_("décidé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("version de rapport")
        verbose_name_plural = _("versions de rapport")
        ordering = ["rapport", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["rapport", "numero"], name="version_rapport_unique"),
            models.CheckConstraint(
                condition=~Q(decision="a_corriger") | ~Q(commentaire=""),
                name="version_correction_motivee",
            ),
        ]

    def __str__(self):
        return _("Version %(numero)s") % {"numero": self.numero}

    def save(self, *args, **kwargs):
        # What was sent stays as it was sent: only the decision may be added later.
        if self.pk is not None:
            ancien = VersionRapport.objects.filter(pk=self.pk).values("contenu", "numero").first()
            if ancien and (ancien["contenu"] != self.contenu or ancien["numero"] != self.numero):
                raise ValueError("Une version soumise ne change pas.")
        super().save(*args, **kwargs)
