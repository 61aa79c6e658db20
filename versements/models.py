"""Instalment schedules and payments: what a signed grant pays, when, on which condition.

Σ paid ≤ montant accordé spans several rows: no CHECK constraint can say it. The services
enforce it under a lock on the grant row (`select_for_update` on Subvention), which every write
on a grant's instalments takes first, so two writers on one grant are serialised.
"""

import os
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from noyau.champs import ExerciceField, MontantField
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
        return self.libelle(self.pk)

    @staticmethod
    def libelle(pk) -> str:
        """What a batch is called, from its number alone (the exports read numbers)."""
        return _("Lot %(numero)s") % {"numero": pk}


class VersementQuerySet(models.QuerySet):
    def payes(self):
        return self.filter(statut=Versement.Statut.PAYE)

    def non_annules(self):
        return self.exclude(statut=Versement.Statut.ANNULE)

    def payes_de_l_exercice(self, exercice):
        """The instalments paid that count as versé of `exercice`: the one filter "paid in
        exercice E" that every figure reads, by the instalment's own exercice (never its payment
        date: money does not move between years), the same rule as total_par_exercice_paye."""
        return self.payes().filter(exercice=exercice)

    def total(self):
        """Σ montant (Decimal, 0 when empty), summed in the database."""
        return self.order_by().aggregate(total=Sum("montant"))["total"] or Decimal("0")

    def total_par_exercice_paye(self) -> dict:
        """{exercice: Σ paid}: money is versé in the exercice its instalment belongs to (the
        répartition's year), whatever the payment date; so versé ≤ engagé of every year."""
        lignes = self.payes().order_by().values("exercice").annotate(total=Sum("montant"))
        return {ligne["exercice"]: ligne["total"] for ligne in lignes}

    def total_par_programme_et_exercice_paye(self) -> dict:
        """{(programme id, exercice of the instalment): Σ paid}, same rule as above."""
        lignes = (
            self.payes()
            .order_by()
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
    # The répartition's year this instalment pays (domain.md, "Invariants"): Σ instalments of
    # an exercice = its part, and versé of a year counts these, not the payment dates.
    exercice = ExerciceField()
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
            # Versé per exercice (dashboard, programme page, workbooks): the paid rows of a year
            # with their grant and amount, from the index alone.
            models.Index(
                fields=["statut", "exercice", "subvention", "montant"],
                name="versement_statut_exercice",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="versement_montant_positif"),
            # An instalment is planned within its exercice: it cannot carry money of one year
            # while being due in another.
            models.CheckConstraint(
                condition=Q(date_prevue__year=F("exercice")), name="versement_date_dans_exercice"
            ),
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


class ModificationEcheancier(models.Model):
    """A change of a signed grant's schedule that makes money payable sooner or with less proof
    (domain.md, "Invariants"): the responsible agent proposes it with a reason, and it takes
    effect only when a manager other than the proposer approves it (or refuses it, with a
    reason). The lines are the form's clean lines (money as strings), applied as they are by
    `echeancier_modifier`; `avant` keeps the planned lines they replace, so that the grant page
    shows what changes, line by line, long after the decision."""

    class Statut(models.TextChoices):
        PROPOSEE = "proposee", _("Proposée")
        APPROUVEE = "approuvee", _("Approuvée")
        REFUSEE = "refusee", _("Refusée")

    subvention = models.ForeignKey(
        Subvention,
        verbose_name=_("subvention"),
        on_delete=models.PROTECT,
        related_name="modifications_echeancier",
    )
    avant = models.JSONField(_("versements prévus avant"), default=list)
    lignes = models.JSONField(_("versements proposés"), default=list)
    # The fingerprint of the schedule the proposal was made on (echeancier.version_echeancier):
    # if the schedule moved since, the proposal no longer says what it would change.
    version = models.BigIntegerField(_("version de l'échéancier"))
    motif = models.TextField(_("motif"))
    statut = models.CharField(
        _("statut"), max_length=10, choices=Statut.choices, default=Statut.PROPOSEE
    )
    propose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    propose_le = models.DateTimeField(_("proposée le"))
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decide_le = models.DateTimeField(_("décidée le"), null=True, blank=True)
    motif_refus = models.TextField(_("motif du refus"), blank=True)

    # The lines never change once proposed (the row is never deleted): the history keeps who
    # proposed and decided, and why; the grant page reads the lines from the row.
    history = HistoricalRecords(excluded_fields=["avant", "lignes"])

    class Meta:
        verbose_name = _("modification d'échéancier")
        verbose_name_plural = _("modifications d'échéancier")
        ordering = ["-propose_le", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(motif=""), name="modification_motif_requis"),
            models.CheckConstraint(
                condition=Q(statut="proposee")
                | (Q(decide_par__isnull=False) & Q(decide_le__isnull=False)),
                name="modification_decision_datee",
            ),
            models.CheckConstraint(
                condition=~Q(statut="refusee") | ~Q(motif_refus=""),
                name="modification_refus_motive",
            ),
            # Separation of duties, in the database too: the proposer never decides.
            models.CheckConstraint(
                condition=Q(decide_par__isnull=True) | ~Q(decide_par=models.F("propose_par")),
                name="modification_decideur_distinct",
            ),
        ]

    def __str__(self):
        return _("%(numero)s, modification d'échéancier du %(date)s") % {
            "numero": self.subvention.numero,
            "date": self.propose_le.date().isoformat() if self.propose_le else "",
        }
