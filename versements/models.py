"""Instalment schedules and payments: what a signed grant pays, when, on which condition.

Σ paid ≤ montant accordé spans several rows: no CHECK constraint can say it. The services
enforce it under a lock on the grant row (`select_for_update` on Subvention), which every write
on a grant's instalments takes first, so two writers on one grant are serialised.
"""

import os
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import MontantField
from noyau.validators import valider_date_plausible
from subventions.models import Subvention

NOM_FICHIER_OCTETS_MAX = 200


class LotPaiement(models.Model):
    """A payment batch: the authorised instalments sent together to the city's finance system."""

    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    envoye = models.BooleanField(_("envoyé"), default=False)
    envoye_le = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lot de paiement")
        verbose_name_plural = _("lots de paiement")
        ordering = ["-cree_le", "-pk"]

    def __str__(self):
        return _("Lot %(numero)s") % {"numero": self.pk}


class VersementQuerySet(models.QuerySet):
    def payes(self):
        return self.filter(statut=Versement.Statut.PAYE)

    def non_annules(self):
        return self.exclude(statut=Versement.Statut.ANNULE)

    def payes_de_l_exercice(self, exercice):
        """The instalments paid that count as versé of `exercice`: the one filter "paid in
        exercice E" that every figure reads (today the year of the payment date, the same rule
        as total_par_exercice_paye below; the two change together)."""
        return self.payes().filter(date_paiement__year=exercice)

    def total(self):
        """Σ montant (Decimal, 0 when empty), summed in the database."""
        return self.order_by().aggregate(total=Sum("montant"))["total"] or Decimal("0")

    def total_par_exercice_paye(self) -> dict:
        """{exercice of the payment date: Σ paid}: money is versé in the year it left."""
        lignes = (
            self.payes()
            .order_by()
            .annotate(exercice=ExtractYear("date_paiement"))
            .values("exercice")
            .annotate(total=Sum("montant"))
        )
        return {ligne["exercice"]: ligne["total"] for ligne in lignes}

    def total_par_programme_et_exercice_paye(self) -> dict:
        """{(programme id, exercice of the payment date): Σ paid}, same rule as above."""
        lignes = (
            self.payes()
            .order_by()
            .annotate(exercice=ExtractYear("date_paiement"))
            .values("subvention__programme", "exercice")
            .annotate(total=Sum("montant"))
        )
        return {
            (ligne["subvention__programme"], ligne["exercice"]): ligne["total"] for ligne in lignes
        }


class Versement(models.Model):
    class Condition(models.TextChoices):
        SIGNATURE = "signature", _("À la signature")
        RAPPORT_ETAPE = "rapport_etape", _("Sur acceptation du rapport d'étape")
        RAPPORT_FINAL = "rapport_final", _("Sur acceptation du rapport final")

    class Statut(models.TextChoices):
        PREVU = "prevu", _("Prévu")
        AUTORISE = "autorise", _("Autorisé")
        PAYE = "paye", _("Payé")
        RETENU = "retenu", _("Retenu")
        ANNULE = "annule", _("Annulé")

    subvention = models.ForeignKey(
        Subvention,
        verbose_name=_("subvention"),
        on_delete=models.PROTECT,
        related_name="versements",
    )
    rang = models.PositiveSmallIntegerField(_("rang"))
    montant = MontantField(_("montant"))
    date_prevue = models.DateField(_("date prévue"), validators=[valider_date_plausible])
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices)
    # True at once for "à la signature"; a report's acceptance sets it (versements_liberer).
    condition_remplie = models.BooleanField(_("condition remplie"), default=False)
    statut = models.CharField(
        _("statut"), max_length=10, choices=Statut.choices, default=Statut.PREVU, db_index=True
    )
    date_paiement = models.DateField(
        _("date du paiement"), null=True, blank=True, validators=[valider_date_plausible]
    )
    reference_paiement = models.CharField(_("référence du paiement"), max_length=40, blank=True)
    # Why it is retained or cancelled: the officers' words, never shown to the partner.
    motif = models.TextField(_("motif"), blank=True)
    autorise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autorisé par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    autorise_le = models.DateTimeField(_("autorisé le"), null=True, blank=True)
    paye_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paiement inscrit par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paye_le = models.DateTimeField(_("paiement inscrit le"), null=True, blank=True)
    lot = models.ForeignKey(
        LotPaiement,
        verbose_name=_("lot de paiement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versements",
    )

    history = HistoricalRecords()
    objects = VersementQuerySet.as_manager()

    class Meta:
        verbose_name = _("versement")
        verbose_name_plural = _("versements")
        ordering = ["subvention", "rang"]
        # The instalments list's default order: read from the index, LIMIT 25 never sorts the
        # whole table joined to its grants (60,000 rows: 350 ms → a few ms on PostgreSQL).
        indexes = [
            models.Index(fields=["date_prevue", "subvention", "rang"], name="versement_par_date"),
            # Sorted by amount (all, or paid only: the status is filtered along the index), the
            # first 25 rows are read from the index instead of sorting 20,000 joined rows.
            models.Index(fields=["montant", "subvention", "rang"], name="versement_par_montant"),
            # The work queue's "à autoriser" and "à payer" (one status, by due date): read in
            # order from the index instead of walking 60,000 instalments by date.
            models.Index(
                fields=["statut", "date_prevue", "subvention", "rang"],
                name="versement_par_statut_date",
            ),
            # Versé of a list of grants (Σ paid where the grant is in the list): the paid rows'
            # grant and amount come from the index alone, not from 60,000 table rows.
            models.Index(
                fields=["statut", "subvention", "montant"], name="versement_statut_subvention"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="versement_montant_positif"),
            models.UniqueConstraint(fields=["subvention", "rang"], name="versement_rang_unique"),
            models.CheckConstraint(
                condition=~Q(statut="paye")
                | (Q(date_paiement__isnull=False) & ~Q(reference_paiement="")),
                name="versement_paye_date_reference",
            ),
            models.CheckConstraint(
                condition=~Q(statut__in=["retenu", "annule"]) | ~Q(motif=""),
                name="versement_motif_requis",
            ),
            # One finance-system payment reference names one instalment.
            models.UniqueConstraint(
                fields=["reference_paiement"],
                condition=~Q(reference_paiement=""),
                name="versement_reference_unique",
            ),
        ]

    def __str__(self):
        return _("%(numero)s, versement %(rang)s") % {
            "numero": self.subvention.numero,
            "rang": self.rang,
        }


def chemin_convention(instance, filename):
    base, ext = os.path.splitext(os.path.basename(filename))
    ext = ext[:10]
    octets = NOM_FICHIER_OCTETS_MAX - len(ext.encode())
    base = base.encode()[:octets].decode(errors="ignore") or "convention"
    return f"subventions/{instance.subvention_id}/{base}{ext}"


class ConventionSignee(models.Model):
    """The signed agreement of a grant: a private document (no public URL; served by a view
    that checks permissions)."""

    subvention = models.ForeignKey(
        Subvention,
        verbose_name=_("subvention"),
        on_delete=models.PROTECT,
        related_name="conventions",
    )
    fichier = models.FileField(_("fichier"), upload_to=chemin_convention, max_length=300)
    date_signature = models.DateField(_("date de signature"))
    televerse_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("téléversé par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    televerse_le = models.DateTimeField(_("téléversé le"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("convention signée")
        verbose_name_plural = _("conventions signées")
        ordering = ["-televerse_le", "-pk"]

    def __str__(self):
        return self.nom_fichier

    @property
    def nom_fichier(self):
        return os.path.basename(self.fichier.name)
